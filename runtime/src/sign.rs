//! Request signing: `Sign` = lowercase hex MD5 of api key + api secret + `Timestamp` (epoch
//! seconds, the same value sent in the `Timestamp` header). The body is not signed.

use md5::{Digest, Md5};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A worked example of signing from an API's docs: these credentials at this time give this
/// `Sign`. The generated crate carries its API's one, and a test signs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningExample {
    /// The API key.
    pub api_key: &'static str,
    /// The API secret (a published example, not a credential).
    pub api_secret: &'static str,
    /// The `Timestamp`, epoch seconds.
    pub timestamp: i64,
    /// The `Sign` the docs give for them.
    pub sign: &'static str,
}

/// The API secret. It never appears in `Debug` output, error messages or logs; there is no
/// `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiSecret(String);

impl ApiSecret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        ApiSecret(secret.into())
    }

    /// The secret itself, for signing.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret(<redacted>)")
    }
}

impl From<String> for ApiSecret {
    fn from(s: String) -> Self {
        ApiSecret(s)
    }
}

impl From<&str> for ApiSecret {
    fn from(s: &str) -> Self {
        ApiSecret(s.to_owned())
    }
}

/// An account's API key (`Api-Key`, public) and secret (used only to sign).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The API key, sent in the `Api-Key` header.
    pub api_key: String,
    /// The API secret, never sent.
    pub api_secret: ApiSecret,
}

impl Credentials {
    /// Credentials from a key and a secret.
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Self {
        Credentials { api_key: api_key.into(), api_secret: api_secret.into() }
    }

    /// The `Sign` header for `timestamp` (epoch seconds).
    pub fn sign(&self, timestamp: u64) -> String {
        sign(&self.api_key, &self.api_secret, timestamp)
    }
}

/// Lowercase hex MD5 of `api_key + api_secret + timestamp`.
pub fn sign(api_key: &str, api_secret: &ApiSecret, timestamp: u64) -> String {
    sign_text(api_key, api_secret, &timestamp.to_string())
}

/// Lowercase hex MD5 of `api_key + api_secret + timestamp`, where `timestamp` is the text of
/// the `Timestamp` header as sent: the rule signs that text, so a server checks a request with
/// this (`01630468800` and `1630468800` sign differently).
pub fn sign_text(api_key: &str, api_secret: &ApiSecret, timestamp: &str) -> String {
    let mut md5 = Md5::new();
    md5.update(api_key.as_bytes());
    md5.update(api_secret.expose().as_bytes());
    md5.update(timestamp.as_bytes());
    let digest = md5.finalize();
    let mut hex = String::with_capacity(32);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    hex
}

/// Seconds since the Unix epoch now (0 if the clock is before 1970).
pub fn now_epoch_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_test_vector() {
        let c = Credentials::new("bDqJFiq9", "7bz1lzh9");
        assert_eq!(c.sign(1630468800), "05d7a50893e22a5c4bb3216ae3396c7c");
        assert_eq!(sign_text("bDqJFiq9", &"7bz1lzh9".into(), "1630468800"), c.sign(1630468800));
        assert_ne!(sign_text("bDqJFiq9", &"7bz1lzh9".into(), "01630468800"), c.sign(1630468800));
    }

    #[test]
    fn the_secret_is_redacted() {
        let c = Credentials::new("key", "s3cr3t-value");
        let shown = format!("{c:?} {:?}", c.api_secret);
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert!(shown.contains("key"));
    }
}
