//! Reading the bodies ITNIO pushes to your own URL. The generated parsers (such as
//! `parse_status_reports`) call [`parse_batch`]; the types come from `spec/pushes/`.

use crate::parse::ParseError;
use serde::de::DeserializeOwned;

/// Reads a push body: a JSON array of `T`, or a single `T` object (read as a list of one). An
/// error names where the body fails, by JSON Pointer.
pub fn parse_batch<T: DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, ParseError> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return crate::parse::from_json_slice::<T>(body).map(|one| vec![one]);
    }
    crate::parse::from_json_slice::<Vec<T>>(body)
}
