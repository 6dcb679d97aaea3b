//! Validating while reading: `validate_document` checks a request in one pass, and a large list
//! member is read item by item into one reused struct ([`stream_list`]) and checked as it goes,
//! so a 200,000-callee document is never held as structs.

use crate::object::*;
use crate::parse::{ParseError, skip_bom};
use crate::pointer::Path;
use crate::repair::{Attempt, repaired};
use crate::report::Report;
use crate::validate::{Validate, Validator};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use std::marker::PhantomData;

/// Reads a JSON array of objects item by item, handing each item and its index to `each`, and
/// keeps none; returns how many there were, or `None` (recorded in `out`) when the value is not
/// a list. `validate_json` reads its large lists with it. Every item is read into the same
/// struct, reusing the buffers the last item left (its members' text, its callInformation
/// keys and values), so that a long list costs almost no allocation; `each` sees exactly what
/// reading the item on its own would give.
pub fn stream_list<'de, T, D, F>(
    d: D,
    at: &Path<'_>,
    out: &mut Vec<Unusable>,
    each: F,
) -> Result<Option<usize>, D::Error>
where
    T: WireObject,
    D: Deserializer<'de>,
    F: FnMut(&T, usize),
{
    d.deserialize_any(Visit(Reused { at, out, each, kind: PhantomData::<T> }))
}

/// A streamed list: its items read one after the other into one struct.
struct Reused<'a, 'p, T, F> {
    at: &'a Path<'p>,
    out: &'a mut Vec<Unusable>,
    each: F,
    kind: PhantomData<T>,
}

impl<'de, T: WireObject, F: FnMut(&T, usize)> Shape<'de> for Reused<'_, '_, T, F> {
    type Out = Option<usize>;
    fn scalar(self, found: Found) -> Option<usize> {
        if !matches!(found, Found::Null) {
            record(self.out, self.at, "json.type", format!("must be a list, not {found}"));
        }
        None
    }
    fn list<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Option<usize>, A::Error> {
        let mut item = T::default();
        let mut last_seen: u128 = 0;
        let mut i = 0;
        while seq.next_element_seed(ReusedItem { item: &mut item, last_seen: &mut last_seen })?.is_some() {
            (self.each)(&item, i);
            i += 1;
        }
        Ok(Some(i))
    }
}

/// One item of a streamed list, read over the last one: the members it gives are read into
/// their fields (reusing buffers), the members the last item had and this one lacks are
/// cleared, and anything else the struct held is dropped.
struct ReusedItem<'a, T> {
    item: &'a mut T,
    last_seen: &'a mut u128,
}

impl<'de, T: WireObject> DeserializeSeed<'de> for ReusedItem<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Visit(self))
    }
}

impl<'de, T: WireObject> Shape<'de> for ReusedItem<'_, T> {
    type Out = ();
    fn scalar(self, found: Found) {
        *self.item = not_an_object(found);
        *self.last_seen = 0;
    }
    fn object<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.item.extra_mut().clear();
        self.item.unusable_mut().clear();
        let seen = read_members(map, self.item, None)?;
        let mut gone = *self.last_seen & !seen;
        while gone != 0 {
            let index = gone.trailing_zeros() as usize;
            gone &= gone - 1;
            // A member given as `null` reads as absent, whatever its type.
            self.item.read_member(index, serde_json::Value::Null).map_err(de::Error::custom)?;
        }
        *self.last_seen = seen;
        Ok(())
    }
}

/// A seed that reads a `T` while validating into `v`: members are read by
/// [`WireObject::stream_member`].
struct Streaming<'v, T> {
    v: &'v mut Validator,
    kind: PhantomData<T>,
}

impl<'de, T: WireObject> DeserializeSeed<'de> for Streaming<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        let shape = Object::<T> { v: Some(self.v), null: Null::Unusable, kind: PhantomData };
        d.deserialize_any(Visit(shape)).map(Option::unwrap_or_default)
    }
}

/// Reads and validates a request document in one pass with validators from `validator`,
/// checking the large lists item by item as they are read ([`WireObject::stream_member`]):
/// the same report as [`read_document`] then `validate`, in memory near the size of `bytes`.
pub fn validate_document<T: WireObject + Validate>(
    bytes: &[u8],
    validator: impl Fn() -> Validator,
) -> Result<Report, ParseError> {
    let mut attempt = ValidateAttempt::<T, _> { validator, kind: PhantomData };
    let ((value, mut v), notes) = repaired(skip_bom(bytes), &mut attempt)?;
    v.unusable(&Path::Root, &notes);
    value.validate_at(&Path::Root, &mut v);
    Ok(v.finish())
}

struct ValidateAttempt<T, F> {
    validator: F,
    kind: PhantomData<T>,
}

impl<T: WireObject, F: Fn() -> Validator> Attempt for ValidateAttempt<T, F> {
    type Out = (T, Validator);
    fn run<'de, D: Deserializer<'de>>(&mut self, d: D) -> Result<(T, Validator), D::Error> {
        let mut v = (self.validator)();
        let value = Streaming::<T> { v: &mut v, kind: PhantomData }.deserialize(d)?;
        Ok((value, v))
    }
}
