//! What every store is: a [`Store`] takes a [`Push`] and says once it is durable what it did
//! ([`Stored`]) or why it could not ([`StoreError`]); what a store holds is read back as
//! [`StoredReport`]s, [`KeptRaw`] bodies and [`Totals`].

use bytes::Bytes;
use itnio_voice::StatusReport;
use std::fmt;
use std::future::Future;

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

    /// Whether the store can take writes now, for `GET /healthz`; the error says why not. The
    /// default says yes: a store that can tell (a database it can reach and write) overrides it.
    fn probe(&self) -> impl Future<Output = Result<(), StoreError>> + Send {
        std::future::ready(Ok(()))
    }
}

/// One stored report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    /// Its `voiceId`, the key it is stored under.
    pub voice_id: String,
    /// The report as received (its latest version), as JSON text.
    pub report: String,
    /// How many different versions of it arrived (1 when it never changed).
    pub versions: u64,
    /// When it first arrived, epoch milliseconds.
    pub first_received_ms: i64,
    /// When it last arrived (again, or as a new version), epoch milliseconds.
    pub last_received_ms: i64,
}

/// A body, or one report of it, that could not be stored as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptRaw {
    /// When it arrived, epoch milliseconds.
    pub received_ms: i64,
    /// Why it was kept raw.
    pub reason: String,
    /// The bytes as received.
    pub body: Vec<u8>,
}

/// What a store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Reports, one per `voiceId`.
    pub reports: u64,
    /// Later versions that replaced an earlier one.
    pub replaced: u64,
    /// Bodies and reports kept raw.
    pub kept_raw: u64,
}

/// Answers every push of a group commit: each with its own counts, or all with the one error.
pub(crate) fn answer_group(
    done: impl IntoIterator<Item = tokio::sync::oneshot::Sender<Result<Stored, StoreError>>>,
    outcome: Result<Vec<Stored>, StoreError>,
) {
    match outcome {
        Ok(stored) => {
            for (done, stored) in done.into_iter().zip(stored) {
                let _ = done.send(Ok(stored));
            }
        }
        Err(e) => {
            for done in done {
                let _ = done.send(Err(e.clone()));
            }
        }
    }
}
