//! The impls every constrained newtype and every documented enum shares. Generated code
//! declares the type, its docs and what the spec decides (`const fn check`, or `code` and
//! `from_code`), and calls one of these macros for the rest.

/// The shared impls of a string newtype `$name(Cow<'static, str>)` with a
/// `const fn check(&str) -> Result<(), ConstraintError>`.
#[macro_export]
#[doc(hidden)]
macro_rules! string_newtype {
    ($name:ident) => {
        impl<'a> $crate::validate::Checked<&'a str> for $name {
            const RULE: &'static str = $name::RULE;
            type Error = $crate::ConstraintError;
            fn check_value(value: &'a str) -> Result<(), $crate::ConstraintError> {
                $name::check(value)
            }
        }

        impl $name {
            /// Checks and wraps a run-time value.
            pub fn new(value: impl Into<String>) -> Result<Self, $crate::ConstraintError> {
                let value = value.into();
                Self::check(&value)?;
                Ok(Self(::std::borrow::Cow::Owned(value)))
            }

            /// Checks and wraps a `'static` string; usable in `const` items (the literal macro
            /// uses it).
            pub const fn from_static(value: &'static str) -> Result<Self, $crate::ConstraintError> {
                match Self::check(value) {
                    Ok(()) => Ok(Self(::std::borrow::Cow::Borrowed(value))),
                    Err(e) => Err(e),
                }
            }

            /// Wraps a literal the caller has already checked with [`Self::check`]. Only the
            /// literal macro calls it, right after the check.
            #[doc(hidden)]
            pub const fn __from_checked_literal(value: &'static str) -> Self {
                Self(::std::borrow::Cow::Borrowed(value))
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

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ConstraintError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ConstraintError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::ConstraintError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.into_string()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(|e| <D::Error as ::serde::de::Error>::custom(e))
            }
        }
    };
}

/// The shared impls of an integer newtype `$name(i64)` with a
/// `const fn check(i64) -> Result<(), ConstraintError>`.
#[macro_export]
#[doc(hidden)]
macro_rules! integer_newtype {
    ($name:ident) => {
        impl $crate::validate::Checked<i64> for $name {
            const RULE: &'static str = $name::RULE;
            type Error = $crate::ConstraintError;
            fn check_value(value: i64) -> Result<(), $crate::ConstraintError> {
                $name::check(value)
            }
        }

        impl $name {
            /// Checks and wraps a value; usable in `const` items.
            pub const fn new(value: i64) -> Result<Self, $crate::ConstraintError> {
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

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl TryFrom<i64> for $name {
            type Error = $crate::ConstraintError;
            fn try_from(value: i64) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(value).map_err(|e| <D::Error as ::serde::de::Error>::custom(e))
            }
        }
    };
}

/// The shared impls of an enum over documented integers, with `ALL` and `const fn code(self) ->
/// i64`: among them `const fn from_code(i64) -> Option<Self>`.
#[macro_export]
#[doc(hidden)]
macro_rules! integer_enum {
    ($name:ident) => {
        impl $name {
            /// The variant for a wire value, if it is a documented one.
            pub const fn from_code(code: i64) -> Option<Self> {
                $crate::find_integer_code!(Self::ALL, code)
            }
        }

        impl $crate::validate::Checked<i64> for $name {
            const RULE: &'static str = $name::RULE;
            type Error = &'static str;
            fn check_value(value: i64) -> Result<(), &'static str> {
                $name::from_code(value).map(drop).ok_or($name::EXPECTED)
            }
        }

        impl $name {
            /// The value's name as the spec gives it (`Finished`): for messages and command
            /// lines, where the wire code means little.
            pub fn name(self) -> &'static str {
                Self::ALL.iter().position(|v| *v == self).map_or("", |i| Self::NAMES[i])
            }

            /// The value with this name, ignoring case and anything but letters and digits
            /// (`finished`, `Finished`, `FINISHED`).
            pub fn from_name(name: &str) -> Option<Self> {
                let plain = |s: &str| {
                    s.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .map(|c| c.to_ascii_lowercase())
                        .collect::<String>()
                };
                let wanted = plain(name);
                Self::NAMES.iter().position(|n| plain(n) == wanted).map(|i| Self::ALL[i])
            }
        }

        impl TryFrom<i64> for $name {
            type Error = i64;
            /// Fails with the code itself when it is not documented.
            fn try_from(code: i64) -> Result<Self, i64> {
                Self::from_code(code).ok_or(code)
            }
        }

        impl $crate::WireEnum for $name {
            type Code = i64;
            fn wire_code(self) -> i64 {
                self.code()
            }
            fn from_wire_code(code: &i64) -> Option<Self> {
                Self::from_code(*code)
            }
            fn name(self) -> &'static str {
                $name::name(self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_code(code).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(format_args!("{}, not {}", Self::EXPECTED, code))
                })
            }
        }
    };
}

/// The shared impls of an enum over documented strings, with `ALL` and `const fn code(self) ->
/// &'static str`: among them `fn from_code(&str) -> Option<Self>`.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident) => {
        impl $name {
            /// The variant for a wire value, if it is a documented one.
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }

        impl<'a> $crate::validate::Checked<&'a str> for $name {
            const RULE: &'static str = $name::RULE;
            type Error = &'static str;
            fn check_value(value: &'a str) -> Result<(), &'static str> {
                $name::from_code(value).map(drop).ok_or($name::EXPECTED)
            }
        }

        impl $name {
            /// The value's name as the spec gives it (`Finished`): for messages and command
            /// lines, where the wire code means little.
            pub fn name(self) -> &'static str {
                Self::ALL.iter().position(|v| *v == self).map_or("", |i| Self::NAMES[i])
            }

            /// The value with this name, ignoring case and anything but letters and digits
            /// (`finished`, `Finished`, `FINISHED`).
            pub fn from_name(name: &str) -> Option<Self> {
                let plain = |s: &str| {
                    s.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .map(|c| c.to_ascii_lowercase())
                        .collect::<String>()
                };
                let wanted = plain(name);
                Self::NAMES.iter().position(|n| plain(n) == wanted).map(|i| Self::ALL[i])
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            /// Fails with the code itself when it is not documented.
            fn from_str(code: &str) -> Result<Self, String> {
                Self::from_code(code).ok_or_else(|| code.to_owned())
            }
        }

        impl $crate::WireEnum for $name {
            type Code = String;
            fn wire_code(self) -> String {
                self.code().to_owned()
            }
            fn from_wire_code(code: &String) -> Option<Self> {
                Self::from_code(code.as_str())
            }
            fn name(self) -> &'static str {
                $name::name(self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_code(&code).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(format_args!("{}, not {}", Self::EXPECTED, code))
                })
            }
        }
    };
}

/// The body of a generated string type's literal macro (`task_name!("...")`): the literal,
/// checked while compiling, or a compile error with `$message`. Generated macros call it
/// through the generated crate's `__newtype` so that users need not depend on this crate.
#[macro_export]
#[doc(hidden)]
macro_rules! string_literal {
    ($ty:ty, $value:literal, $message:literal) => {{
        const VALUE: $ty = match <$ty>::check($value) {
            ::core::result::Result::Ok(()) => <$ty>::__from_checked_literal($value),
            ::core::result::Result::Err(_) => ::core::panic!($message),
        };
        VALUE
    }};
}

/// The body of a generated integer type's literal macro (`agent_id!(7)`), as
/// [`string_literal!`] for strings.
#[macro_export]
#[doc(hidden)]
macro_rules! integer_literal {
    ($ty:ty, $value:expr, $message:literal) => {{
        const VALUE: $ty = match <$ty>::new($value) {
            ::core::result::Result::Ok(value) => value,
            ::core::result::Result::Err(_) => ::core::panic!($message),
        };
        VALUE
    }};
}

/// The shared impls of an enum of codes that keeps an undocumented code as `Unknown(String)`
/// (the flat intent enum), with `fn code(&self) -> &str`, `const fn name(&self) ->
/// Option<&'static str>` and `fn from_code(&str) -> Self`.
#[macro_export]
#[doc(hidden)]
macro_rules! open_code_enum {
    ($name:ident, $what:literal) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    ::core::option::Option::Some(name) => f.write_str(name),
                    ::core::option::Option::None => write!(f, "unknown {} {}", $what, self.code()),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_code(&code))
            }
        }
    };
}

/// The shared impls of a closed subset of an [`open_code_enum!`] (the intents one scenario's
/// agent may recall by), with `const fn code(self) -> &'static str`, `fn from_code(&str) ->
/// Option<Self>` and `fn intent(self) -> $open`: a code outside the subset is refused with
/// `$refusal` (a format string taking the code).
#[macro_export]
#[doc(hidden)]
macro_rules! closed_code_enum {
    ($name:ident, $open:ident, $refusal:literal) => {
        impl ::core::convert::From<$name> for $open {
            fn from(value: $name) -> Self {
                value.intent()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.intent(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_code(&code)
                    .ok_or_else(|| <D::Error as ::serde::de::Error>::custom(format_args!($refusal, code)))
            }
        }
    };
}

/// The impls of a generated newtype over a short list of `$item` (`struct $name(Vec<$item>)`):
/// built from arrays of each length in `[$n ...]` (every length allowed, in order, so that a
/// longer array does not compile, even under `cargo check`), or checked from a `Vec`.
#[macro_export]
#[doc(hidden)]
macro_rules! bounded_list {
    ($name:ident, $item:ident, [$($n:literal)*]) => {
        impl $name {
            /// Fewest items.
            pub const MIN: usize = [$($n),*][0];
            /// Most items.
            pub const MAX: usize = { let lengths: &[usize] = &[$($n),*]; lengths[lengths.len() - 1] };

            /// The items.
            pub fn as_slice(&self) -> &[$item] {
                &self.0
            }
        }

        $(
            impl ::core::convert::From<[$item; $n]> for $name {
                fn from(items: [$item; $n]) -> Self {
                    Self(items.into())
                }
            }
        )*

        impl ::core::convert::TryFrom<::std::vec::Vec<$item>> for $name {
            type Error = $crate::ConstraintError;
            /// Fails when the length is outside the bounds.
            fn try_from(items: ::std::vec::Vec<$item>) -> Result<Self, Self::Error> {
                $crate::constraint::int_range(items.len() as i64, Self::MIN as i64, Some(Self::MAX as i64))?;
                Ok(Self(items))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let items = <::std::vec::Vec<$item> as ::serde::Deserialize>::deserialize(deserializer)?;
                let n = items.len();
                Self::try_from(items).map_err(|_| {
                    <D::Error as ::serde::de::Error>::custom(format_args!(
                        "must have {} to {} items, not {}",
                        Self::MIN,
                        Self::MAX,
                        n
                    ))
                })
            }
        }
    };
}

pub use crate::{
    bounded_list, closed_code_enum, integer_enum, integer_literal, integer_newtype, open_code_enum,
    string_enum, string_literal, string_newtype,
};
