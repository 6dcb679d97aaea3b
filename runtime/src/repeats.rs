//! Repeated values across the items of a list (the `unique` rules), held compactly enough for
//! a 200,000-item list.

use crate::pointer::Path;
use crate::report::Severity;
use crate::validate::Validator;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

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
/// leading 1, so that leading zeros count (`"046"` is 1046, `"46"` is 146).
pub(crate) fn digits_key(key: &str) -> Option<u64> {
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

    /// Records `key`, the `field` of item `index` of `list`. A repeat is reported at that item's
    /// field, naming where the value first appeared.
    #[allow(clippy::too_many_arguments)]
    pub fn check(
        &mut self,
        v: &mut Validator,
        list: &Path<'_>,
        index: usize,
        field: &'static str,
        key: &str,
        severity: Severity,
        rule: &'static str,
        message: &str,
    ) {
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
        let first_pointer = list.index(first as usize).field(field).to_pointer();
        v.report(
            severity,
            &list.index(index).field(field),
            rule,
            format_args!("{message} (first at {first_pointer})"),
        );
    }
}
