#![deny(missing_docs)]
//! Receiving ITNIO's status-report pushes without losing one.
//!
//! ITNIO pushes the report of every call to a URL of yours. [`router`] gives an axum [`Router`](axum::Router)
//! to mount in your own app at a path of your choice; each push is parsed with
//! [`itnio_voice::parse_status_reports`], handed to a [`Store`], and answered 200 only after
//! the store says it is on disk. [`SqliteStore`] is such a store in one SQLite file, and
//! [`PostgresStore`] one in a PostgreSQL database that any number of receivers share (behind a
//! load balancer, say); both keep the same promises:
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
//! - **Refused when not stored.** A push the store cannot commit (the database unreachable,
//!   read-only, full) is answered 503, so that ITNIO may send it again; the receiver keeps
//!   serving, and stores again as soon as the database does.
//! - **Watched.** [`Receiver::ops_router`] serves `GET /healthz` (200 when the store takes
//!   writes, 503 with the reason) and `GET /metrics` (pushes, reports new/changed/unchanged,
//!   bodies kept raw, pushes refused by status, commit latency), never on the push path. Every
//!   refused push is logged at error level with its reason, every stored push at info level
//!   with its counts (`tracing`).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use itnio_receiver::{Receiver, ReceiverConfig, SqliteStore};
//!
//! let store = SqliteStore::open("reports.db")?;
//! let receiver = Receiver::new(store, ReceiverConfig::default());
//! let app = receiver.push_router("/itnio/7f3c9a2e").merge(receiver.ops_router());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(())
//! # }
//! ```

pub mod dashboard;
mod database;
mod decimal;
mod mask;
mod postgres;
pub mod reconcile;
mod router;
mod sqlite;
mod store;

pub use database::{AnyStore, Database, Reader};
pub use decimal::DecimalSum;
pub use mask::mask;
pub use postgres::{PostgresOptions, PostgresStore};
pub use router::{OPS_PATHS, Receiver, ReceiverConfig, router};
pub use sqlite::SqliteStore;
pub use store::{KeptRaw, Push, Store, StoreError, Stored, StoredReport, Totals};
