//! The live campaign page: the tasks a receiver's database holds, newest first, with progress,
//! successes and failures, intents, billed minutes and exact cost sums, reports arriving per
//! minute and, where the task list can be read, called counts and the reconcile verdict. It is
//! served by the process itself (no CDN, fonts or scripts from elsewhere), updates while
//! reports arrive (long polling: `main` is replaced, the page is not reloaded), and masks callee
//! numbers unless told otherwise. Serve it on an address of its own, never on the push path.

mod page;
mod summary;

use crate::{Database, StoreError};
use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use summary::Summary;
use tokio::sync::watch;

/// How the page is served.
#[derive(Clone)]
pub struct DashboardOptions {
    /// Show callee numbers in full instead of masked (`6281****7890`).
    pub show_numbers: bool,
    /// A token every request must carry (`Authorization: Bearer`, the `itnio_token` cookie, or
    /// `?token=` once, which sets the cookie). Required when the page is served on anything but
    /// a loopback address.
    pub token: Option<String>,
    /// How often the database is read for reports that arrived. Default 1 s.
    pub refresh: Duration,
    /// A client whose task list gives called counts and reconcile verdicts (read every
    /// `task_list_every`), or none.
    pub task_list: Option<itnio_voice::Client>,
    /// How often the task list is read. Default 30 s.
    pub task_list_every: Duration,
}

impl Default for DashboardOptions {
    fn default() -> Self {
        DashboardOptions {
            show_numbers: false,
            token: None,
            refresh: Duration::from_secs(1),
            task_list: None,
            task_list_every: Duration::from_secs(30),
        }
    }
}

impl std::fmt::Debug for DashboardOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DashboardOptions")
            .field("show_numbers", &self.show_numbers)
            .field("token", &self.token.as_ref().map(|_| "(set)"))
            .field("refresh", &self.refresh)
            .field("task_list", &self.task_list.is_some())
            .finish()
    }
}

/// How long a long poll waits for a change before it answers with what there is.
const LONG_POLL: Duration = Duration::from_secs(25);

/// Reports that arrived up to this long before the newest one seen are read again: a push is
/// stamped when it arrives and committed later (at most the commit timeout, 30 s), so a row can
/// appear with a time before one already read.
const LATE_COMMIT_MS: i64 = 35_000;

struct Shared {
    summary: Mutex<Summary>,
    version: watch::Sender<u64>,
    options: DashboardOptions,
    /// The last read of the database that failed, shown on the page.
    last_error: Mutex<Option<String>>,
}

/// A running page: a task that keeps a summary of the database, and the router that serves it.
/// Dropping every clone of it (and its routers) stops the task.
#[derive(Clone)]
pub struct Dashboard {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Dashboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dashboard").field("options", &self.shared.options).finish_non_exhaustive()
    }
}

impl Dashboard {
    /// Reads `db` now (every report), then keeps reading what arrives. Must be called inside a
    /// Tokio runtime.
    ///
    /// # Errors
    /// When the database cannot be read at all (it does not exist, or is not a receiver's).
    pub async fn start(db: Database, options: DashboardOptions) -> Result<Dashboard, StoreError> {
        let mut summary = Summary::default();
        summary.apply(&db.reports().await?);
        let (version, _) = watch::channel(1);
        let shared =
            Arc::new(Shared { summary: Mutex::new(summary), version, options, last_error: Mutex::new(None) });
        tokio::spawn(refresh(Arc::downgrade(&shared), db));
        if let Some(client) = shared.options.task_list.clone() {
            tokio::spawn(read_task_list(Arc::downgrade(&shared), client));
        }
        Ok(Dashboard { shared })
    }

    /// The page's routes: `/` (every task), `/task/{id}` (one task's reports; `none` for
    /// reports without a task ID), and their long-poll twins under `/live`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/", get(overview))
            .route("/live", get(overview_live))
            .route("/task/{id}", get(task))
            .route("/live/task/{id}", get(task_live))
            .route(page::STYLE_PATH, get(|| async { asset("text/css; charset=utf-8", page::STYLE) }))
            .route(page::SCRIPT_PATH, get(|| async { asset("text/javascript; charset=utf-8", page::SCRIPT) }))
            .layer(middleware::from_fn_with_state(self.shared.clone(), authorize))
            .with_state(self.shared.clone())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn now_ms() -> i64 {
    itnio_voice::client::now_epoch_millis()
}

async fn refresh(shared: std::sync::Weak<Shared>, db: Database) {
    let mut reader = crate::Reader::new(db.clone());
    loop {
        let Some(strong) = shared.upgrade() else { return };
        let every = strong.options.refresh;
        let since = lock(&strong.summary).newest_ms.saturating_sub(LATE_COMMIT_MS);
        match reader.reports_changed_since(since).await {
            Ok(changed) => {
                *lock(&strong.last_error) = None;
                if lock(&strong.summary).apply(&changed) {
                    strong.version.send_modify(|v| *v += 1);
                }
            }
            Err(e) => {
                tracing::warn!("the page could not read {db}: {e:#}");
                *lock(&strong.last_error) = Some(format!("{e:#}"));
            }
        }
        drop(strong);
        tokio::time::sleep(every).await;
    }
}

async fn read_task_list(shared: std::sync::Weak<Shared>, client: itnio_voice::Client) {
    use itnio_voice::{LocalDateTime, TaskQueryParams, TaskQueryRequest, page_number, page_size};
    loop {
        let Some(strong) = shared.upgrade() else { return };
        let every = strong.options.task_list_every;
        let day = 86_400_000;
        let at = |ms| {
            LocalDateTime::at_epoch_millis(ms).unwrap_or(itnio_voice::local_date_time!("2000-01-01 00:00:00"))
        };
        let params =
            TaskQueryParams::builder().str_time(at(now_ms() - 30 * day)).end_time(at(now_ms() + day)).build();
        let query =
            TaskQueryRequest::builder().current(page_number!(1)).size(page_size!(100)).params(params).build();
        match client.task_query_all_pages(&query).await {
            Ok(records) => {
                lock(&strong.summary).set_task_list(&records, now_ms());
                strong.version.send_modify(|v| *v += 1);
            }
            Err(e) => tracing::warn!("the page could not read the task list: {e}"),
        }
        drop(strong);
        tokio::time::sleep(every).await;
    }
}

/// The token, compared in constant time, from the header, the cookie, or the query (which
/// then sets the cookie and drops the token from the address).
async fn authorize(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let Some(expected) = shared.options.token.as_deref() else { return next.run(request).await };
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let cookie = cookie(headers, "itnio_token");
    if [bearer, cookie.as_deref()].into_iter().flatten().any(|t| same(t, expected)) {
        return next.run(request).await;
    }
    let query: HashMap<String, String> =
        request.uri().query().map(|q| url_pairs(q).collect()).unwrap_or_default();
    if query.get("token").is_some_and(|t| same(t, expected)) {
        let path = request.uri().path().to_owned();
        let cookie = format!("itnio_token={expected}; HttpOnly; SameSite=Strict; Path=/");
        return ([(header::SET_COOKIE, cookie)], Redirect::to(&path)).into_response();
    }
    (StatusCode::UNAUTHORIZED, "this page needs its token: open the address `itnio` printed (with ?token=)\n")
        .into_response()
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
}

/// `a=b&c=d` pairs; the token is hex, so no percent-decoding is needed for it.
fn url_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        Some((k.to_owned(), v.to_owned()))
    })
}

fn with_error(shared: &Shared, html: String) -> String {
    match &*lock(&shared.last_error) {
        Some(e) => format!(
            "<p class=\"bad\" role=\"alert\">The database could not be read: {}</p>{html}",
            page::escape(e)
        ),
        None => html,
    }
}

fn overview_html(shared: &Shared) -> String {
    with_error(shared, page::overview(&lock(&shared.summary), now_ms()))
}

fn parse_task(id: &str) -> Result<Option<i64>, StatusCode> {
    if id == "none" {
        return Ok(None);
    }
    id.parse().map(Some).map_err(|_| StatusCode::NOT_FOUND)
}

fn task_html(shared: &Shared, task: Option<i64>, page: usize) -> Option<String> {
    let html = page::task_page(&lock(&shared.summary), task, page, shared.options.show_numbers)?;
    Some(with_error(shared, html))
}

#[derive(serde::Deserialize)]
struct Params {
    v: Option<u64>,
    page: Option<usize>,
}

fn no_store(html: String) -> Response {
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::CONTENT_SECURITY_POLICY, page::CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    (headers, Html(html)).into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

async fn overview(State(shared): State<Arc<Shared>>) -> Response {
    let version = *shared.version.borrow();
    no_store(page::layout("ITNIO campaigns", &overview_html(&shared), "/live", version))
}

async fn task(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let task = match parse_task(&id) {
        Ok(t) => t,
        Err(status) => return (status, "no such task\n").into_response(),
    };
    let page = params.page.unwrap_or(0);
    let version = *shared.version.borrow();
    match task_html(&shared, task, page) {
        Some(html) => {
            let live =
                format!("/live/task/{id}{}", if page > 0 { format!("?page={page}") } else { String::new() });
            no_store(page::layout(&format!("Task {id}"), &html, &live, version))
        }
        None => (StatusCode::NOT_FOUND, "no reports or task list entry for this task\n").into_response(),
    }
}

/// Waits until the page's version is past `seen` (or the long poll's time is up).
async fn changed(shared: &Shared, seen: Option<u64>) -> u64 {
    let mut watch = shared.version.subscribe();
    let past = |v: &u64| seen.is_none_or(|seen| *v != seen);
    let _ = tokio::time::timeout(LONG_POLL, watch.wait_for(past)).await;
    *watch.borrow()
}

/// A long poll's answer: the version shown, and `main`'s contents at it.
fn live(version: u64, html: String) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(serde_json::json!({"v": version, "html": html})))
        .into_response()
}

async fn overview_live(State(shared): State<Arc<Shared>>, Query(params): Query<Params>) -> Response {
    let version = changed(&shared, params.v).await;
    live(version, overview_html(&shared))
}

async fn task_live(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let task = match parse_task(&id) {
        Ok(t) => t,
        Err(status) => return (status, "no such task\n").into_response(),
    };
    let version = changed(&shared, params.v).await;
    live(version, task_html(&shared, task, params.page.unwrap_or(0)).unwrap_or_default())
}
