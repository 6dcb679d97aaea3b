//! A list that has at least one item, for the lists the docs require (`numberInfoList`,
//! `taskIdList`, the intents of a recall by intent): an empty one does not compile from an array
//! literal, and is refused when built from a `Vec` at run time.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// A list of at least one `T`. Build it from an array (`NonEmpty::from([a, b])`: `[]` does not
/// compile), from a first item ([`NonEmpty::new`], then [`NonEmpty::push`]), or from a `Vec`
/// with `TryFrom`, which refuses an empty one. It serializes as a plain JSON array.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NonEmpty<T>(Vec<T>);

/// A `Vec` with no items where a non-empty list is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptyList;

impl fmt::Display for EmptyList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("must have at least 1 item, not 0")
    }
}

impl std::error::Error for EmptyList {}

impl<T> NonEmpty<T> {
    /// A list of one item.
    pub fn new(first: T) -> Self {
        NonEmpty(vec![first])
    }

    /// Appends an item.
    pub fn push(&mut self, item: T) {
        self.0.push(item);
    }

    /// The first item, which always exists.
    pub fn first(&self) -> &T {
        &self.0[0]
    }

    /// The items as a slice (also reachable through `Deref`).
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> Deref for NonEmpty<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for NonEmpty<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T, const N: usize> From<[T; N]> for NonEmpty<T> {
    /// An array of one or more items; `[]` fails to compile.
    fn from(items: [T; N]) -> Self {
        const { assert!(N > 0, "a non-empty list needs at least one item: `[]` is not one") };
        NonEmpty(items.into())
    }
}

impl<T> TryFrom<Vec<T>> for NonEmpty<T> {
    type Error = EmptyList;
    fn try_from(items: Vec<T>) -> Result<Self, EmptyList> {
        if items.is_empty() { Err(EmptyList) } else { Ok(NonEmpty(items)) }
    }
}

impl<T> From<NonEmpty<T>> for Vec<T> {
    fn from(list: NonEmpty<T>) -> Self {
        list.0
    }
}

impl<'a, T> IntoIterator for &'a NonEmpty<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IntoIterator for NonEmpty<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Serialize> Serialize for NonEmpty<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for NonEmpty<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(deserializer)?;
        NonEmpty::try_from(items).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_empty_and_a_plain_array_on_the_wire() {
        let mut list = NonEmpty::from([1, 2]);
        list.push(3);
        assert_eq!((list.len(), *list.first()), (3, 1));
        assert_eq!(serde_json::to_string(&list).unwrap(), "[1,2,3]");
        assert_eq!(serde_json::from_str::<NonEmpty<i32>>("[4]").unwrap(), NonEmpty::new(4));
        assert!(
            serde_json::from_str::<NonEmpty<i32>>("[]").unwrap_err().to_string().contains("at least 1 item")
        );
        assert_eq!(NonEmpty::<i32>::try_from(Vec::new()), Err(EmptyList));
        assert_eq!(Vec::from(NonEmpty::try_from(vec![5]).unwrap()), [5]);
    }
}
