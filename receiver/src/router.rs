//! The HTTP side: the push path, and the operator's `GET /healthz` and `GET /metrics`, which
//! never share the push path (it is the only secret of an unsigned push).

use crate::{Push, Store, StoreError, Stored};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::BodyExt;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Limits of the receiver.
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    /// The largest body accepted (413 above it). Default 16 MiB: a batch of reports is a few KB
    /// a report.
    pub max_body_bytes: usize,
    /// The longest a body may take to arrive (408 after it). Default 30 s.
    pub body_timeout: Duration,
    /// How long `GET /healthz` still reports a failed commit when nothing has been stored since.
    /// Default 30 s.
    pub failure_memory: Duration,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        ReceiverConfig {
            max_body_bytes: 16 << 20,
            body_timeout: Duration::from_secs(30),
            failure_memory: Duration::from_secs(30),
        }
    }
}

/// The paths of the operator's routes ([`Receiver::ops_router`]).
pub const OPS_PATHS: [&str; 2] = ["/healthz", "/metrics"];

/// How long the store's probe may take before `GET /healthz` answers 503.
const PROBE_WITHIN: Duration = Duration::from_secs(5);

type Labels = Vec<(&'static str, &'static str)>;

struct Metrics {
    registry: Registry,
    pushes: Counter,
    reports: Family<Labels, Counter>,
    kept_raw: Counter,
    refused: Family<Labels, Counter>,
    commit_seconds: Histogram,
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("itnio_receiver");
        let pushes = Counter::default();
        let reports = Family::<Labels, Counter>::default();
        let kept_raw = Counter::default();
        let refused = Family::<Labels, Counter>::default();
        // 1 ms to about 16 s.
        let commit_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 15));
        registry.register("pushes_received", "Pushes whose body was read", pushes.clone());
        registry.register(
            "reports",
            "Reports stored, by outcome: new, changed (a different version replaced the earlier one) or unchanged (a delivery repeated)",
            reports.clone(),
        );
        registry.register(
            "kept_raw",
            "Bodies and reports kept raw because they could not be read as reports",
            kept_raw.clone(),
        );
        registry.register(
            "pushes_refused",
            "Pushes answered with an error status, by status",
            refused.clone(),
        );
        registry.register(
            "commit_seconds",
            "Time from a push's body read to its reports committed (acknowledged pushes)",
            commit_seconds.clone(),
        );
        Metrics { registry, pushes, reports, kept_raw, refused, commit_seconds }
    }

    fn stored(&self, stored: &Stored, took: Duration) {
        for (outcome, n) in
            [("new", stored.new), ("changed", stored.changed), ("unchanged", stored.unchanged)]
        {
            self.reports.get_or_create(&vec![("outcome", outcome)]).inc_by(n as u64);
        }
        self.kept_raw.inc_by(stored.kept_raw as u64);
        self.commit_seconds.observe(took.as_secs_f64());
    }

    fn refused(&self, status: StatusCode) {
        let status = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "413",
            StatusCode::REQUEST_TIMEOUT => "408",
            StatusCode::SERVICE_UNAVAILABLE => "503",
            _ => "400",
        };
        self.refused.get_or_create(&vec![("status", status)]).inc();
    }
}

struct Shared<S> {
    store: S,
    config: ReceiverConfig,
    metrics: Metrics,
    /// The last failed store, while no push has been stored since.
    last_failure: Mutex<Option<(Instant, String)>>,
}

/// A receiver: a store, its limits and its counters, served as routers. Clones share all three.
pub struct Receiver<S> {
    shared: Arc<Shared<S>>,
}

impl<S> Clone for Receiver<S> {
    fn clone(&self) -> Self {
        Receiver { shared: self.shared.clone() }
    }
}

impl<S: Store> Receiver<S> {
    /// A receiver storing into `store`.
    pub fn new(store: S, config: ReceiverConfig) -> Self {
        let shared = Shared { store, config, metrics: Metrics::new(), last_failure: Mutex::new(None) };
        Receiver { shared: Arc::new(shared) }
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.shared.store
    }

    /// A router that receives pushes at `path` (POST). Mount it in your app, or serve it on its
    /// own (`itnio receive` does).
    pub fn push_router(&self, path: &str) -> Router {
        Router::new().route(path, post(receive::<S>)).with_state(self.shared.clone())
    }

    /// `GET /healthz` (200 when the store takes writes, 503 with the reason otherwise) and
    /// `GET /metrics` (the counters in the Prometheus text format, OpenMetrics flavour). Serve it
    /// on an address of its own, or merge it into the push router: its paths are
    /// [`OPS_PATHS`], never the push path.
    pub fn ops_router(&self) -> Router {
        Router::new()
            .route(OPS_PATHS[0], get(healthz::<S>))
            .route(OPS_PATHS[1], get(metrics::<S>))
            .with_state(self.shared.clone())
    }

    /// The metrics, as `GET /metrics` serves them.
    pub fn metrics_text(&self) -> String {
        render(&self.shared.metrics)
    }

    /// Whether the store takes writes, as `GET /healthz` says it.
    pub async fn health(&self) -> Result<(), StoreError> {
        health(&self.shared).await
    }
}

/// An axum router that receives pushes at `path` (POST) into `store`: the push route of a
/// [`Receiver`], for an app that needs neither health nor metrics.
pub fn router<S: Store>(store: S, path: &str, config: ReceiverConfig) -> Router {
    Receiver::new(store, config).push_router(path)
}

fn refuse<S>(
    shared: &Shared<S>,
    status: StatusCode,
    reason: &str,
    body: &'static str,
) -> (StatusCode, &'static str) {
    shared.metrics.refused(status);
    tracing::error!(status = status.as_u16(), "push refused: {reason}");
    (status, body)
}

async fn receive<S: Store>(State(shared): State<Arc<Shared<S>>>, body: Body) -> (StatusCode, &'static str) {
    let limited = http_body_util::Limited::new(body, shared.config.max_body_bytes);
    let bytes = match tokio::time::timeout(shared.config.body_timeout, limited.collect()).await {
        Err(_) => {
            let reason = format!("the body took longer than {:?} to arrive", shared.config.body_timeout);
            return refuse(&shared, StatusCode::REQUEST_TIMEOUT, &reason, "the body took too long\n");
        }
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            let reason = format!("the body is over {} bytes", shared.config.max_body_bytes);
            return refuse(&shared, StatusCode::PAYLOAD_TOO_LARGE, &reason, "the body is too large\n");
        }
        Ok(Err(e)) => {
            let reason = format!("the body could not be read: {e}");
            return refuse(&shared, StatusCode::BAD_REQUEST, &reason, "the body could not be read\n");
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    shared.metrics.pushes.inc();
    let size = bytes.len();
    let push = Push::read(bytes, itnio_voice::client::now_epoch_millis());
    let started = Instant::now();
    match shared.store.store(push).await {
        Ok(stored) => {
            let took = started.elapsed();
            shared.metrics.stored(&stored, took);
            *lock(&shared.last_failure) = None;
            tracing::info!(
                bytes = size,
                new = stored.new,
                changed = stored.changed,
                unchanged = stored.unchanged,
                kept_raw = stored.kept_raw,
                commit_ms = took.as_millis() as u64,
                "push stored"
            );
            (StatusCode::OK, "ok\n")
        }
        Err(e) => {
            let reason = format!("the reports could not be stored: {e:#}");
            *lock(&shared.last_failure) = Some((Instant::now(), reason.clone()));
            refuse(
                &shared,
                StatusCode::SERVICE_UNAVAILABLE,
                &reason,
                "the reports could not be stored; send them again\n",
            )
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere never leaves this state half-written: it is one assignment.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn health<S: Store>(shared: &Shared<S>) -> Result<(), StoreError> {
    match tokio::time::timeout(PROBE_WITHIN, shared.store.probe()).await {
        Err(_) => return Err(StoreError::new(format!("the store did not answer within {PROBE_WITHIN:?}"))),
        Ok(Err(e)) => return Err(e),
        Ok(Ok(())) => {}
    }
    match &*lock(&shared.last_failure) {
        Some((at, reason)) if at.elapsed() < shared.config.failure_memory => Err(StoreError::new(format!(
            "{reason} ({} s ago, and nothing stored since)",
            at.elapsed().as_secs()
        ))),
        _ => Ok(()),
    }
}

async fn healthz<S: Store>(State(shared): State<Arc<Shared<S>>>) -> (StatusCode, String) {
    match health(&shared).await {
        Ok(()) => (StatusCode::OK, "ok\n".to_owned()),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, format!("unavailable: {e:#}\n")),
    }
}

fn render(metrics: &Metrics) -> String {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = encode(&mut text, &metrics.registry);
    text
}

async fn metrics<S: Store>(State(shared): State<Arc<Shared<S>>>) -> Response {
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(header::CONTENT_TYPE, content_type)], render(&shared.metrics)).into_response()
}
