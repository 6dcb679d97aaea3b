//! Documents that cannot be read at all: [`ParseError`] and the strict reader of answers and
//! pushes ([`from_json_slice`]).

use crate::pointer::{pointer_of, readable_pointer};
use crate::report::Violation;
use std::fmt;

/// Why a document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// JSON Pointer of the value that failed (`""` for the document).
    pub pointer: String,
    /// What failed, with serde_json's line and column.
    pub message: String,
    /// 1-based line of the failure.
    pub line: usize,
    /// 1-based column of the failure.
    pub column: usize,
    /// What kind of failure it is.
    pub kind: ParseErrorKind,
}

/// What kind of [`ParseError`] a document met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The bytes are not JSON (malformed text, end of input, invalid UTF-8).
    Syntax,
    /// Valid JSON that nests deeper than the reader follows ([`MAX_DEPTH`] levels).
    TooDeep,
    /// JSON of the wrong shape for a strict reader (answers and pushes; requests are read
    /// leniently and report such values as violations instead).
    Shape,
}

/// How deep the reader follows nested arrays and objects (serde_json's limit). The API's
/// documents nest a few levels; deeper ones are refused instead of overflowing the stack.
pub const MAX_DEPTH: usize = 128;

impl ParseError {
    /// Whether the bytes are not JSON at all.
    pub fn is_syntax(&self) -> bool {
        self.kind == ParseErrorKind::Syntax
    }

    /// The failure as a violation at its pointer.
    pub fn into_violation(self) -> Violation {
        let rule = match self.kind {
            ParseErrorKind::Syntax => "json.syntax",
            ParseErrorKind::TooDeep => "json.depth",
            ParseErrorKind::Shape => "json.type",
        };
        Violation { pointer: self.pointer, rule, message: self.message }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ParseErrorKind::Syntax => write!(f, "not JSON: {}", self.message),
            _ => write!(f, "{}: {}", readable_pointer(&self.pointer), self.message),
        }
    }
}

impl std::error::Error for ParseError {}

/// The document without a leading UTF-8 byte-order mark, which some editors write and RFC 8259
/// lets a reader ignore.
pub fn skip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Parses a JSON document into `T`, naming where it fails by JSON Pointer. Nesting deeper than
/// [`MAX_DEPTH`] is an error, not a stack overflow. Answers and pushes are read with it.
pub fn from_json_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let bytes = skip_bom(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let fast = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    let first = match fast {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    match tracked {
        Err(e) => Err(path_error(serde_path_to_error::Error::new(track.path(), e), bytes)),
        // Only trailing input is left to fail on.
        Ok(_) => Err(plain_error(String::new(), &de.end().err().unwrap_or(first), bytes)),
    }
}

/// The parse error of `e`, met reading `input`, at `pointer`. Its kind comes from serde_json's
/// category and, for nesting, from the bytes themselves, never from the message's text.
pub(crate) fn plain_error(pointer: String, e: &serde_json::Error, input: &[u8]) -> ParseError {
    let message = e.to_string();
    let kind = match e.classify() {
        serde_json::error::Category::Data => ParseErrorKind::Shape,
        _ if depth_at(input, byte_offset(input, e.line(), e.column())) >= MAX_DEPTH => {
            ParseErrorKind::TooDeep
        }
        _ => ParseErrorKind::Syntax,
    };
    let message = match kind {
        ParseErrorKind::TooDeep => format!(
            "nests deeper than {MAX_DEPTH} levels, the most this reader follows (line {}, column {})",
            e.line(),
            e.column()
        ),
        _ => message,
    };
    ParseError { pointer, message, line: e.line(), column: e.column(), kind }
}

/// The parse error of `e`, at the pointer of the path serde tracked.
pub(crate) fn path_error(e: serde_path_to_error::Error<serde_json::Error>, input: &[u8]) -> ParseError {
    plain_error(pointer_of(e.path()), e.inner(), input)
}

/// The byte offset of serde_json's 1-based line and column.
pub(crate) fn byte_offset(input: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match input[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + column.saturating_sub(1)).min(input.len().saturating_sub(1))
}

/// How many arrays and objects are open at `offset` (strings skipped): read only when a
/// document fails, to tell nesting too deep from other syntax errors.
fn depth_at(input: &[u8], offset: usize) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in input.iter().take(offset.saturating_add(1)) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}
