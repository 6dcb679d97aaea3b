//! One reader for every object the server sends (answer payloads and pushes). What the server
//! sends is kept, never refused: a member whose value its field cannot hold (an amount written
//! `"1,000"`, an ID of 0, text where the docs say Integer) is left out of the field, kept as it
//! was received in `extra` under its own name, and explained in `unread`; the rest of the record,
//! and of its page or batch, is read as usual. Each such value is also logged as a warning.

use crate::object::describe;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// A member of a received object that its typed field could not hold; the value itself is in
/// the object's `extra`, under [`Unread::member`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The member's name in the JSON.
    pub member: String,
    /// Why its field could not hold it, in plain words.
    pub why: String,
}

/// What every received object keeps besides its fields: the members the spec does not list, and
/// the members whose value its field could not hold. [`received_object!`](crate::received_object)
/// implements it for a struct whose fields are named `extra` and `unread`.
pub trait KeptReceived {
    /// The members kept as they were received.
    fn extra_mut(&mut self) -> &mut BTreeMap<String, Value>;

    /// The members whose value could not be read into their field.
    fn unread_mut(&mut self) -> &mut Vec<Unread>;
}

/// Declares the parts every generated received object shares: its `Deserialize` impl (the one
/// reader, [`read`]) and [`KeptReceived`]. Generated code writes only what differs, its
/// [`ReceivedObject`] impl.
#[macro_export]
#[doc(hidden)]
macro_rules! received_object {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::received::read(deserializer)
            }
        }

        impl $crate::received::KeptReceived for $name {
            fn extra_mut(
                &mut self,
            ) -> &mut ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value> {
                &mut self.extra
            }
            fn unread_mut(&mut self) -> &mut ::std::vec::Vec<$crate::received::Unread> {
                &mut self.unread
            }
        }
    };
}

/// A JSON object the server sends, in its generated struct: the members the spec lists, the
/// others in `extra` and what could not be read in `unread` ([`KeptReceived`]).
pub trait ReceivedObject: Default + KeptReceived {
    /// The members the spec lists: each one's JSON name, and what its value must be in words
    /// (e.g. "an integer"), for the reason a value was not read. A member's index here is its
    /// [`Member::index`].
    const MEMBERS: &'static [(&'static str, &'static str)];

    /// Reads a listed member's value into its field ([`Member::read`]), choosing the field by
    /// [`Member::index`]: the generated impls write one line per member.
    fn member(&mut self, m: Member) -> Read;
}

/// A listed member's value, handed to [`ReceivedObject::member`].
#[derive(Debug)]
pub struct Member {
    index: usize,
    value: Value,
    expected: &'static str,
}

impl Member {
    /// The member's index in [`ReceivedObject::MEMBERS`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// Reads the value into the member's field, forgiving the JSON kinds the docs mix up; a value
    /// the field cannot hold is given back with why it must be the member's expected words.
    pub fn read<T: DeserializeOwned>(self, field: &mut Option<T>) -> Read {
        *field = value(self.value, self.expected)?;
        Ok(())
    }
}

/// The outcome of reading one member: a value its field cannot hold is given back, with why.
pub type Read = Result<(), (Value, String)>;

/// Reads a `T` (the generated `Deserialize` impls call it). Fails only when the value is not
/// an object at all.
pub fn read<'de, T: ReceivedObject, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let members = match Value::deserialize(deserializer)? {
        Value::Object(members) => members,
        other => {
            let found = describe(&other);
            return Err(serde::de::Error::custom(format_args!("must be an object, not {found}")));
        }
    };
    let mut out = T::default();
    for (name, value) in members {
        let Some(index) = T::MEMBERS.iter().position(|m| m.0 == name) else {
            out.extra_mut().insert(name, value);
            continue;
        };
        let expected = T::MEMBERS[index].1;
        if let Err((value, why)) = out.member(Member { index, value, expected }) {
            tracing::warn!(member = %name, %why, "kept a received value as it was: its field cannot hold it");
            out.unread_mut().push(Unread { member: name.clone(), why });
            out.extra_mut().insert(name, value);
        }
    }
    Ok(out)
}

/// Reads one member's value as `T`, forgiving the JSON kinds the docs mix up (see
/// [`crate::lenient::from_value_lenient`]); when `T` cannot hold it, gives it back with why:
/// it must be `expected` (in words, e.g. "an integer").
fn value<T: DeserializeOwned>(value: Value, expected: &str) -> Result<Option<T>, (Value, String)> {
    match crate::lenient::from_value_lenient(&value) {
        Ok(read) => Ok(read),
        Err(_) => {
            let why = match &value {
                Value::Array(_) | Value::Object(_) => {
                    format!("must be {expected}; a part of it cannot be read")
                }
                other => format!("must be {expected}, not {}", describe(other)),
            };
            Err((value, why))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A received struct of the test's own.
    #[derive(Debug, Default, PartialEq, serde::Serialize)]
    struct Row {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
        #[serde(skip)]
        unread: Vec<Unread>,
    }

    impl ReceivedObject for Row {
        const MEMBERS: &'static [(&'static str, &'static str)] = &[("id", "an integer"), ("name", "text")];
        fn member(&mut self, m: Member) -> Read {
            match m.index() {
                0 => m.read(&mut self.id),
                1 => m.read(&mut self.name),
                _ => Ok(()),
            }
        }
    }

    crate::received_object!(Row);

    #[test]
    fn a_value_its_field_cannot_hold_is_kept_as_received_and_explained() {
        let rows: Vec<Row> =
            serde_json::from_str(r#"[{"id": "1,000", "name": 12, "z": 1}, {"id": "7", "name": {"a": 1}}]"#)
                .unwrap();
        assert_eq!(rows[0].id, None);
        assert_eq!(rows[0].name.as_deref(), Some("12"), "a number where text belongs is its text");
        assert_eq!(rows[0].extra["id"], "1,000");
        assert_eq!(
            rows[0].unread,
            [Unread { member: "id".into(), why: r#"must be an integer, not the string "1,000""#.into() }]
        );
        assert_eq!(rows[1].id, Some(7));
        assert_eq!(rows[1].unread[0].why, "must be text; a part of it cannot be read");
        // Written back, every member is there as it was received; read again, the same.
        let written = serde_json::to_value(&rows).unwrap();
        assert_eq!(written[0], serde_json::json!({"id": "1,000", "name": "12", "z": 1}));
        let again: Vec<Row> = serde_json::from_value(written).unwrap();
        assert_eq!(again, rows);
        assert!(serde_json::from_str::<Row>("[1]").is_err(), "only a value that is no object fails");
    }
}
