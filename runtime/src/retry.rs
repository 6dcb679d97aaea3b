//! What the retry policy knows about a status code, without naming any: generated status
//! enums implement [`ApiStatus`], and the client matches on their [`RetryClass`].

use std::fmt;

/// How the client treats an answer with a status code; each code's class comes from the spec
/// (`spec/status_codes.yaml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// Sending the same request again cannot help.
    Never,
    /// The signature's timestamp was stale: re-sign with a fresh one and send again at once.
    Resign,
    /// The server failed and the request's effect is unknown: like a lost answer, retried after
    /// a backoff only when the operation is safe to repeat or carries an idempotency key.
    Backoff,
    /// Retried with backoff only when the caller's policy asks for it.
    OptIn,
}

impl RetryClass {
    /// The class's name in the spec.
    pub const fn id(self) -> &'static str {
        match self {
            RetryClass::Never => "never",
            RetryClass::Resign => "resign",
            RetryClass::Backoff => "backoff",
            RetryClass::OptIn => "opt_in",
        }
    }
}

impl fmt::Display for RetryClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A status code of the API's envelope, as the runtime sees it. Implemented by the generated
/// status enum; codes the docs do not list must still be representable.
pub trait ApiStatus: Copy + Eq + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// The kinds of failure the spec sorts codes into.
    type Category;
    /// The member names of the envelope that carries these codes.
    const ENVELOPE: &'static crate::envelope::EnvelopeMembers;
    /// The status for a wire value (an undocumented one included).
    fn from_code(code: i64) -> Self;
    /// The wire value.
    fn code(self) -> i64;
    /// The documented message, used when the server sends none.
    fn message(self) -> &'static str;
    /// Whether this is the success code.
    fn is_success(self) -> bool;
    /// How the client's retry policy treats this answer.
    fn retry_class(self) -> RetryClass;
    /// The kind of failure; `None` for the success code and for codes the docs do not list.
    fn category(self) -> Option<Self::Category>;
}

/// Declares what every generated status enum shares, from its inherent `from_code`, `code`,
/// `message`, `is_success`, `retry_class` and `category`: `From<i64>`, [`ApiStatus`] (with the
/// envelope's member names), `Display`, and the crate's `Error` and `ApiError` aliases.
#[macro_export]
#[doc(hidden)]
macro_rules! api_status {
    ($status:ident, $category:ident, $envelope:path) => {
        impl $status {
            /// The status code for a wire value: a documented one, or `Unknown`.
            pub const fn from_code(code: i64) -> Self {
                match $crate::find_integer_code!(Self::DOCUMENTED, code) {
                    Some(status) => status,
                    None => Self::Unknown(code),
                }
            }
        }

        impl ::core::convert::From<i64> for $status {
            fn from(code: i64) -> Self {
                Self::from_code(code)
            }
        }

        impl $crate::retry::ApiStatus for $status {
            type Category = $category;
            const ENVELOPE: &'static $crate::envelope::EnvelopeMembers = &$envelope;
            fn from_code(code: i64) -> Self {
                Self::from_code(code)
            }
            fn code(self) -> i64 {
                self.code()
            }
            fn message(self) -> &'static str {
                self.message()
            }
            fn is_success(self) -> bool {
                self.is_success()
            }
            fn retry_class(self) -> $crate::retry::RetryClass {
                self.retry_class()
            }
            fn category(self) -> ::core::option::Option<$category> {
                self.category()
            }
        }

        impl ::core::fmt::Display for $status {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.is_unknown() {
                    true => write!(f, "unknown status code {}", self.code()),
                    false => f.write_str(self.message()),
                }
            }
        }

        /// Why a call did not succeed, with this API's status codes.
        pub type Error = $crate::error::Error<$status>;

        /// An error answer of the API, with this API's status codes.
        pub type ApiError = $crate::error::ApiError<$status>;
    };
}
