//! What validation finds: [`Violation`]s in a [`Report`], the error an invalid request ends a
//! call with, and the values a reader could not use ([`Unusable`]).

use crate::pointer::{compare_pointers, readable_pointer};
use std::fmt;

/// One broken rule (an error) or one thing the server would silently change (a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer of the offending value (`""` for the whole document, as RFC 6901 says).
    pub pointer: String,
    /// The rule's stable id, e.g. `callee_number.digits` or `json.type` (the README lists the
    /// scheme); machine output carries it so tools need not parse messages.
    pub rule: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", readable_pointer(&self.pointer), self.message)
    }
}

/// `1 violation`, `2 violations`: a count and its noun, plural when the count is not one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Everything validation found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Broken rules: the server would reject the request (or a check the SDK adds to spare a
    /// round trip).
    pub errors: Vec<Violation>,
    /// Accepted, but the server would silently change or ignore something.
    pub warnings: Vec<Violation>,
}

impl Report {
    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(warnings)` when valid, else every error as a [`ValidationError`].
    pub fn into_result(self) -> Result<Vec<Violation>, ValidationError> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            Err(ValidationError { violations: self.errors })
        }
    }
}

/// A request broke one or more rules; every violation is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The violations, in document order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request is invalid ({})", count(self.violations.len(), "violation"))?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Whether a rule's violation is an error or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The request is invalid.
    Error,
    /// The server would silently change or ignore something.
    Warning,
}

/// A value of a request the reader could not use. Validation reports it as one error at its
/// pointer and nothing else at or below that pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// JSON Pointer of the value, relative to the object that holds this record.
    pub pointer: String,
    /// The rule's stable id (`json.type`, `json.integer_range`, `json.duplicate`, ...).
    pub rule: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Sorts violations by pointer, comparing list indexes as numbers, then by message: document
/// order within each list, and one order whichever way the document was read.
pub(crate) fn sort_by_pointer(list: &mut [Violation]) {
    let order = |a: &Violation, b: &Violation| {
        compare_pointers(&a.pointer, &b.pointer).then_with(|| a.message.cmp(&b.message))
    };
    if !list.is_sorted_by(|a, b| order(a, b).is_le()) {
        list.sort_by(order);
    }
}
