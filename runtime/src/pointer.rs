//! JSON Pointers (RFC 6901): [`Path`], a location built on the stack and rendered only when a
//! violation is recorded, so validating 200,000 valid callees allocates nothing per callee; and
//! the pointer of a path serde tracked.

use std::fmt::Write as _;

/// A location inside a request, built without allocating; [`Path::to_pointer`] renders it as a
/// JSON Pointer (RFC 6901).
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself (pointer `""`).
    Root,
    /// A member of an object.
    Field(&'a Path<'a>, &'static str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
    /// A member of a map with a run-time key.
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    /// The member `name` of this object.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The element `index` of this array.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The member `key` of this map.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The JSON Pointer, e.g. `/numberInfoList/17/calleeNumber`.
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(parent, name) => {
                parent.write(out);
                push_segment(out, name);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                let _ = write!(out, "/{i}");
            }
            Path::Key(parent, key) => {
                parent.write(out);
                push_segment(out, key);
            }
        }
    }
}

/// Appends `/segment` with `~` and `/` escaped as RFC 6901 says.
pub fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// A JSON Pointer as a person reads it: the whole document's pointer is the empty string,
/// shown as `(document)`.
pub fn readable_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "(document)" } else { pointer }
}

/// The JSON Pointer of a serde path.
pub fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                let _ = write!(pointer, "/{index}");
            }
            serde_path_to_error::Segment::Map { key } => push_segment(&mut pointer, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// Orders pointers as documents are: segment by segment, list indexes as numbers.
pub(crate) fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let mut a = a.split('/');
    let mut b = b.split('/');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let o = if numeric(x) && numeric(y) {
                    x.len().cmp(&y.len()).then_with(|| x.cmp(y))
                } else {
                    x.cmp(y)
                };
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}
