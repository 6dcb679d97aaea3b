//! Two members where the value of one decides whether the other is needed (a recall's
//! `recallType` and its `recallIntent` list). The generated enums carry both in one value, so
//! that a request which needs the list and lacks it does not compile; this module writes and
//! reads such a value as the same two members.

use serde::Serialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A generated enum of a deciding member and a list.
pub trait Mode: Sized {
    /// The deciding member's type (an enum of codes).
    type Code: Serialize + DeserializeOwned;
    /// The list's item type.
    type Item: Serialize + DeserializeOwned;
    /// The JSON names of the deciding member and of the list, in that order.
    const MEMBERS: &'static [&'static str; 2];
    /// What a value is told whose code needs the list, when the list is absent or empty.
    const NEEDS_LIST: &'static str;

    /// The deciding member's value.
    fn code(&self) -> Self::Code;

    /// The list, for the code that carries one.
    fn list(&self) -> Option<&[Self::Item]>;

    /// The value for `code` and `list`; `None` when `code` needs a list and `list` is empty.
    fn from_parts(code: Self::Code, list: Vec<Self::Item>) -> Option<Self>;
}

/// Writes `mode` as its two members (the list only when it carries one).
pub fn serialize<M: Mode, S: Serializer>(mode: &M, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(M::MEMBERS[0], &mode.code())?;
    if let Some(list) = mode.list() {
        map.serialize_entry(M::MEMBERS[1], list)?;
    }
    map.end()
}

/// Reads a `M` from its two members; other members are left to the enclosing object.
pub fn deserialize<'de, M: Mode, D: Deserializer<'de>>(deserializer: D) -> Result<M, D::Error> {
    deserializer.deserialize_struct("mode", M::MEMBERS, ModeVisitor(PhantomData))
}

struct ModeVisitor<M>(PhantomData<M>);

impl<'de, M: Mode> Visitor<'de> for ModeVisitor<M> {
    type Value = M;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with {} and {}", M::MEMBERS[0], M::MEMBERS[1])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let (mut code, mut list) = (None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == M::MEMBERS[0] {
                if code.is_some() {
                    return Err(de::Error::duplicate_field(M::MEMBERS[0]));
                }
                code = Some(map.next_value::<M::Code>()?);
            } else if key == M::MEMBERS[1] {
                if list.is_some() {
                    return Err(de::Error::duplicate_field(M::MEMBERS[1]));
                }
                list = Some(map.next_value::<Option<Vec<M::Item>>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let code = code.ok_or_else(|| de::Error::missing_field(M::MEMBERS[0]))?;
        M::from_parts(code, list.flatten().unwrap_or_default())
            .ok_or_else(|| de::Error::custom(M::NEEDS_LIST))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mode of the test's own: code 1 carries a list, code 0 does not.
    #[derive(Debug, PartialEq)]
    enum Pick {
        All,
        Some(Vec<u8>),
    }

    impl Mode for Pick {
        type Code = u8;
        type Item = u8;
        const MEMBERS: &'static [&'static str; 2] = &["kind", "items"];
        const NEEDS_LIST: &'static str = "kind 1 needs items";
        fn code(&self) -> u8 {
            match self {
                Pick::All => 0,
                Pick::Some(_) => 1,
            }
        }
        fn list(&self) -> Option<&[u8]> {
            match self {
                Pick::Some(list) => Some(list),
                Pick::All => None,
            }
        }
        fn from_parts(code: u8, list: Vec<u8>) -> Option<Self> {
            match code {
                1 if list.is_empty() => None,
                1 => Some(Pick::Some(list)),
                _ => Some(Pick::All),
            }
        }
    }

    fn read(json: &str) -> Result<Pick, String> {
        deserialize(&mut serde_json::Deserializer::from_str(json)).map_err(|e| e.to_string())
    }

    #[test]
    fn a_mode_is_written_and_read_as_its_two_members() {
        let mut out = Vec::new();
        serialize(&Pick::Some(vec![3]), &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"kind":1,"items":[3]}"#);
        let mut out = Vec::new();
        serialize(&Pick::All, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"kind":0}"#);
        assert_eq!(read(r#"{"items":[3],"other":true,"kind":1}"#), Ok(Pick::Some(vec![3])));
        assert_eq!(read(r#"{"kind":0,"items":null}"#), Ok(Pick::All));
    }

    #[test]
    fn a_mode_without_its_code_or_list_or_twice_is_refused_in_serde_s_words() {
        assert_eq!(read(r#"{"items":[3]}"#), Err("missing field `kind` at line 1 column 13".into()));
        assert_eq!(read(r#"{"kind":1}"#), Err("kind 1 needs items at line 1 column 10".into()));
        assert_eq!(read(r#"{"kind":1,"items":[]}"#), Err("kind 1 needs items at line 1 column 21".into()));
        assert!(read(r#"{"kind":0,"kind":1}"#).unwrap_err().starts_with("duplicate field `kind`"));
    }
}
