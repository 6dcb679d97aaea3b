//! One reader for every object of the API's JSON that the SDK reads into a wire struct. The
//! generated structs say which members they know ([`WireObject::MEMBERS`]) and how to read each
//! ([`WireObject::read_member`]); this module walks the object, finds repeated members, keeps
//! unknown ones, and, for `validate_json`, lets a struct check a large list item by item
//! instead of keeping it ([`WireObject::stream_member`]).

use crate::validate::{Key, Validator};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The most members a wire struct may list (a bit each in the reader's record of seen members);
/// the generator rejects a larger struct.
pub const MAX_MEMBERS: usize = 128;

/// A JSON object of the API in its untyped form: every listed member optional, unknown ones
/// kept.
pub trait WireObject: Default {
    /// The JSON names of the members the spec lists; a member's index here is what
    /// [`Self::read_member`] takes.
    const MEMBERS: &'static [&'static str];

    /// Reads the value of the listed member `index`.
    fn read_member<'de, D: Deserializer<'de>>(&mut self, index: usize, value: D) -> Result<(), D::Error>;

    /// The members the spec does not list, as they were read.
    fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value>;

    /// Reads the listed member `index` while validating into `v` (`validate_json`). A struct
    /// with a large list checks it item by item here and keeps none of it; by default the
    /// member is read as by [`Self::read_member`].
    fn stream_member<'de, D: Deserializer<'de>>(
        &mut self,
        index: usize,
        value: D,
        v: &mut Validator,
    ) -> Result<(), D::Error> {
        let _ = v;
        self.read_member(index, value)
    }
}

/// Reads a `T` from `deserializer`; the generated `Deserialize` impls call it.
pub fn read<'de, T: WireObject, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T> { v: None, kind: PhantomData })
}

/// A seed that reads a `T` while validating into `v`: members are read by
/// [`WireObject::stream_member`].
pub struct Streaming<'v, T> {
    v: &'v mut Validator,
    kind: PhantomData<T>,
}

impl<'v, T> Streaming<'v, T> {
    /// Reads into `v`.
    pub fn new(v: &'v mut Validator) -> Self {
        Streaming { v, kind: PhantomData }
    }
}

impl<'de, T: WireObject> DeserializeSeed<'de> for Streaming<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(ObjectVisitor::<T> { v: Some(self.v), kind: PhantomData })
    }
}

struct ObjectVisitor<'v, T> {
    v: Option<&'v mut Validator>,
    kind: PhantomData<T>,
}

impl<'de, T: WireObject> Visitor<'de> for ObjectVisitor<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        let mut seen: u128 = 0;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match T::MEMBERS.iter().position(|m| *m == key.as_str()) {
                Some(index) => {
                    let bit = 1u128.checked_shl(index as u32).unwrap_or(0);
                    if seen & bit != 0 {
                        return Err(de::Error::duplicate_field(T::MEMBERS[index]));
                    }
                    seen |= bit;
                    let v = self.v.as_deref_mut();
                    map.next_value_seed(Member { out: &mut out, index, v })?;
                }
                None => {
                    let value = map.next_value::<serde_json::Value>()?;
                    let name = key.into_owned();
                    let extra = out.extra_mut();
                    if extra.contains_key(&name) {
                        return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
                    }
                    extra.insert(name, value);
                }
            }
        }
        Ok(out)
    }
}

struct Member<'a, 'v, T> {
    out: &'a mut T,
    index: usize,
    v: Option<&'v mut Validator>,
}

impl<'de, T: WireObject> DeserializeSeed<'de> for Member<'_, '_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.v {
            Some(v) => self.out.stream_member(self.index, deserializer, v),
            None => self.out.read_member(self.index, deserializer),
        }
    }
}

/// Reads a JSON array item by item, handing each item and its index to `each`, and keeps none;
/// returns how many there were. `validate_json` reads its large lists with it.
pub fn stream_list<'de, T, D, F>(deserializer: D, each: F) -> Result<usize, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
    F: FnMut(T, usize),
{
    deserializer.deserialize_seq(ListVisitor { each, item: PhantomData })
}

struct ListVisitor<T, F> {
    each: F,
    item: PhantomData<T>,
}

impl<'de, T: de::Deserialize<'de>, F: FnMut(T, usize)> Visitor<'de> for ListVisitor<T, F> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<usize, A::Error> {
        let mut i = 0;
        while let Some(item) = seq.next_element::<T>()? {
            (self.each)(item, i);
            i += 1;
        }
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wire struct of the test's own: the reader knows no generated one.
    #[derive(Debug, Default, PartialEq)]
    struct Pair {
        a: Option<i64>,
        b: Option<String>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    impl WireObject for Pair {
        const MEMBERS: &'static [&'static str] = &["a", "b"];
        fn read_member<'de, D: Deserializer<'de>>(&mut self, index: usize, value: D) -> Result<(), D::Error> {
            match index {
                0 => self.a = de::Deserialize::deserialize(value)?,
                _ => self.b = de::Deserialize::deserialize(value)?,
            }
            Ok(())
        }
        fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value> {
            &mut self.extra
        }
    }

    fn pair(json: &str) -> Result<Pair, String> {
        read::<Pair, _>(&mut serde_json::Deserializer::from_str(json)).map_err(|e| e.to_string())
    }

    #[test]
    fn known_members_are_read_and_unknown_ones_kept() {
        let p = pair(r#"{"b":"x","z":[1],"a":7}"#).unwrap();
        assert_eq!((p.a, p.b.as_deref()), (Some(7), Some("x")));
        assert_eq!(p.extra["z"], serde_json::json!([1]));
        assert_eq!(pair("{}").unwrap(), Pair::default());
    }

    #[test]
    fn a_member_given_twice_is_an_error_even_after_null() {
        assert!(pair(r#"{"a":null,"a":1}"#).unwrap_err().contains("duplicate field `a`"));
        assert!(pair(r#"{"z":1,"z":2}"#).unwrap_err().contains("duplicate field `z`"));
        assert!(pair(r#"[1]"#).unwrap_err().contains("a JSON object"));
    }

    #[test]
    fn lists_stream_item_by_item() {
        let mut seen = Vec::new();
        let n =
            stream_list(&mut serde_json::Deserializer::from_str("[3,4,5]"), |x: i64, i| seen.push((i, x)))
                .unwrap();
        assert_eq!(n, 3);
        assert_eq!(seen, [(0, 3), (1, 4), (2, 5)]);
    }
}
