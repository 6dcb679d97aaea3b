//! One reader for every object of the API's JSON that the SDK reads into a wire struct. The
//! generated structs say which members they know ([`WireObject::MEMBERS`]) and how to read each
//! ([`WireObject::read_member`]); this module walks the object, keeps unknown members, and, for
//! `validate_json`, lets a struct check a large list item by item instead of keeping it
//! ([`WireObject::stream_member`]).
//!
//! The reader is total: a value of the wrong JSON type, an integer outside the docs' Integer, a
//! member given twice, a number beyond any numeric type or a string with half a surrogate pair
//! is recorded as an [`Unusable`] value at its pointer, the member is read as absent, and the
//! reading goes on. Only text that is not JSON, or nests deeper than
//! [`crate::parse::MAX_DEPTH`], stops it.

use crate::lenient::IntegerOrString;
use crate::parse::{ParseError, skip_bom};
use crate::pointer::{Path, push_segment};
use crate::repair::{Attempt, repaired};
pub use crate::report::Unusable;
use crate::validate::Validator;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The most members a wire struct may list (a bit each in the reader's record of seen members);
/// the generator rejects a larger struct.
pub const MAX_MEMBERS: usize = 128;

/// The docs' types are Java types: a member the docs type `Integer` holds a 32-bit signed
/// integer.
pub const INTEGER_RANGE: std::ops::RangeInclusive<i64> = (i32::MIN as i64)..=(i32::MAX as i64);

/// A member name read from JSON, borrowed from the input when it holds no escapes. (serde's
/// `Cow<str>` always allocates; the generated readers match member names with this instead.)
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The name as an owned string.
    pub fn into_owned(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(V)
    }
}

pub(crate) fn record(out: &mut Vec<Unusable>, at: &Path<'_>, rule: &'static str, message: String) {
    out.push(Unusable { pointer: at.to_pointer(), rule, message });
}

/// What every untyped object keeps besides its fields: the members the spec does not list, and
/// the values its reader could not use. [`wire_object!`](crate::wire_object) implements it
/// for a struct whose fields are named `extra` and `unusable`.
pub trait Kept {
    /// The members the spec does not list, as they were read.
    fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value>;

    /// The values of this object the reader could not use.
    fn unusable_mut(&mut self) -> &mut Vec<Unusable>;
}

/// Declares the parts every generated untyped object shares: its `Deserialize` impl (the one
/// reader, [`read`]) and [`Kept`]. Generated code writes only what differs, its
/// [`WireObject`] impl.
#[macro_export]
#[doc(hidden)]
macro_rules! wire_object {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::read(deserializer)
            }
        }

        impl $crate::object::Kept for $name {
            fn extra_mut(
                &mut self,
            ) -> &mut ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value> {
                &mut self.extra
            }
            fn unusable_mut(&mut self) -> &mut ::std::vec::Vec<$crate::object::Unusable> {
                &mut self.unusable
            }
        }
    };
}

/// The entry points of a request's wire struct: `from_json` and `validate`, the latter over the
/// API's scenario type `$scenario`, whose `validator` gives the rules of one scenario, or of
/// every scenario at once.
#[macro_export]
#[doc(hidden)]
macro_rules! wire_request {
    ($name:ident, $scenario:ident) => {
        impl $name {
            /// Parses the API's JSON. Never fails on a value: one of the wrong JSON type (or out
            /// of range, or given twice) is kept in `unusable` and reported by
            /// [`Self::validate`] at its pointer. Fails only on text that is not JSON, or nests
            /// too deep.
            pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, $crate::parse::ParseError> {
                $crate::object::read_document(bytes)
            }

            /// Checks every rule of the spec and reports every violation (not only the first).
            /// With a scenario, the rules that depend on it are checked against it; without one,
            /// only the rules every scenario shares apply, and each recall intent must be a
            /// documented code.
            pub fn validate(&self, scenario: ::core::option::Option<$scenario>) -> $crate::validate::Report {
                $scenario::validator(scenario).report_on(self)
            }
        }
    };
}

/// A JSON object of the API in its untyped form: every listed member optional, unknown ones
/// kept ([`Kept`]), unusable values recorded.
pub trait WireObject: Default + Kept {
    /// The JSON names of the members the spec lists; a member's index here is what
    /// [`Self::read_member`] takes.
    const MEMBERS: &'static [&'static str];

    /// Reads a listed member's value into its field ([`MemberValue::read`]), choosing the
    /// field by [`MemberValue::index`]: the generated impls write one line per member.
    fn member<M: MemberValue>(&mut self, m: M) -> Result<(), M::Error>;

    /// Reads the value of the listed member `index` into its field.
    fn read_member<'de, D: Deserializer<'de>>(&mut self, index: usize, value: D) -> Result<(), D::Error> {
        let name = Self::MEMBERS.get(index).copied().unwrap_or_default();
        self.member(Listed { index, name, value, de: PhantomData })
    }

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

/// A JSON value in words, as messages about a value of the wrong type name it: `the string
/// "1,000"`, `the number 0`, `a list`.
pub(crate) fn describe(value: &serde_json::Value) -> String {
    use serde_json::Value;
    let found = match value {
        Value::String(s) => Found::Text(s.clone()),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Found::Integer(i),
            (None, Some(u)) => Found::Unsigned(u),
            _ => Found::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::Bool(b) => Found::Bool(*b),
        Value::Null => Found::Null,
        Value::Array(_) => Found::List,
        Value::Object(_) => Found::Object,
    };
    found.to_string()
}

/// What a JSON value turned out to be, for the message about a value of the wrong type.
#[derive(Debug)]
pub(crate) enum Found {
    Text(String),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Bool(bool),
    Null,
    List,
    Object,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Text(s) => {
                let shown: String = s.chars().take(40).collect();
                let more = if shown.len() < s.len() { "..." } else { "" };
                write!(f, "the string {}{more}", serde_json::Value::String(shown))
            }
            Found::Integer(n) => write!(f, "the number {n}"),
            Found::Unsigned(n) => write!(f, "the number {n}"),
            Found::Float(x) => write!(f, "the number {x}"),
            Found::Bool(b) => write!(f, "{b}"),
            Found::Null => f.write_str("null"),
            Found::List => f.write_str("a list"),
            Found::Object => f.write_str("an object"),
        }
    }
}

/// What to make of one JSON value of any kind. Lists and objects a shape does not expect are
/// read through (so the reading goes on) and handed to [`Shape::scalar`] as `List`/`Object`.
pub(crate) trait Shape<'de>: Sized {
    type Out;
    fn scalar(self, found: Found) -> Self::Out;
    /// A string; shapes that can use it without owning it (reading into a buffer) override
    /// this.
    fn text(self, text: &str) -> Self::Out {
        self.scalar(Found::Text(text.to_owned()))
    }
    fn list<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.scalar(Found::List))
    }
    fn object<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.scalar(Found::Object))
    }
}

/// The one visitor: accepts every kind of JSON value and lets the shape decide.
pub(crate) struct Visit<S>(pub(crate) S);

impl<'de, S: Shape<'de>> Visitor<'de> for Visit<S> {
    type Value = S::Out;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<S::Out, E> {
        Ok(self.0.scalar(Found::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<S::Out, E> {
        Ok(self.0.scalar(Found::Integer(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<S::Out, E> {
        Ok(self.0.scalar(match i64::try_from(v) {
            Ok(v) => Found::Integer(v),
            Err(_) => Found::Unsigned(v),
        }))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<S::Out, E> {
        Ok(self.0.scalar(Found::Float(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<S::Out, E> {
        Ok(self.0.text(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<S::Out, E> {
        Ok(self.0.scalar(Found::Text(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<S::Out, E> {
        Ok(self.0.scalar(Found::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<S::Out, E> {
        Ok(self.0.scalar(Found::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S::Out, A::Error> {
        self.0.list(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S::Out, A::Error> {
        self.0.object(map)
    }
}

/// Whether a JSON `null` reads as "absent" (a member: the docs' "pass null") or is itself an
/// unusable value (a list item, a callInformation value, the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Null {
    /// `null` is the value left out.
    Absent,
    /// `null` is a value of the wrong type.
    Unusable,
}

/// A type the wire structs hold, read from any JSON value without failing.
pub trait ReadValue: Sized {
    /// Reads one value at `at` (relative to the object whose `out` this is). A value this
    /// type cannot hold is recorded in `out` and read as `None`.
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error>;

    /// Reads one value into `slot`, with the outcome of [`Self::read_value`]. Types that own
    /// buffers reuse the ones `slot` holds: `validate_json` reads every item of a large list
    /// into the same struct, so that checking 200,000 callees allocates almost nothing.
    fn read_into<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
        slot: &mut Option<Self>,
    ) -> Result<(), D::Error> {
        *slot = Self::read_value(d, at, out, null)?;
        Ok(())
    }
}

/// A listed member's value as the reader meets it, handed to [`WireObject::member`].
pub trait MemberValue {
    /// What the underlying deserializer fails with.
    type Error;

    /// The member's index in [`WireObject::MEMBERS`].
    fn index(&self) -> usize;

    /// Reads the value into the member's field; a value the field's type cannot hold is
    /// recorded in `out` (the object's `unusable`) and read as `None`.
    fn read<T: ReadValue>(self, field: &mut Option<T>, out: &mut Vec<Unusable>) -> Result<(), Self::Error>;

    /// Reads past the value (an index the object does not list).
    fn skip(self) -> Result<(), Self::Error>;
}

/// The [`MemberValue`] the reader hands out: a member's place, its name, and its value still
/// to be read from `D`.
struct Listed<'de, D> {
    index: usize,
    name: &'static str,
    value: D,
    de: PhantomData<&'de ()>,
}

impl<'de, D: Deserializer<'de>> MemberValue for Listed<'de, D> {
    type Error = D::Error;
    fn index(&self) -> usize {
        self.index
    }
    fn read<T: ReadValue>(self, field: &mut Option<T>, out: &mut Vec<Unusable>) -> Result<(), D::Error> {
        let root = Path::Root;
        T::read_into(self.value, &root.field(self.name), out, Null::Absent, field)
    }
    fn skip(self) -> Result<(), D::Error> {
        <IgnoredAny as de::Deserialize>::deserialize(self.value).map(drop)
    }
}

/// A shape that accepts one kind of scalar, converting it with `accept`.
struct Scalar<'a, 'p, F> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    null: Null,
    accept: F,
}

impl<'de, T, F: FnOnce(Found) -> Result<T, (&'static str, String)>> Shape<'de> for Scalar<'_, '_, F> {
    type Out = Option<T>;
    fn scalar(self, found: Found) -> Option<T> {
        if matches!(found, Found::Null) && self.null == Null::Absent {
            return None;
        }
        match (self.accept)(found) {
            Ok(value) => Some(value),
            Err((rule, message)) => {
                record(self.out, self.at, rule, message);
                None
            }
        }
    }
}

fn type_error(expected: &str, found: &Found) -> (&'static str, String) {
    ("json.type", format!("must be {expected}, not {found}"))
}

/// A JSON number as a docs' `Integer`: an integer (a zero fraction, `300.0`, counts, quirk
/// `integral_decimal`) within 32 bits.
fn integer(found: Found, expected: &str) -> Result<i64, (&'static str, String)> {
    let n = match found {
        Found::Integer(n) => n as i128,
        Found::Unsigned(n) => n as i128,
        Found::Float(x) if x.fract() == 0.0 && x.abs() < 1e30 => x as i128,
        Found::Float(x) if x.fract() == 0.0 => {
            return Err((
                "json.integer_range",
                format!("must be an integer from {} to {}, not {x}", i32::MIN, i32::MAX),
            ));
        }
        other => return Err(type_error(expected, &other)),
    };
    match i64::try_from(n) {
        Ok(n) if INTEGER_RANGE.contains(&n) => Ok(n),
        _ => Err((
            "json.integer_range",
            format!(
                "must be an integer from {} to {} (the docs' type is Integer, 32 bits), not {n}",
                i32::MIN,
                i32::MAX
            ),
        )),
    }
}

impl ReadValue for String {
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(Visit(Scalar {
            at,
            out,
            null,
            accept: |found| match found {
                Found::Text(s) => Ok(s),
                other => Err(type_error("a string", &other)),
            },
        }))
    }

    fn read_into<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
        slot: &mut Option<Self>,
    ) -> Result<(), D::Error> {
        d.deserialize_any(Visit(TextInto { at, out, null, slot }))
    }
}

/// A string read into the buffer a slot already holds; every other value as
/// [`String::read_value`] reads it.
struct TextInto<'a, 'p> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    null: Null,
    slot: &'a mut Option<String>,
}

impl<'de> Shape<'de> for TextInto<'_, '_> {
    type Out = ();
    fn scalar(self, found: Found) {
        *self.slot = match found {
            Found::Text(s) => Some(s),
            Found::Null if self.null == Null::Absent => None,
            other => {
                let (rule, message) = type_error("a string", &other);
                record(self.out, self.at, rule, message);
                None
            }
        };
    }
    fn text(self, text: &str) {
        match self.slot {
            Some(buffer) => {
                buffer.clear();
                buffer.push_str(text);
            }
            None => *self.slot = Some(text.to_owned()),
        }
    }
}

impl ReadValue for i64 {
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(Visit(Scalar { at, out, null, accept: |found| integer(found, "an integer") }))
    }
}

impl ReadValue for IntegerOrString {
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(Visit(Scalar {
            at,
            out,
            null,
            accept: |found| match found {
                Found::Text(s) => Ok(IntegerOrString::String(s)),
                other => integer(other, "an integer (a number or a string of digits)")
                    .map(IntegerOrString::Integer),
            },
        }))
    }
}

/// Reads one item of a list or one value of a map: a `null` there is a value of the wrong type.
struct Item<'a, 'p, T> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    kind: PhantomData<T>,
}

impl<'de, T: ReadValue> DeserializeSeed<'de> for Item<'_, '_, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::read_value(d, self.at, self.out, Null::Unusable)
    }
}

/// A list whose items are handed to `each` as they are read; an unusable item is recorded and
/// handed over as `T::default()`, so every later item keeps its index (and whatever the
/// validator finds in the stand-in is hidden behind the item's own error).
struct List<'a, 'p, T, F> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    null: Null,
    each: F,
    item: PhantomData<T>,
}

impl<'de, T: ReadValue + Default, F: FnMut(T, usize)> Shape<'de> for List<'_, '_, T, F> {
    type Out = Option<usize>;
    fn scalar(self, found: Found) -> Option<usize> {
        if !(matches!(found, Found::Null) && self.null == Null::Absent) {
            record(self.out, self.at, "json.type", format!("must be a list, not {found}"));
        }
        None
    }
    fn list<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Option<usize>, A::Error> {
        let mut i = 0;
        loop {
            let at = self.at.index(i);
            let Some(item) =
                seq.next_element_seed(Item::<T> { at: &at, out: self.out, kind: PhantomData })?
            else {
                break;
            };
            (self.each)(item.unwrap_or_default(), i);
            i += 1;
        }
        Ok(Some(i))
    }
}

impl<T: ReadValue + Default> ReadValue for Vec<T> {
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error> {
        let mut items = Vec::new();
        let len = d.deserialize_any(Visit(List {
            at,
            out,
            null,
            each: |item, _| items.push(item),
            item: PhantomData,
        }))?;
        Ok(len.map(|_| items))
    }
}

/// callInformation: an object of text values.
struct TextMap<'a, 'p> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    null: Null,
}

impl<'de> Shape<'de> for TextMap<'_, '_> {
    type Out = Option<BTreeMap<String, String>>;
    fn scalar(self, found: Found) -> Self::Out {
        if !(matches!(found, Found::Null) && self.null == Null::Absent) {
            record(self.out, self.at, "json.type", format!("must be an object of text values, not {found}"));
        }
        None
    }
    fn object<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        let mut values = BTreeMap::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match values.entry(key.into_owned()) {
                std::collections::btree_map::Entry::Occupied(slot) => {
                    map.next_value::<IgnoredAny>()?;
                    record(self.out, &self.at.key(slot.key()), "json.duplicate", GIVEN_TWICE.to_owned());
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    let at = self.at.key(slot.key());
                    let seed = Item::<String> { at: &at, out: self.out, kind: PhantomData };
                    if let Some(value) = map.next_value_seed(seed)? {
                        slot.insert(value);
                    }
                }
            }
        }
        Ok(Some(values))
    }
}

/// callInformation read into the map a slot already holds: a key the last item had keeps its
/// name and its value's buffer.
struct TextMapInto<'a, 'p> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    null: Null,
    slot: &'a mut Option<BTreeMap<String, String>>,
}

impl<'de> Shape<'de> for TextMapInto<'_, '_> {
    type Out = ();
    fn scalar(self, found: Found) {
        *self.slot = TextMap { at: self.at, out: self.out, null: self.null }.scalar(found);
    }
    fn object<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut last = self.slot.take().unwrap_or_default();
        let mut values = BTreeMap::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if values.contains_key(key.as_str()) {
                map.next_value::<IgnoredAny>()?;
                record(self.out, &self.at.key(key.as_str()), "json.duplicate", GIVEN_TWICE.to_owned());
                continue;
            }
            let (name, mut value) = match last.remove_entry(key.as_str()) {
                Some((name, value)) => (name, Some(value)),
                None => (key.into_owned(), None),
            };
            let at = self.at.key(&name);
            map.next_value_seed(ItemInto { at: &at, out: self.out, slot: &mut value })?;
            if let Some(value) = value {
                values.insert(name, value);
            }
        }
        *self.slot = Some(values);
        Ok(())
    }
}

/// A text value of callInformation, read into a buffer: `null` there is unusable.
struct ItemInto<'a, 'p> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    slot: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for ItemInto<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        String::read_into(d, self.at, self.out, Null::Unusable, self.slot)
    }
}

impl ReadValue for BTreeMap<String, String> {
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(Visit(TextMap { at, out, null }))
    }

    fn read_into<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        out: &mut Vec<Unusable>,
        null: Null,
        slot: &mut Option<Self>,
    ) -> Result<(), D::Error> {
        d.deserialize_any(Visit(TextMapInto { at, out, null, slot }))
    }
}

const GIVEN_TWICE: &str = "is given more than once in its object; give it once";

/// A wire struct. A value that is not an object becomes an empty struct that records, at its
/// own pointer, what it was instead: list items keep their indexes.
pub(crate) struct Object<'v, T> {
    pub(crate) v: Option<&'v mut Validator>,
    pub(crate) null: Null,
    pub(crate) kind: PhantomData<T>,
}

impl<'de, T: WireObject> Shape<'de> for Object<'_, T> {
    type Out = Option<T>;
    fn scalar(self, found: Found) -> Option<T> {
        if matches!(found, Found::Null) && self.null == Null::Absent {
            return None;
        }
        Some(not_an_object(found))
    }
    fn object<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        let mut out = T::default();
        read_members(map, &mut out, self.v)?;
        Ok(Some(out))
    }
}

/// The empty struct read from a value that is not an object, recording at its own pointer what
/// the value was instead.
pub(crate) fn not_an_object<T: WireObject>(found: Found) -> T {
    let mut out = T::default();
    out.unusable_mut().push(Unusable {
        pointer: String::new(),
        rule: "json.type",
        message: format!("must be an object, not {found}"),
    });
    out
}

/// Reads the members of an object into `out` (fresh, or the last item's struct), validating
/// the streamed ones into `v` if given; returns the members seen, a bit each.
pub(crate) fn read_members<'de, T: WireObject, A: MapAccess<'de>>(
    mut map: A,
    out: &mut T,
    mut v: Option<&mut Validator>,
) -> Result<u128, A::Error> {
    let mut seen: u128 = 0;
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let duplicate = |out: &mut T, name: &str| {
            let mut pointer = String::new();
            push_segment(&mut pointer, name);
            out.unusable_mut().push(Unusable {
                pointer,
                rule: "json.duplicate",
                message: GIVEN_TWICE.to_owned(),
            });
        };
        match T::MEMBERS.iter().position(|m| *m == key.as_str()) {
            Some(index) => {
                let bit = 1u128.checked_shl(index as u32).unwrap_or(0);
                if seen & bit != 0 {
                    map.next_value::<IgnoredAny>()?;
                    duplicate(out, T::MEMBERS[index]);
                    continue;
                }
                seen |= bit;
                let v = v.as_deref_mut();
                map.next_value_seed(Member { out: &mut *out, index, v })?;
            }
            None => {
                let value = map.next_value::<serde_json::Value>()?;
                let name = key.into_owned();
                if out.extra_mut().contains_key(&name) {
                    duplicate(out, &name);
                    continue;
                }
                out.extra_mut().insert(name, value);
            }
        }
    }
    Ok(seen)
}

impl<T: WireObject> ReadValue for T {
    fn read_value<'de, D: Deserializer<'de>>(
        d: D,
        _at: &Path<'_>,
        _out: &mut Vec<Unusable>,
        null: Null,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(Visit(Object::<T> { v: None, null, kind: PhantomData }))
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

/// Reads a `T` from `deserializer` (the generated `Deserialize` impls call it): never fails on
/// a value's type, only on what the deserializer itself refuses.
pub fn read<'de, T: WireObject, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::read_value(deserializer, &Path::Root, &mut Vec::new(), Null::Unusable).map(Option::unwrap_or_default)
}

/// Reads a request document into its wire struct, as leniently as [`ReadValue`]: every value
/// the reader cannot use is recorded, with its pointer, in the struct it belongs to. A leading
/// byte-order mark is skipped. Fails only on text that is not JSON, or nests too deep.
pub fn read_document<T: WireObject>(bytes: &[u8]) -> Result<T, ParseError> {
    let (mut value, notes) = repaired(skip_bom(bytes), &mut ReadAttempt::<T>(PhantomData))?;
    if !notes.is_empty() {
        let own = std::mem::take(value.unusable_mut());
        value.unusable_mut().extend(notes.into_iter().chain(own));
    }
    Ok(value)
}

struct ReadAttempt<T>(PhantomData<T>);

impl<T: WireObject> Attempt for ReadAttempt<T> {
    type Out = T;
    fn run<'de, D: Deserializer<'de>>(&mut self, d: D) -> Result<T, D::Error> {
        read(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::stream_list;

    /// A wire struct of the test's own: the reader knows no generated one.
    #[derive(Debug, Default, Clone, PartialEq)]
    struct Pair {
        a: Option<i64>,
        b: Option<String>,
        list: Option<Vec<String>>,
        extra: BTreeMap<String, serde_json::Value>,
        unusable: Vec<Unusable>,
    }

    impl WireObject for Pair {
        const MEMBERS: &'static [&'static str] = &["a", "b", "list"];
        fn member<M: MemberValue>(&mut self, m: M) -> Result<(), M::Error> {
            match m.index() {
                0 => m.read(&mut self.a, &mut self.unusable),
                1 => m.read(&mut self.b, &mut self.unusable),
                2 => m.read(&mut self.list, &mut self.unusable),
                _ => m.skip(),
            }
        }
    }

    crate::wire_object!(Pair);

    fn pair(json: &str) -> Pair {
        read_document::<Pair>(json.as_bytes()).unwrap()
    }

    fn problems(p: &Pair) -> Vec<(&str, &str)> {
        p.unusable.iter().map(|u| (u.pointer.as_str(), u.rule)).collect()
    }

    #[test]
    fn known_members_are_read_and_unknown_ones_kept() {
        let p = pair(r#"{"b":"x","z":[1],"a":7}"#);
        assert_eq!((p.a, p.b.as_deref()), (Some(7), Some("x")));
        assert_eq!(p.extra["z"], serde_json::json!([1]));
        assert_eq!(pair("{}"), Pair::default());
        assert_eq!(pair(r#"{"a": null}"#), Pair::default(), "null is a member left out");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_recorded_and_the_reading_goes_on() {
        let p = pair(r#"{"a":"7","b":{"deep":[1,2]},"list":["x",5,null,"y"],"z":1}"#);
        assert_eq!(
            problems(&p),
            [("/a", "json.type"), ("/b", "json.type"), ("/list/1", "json.type"), ("/list/2", "json.type")]
        );
        assert_eq!(p.unusable[0].message, r#"must be an integer, not the string "7""#);
        assert_eq!(p.unusable[1].message, "must be a string, not an object");
        assert_eq!(p.unusable[3].message, "must be a string, not null");
        assert_eq!((p.a, p.b), (None, None));
        // Unusable items keep their places, so later items keep their indexes.
        assert_eq!(p.list.unwrap(), ["x", "", "", "y"]);
        assert_eq!(p.extra["z"], 1);
    }

    #[test]
    fn integers_are_the_docs_32_bit_integers() {
        assert_eq!(pair(r#"{"a": 2147483647}"#).a, Some(2_147_483_647));
        assert_eq!(pair(r#"{"a": -2147483648}"#).a, Some(-2_147_483_648));
        assert_eq!(pair(r#"{"a": 300.0}"#).a, Some(300), "a zero fraction is an integer");
        for big in ["2147483648", "9223372036854775808", "1e20", "-99999999999999999999"] {
            let p = pair(&format!(r#"{{"a": {big}}}"#));
            assert_eq!(problems(&p), [("/a", "json.integer_range")], "{big}");
        }
        let p = pair(r#"{"a": 1.5}"#);
        assert_eq!(p.unusable[0].message, "must be an integer, not the number 1.5");
    }

    /// A streamed list reads every item into one struct; each item must still look exactly as
    /// if it had been read on its own, whatever the last item left behind.
    #[test]
    fn streamed_items_are_what_reading_each_alone_gives() {
        let items = [
            r#"{"a":1,"b":"first","list":["x"]}"#,
            r#"{"b":"second, longer than the first"}"#,
            r#"{"a":"bad","b":7}"#,
            "5",
            r#"{"z":1,"b":"w","z":2}"#,
            r#"{"b":null,"list":[1,"y"]}"#,
            "null",
            r#"{"a":2,"a":3}"#,
            "{}",
        ];
        let json = format!("[{}]", items.join(","));
        let mut seen = Vec::new();
        let mut out = Vec::new();
        let mut de = serde_json::Deserializer::from_str(&json);
        let len = stream_list(&mut de, &Path::Root, &mut out, |item: &Pair, i| seen.push((i, item.clone())))
            .unwrap();
        assert_eq!(len, Some(items.len()));
        assert!(out.is_empty());
        for (i, item) in seen {
            let alone = if items[i] == "null" {
                let mut p = Pair::default();
                p.unusable.push(Unusable {
                    pointer: String::new(),
                    rule: "json.type",
                    message: "must be an object, not null".into(),
                });
                p
            } else {
                pair(items[i])
            };
            assert_eq!(item, alone, "item {i}: {}", items[i]);
        }
    }

    #[test]
    fn a_member_given_twice_is_recorded_at_its_pointer() {
        assert_eq!(problems(&pair(r#"{"a":null,"a":1}"#)), [("/a", "json.duplicate")]);
        assert_eq!(problems(&pair(r#"{"z":1,"z":2}"#)), [("/z", "json.duplicate")]);
    }

    #[test]
    fn a_document_that_is_not_an_object_is_one_unusable_value() {
        for (json, found) in
            [("[1]", "a list"), ("5", "the number 5"), ("null", "null"), (r#""x""#, r#"the string "x""#)]
        {
            let p = pair(json);
            assert_eq!(problems(&p), [("", "json.type")]);
            assert_eq!(p.unusable[0].message, format!("must be an object, not {found}"));
        }
    }

    #[test]
    fn valid_json_no_rust_value_holds_is_repaired_and_recorded() {
        let p = pair(r#"{"a": 1e400, "b": "x\ud800y", "list": ["\udc00", -1E999]}"#);
        assert_eq!(
            problems(&p),
            [
                ("/a", "json.number_range"),
                ("/b", "json.unpaired_surrogate"),
                ("/list/0", "json.unpaired_surrogate"),
                ("/list/1", "json.number_range"),
                // The stand-in `0` is no string either; validation reports the first problem
                // at a pointer only.
                ("/list/1", "json.type"),
            ]
        );
        assert_eq!(p.unusable[0].message, "is the number 1e400, too large for any numeric type");
        assert!(p.unusable[1].message.starts_with(r"contains \ud800, half of a UTF-16 surrogate pair"));
    }

    #[test]
    fn only_text_that_is_not_json_or_nests_too_deep_fails() {
        assert_eq!(pair("\u{feff}{\"a\": 1}").a, Some(1), "a byte-order mark is skipped");
        let e = read_document::<Pair>(b"{\"a\": ").unwrap_err();
        assert!(e.is_syntax());
        let e = read_document::<Pair>(b"{\"a\": 1} x").unwrap_err();
        assert!(e.is_syntax());
        let deep = format!(r#"{{"z": {}{}}}"#, "[".repeat(200), "]".repeat(200));
        let e = read_document::<Pair>(deep.as_bytes()).unwrap_err();
        assert_eq!(e.kind, crate::parse::ParseErrorKind::TooDeep);
        assert!(e.message.starts_with("nests deeper than 128 levels"), "{e}");
    }

    #[test]
    fn a_streamed_value_that_is_no_list_is_recorded_where_it_is() {
        let mut out = Vec::new();
        let at = Path::Root.field("l");
        let n = stream_list::<Pair, _, _>(
            &mut serde_json::Deserializer::from_str("{}"),
            &at,
            &mut out,
            |_, _| {},
        )
        .unwrap();
        assert_eq!(n, None);
        assert_eq!(
            (out[0].pointer.as_str(), out[0].message.as_str()),
            ("/l", "must be a list, not an object")
        );
        let n = stream_list::<Pair, _, _>(
            &mut serde_json::Deserializer::from_str("null"),
            &at,
            &mut out,
            |_, _| {},
        )
        .unwrap();
        assert_eq!((n, out.len()), (None, 1), "null is a member left out");
    }
}
