#![deny(missing_docs)]
//! Receiving ITNIO's status-report pushes without losing one.
//!
//! ITNIO pushes the report of every call to a URL of yours. [`router`] gives an axum [`Router`]
//! to mount in your own app at a path of your choice; each push is parsed with
//! [`itnio_voice::parse_status_reports`], handed to a [`Store`], and answered 200 only after
//! the store says it is on disk. [`SqliteStore`] is such a store in one SQLite file:
//!
//! - **Durable before acknowledged.** A push is answered 200 only after the transaction holding
//!   its reports is committed (WAL, `synchronous=FULL`); killing the process at any moment loses
//!   no acknowledged report. Concurrent pushes share one commit (group commit).
//! - **Once.** Delivery is assumed at least once (ITNIO's retries are undocumented): a report is
//!   stored under its `voiceId`; the same report again changes nothing, a different version
//!   replaces the earlier one and is counted.
//! - **Nothing dropped.** A body that cannot be read as reports at all (not JSON, not an object
//!   or a list of them), and a report without a `voiceId`, is kept raw with the reason, then
//!   acknowledged (quirk `push_unreadable_body`): it is stored, and refusing it could only make
//!   ITNIO send it again or give up. One unreadable value never loses its report: it stays in the
//!   stored report as it was received.
//! - **Safe to expose.** Pushes are unsigned (quirk `push_undocumented`): mount the router at an
//!   unguessable path. Bodies over [`ReceiverConfig::max_body_bytes`] get 413, bodies slower
//!   than [`ReceiverConfig::body_timeout`] get 408; nothing panics on any input.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use itnio_receiver::{ReceiverConfig, SqliteStore, router};
//!
//! let store = SqliteStore::open("reports.db")?;
//! let app = router(store, "/itnio/7f3c9a2e", ReceiverConfig::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(())
//! # }
//! ```

mod sqlite;

pub use sqlite::{KeptRaw, SqliteStore, StoredReport, Totals};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use bytes::Bytes;
use http_body_util::BodyExt;
use itnio_voice::StatusReport;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// One push as received: its body, and the reports read from it (or why none could be).
#[derive(Debug, Clone)]
pub struct Push {
    /// When it was received, in milliseconds since the Unix epoch.
    pub received_at_ms: i64,
    /// The body, as received.
    pub body: Bytes,
    /// The reports, or why the body cannot be read as reports at all.
    pub reports: Result<Vec<StatusReport>, String>,
}

impl Push {
    /// Reads `body` as a push received at `received_at_ms`.
    pub fn read(body: Bytes, received_at_ms: i64) -> Self {
        let reports = itnio_voice::parse_status_reports(&body).map_err(|e| e.to_string());
        Push { received_at_ms, body, reports }
    }
}

/// What storing a push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    /// Reports seen for the first time.
    pub new: usize,
    /// Reports that replaced an earlier, different version.
    pub changed: usize,
    /// Reports stored before exactly as they are (a delivery repeated).
    pub unchanged: usize,
    /// Bodies or reports kept raw, with the reason (unreadable, or without `voiceId`).
    pub kept_raw: usize,
}

/// Why a store could not do what was asked; a push it could not store is answered 503, so
/// that ITNIO may send it again. Its cause (the database's own error) is its
/// [`source`](std::error::Error::source); `{:#}` prints the whole chain.
#[derive(Debug, Clone)]
pub struct StoreError {
    what: String,
    // Shared: a failed group commit answers every push it held with the same error.
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// An error with no underlying cause.
    pub fn new(what: impl Into<String>) -> Self {
        StoreError { what: what.into(), source: None }
    }

    /// An error caused by `source` (the database's own error, for example).
    pub fn caused_by(
        what: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        StoreError { what: what.into(), source: Some(std::sync::Arc::new(source)) }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)?;
        if f.alternate() {
            let mut next = std::error::Error::source(self);
            while let Some(cause) = next {
                write!(f, ": {cause}")?;
                next = cause.source();
            }
        }
        Ok(())
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Where pushes go. [`Store::store`] returns only once the push is durable: the receiver
/// acknowledges the push right after.
pub trait Store: Send + Sync + 'static {
    /// Stores `push` durably.
    fn store(&self, push: Push) -> impl Future<Output = Result<Stored, StoreError>> + Send;
}

/// Limits of the receiver.
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    /// The largest body accepted (413 above it). Default 16 MiB: a batch of reports is a few KB
    /// a report.
    pub max_body_bytes: usize,
    /// The longest a body may take to arrive (408 after it). Default 30 s.
    pub body_timeout: Duration,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        ReceiverConfig { max_body_bytes: 16 << 20, body_timeout: Duration::from_secs(30) }
    }
}

struct Shared<S> {
    store: S,
    config: ReceiverConfig,
}

/// An axum router that receives pushes at `path` (POST) into `store`. Mount it in your app, or
/// serve it on its own (`itnio receive` does).
pub fn router<S: Store>(store: S, path: &str, config: ReceiverConfig) -> Router {
    let shared = Arc::new(Shared { store, config });
    Router::new().route(path, post(receive::<S>)).with_state(shared)
}

async fn receive<S: Store>(State(shared): State<Arc<Shared<S>>>, body: Body) -> (StatusCode, &'static str) {
    let limited = http_body_util::Limited::new(body, shared.config.max_body_bytes);
    let bytes = match tokio::time::timeout(shared.config.body_timeout, limited.collect()).await {
        Err(_) => return (StatusCode::REQUEST_TIMEOUT, "the body took too long\n"),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            return (StatusCode::PAYLOAD_TOO_LARGE, "the body is too large\n");
        }
        Ok(Err(_)) => return (StatusCode::BAD_REQUEST, "the body could not be read\n"),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let push = Push::read(bytes, itnio_voice::client::now_epoch_millis());
    match shared.store.store(push).await {
        Ok(stored) => {
            tracing::info!(
                new = stored.new,
                changed = stored.changed,
                unchanged = stored.unchanged,
                kept_raw = stored.kept_raw,
                "push stored"
            );
            (StatusCode::OK, "ok\n")
        }
        Err(e) => {
            tracing::error!("the reports could not be stored: {e:#}");
            (StatusCode::SERVICE_UNAVAILABLE, "the reports could not be stored; send them again\n")
        }
    }
}
