//! Tolerant decoding of the response envelope. An API's pages may spell its members more than
//! one way (the spellings come from the spec, through [`ApiStatus::ENVELOPE`]): the code is read
//! from whichever spelling's member is present, as a string or a number; so is the message;
//! the data member may be null or absent. Nothing here panics on any input.

use crate::retry::ApiStatus;
use serde_json::Value;

/// The member names of an API's answer envelope: every spelling its pages use, and the member
/// that carries the payload. Generated from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeMembers {
    /// The member that carries the payload.
    pub data: &'static str,
    /// The spellings of the code and message members, in the spec's order.
    pub spellings: &'static [Spelling],
}

/// One spelling of the envelope's code and message members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    /// The member that carries the status code.
    pub code: &'static str,
    /// The member that carries the message.
    pub message: &'static str,
}

impl EnvelopeMembers {
    /// Whether `name` is a member of the envelope in any spelling; what else a body holds is
    /// payload.
    pub fn is_member(&self, name: &str) -> bool {
        name == self.data || self.spellings.iter().any(|s| s.code == name || s.message == name)
    }
}

/// A decoded envelope, its code read as the status type `S`.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<S> {
    /// The status code.
    pub code: S,
    /// The server's message (`msg` or `reason`), if any.
    pub message: Option<String>,
    /// `data`, `None` when null or absent.
    pub data: Option<Value>,
    /// The whole body, for endpoints whose payload sits beside the code (the balance).
    pub body: Value,
}

/// Why a body is not an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotEnvelope {
    /// Not JSON at all.
    NotJson,
    /// JSON, but not an object.
    NotObject,
    /// No status code member in any spelling.
    NoCode,
    /// A `code`/`status` that is neither an integer nor a string holding one.
    BadCode,
}

impl NotEnvelope {
    /// The reason in words.
    pub fn describe(self) -> &'static str {
        match self {
            NotEnvelope::NotJson => "the body is not JSON",
            NotEnvelope::NotObject => "the body is not a JSON object",
            NotEnvelope::NoCode => "the body has no status code member",
            NotEnvelope::BadCode => "the body's code is not an integer",
        }
    }
}

/// Decodes a response body.
pub fn decode<S: ApiStatus>(body: &[u8]) -> Result<Envelope<S>, NotEnvelope> {
    let value: Value = serde_json::from_slice(body).map_err(|_| NotEnvelope::NotJson)?;
    let Value::Object(map) = &value else { return Err(NotEnvelope::NotObject) };
    let members = S::ENVELOPE;
    let raw = members.spellings.iter().find_map(|s| map.get(s.code)).ok_or(NotEnvelope::NoCode)?;
    let code = match raw {
        Value::Number(n) => n.as_i64().ok_or(NotEnvelope::BadCode)?,
        Value::String(s) => s.trim().parse::<i64>().map_err(|_| NotEnvelope::BadCode)?,
        _ => return Err(NotEnvelope::BadCode),
    };
    let message = match members.spellings.iter().find_map(|s| map.get(s.message)) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let data = match map.get(members.data) {
        None | Some(Value::Null) => None,
        Some(d) => Some(d.clone()),
    };
    Ok(Envelope { code: S::from_code(code), message, data, body: value })
}

/// The first bytes of a body as text, for error reports.
pub fn body_prefix(body: &[u8]) -> String {
    const MAX: usize = 256;
    let cut = &body[..body.len().min(MAX)];
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if body.len() > MAX {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_status::Code;

    fn decode(body: &[u8]) -> Result<Envelope<Code>, NotEnvelope> {
        super::decode(body)
    }

    #[test]
    fn every_documented_spelling() {
        for body in [
            r#"{"code":"0","msg":"success","data":123123}"#,
            r#"{"code":0,"msg":"success","data":123123}"#,
            r#"{"status":"0","reason":"success","data":123123}"#,
            r#"{"status":0,"reason":"success","data":123123}"#,
        ] {
            let e = decode(body.as_bytes()).unwrap();
            assert_eq!(e.code, Code(0), "{body}");
            assert_eq!(e.message.as_deref(), Some("success"));
            assert_eq!(e.data, Some(Value::from(123123)));
        }
        let e = decode(br#"{"code":"-16","msg":"Timestamp expires","data":null}"#).unwrap();
        assert_eq!(e.code, Code(-16));
        assert_eq!(e.data, None);
        let e = decode(br#"{"status":"-99"}"#).unwrap();
        assert_eq!(e.code, Code(-99));
    }

    #[test]
    fn what_is_not_an_envelope() {
        assert_eq!(decode(b"<html>502</html>"), Err(NotEnvelope::NotJson));
        assert_eq!(decode(b""), Err(NotEnvelope::NotJson));
        assert_eq!(decode(br#"{"code":"0","msg":"#), Err(NotEnvelope::NotJson));
        assert_eq!(decode(b"[1]"), Err(NotEnvelope::NotObject));
        assert_eq!(decode(br#"{"msg":"x"}"#), Err(NotEnvelope::NoCode));
        assert_eq!(decode(br#"{"code":"ok"}"#), Err(NotEnvelope::BadCode));
        assert_eq!(decode(br#"{"code":1.5}"#), Err(NotEnvelope::BadCode));
        assert_eq!(decode(br#"{"code":99999999999999999999}"#), Err(NotEnvelope::BadCode));
    }

    #[test]
    fn prefixes_are_cut_on_any_byte() {
        let body = "é".repeat(200);
        let p = body_prefix(body.as_bytes());
        assert!(p.ends_with('…'));
        assert_eq!(body_prefix(b"short"), "short");
    }
}
