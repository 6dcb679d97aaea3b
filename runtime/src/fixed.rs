//! Fields the docs fix to one value (the task list's `taskType` is always 3). The typed form
//! holds a [`Fixed<N>`], which the builder fills in and which always sends `N`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The integer `N`, the only value its field may have.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Fixed<const N: i64>;

impl<const N: i64> Fixed<N> {
    /// The value.
    pub const VALUE: i64 = N;
}

impl<const N: i64> fmt::Debug for Fixed<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fixed({N})")
    }
}

impl<const N: i64> Serialize for Fixed<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(N)
    }
}

impl<'de, const N: i64> Deserialize<'de> for Fixed<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = i64::deserialize(deserializer)?;
        if value == N {
            Ok(Fixed)
        } else {
            Err(serde::de::Error::custom(format_args!("must be {N}, not {value}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_and_accepts_only_its_value() {
        assert_eq!(serde_json::to_string(&Fixed::<3>).unwrap(), "3");
        assert!(serde_json::from_str::<Fixed<3>>("3").is_ok());
        let e = serde_json::from_str::<Fixed<3>>("2").unwrap_err();
        assert!(e.to_string().contains("must be 3, not 2"), "{e}");
    }
}
