//! `types.rs`: constrained newtypes (with their literal macros) and integer enums.

use super::{doc, inner_doc, lit};
use crate::model::{Api, Constrained, ConstraintKind, EnumBase, EnumCode, EnumType};
use crate::naming::ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    let header = inner_doc("Constrained scalar types and integer enums of the API, from spec/types.yaml.");
    let constrained = api.constrained.iter().map(constrained);
    let enums = api.enums.iter().map(enum_type);
    // Times read from pushes convert into each date-time type of the spec.
    let from_civil = api.constrained.iter().filter(|c| c.kind == ConstraintKind::DateTime).map(|c| {
        let name = crate::naming::ident(&c.name);
        let method = crate::naming::ident(&format!("to_{}", crate::naming::snake(&c.name)));
        let d = super::doc(&format!(
            "This time as a [`{}`] (`yyyy-MM-dd HH:mm:ss`, milliseconds dropped); `None` for a date the form cannot hold (year 0).",
            c.name
        ));
        quote! {
            impl crate::CivilDateTime {
                #d
                pub fn #method(self) -> Option<#name> {
                    #name::new(self.date_time_text()).ok()
                }
            }
        }
    });
    quote! {
        #header
        use crate::constraint::{self, ConstraintError};
        use serde::{Deserialize, Deserializer, Serialize, Serializer};
        use std::borrow::Cow;
        use std::fmt;

        #( #constrained )*
        #( #enums )*
        #( #from_civil )*
    }
}

fn check_body(kind: ConstraintKind) -> TokenStream {
    let opt_u32 = |v: Option<u32>| match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    match kind {
        ConstraintKind::Chars { min, max } => {
            let max = opt_u32(max);
            quote!(constraint::chars(value, #min, #max))
        }
        ConstraintKind::Digits { min, max } => quote!(constraint::digits(value, #min, #max)),
        ConstraintKind::ClockTime => quote!(constraint::clock_time(value)),
        ConstraintKind::DateTime => quote!(constraint::date_time(value)),
        ConstraintKind::Decimal => quote!(constraint::decimal(value)),
        ConstraintKind::Range { min, max } => {
            let max = match max {
                Some(m) => quote!(Some(#m)),
                None => quote!(None),
            };
            quote!(constraint::int_range(value, #min, #max))
        }
    }
}

fn constrained(c: &Constrained) -> TokenStream {
    let name = ident(&c.name);
    let describe = c.kind.describe();
    let type_doc = doc(&format!(
        "{}\n\nConstraint: {describe}. Build one with [`{}::new`] from run-time data, or with [`{}!`](crate::{}) from a literal, checked at compile time.",
        c.doc, c.name, c.macro_name, c.macro_name
    ));
    let describe_lit = lit(&describe);
    let body = check_body(c.kind);
    let macro_name = ident(&c.macro_name);
    let panic_msg = lit(&format!("invalid {}! literal: a {} must be {describe}", c.macro_name, c.name));
    let name_lit = lit(&c.name);
    let macro_doc = doc(&format!(
        "Builds a [`{}`] from a literal, checked at compile time: a literal that is not {describe} does not compile.",
        c.name
    ));
    if c.kind.is_string() {
        let invalid = lit(&format!("invalid {}: {{}}", c.name));
        quote! {
            #type_doc
            #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name(Cow<'static, str>);

            impl #name {
                /// What the type allows, in words.
                pub const CONSTRAINT: &'static str = #describe_lit;

                /// Checks `value` against the constraint. The same check serves the constructor
                /// and the literal macro.
                pub const fn check(value: &str) -> Result<(), ConstraintError> {
                    #body
                }

                /// Checks and wraps a run-time value.
                pub fn new(value: impl Into<String>) -> Result<Self, ConstraintError> {
                    let value = value.into();
                    Self::check(&value)?;
                    Ok(Self(Cow::Owned(value)))
                }

                /// Checks and wraps a `'static` string; usable in `const` items (the literal macro
                /// uses it).
                pub const fn from_static(value: &'static str) -> Result<Self, ConstraintError> {
                    match Self::check(value) {
                        Ok(()) => Ok(Self(Cow::Borrowed(value))),
                        Err(e) => Err(e),
                    }
                }

                /// Wraps a literal the caller has already checked with [`Self::check`]. Only the
                /// literal macro calls it, right after the check.
                #[doc(hidden)]
                pub const fn __from_checked_literal(value: &'static str) -> Self {
                    Self(Cow::Borrowed(value))
                }

                /// The value.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The value as an owned `String`.
                pub fn into_string(self) -> String {
                    self.0.into_owned()
                }
            }

            impl fmt::Debug for #name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_tuple(#name_lit).field(&self.as_str()).finish()
                }
            }

            impl fmt::Display for #name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl std::str::FromStr for #name {
                type Err = ConstraintError;
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Self::new(value)
                }
            }

            impl TryFrom<String> for #name {
                type Error = ConstraintError;
                fn try_from(value: String) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl TryFrom<&str> for #name {
                type Error = ConstraintError;
                fn try_from(value: &str) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl From<#name> for String {
                fn from(value: #name) -> Self {
                    value.into_string()
                }
            }

            impl Serialize for #name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = String::deserialize(deserializer)?;
                    Self::new(value).map_err(|e| serde::de::Error::custom(format_args!(#invalid, e)))
                }
            }

            #macro_doc
            #[macro_export]
            macro_rules! #macro_name {
                ($value:literal) => {{
                    const VALUE: $crate::#name = match $crate::#name::check($value) {
                        ::core::result::Result::Ok(()) => $crate::#name::__from_checked_literal($value),
                        ::core::result::Result::Err(_) => ::core::panic!(#panic_msg),
                    };
                    VALUE
                }};
            }
        }
    } else {
        let ConstraintKind::Range { min, max } = c.kind else { unreachable!("integer kinds are ranges") };
        let max_const = max.map(|m| {
            quote! {
                /// The largest allowed value.
                pub const MAX: i64 = #m;
            }
        });
        let default = c.default.map(|d| {
            let d = Literal::i64_unsuffixed(d);
            quote! {
                impl #name {
                    /// The value the server uses when the field is left out.
                    pub const DEFAULT: Self = Self(#d);
                }

                impl Default for #name {
                    fn default() -> Self {
                        Self::DEFAULT
                    }
                }
            }
        });
        let invalid = lit(&format!("invalid {}: {{}}", c.name));
        quote! {
            #type_doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name(i64);

            impl #name {
                /// What the type allows, in words.
                pub const CONSTRAINT: &'static str = #describe_lit;
                /// The smallest allowed value.
                pub const MIN: i64 = #min;
                #max_const

                /// Checks `value` against the constraint. The same check serves the constructor
                /// and the literal macro.
                pub const fn check(value: i64) -> Result<(), ConstraintError> {
                    #body
                }

                /// Checks and wraps a value; usable in `const` items.
                pub const fn new(value: i64) -> Result<Self, ConstraintError> {
                    match Self::check(value) {
                        Ok(()) => Ok(Self(value)),
                        Err(e) => Err(e),
                    }
                }

                /// The value.
                pub const fn get(self) -> i64 {
                    self.0
                }
            }

            #default

            impl fmt::Display for #name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    fmt::Display::fmt(&self.0, f)
                }
            }

            impl TryFrom<i64> for #name {
                type Error = ConstraintError;
                fn try_from(value: i64) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl From<#name> for i64 {
                fn from(value: #name) -> Self {
                    value.0
                }
            }

            impl Serialize for #name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.0)
                }
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = i64::deserialize(deserializer)?;
                    Self::new(value).map_err(|e| serde::de::Error::custom(format_args!(#invalid, e)))
                }
            }

            #macro_doc
            #[macro_export]
            macro_rules! #macro_name {
                ($value:expr) => {{
                    const VALUE: $crate::#name = match $crate::#name::new($value) {
                        ::core::result::Result::Ok(value) => value,
                        ::core::result::Result::Err(_) => ::core::panic!(#panic_msg),
                    };
                    VALUE
                }};
            }
        }
    }
}

fn enum_type(e: &EnumType) -> TokenStream {
    let name = ident(&e.name);
    let enum_doc = doc(&e.doc);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let docs: Vec<_> = e.values.iter().map(|v| doc(&v.doc)).collect();
    let codes: Vec<_> = e
        .values
        .iter()
        .map(|v| match &v.code {
            EnumCode::Int(i) => Literal::i64_unsuffixed(*i),
            EnumCode::Str(s) => Literal::string(s),
        })
        .collect();
    let n = e.values.len();
    let expected = lit(&format!(
        "must be one of {}",
        e.values.iter().map(|v| format!("{} ({})", v.code, v.variant)).collect::<Vec<_>>().join(", ")
    ));
    let unknown = lit(&format!("invalid {}: {{}} is not one of the documented values", e.name));
    let derive_default = e.default.as_ref().map(|_| quote!(Default,));
    let variant_attrs: Vec<_> = e
        .values
        .iter()
        .map(|v| (e.default.as_ref() == Some(&v.variant)).then(|| quote!(#[default])))
        .collect();
    let (code_ty, borrowed_code_ty, serialize, read, code_of_raw) = match e.base {
        EnumBase::Integer => (
            quote!(i64),
            quote!(i64),
            quote!(serializer.serialize_i64(self.code())),
            quote!(i64::deserialize(deserializer)?),
            quote!(*code),
        ),
        EnumBase::String => (
            quote!(String),
            quote!(&str),
            quote!(serializer.serialize_str(self.code())),
            quote!(String::deserialize(deserializer)?),
            quote!(code.as_str()),
        ),
    };
    // Matching strings is not allowed in a `const fn`.
    let constness = match e.base {
        EnumBase::Integer => quote!(const),
        EnumBase::String => quote!(),
    };
    let code_ret = match e.base {
        EnumBase::Integer => quote!(i64),
        EnumBase::String => quote!(&'static str),
    };
    let to_owned_code = match e.base {
        EnumBase::Integer => quote!(self.code()),
        EnumBase::String => quote!(self.code().to_owned()),
    };
    let lookup = match e.base {
        EnumBase::Integer => quote!(Self::from_code(code)),
        EnumBase::String => quote!(Self::from_code(&code)),
    };
    let is_final = e.has_final().then(|| {
        let finals: Vec<_> = e.values.iter().filter(|v| v.is_final).map(|v| ident(&v.variant)).collect();
        quote! {
            /// Whether nothing more happens after this state.
            pub const fn is_final(self) -> bool {
                matches!(self, #( Self::#finals )|*)
            }
        }
    });
    let try_from = match e.base {
        EnumBase::Integer => quote! {
            impl TryFrom<i64> for #name {
                type Error = i64;
                /// Fails with the code itself when it is not documented.
                fn try_from(code: i64) -> Result<Self, i64> {
                    Self::from_code(code).ok_or(code)
                }
            }
        },
        EnumBase::String => quote! {
            impl std::str::FromStr for #name {
                type Err = String;
                /// Fails with the code itself when it is not documented.
                fn from_str(code: &str) -> Result<Self, String> {
                    Self::from_code(code).ok_or_else(|| code.to_owned())
                }
            }
        },
    };
    quote! {
        #enum_doc
        #[derive(Clone, Copy, Debug, #derive_default PartialEq, Eq, Hash)]
        pub enum #name {
            #( #docs #variant_attrs #variants, )*
        }

        impl #name {
            /// Every value, in spec order.
            pub const ALL: [Self; #n] = [#( Self::#variants ),*];
            /// The allowed values, in words (used in validation messages).
            pub const EXPECTED: &'static str = #expected;

            /// The value sent on the wire.
            pub const fn code(self) -> #code_ret {
                match self {
                    #( Self::#variants => #codes, )*
                }
            }

            /// The variant for a wire value, if it is a documented one.
            pub #constness fn from_code(code: #borrowed_code_ty) -> Option<Self> {
                match code {
                    #( #codes => Some(Self::#variants), )*
                    _ => None,
                }
            }

            #is_final
        }

        #try_from

        impl crate::WireEnum for #name {
            type Code = #code_ty;
            fn wire_code(self) -> #code_ty {
                #to_owned_code
            }
            fn from_wire_code(code: &#code_ty) -> Option<Self> {
                Self::from_code(#code_of_raw)
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = #read;
                #lookup.ok_or_else(|| serde::de::Error::custom(format_args!(#unknown, code)))
            }
        }
    }
}
