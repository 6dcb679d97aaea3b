//! Enums read from responses. A request may only carry a documented value (the generated enums
//! have no other variant), but the server may answer with a value the docs do not list yet; an
//! answer must not fail on it. Responses hold such fields as [`Open<E>`], which keeps the raw
//! value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What every generated enum provides: its wire code in both directions.
pub trait WireEnum: Copy + fmt::Debug + Eq + 'static {
    /// The wire form: `i64` for integer enums, `String` for string enums.
    type Code: fmt::Debug + fmt::Display + Clone + PartialEq + Serialize + for<'de> Deserialize<'de>;

    /// The value sent on the wire.
    fn wire_code(self) -> Self::Code;

    /// The variant for a wire value, if it is a documented one.
    fn from_wire_code(code: &Self::Code) -> Option<Self>;

    /// The value's name as the spec gives it.
    fn name(self) -> &'static str;
}

/// A response field of enum type `E`: a documented value, or the raw one.
#[derive(Clone, Debug, PartialEq)]
pub enum Open<E: WireEnum> {
    /// A value the docs list.
    Known(E),
    /// A value the docs do not list, as the server sent it.
    Unknown(E::Code),
}

impl<E: WireEnum> Open<E> {
    /// The documented value, if it is one.
    pub fn known(&self) -> Option<E> {
        match self {
            Open::Known(e) => Some(*e),
            Open::Unknown(_) => None,
        }
    }

    /// The wire value, known or not.
    pub fn code(&self) -> E::Code {
        match self {
            Open::Known(e) => e.wire_code(),
            Open::Unknown(c) => c.clone(),
        }
    }

    /// Whether this is the documented value `e`.
    pub fn is(&self, e: E) -> bool {
        self.known() == Some(e)
    }
}

impl<E: WireEnum> From<E> for Open<E> {
    fn from(e: E) -> Self {
        Open::Known(e)
    }
}

impl<E: WireEnum> fmt::Display for Open<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Open::Known(e) => write!(f, "{} ({e:?})", e.wire_code()),
            Open::Unknown(c) => write!(f, "{c} (undocumented)"),
        }
    }
}

impl<E: WireEnum> Serialize for Open<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.code().serialize(serializer)
    }
}

impl<'de, E: WireEnum> Deserialize<'de> for Open<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The docs type codes as Int but examples send "1" (and the reverse): read either.
        let value = serde_json::Value::deserialize(deserializer)?;
        let code = crate::lenient::from_value_lenient::<E::Code>(&value)
            .map_err(serde::de::Error::custom)?
            .ok_or_else(|| serde::de::Error::custom("expected a code, found null"))?;
        Ok(match E::from_wire_code(&code) {
            Some(e) => Open::Known(e),
            None => Open::Unknown(code),
        })
    }
}
