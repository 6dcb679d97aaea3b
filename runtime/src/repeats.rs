//! Repeated values across the items of a list (the `unique` rules), held compactly enough for
//! a 200,000-item list.

use crate::pointer::Path;
use crate::report::Severity;
use crate::validate::Validator;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// A `unique` rule of the spec: the member of a list's items whose value must not repeat, and
/// how a repeat is reported. Generated code declares one per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unique {
    /// The member of each item, by its JSON name.
    pub field: &'static str,
    /// Whether a repeat is an error or a warning.
    pub severity: Severity,
    /// The rule's id in reports.
    pub rule: &'static str,
    /// What a repeat means, in words.
    pub message: &'static str,
}

impl Unique {
    /// Checks every item of the list at `list`: `key` gives an item's value of the field, or
    /// `None` where it has none.
    pub fn check_list<'t, T>(
        &self,
        v: &mut Validator,
        list: &Path<'_>,
        items: &'t [T],
        key: impl Fn(&'t T) -> Option<&'t str>,
    ) {
        let mut seen = Repeats::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(k) = key(item) {
                seen.check(v, list, i, self, k);
            }
        }
    }
}

impl Unique {
    /// Reports that item `index` of `list` repeats the value item `first` holds, for callers
    /// that find repeats their own way (a campaign sorts its keys rather than hash them).
    pub fn report(&self, v: &mut Validator, list: &Path<'_>, index: usize, first: usize) {
        let first_pointer = list.index(first).field(self.field).to_pointer();
        v.report(
            self.severity,
            &list.index(index).field(self.field),
            self.rule,
            format_args!("{} (first at {first_pointer})", self.message),
        );
    }
}

/// The values of one field across the items of a list, to report repeats (the `unique` rules).
/// The hash is fast but seeded per process, so crafted input cannot force collisions.
///
/// A key of 1 to 18 ASCII digits (a callee number, which is what a 200,000-item list repeats)
/// is held as one `u64`, so the table of a large list costs 16 bytes an item and no allocation;
/// any other key is held as text.
#[derive(Debug)]
pub struct Repeats {
    digits: HashMap<u64, u32, foldhash::fast::RandomState>,
    text: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
}

/// `key` as a number that no other key of at most 18 ASCII digits gives: the digits after a
/// leading 1, so that leading zeros count (`"046"` is 1046, `"46"` is 146). Callee numbers are
/// such keys: a table of them holds one `u64` each.
pub fn digits_key(key: &str) -> Option<u64> {
    let bytes = key.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(1u64, |n, b| n * 10 + u64::from(b - b'0')))
}

impl Repeats {
    /// Room for `n` items.
    pub fn with_capacity(n: usize) -> Self {
        Repeats {
            digits: HashMap::with_capacity_and_hasher(n, foldhash::fast::RandomState::default()),
            text: HashMap::with_hasher(foldhash::fast::RandomState::default()),
        }
    }

    /// Records `key`, the `unique.field` of item `index` of `list`. A repeat is reported at
    /// that item's field, naming where the value first appeared.
    pub fn check(&mut self, v: &mut Validator, list: &Path<'_>, index: usize, unique: &Unique, key: &str) {
        let at = u32::try_from(index).unwrap_or(u32::MAX);
        let first = match digits_key(key) {
            Some(n) => match self.digits.entry(n) {
                Entry::Occupied(first) => *first.get(),
                Entry::Vacant(slot) => {
                    slot.insert(at);
                    return;
                }
            },
            None => match self.text.get(key) {
                Some(first) => *first,
                None => {
                    self.text.insert(key.into(), at);
                    return;
                }
            },
        };
        unique.report(v, list, index, first as usize);
    }
}
