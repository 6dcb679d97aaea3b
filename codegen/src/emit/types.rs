//! `types.rs`: constrained newtypes (with their literal macros) and integer enums.

use super::{doc, inner_doc, lit};
use crate::model::{Api, Constrained, ConstrainedId, ConstraintKind, EnumBase, EnumCode, EnumType, ValueId};
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
        let d = super::doc(&format!(
            "The calendar time `time` as a [`{}`] (`yyyy-MM-dd HH:mm:ss`, milliseconds dropped); `None` for a date the form cannot hold (year 0).",
            c.name
        ));
        let zone = c.utc_offset_seconds.map(|offset| {
            let zd = super::doc(&format!(
                "The zone the server reads a [`{}`] in: {offset} seconds east of UTC.",
                c.name
            ));
            let nd = super::doc(&format!(
                "The [`{}`] of the instant `epoch_millis` in the server's zone ([`Self::UTC_OFFSET_SECONDS`]); `None` for a date the form cannot hold.",
                c.name
            ));
            quote! {
                impl #name {
                    #zd
                    pub const UTC_OFFSET_SECONDS: i32 = #offset;

                    #nd
                    pub fn at_epoch_millis(epoch_millis: i64) -> Option<Self> {
                        Self::from_civil(crate::CivilDateTime::from_epoch_millis(epoch_millis, Self::UTC_OFFSET_SECONDS))
                    }
                }
            }
        });
        quote! {
            impl #name {
                #d
                pub fn from_civil(time: crate::CivilDateTime) -> Option<Self> {
                    Self::new(time.date_time_text()).ok()
                }
            }

            #zone
        }
    });
    // Constrained types an operation answers with are read from `data` as a number or a string.
    let mut answered: Vec<ConstrainedId> = api
        .operations
        .iter()
        .filter_map(|op| match op.response.data {
            crate::model::ResponseData::Scalar(i) => Some(i),
            _ => None,
        })
        .collect();
    answered.sort_unstable();
    answered.dedup();
    let answered_empty = answered.is_empty();
    let from_data = answered.into_iter().map(|i| {
        let name = crate::naming::ident(&api.constrained[i].name);
        quote!(itnio_runtime::answer_from!(#name, StatusCode, scalar_from_data);)
    });
    let status_import = (!answered_empty).then(|| {
        quote!(
            use crate::StatusCode;
        )
    });
    quote! {
        #header
        use crate::constraint::{self, ConstraintError};
        #status_import
        use std::borrow::Cow;

        #( #constrained )*
        #( #enums )*
        #( #from_civil )*
        #( #from_data )*
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
    let rule = lit(&crate::naming::rule_id(&c.name, c.kind.rule()));
    let rule_doc = doc(&format!(
        "The id of this type's rule in validation reports: `{}`.",
        crate::naming::rule_id(&c.name, c.kind.rule())
    ));
    let body = check_body(c.kind);
    let macro_name = ident(&c.macro_name);
    let panic_msg = lit(&format!("invalid {}! literal: it must be {describe}", c.macro_name));
    let macro_doc = doc(&format!(
        "Builds a [`{}`] from a literal, checked at compile time: a literal that is not {describe} does not compile.",
        c.name
    ));
    if let ConstraintKind::Range { min, max } = c.kind {
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
        quote! {
            #type_doc
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name(i64);

            impl #name {
                /// What the type allows, in words.
                pub const CONSTRAINT: &'static str = #describe_lit;
                #rule_doc
                pub const RULE: &'static str = #rule;
                /// The smallest allowed value.
                pub const MIN: i64 = #min;
                #max_const

                /// Checks `value` against the constraint. The same check serves the constructor
                /// and the literal macro.
                pub const fn check(value: i64) -> Result<(), ConstraintError> {
                    #body
                }
            }

            itnio_runtime::newtype::integer_newtype!(#name);

            #default

            #macro_doc
            #[macro_export]
            macro_rules! #macro_name {
                ($value:expr) => {
                    $crate::__newtype::integer_literal!($crate::#name, $value, #panic_msg)
                };
            }
        }
    } else {
        quote! {
            #type_doc
            #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name(Cow<'static, str>);

            impl #name {
                /// What the type allows, in words.
                pub const CONSTRAINT: &'static str = #describe_lit;
                #rule_doc
                pub const RULE: &'static str = #rule;

                /// Checks `value` against the constraint. The same check serves the constructor
                /// and the literal macro.
                pub const fn check(value: &str) -> Result<(), ConstraintError> {
                    #body
                }
            }

            itnio_runtime::newtype::string_newtype!(#name);

            #macro_doc
            #[macro_export]
            macro_rules! #macro_name {
                ($value:literal) => {
                    $crate::__newtype::string_literal!($crate::#name, $value, #panic_msg)
                };
            }
        }
    }
}

fn enum_type(e: &EnumType) -> TokenStream {
    let name = ident(&e.name);
    let enum_doc = doc(&e.doc);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let names: Vec<_> = e.values.iter().map(|v| lit(&v.variant)).collect();
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
    // In the docs' words: each value with its meaning, as its doc states it after `code: `.
    let expected = lit(&format!(
        "must be one of {}",
        e.values
            .iter()
            .map(|v| {
                let prefix = format!("{}: ", v.code);
                let meaning = v.doc.strip_prefix(&prefix).unwrap_or(&v.doc).trim_end_matches('.');
                format!("{} ({meaning})", v.code)
            })
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let rule = lit(&crate::naming::rule_id(&e.name, "value"));
    let rule_doc = doc(&format!(
        "The id of this type's rule in validation reports: `{}`.",
        crate::naming::rule_id(&e.name, "value")
    ));
    let derive_default = e.default.as_ref().map(|_| quote!(Default,));
    let variant_attrs: Vec<_> = e
        .values
        .iter()
        .enumerate()
        .map(|(i, _)| (e.default == Some(ValueId(i))).then(|| quote!(#[default])))
        .collect();
    let code_ret = match e.base {
        EnumBase::Integer => quote!(i64),
        EnumBase::String => quote!(&'static str),
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
    let shared = match e.base {
        EnumBase::Integer => quote!(itnio_runtime::newtype::integer_enum!(#name);),
        EnumBase::String => quote!(itnio_runtime::newtype::string_enum!(#name);),
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
            /// The values' names, in the order of [`Self::ALL`] (see `name` and `from_name`).
            pub const NAMES: [&'static str; #n] = [#( #names ),*];
            /// The allowed values, in words (used in validation messages).
            pub const EXPECTED: &'static str = #expected;
            #rule_doc
            pub const RULE: &'static str = #rule;

            /// The value sent on the wire.
            pub const fn code(self) -> #code_ret {
                match self {
                    #( Self::#variants => #codes, )*
                }
            }


            #is_final
        }

        #shared
    }
}
