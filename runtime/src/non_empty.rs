//! A list that has at least one item, for the lists the docs require (`numberInfoList`,
//! `taskIdList`, the intents of a recall by intent): an empty one does not compile from an array
//! literal or [`non_empty!`](crate::non_empty!), and is refused when built from a `Vec` at run
//! time. Both compile-time refusals are type errors, so `cargo check` (what an editor shows)
//! reports them, not only a build.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// A list of at least one `T`. Build it with [`non_empty![a, b]`](crate::non_empty!) or from an
/// array of 1 to 64 items (`NonEmpty::from([a, b])`; `[]` does not compile), from a first item ([`NonEmpty::new`], then [`NonEmpty::push`]), or from a `Vec`
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

/// `From<[T; N]>` for the sizes 1 to 64 only: with no impl for `[T; 0]`, an empty array literal
/// is a type error, which `cargo check` reports (a `const` assertion over any `N` would fail only
/// when the binary is built). Longer lists come from `non_empty!` or a `Vec`.
macro_rules! from_arrays {
    ($($n:literal)*) => {$(
        impl<T> From<[T; $n]> for NonEmpty<T> {
            /// An array of one or more items; `[]` does not compile.
            fn from(items: [T; $n]) -> Self {
                NonEmpty(items.into())
            }
        }
    )*};
}

from_arrays!(
    1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32
    33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64
);

/// A [`NonEmpty`] list of the items given: `non_empty![a, b, c]`. At least one item is
/// required, so `non_empty![]` does not compile (under `cargo check` too).
#[macro_export]
macro_rules! non_empty {
    () => {
        compile_error!("a non-empty list needs at least one item: `non_empty![]` is not one")
    };
    ($first:expr $(, $rest:expr)* $(,)?) => {{
        #[allow(unused_mut)] // `non_empty![a]` pushes nothing
        let mut list = $crate::NonEmpty::new($first);
        $( list.push($rest); )*
        list
    }};
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
    fn the_macro_keeps_every_item_in_order() {
        let list = crate::non_empty![1, 2, 3];
        assert_eq!(list.as_slice(), [1, 2, 3]);
        assert_eq!(crate::non_empty!["one"].as_slice(), ["one"]);
        assert_eq!(NonEmpty::from([7; 64]).len(), 64);
    }

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
