//! What a call can end with, other than success. Generic over the status type `S` (the
//! generated `StatusCode`, which the crate root names in its `Error` and `ApiError` aliases).

use crate::report::ValidationError;
use crate::retry::{ApiStatus, RetryClass};
use std::fmt;

/// An error answer of the API: its status code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError<S> {
    /// The status code; a code the docs do not list is kept as it was received.
    pub status: S,
    /// The server's message (`msg` or `reason`), or the documented text when it sent none.
    pub message: String,
}

impl<S: ApiStatus> ApiError<S> {
    /// Whether sending the same request again can succeed (its retry class is not `never`).
    pub fn is_retryable(&self) -> bool {
        self.status.retry_class() != RetryClass::Never
    }

    /// The kind of failure.
    pub fn category(&self) -> Option<S::Category> {
        self.status.category()
    }
}

impl<S: ApiStatus> fmt::Display for ApiError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ITNIO answered {}: {}", self.status.code(), self.message)
    }
}

/// What the client saw when it looked for what an attempt whose answer was lost created (the
/// operation's recovery in the spec: for task creation, the task list searched by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The operation has no lookup.
    NotMade,
    /// No record carries the name.
    NoMatch,
    /// This many records carry the name exactly (or one does, without a readable ID).
    Ambiguous(usize),
    /// The lookup itself failed, so nothing is known.
    Failed(String),
}

impl fmt::Display for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lookup::NotMade => f.write_str("no lookup was made"),
            Lookup::NoMatch => f.write_str("the lookup found no task of that name"),
            Lookup::Ambiguous(n) => {
                write!(f, "the lookup found {n} records of that name, not one with an ID")
            }
            Lookup::Failed(why) => write!(f, "the lookup failed: {why}"),
        }
    }
}

/// Why a call did not succeed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<S> {
    /// The request breaks the spec; nothing was sent.
    Invalid(ValidationError),
    /// The API answered with an error code.
    Api(ApiError<S>),
    /// A retry after an attempt whose outcome was unknown (timeout, dropped connection after
    /// the body was sent, or a server failure) was answered with the operation's duplicate-name
    /// code (-41 for task creation): the task may already have been created under this name by
    /// that attempt, and the lookup for it (see `lookup`) could not decide. Check the task list
    /// before creating it again under another name.
    MayAlreadyExist {
        /// The task name (the idempotency key).
        task_name: String,
        /// The duplicate-name answer.
        answer: ApiError<S>,
        /// What the lookup for the task saw.
        lookup: Lookup,
    },
    /// The connection failed. `request_sent` tells whether the request may have reached the
    /// server (then the outcome is unknown).
    Transport {
        /// What failed.
        message: String,
        /// Whether the request may have reached the server.
        request_sent: bool,
    },
    /// No answer within the configured timeout; the request may have reached the server.
    Timeout,
    /// The answer was not the API's JSON envelope (a proxy's HTML page, a truncated body, an
    /// unexpected HTTP status).
    UnexpectedResponse {
        /// The HTTP status.
        http_status: u16,
        /// What was wrong.
        reason: String,
        /// The first bytes of the body.
        body_prefix: String,
    },
    /// The client could not be built or the request could not be encoded.
    Config(String),
}

impl<S: ApiStatus> Error<S> {
    /// The API's status code, for [`Error::Api`] and [`Error::MayAlreadyExist`].
    pub fn status(&self) -> Option<S> {
        match self {
            Error::Api(e) | Error::MayAlreadyExist { answer: e, .. } => Some(e.status),
            _ => None,
        }
    }

    /// Whether the request may have been carried out although no success was seen.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            Error::Timeout | Error::MayAlreadyExist { .. } | Error::Transport { request_sent: true, .. }
        )
    }
}

impl<S: ApiStatus> fmt::Display for Error<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(e) => write!(f, "not sent: {e}"),
            Error::Api(e) => e.fmt(f),
            Error::MayAlreadyExist { task_name, answer, lookup } => write!(
                f,
                "the task may already have been created under the name `{task_name}` by an earlier attempt whose answer was lost ({answer}); {lookup}"
            ),
            Error::Transport { message, request_sent: false } => write!(f, "could not connect: {message}"),
            Error::Transport { message, request_sent: true } => {
                write!(f, "the connection failed after the request was sent (outcome unknown): {message}")
            }
            Error::Timeout => f.write_str("no answer within the timeout (outcome unknown)"),
            Error::UnexpectedResponse { http_status, reason, body_prefix } => {
                write!(
                    f,
                    "unexpected response (HTTP {http_status}): {reason}; body starts with {body_prefix:?}"
                )
            }
            Error::Config(m) => write!(f, "client configuration: {m}"),
        }
    }
}

impl<S: ApiStatus> std::error::Error for Error<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Invalid(e) => Some(e),
            _ => None,
        }
    }
}
