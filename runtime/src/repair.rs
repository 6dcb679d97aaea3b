//! Document repair: serde_json stops at two kinds of valid JSON that no Rust value holds, a
//! number beyond `f64` (`1e400`) and a string escape of half a surrogate pair (`"\ud800"`).
//! The request reader must not stop there (one such value is one violation, and the reading
//! goes on), so each is found in the bytes where reading stopped, replaced by a stand-in of the
//! same length, recorded at its pointer, and the document is read again. Which kind of value
//! it is, is read from the bytes, never from serde_json's message.

use crate::parse::{ParseError, ParseErrorKind, byte_offset, path_error, plain_error};
use crate::report::Unusable;
use serde::Deserializer;

/// One reading of a document; run again, from scratch, after each repair.
pub(crate) trait Attempt {
    /// What a reading gives.
    type Out;
    /// Reads the whole document from `d`.
    fn run<'de, D: Deserializer<'de>>(&mut self, d: D) -> Result<Self::Out, D::Error>;
}

/// The most repairs made to one document (each costs two readings of it) before its next
/// such value is reported as a parse error.
const MAX_REPAIRS: usize = 64;

/// Runs `attempt` over `bytes`. serde_json stops at two kinds of valid JSON that no Rust value
/// holds: a number beyond `f64` (`1e400`) and a string escape of half a surrogate pair
/// (`"\ud800"`). Each is replaced by a stand-in of the same length (`0`, `\uFFFD`), recorded at
/// its pointer, and the document is read again.
pub(crate) fn repaired<A: Attempt>(
    bytes: &[u8],
    attempt: &mut A,
) -> Result<(A::Out, Vec<Unusable>), ParseError> {
    let mut owned: Option<Vec<u8>> = None;
    let mut notes = Vec::new();
    loop {
        let input: &[u8] = owned.as_deref().unwrap_or(bytes);
        // Text checked as UTF-8 once, here, is read without checking each string again (a
        // seventh of the reading's work); the repairs keep it UTF-8. Other bytes are read as
        // they are, so that the error names the first bad byte's place.
        let text = std::str::from_utf8(input).ok();
        let first = match text {
            Some(text) => run_to_end(attempt, &mut serde_json::Deserializer::from_str(text)),
            None => run_to_end(attempt, &mut serde_json::Deserializer::from_slice(input)),
        };
        let first = match first {
            Ok(out) => return Ok((out, notes)),
            Err(e) => e,
        };
        let error = match text {
            Some(text) => tracked_error(attempt, serde_json::Deserializer::from_str(text), first, input),
            None => tracked_error(attempt, serde_json::Deserializer::from_slice(input), first, input),
        };
        let offset = byte_offset(input, error.line, error.column);
        let repair = match error.kind {
            ParseErrorKind::Syntax if notes.len() < MAX_REPAIRS => repair(input, offset),
            _ => None,
        };
        let Some((range, stand_in, rule, message)) = repair else { return Err(error) };
        let mut next = input.to_vec();
        next.splice(range, stand_in);
        owned = Some(next);
        notes.push(Unusable { pointer: error.pointer, rule, message });
    }
}

/// One reading of the whole text: the value, then nothing but whitespace.
fn run_to_end<'de, A: Attempt, R: serde_json::de::Read<'de>>(
    attempt: &mut A,
    de: &mut serde_json::Deserializer<R>,
) -> Result<A::Out, serde_json::Error> {
    let out = attempt.run(&mut *de)?;
    de.end()?;
    Ok(out)
}

/// Reads again, tracking the path, to say where the reading failed with `first`.
fn tracked_error<'de, A: Attempt, R: serde_json::de::Read<'de>>(
    attempt: &mut A,
    mut de: serde_json::Deserializer<R>,
    first: serde_json::Error,
    input: &[u8],
) -> ParseError {
    let mut track = serde_path_to_error::Track::new();
    let tracked = attempt.run(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    match tracked {
        Err(e) => path_error(serde_path_to_error::Error::new(track.path(), e), input),
        Ok(_) => plain_error(String::new(), &de.end().err().unwrap_or(first), input),
    }
}

type Repair = (std::ops::Range<usize>, Vec<u8>, &'static str, String);

/// The repair of the value at which reading stopped with a syntax error at `offset`, if it is
/// one of the two kinds of valid JSON serde_json cannot hold.
fn repair(input: &[u8], offset: usize) -> Option<Repair> {
    number_beyond_f64(input, offset).or_else(|| unpaired_surrogate(input, offset))
}

/// A number token around `offset` whose value is beyond `f64` (it reads as infinite).
fn number_beyond_f64(input: &[u8], offset: usize) -> Option<Repair> {
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E');
    let mut start = offset.min(input.len());
    while start > 0 && is_number(input[start - 1]) {
        start -= 1;
    }
    let mut end = start;
    while end < input.len() && is_number(input[end]) {
        end += 1;
    }
    let text = std::str::from_utf8(&input[start..end]).ok()?;
    if !text.parse::<f64>().is_ok_and(f64::is_infinite) {
        return None;
    }
    let mut stand_in = vec![b' '; end - start];
    stand_in[0] = b'0';
    let message = format!("is the number {text}, too large for any numeric type");
    Some((start..end, stand_in, "json.number_range", message))
}

/// A `\uD800`-`\uDFFF` escape just before `offset` that is not half of a pair: a high half
/// not followed by a low one, or a low half not preceded by a high one.
fn unpaired_surrogate(input: &[u8], offset: usize) -> Option<Repair> {
    let unit = |at: usize| -> Option<u16> {
        let backslashes = input[..=at].iter().rev().take_while(|&&b| b == b'\\').count();
        if input.get(at + 1) != Some(&b'u') || backslashes % 2 == 0 {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(input.get(at + 2..at + 6)?).ok()?, 16).ok()
    };
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let from = offset.saturating_sub(12);
    let to = (offset + 1).min(input.len());
    let escape = (from..to).rev().find(|&i| match unit(i) {
        Some(u) if high(u) => !unit(i + 6).is_some_and(low),
        Some(u) if low(u) => !(i >= 6 && unit(i - 6).is_some_and(high)),
        _ => false,
    })?;
    let text = String::from_utf8_lossy(&input[escape..escape + 6]).into_owned();
    let message = format!(
        "contains {text}, half of a UTF-16 surrogate pair without its other half, which is not a character"
    );
    Some((escape..escape + 6, b"\\uFFFD".to_vec(), "json.unpaired_surrogate", message))
}
