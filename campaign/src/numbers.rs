//! The plan's callee numbers, held compactly and in number order: a number of 1 to 18 digits is
//! one `u64` (the SDK's own repeat key), so that 250,000 rows cost 12 bytes each, repeats are
//! runs of equal keys, and the ledger is read in its index's order, one number after another,
//! without a table keyed by text.

use itnio_voice::repeats::digits_key;
use std::collections::HashMap;

/// A number of 1 to 18 digits ([`digits_key`]) and its row, in 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
struct Key {
    number: u64,
    row: u32,
}

/// Every row's callee number and time-zone cell.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    /// Every number of digits with its row, sorted once every row is in.
    digits: Vec<Key>,
    /// The numbers that are not 1 to 18 digits (each also an error of its row), with their rows.
    text: Vec<(Box<str>, u32)>,
    /// Each row's zone cell: 0 for none, else 1 + its index in `zone_names`. Empty when the
    /// campaign has no zone column.
    zones: Vec<u32>,
    zone_names: Vec<Box<str>>,
    zone_index: HashMap<Box<str>, u32>,
    /// Whether the rows have a zone column.
    has_zones: bool,
}

impl Numbers {
    /// Room for `rows` rows; `zones` says whether the rows have a zone column.
    pub(crate) fn with_capacity(rows: usize, zones: bool) -> Numbers {
        Numbers {
            digits: Vec::with_capacity(rows),
            zones: if zones { Vec::with_capacity(rows) } else { Vec::new() },
            has_zones: zones,
            ..Numbers::default()
        }
    }

    /// Adds row `row` (rows come in order, from 0).
    pub(crate) fn push(&mut self, row: usize, number: &str, zone: Option<&str>) {
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        match digits_key(number) {
            Some(number) => self.digits.push(Key { number, row }),
            None => self.text.push((number.into(), row)),
        }
        if self.has_zones {
            let id = match zone {
                None => 0,
                Some(name) => match self.zone_index.get(name) {
                    Some(id) => *id,
                    None => {
                        self.zone_names.push(name.into());
                        let id = self.zone_names.len() as u32;
                        self.zone_index.insert(name.into(), id);
                        id
                    }
                },
            };
            self.zones.push(id);
        }
    }

    /// Puts the numbers in order; call once every row is in.
    pub(crate) fn sort(&mut self) {
        // (number, row) pairs are distinct, so an unstable sort gives one order.
        self.digits.sort_unstable_by_key(|k| (k.number, k.row));
        self.text.sort_unstable();
    }

    /// Row `row`'s zone cell.
    pub(crate) fn zone(&self, row: u32) -> Option<&str> {
        match self.zones.get(row as usize) {
            Some(&id) if id > 0 => self.zone_names.get(id as usize - 1).map(|z| &**z),
            _ => None,
        }
    }

    /// Calls `f` with each distinct number, in order (numbers of digits first), and the rows that
    /// hold it, first row first; stops at the first error.
    pub(crate) fn each<E>(&self, mut f: impl FnMut(&str, &[u32]) -> Result<(), E>) -> Result<(), E> {
        let mut rows: Vec<u32> = Vec::new();
        let mut text = String::new();
        for run in self.digits.chunk_by(|a, b| a.number == b.number) {
            rows.clear();
            rows.extend(run.iter().map(|k| k.row));
            text.clear();
            // The key is the digits after a leading 1.
            use std::fmt::Write;
            let number = run[0].number;
            let _ = write!(text, "{number}");
            f(&text[1..], &rows)?;
        }
        for run in self.text.chunk_by(|a, b| a.0 == b.0) {
            rows.clear();
            rows.extend(run.iter().map(|&(_, r)| r));
            f(&run[0].0, &rows)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_back_in_order_with_their_rows_and_leading_zeros_kept() {
        let mut n = Numbers::with_capacity(5, true);
        n.push(0, "46700000002", Some("Europe/Stockholm"));
        n.push(1, "046700000002", None);
        n.push(2, "46700000002", Some("Europe/Stockholm"));
        n.push(3, "not a number", Some("Asia/Jakarta"));
        n.push(4, "1234567890123456789", None);
        n.sort();
        let mut seen = Vec::new();
        n.each(|number, rows| {
            seen.push((number.to_owned(), rows.to_vec()));
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                ("46700000002".to_owned(), vec![0, 2]),
                ("046700000002".to_owned(), vec![1]),
                ("1234567890123456789".to_owned(), vec![4]),
                ("not a number".to_owned(), vec![3]),
            ]
        );
        assert_eq!((n.zone(0), n.zone(1), n.zone(3)), (Some("Europe/Stockholm"), None, Some("Asia/Jakarta")));
    }
}
