//! Tolerant decoding of the response envelope. ITNIO's pages disagree (quirks `envelope_names`
//! and `envelope_code_type`): the code is `code` or `status`, a string or a number; the message
//! is `msg` or `reason`; `data` may be null or absent. Nothing here panics on any input.

use crate::retry::ApiStatus;
use serde_json::Value;

/// Every member name the envelope may use; what else a body holds is payload.
pub const MEMBERS: [&str; 5] = ["code", "status", "msg", "reason", "data"];

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
    /// No `code` or `status` member.
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
            NotEnvelope::NoCode => "the body has no `code` or `status`",
            NotEnvelope::BadCode => "the body's code is not an integer",
        }
    }
}

/// Decodes a response body.
pub fn decode<S: ApiStatus>(body: &[u8]) -> Result<Envelope<S>, NotEnvelope> {
    let value: Value = serde_json::from_slice(body).map_err(|_| NotEnvelope::NotJson)?;
    let Value::Object(map) = &value else { return Err(NotEnvelope::NotObject) };
    let raw = map.get("code").or_else(|| map.get("status")).ok_or(NotEnvelope::NoCode)?;
    let code = match raw {
        Value::Number(n) => n.as_i64().ok_or(NotEnvelope::BadCode)?,
        Value::String(s) => s.trim().parse::<i64>().map_err(|_| NotEnvelope::BadCode)?,
        _ => return Err(NotEnvelope::BadCode),
    };
    let message = match map.get("msg").or_else(|| map.get("reason")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let data = match map.get("data") {
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
    use crate::retry::RetryClass;

    /// A status type of the test's own: the envelope knows no generated code.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    struct Code(i64);

    impl std::fmt::Display for Code {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}", self.0)
        }
    }

    impl ApiStatus for Code {
        type Category = ();
        fn category(self) -> Option<()> {
            None
        }
        fn from_code(code: i64) -> Self {
            Code(code)
        }
        fn code(self) -> i64 {
            self.0
        }
        fn message(self) -> &'static str {
            "test"
        }
        fn is_success(self) -> bool {
            self.0 == 0
        }
        fn retry_class(self) -> RetryClass {
            RetryClass::Never
        }
    }

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
