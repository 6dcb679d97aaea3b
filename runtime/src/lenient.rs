//! Values the docs show in more than one JSON form.

use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// An integer that may arrive as a JSON number or as a string of digits (the docs' example
/// sends `"agentId": "41"` where the table says Integer). It is sent as a number whenever it is
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegerOrString {
    /// A JSON number.
    Integer(i64),
    /// A JSON string, kept as it was read.
    String(String),
}

impl IntegerOrString {
    /// The integer, if this is one or is a string of ASCII digits (with an optional leading `-`).
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            IntegerOrString::Integer(i) => Some(*i),
            IntegerOrString::String(s) => {
                let digits = s.strip_prefix('-').unwrap_or(s);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                s.parse().ok()
            }
        }
    }
}

impl From<i64> for IntegerOrString {
    fn from(i: i64) -> Self {
        IntegerOrString::Integer(i)
    }
}

impl Serialize for IntegerOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self, self.as_integer()) {
            (_, Some(i)) => serializer.serialize_i64(i),
            (IntegerOrString::String(s), None) => serializer.serialize_str(s),
            (IntegerOrString::Integer(i), None) => serializer.serialize_i64(*i),
        }
    }
}

impl<'de> Deserialize<'de> for IntegerOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntegerOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string of digits")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(IntegerOrString::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(IntegerOrString::Integer)
                    .map_err(|_| E::custom(format_args!("integer {v} is too large")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IntegerOrString::String(v.to_owned()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Serde helpers for typed fields that read an integer from a number or a digit string.
pub mod integer_or_string {
    use super::IntegerOrString;
    use serde::{Deserialize, Deserializer, de};

    /// Reads an integer given as a number or a digit string, then converts it with `TryFrom`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: TryFrom<i64>,
        T::Error: std::fmt::Display,
    {
        let raw = IntegerOrString::deserialize(deserializer)?;
        let i =
            raw.as_integer().ok_or_else(|| de::Error::custom("expected an integer or a string of digits"))?;
        T::try_from(i).map_err(de::Error::custom)
    }

    /// Like [`deserialize`], for an optional field (`null` reads as `None`).
    pub fn deserialize_option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: TryFrom<i64>,
        T::Error: std::fmt::Display,
    {
        let raw = Option::<IntegerOrString>::deserialize(deserializer)?;
        raw.map(|raw| {
            let i = raw
                .as_integer()
                .ok_or_else(|| de::Error::custom("expected an integer or a string of digits"))?;
            T::try_from(i).map_err(de::Error::custom)
        })
        .transpose()
    }
}

/// Reads `value` as `T`, forgiving the JSON kinds the docs mix up: when `T` does not read it
/// as it is, a string holding an integer is tried as that integer, and a number as its text.
/// `null` reads as `None`. The reader of received objects (`received`) uses it: an answer is never rejected for
/// sending `"0"` where the table says Int, or `12.5` where it says String.
pub fn from_value_lenient<T: DeserializeOwned>(value: &Value) -> Result<Option<T>, serde_json::Error> {
    if value.is_null() {
        return Ok(None);
    }
    let first = match T::deserialize(value) {
        Ok(v) => return Ok(Some(v)),
        Err(e) => e,
    };
    let other = match value {
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(i) => Value::from(i),
            Err(_) => return Err(first),
        },
        Value::Number(n) => Value::String(n.to_string()),
        _ => return Err(first),
    };
    T::deserialize(&other).map(Some).map_err(|_| first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_values_of_the_other_kind() {
        assert_eq!(from_value_lenient::<i64>(&Value::from("0")).unwrap(), Some(0));
        assert_eq!(from_value_lenient::<i64>(&Value::from(7)).unwrap(), Some(7));
        assert_eq!(from_value_lenient::<String>(&Value::from(12)).unwrap(), Some("12".to_owned()));
        assert_eq!(from_value_lenient::<i64>(&Value::Null).unwrap(), None);
        assert!(from_value_lenient::<i64>(&Value::from("seven")).is_err());
        assert!(from_value_lenient::<i64>(&serde_json::json!([1])).is_err());
    }

    #[test]
    fn reads_both_forms_and_sends_a_number() {
        let a: IntegerOrString = serde_json::from_str("\"41\"").unwrap();
        let b: IntegerOrString = serde_json::from_str("41").unwrap();
        assert_eq!(a.as_integer(), Some(41));
        assert_eq!(serde_json::to_string(&a).unwrap(), "41");
        assert_eq!(serde_json::to_string(&b).unwrap(), "41");
        let bad: IntegerOrString = serde_json::from_str("\"4x\"").unwrap();
        assert_eq!(bad.as_integer(), None);
        assert_eq!(serde_json::to_string(&bad).unwrap(), "\"4x\"");
        assert!(serde_json::from_str::<IntegerOrString>("1.5").is_err());
    }
}
