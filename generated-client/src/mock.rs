//! An in-process stand-in for the ITNIO API, for tests and examples (feature `mock`).
//!
//! [`MockServer::start`] listens on 127.0.0.1 on a free port. It answers as the API does, using
//! the same spec-generated validators as the client:
//!
//! - wrong `Api-Key` or `Sign` → -1; `Timestamp` outside the window → -16;
//! - a body that breaks the spec → -22, with a message naming the field by JSON Pointer;
//! - a reused task name → -41;
//! - a recall intent outside the scenario registered for the agent → -68;
//! - otherwise a fresh task ID, and the task is recorded for assertions.
//!
//! [`MockServer::inject`] queues faults for the next requests: delays, dropped connections,
//! gateway errors, malformed bodies, unknown or numeric codes, the `status`/`reason` envelope.

use crate::sign::{ApiSecret, sign};
use crate::{ScenarioKind, StatusCode, wire};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The API key the mock accepts unless configured otherwise.
pub const MOCK_API_KEY: &str = "mock-api-key";
/// The API secret the mock accepts unless configured otherwise.
pub const MOCK_API_SECRET: &str = "mock-api-secret";

/// Largest request body the mock reads (the API's limit of 200,000 callees fits well below).
const MAX_REQUEST: usize = 256 << 20;

/// How the mock behaves.
#[derive(Clone, Debug)]
pub struct MockConfig {
    /// The accepted API key.
    pub api_key: String,
    /// The accepted API secret.
    pub api_secret: ApiSecret,
    /// How far a request's `Timestamp` may be from the mock's clock.
    pub timestamp_window: Duration,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
    /// The first task ID handed out.
    pub first_task_id: i64,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            api_key: MOCK_API_KEY.to_owned(),
            api_secret: ApiSecret::new(MOCK_API_SECRET),
            timestamp_window: Duration::from_secs(300),
            port: 0,
            first_task_id: 1_000_001,
        }
    }
}

/// A fault to apply to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Close the connection before reading the body: nothing is processed.
    DropBeforeBody,
    /// Read and process the body (a valid task is created), then close the connection without
    /// answering: the client cannot know the outcome.
    DropAfterBody,
    /// Answer HTTP 502 with an HTML page, without processing.
    BadGateway,
    /// Answer 200 with a truncated JSON body, without processing.
    MalformedJson,
    /// Answer 200 with an empty body, without processing.
    EmptyBody,
    /// Answer 200 with a body of this many bytes of JSON padding, without processing.
    HugeBody(usize),
    /// Answer this code (documented or not) and message, without processing.
    Answer(i64, String),
    /// Process normally, but send the code as a JSON number.
    NumericCode,
    /// Process normally, but answer with `status`/`reason` instead of `code`/`msg`.
    StatusReason,
}

/// A task the mock accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedTask {
    /// The ID the mock gave it.
    pub task_id: i64,
    /// The request body as received.
    pub request: wire::AgentSendRequest,
}

#[derive(Default)]
struct State {
    tasks: Vec<RecordedTask>,
    next_task_id: i64,
    faults: VecDeque<Fault>,
    requests: usize,
    agents: BTreeMap<i64, ScenarioKind>,
}

struct Shared {
    config: MockConfig,
    state: Mutex<State>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-written in a way that
        // matters for a mock; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running mock server; it stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// Why the mock closes a connection without answering.
#[derive(Debug)]
struct Drop;

impl fmt::Display for Drop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Drop {}

impl MockServer {
    /// Starts a mock with the default configuration on 127.0.0.1 and a free port.
    pub async fn start() -> std::io::Result<MockServer> {
        MockServer::start_with(MockConfig::default()).await
    }

    /// Starts a mock with `config`.
    pub async fn start_with(config: MockConfig) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let first = config.first_task_id;
        let shared =
            Arc::new(Shared { config, state: Mutex::new(State { next_task_id: first, ..State::default() }) });
        let (stop, mut stopped) = watch::channel(false);
        let server = shared.clone();
        tokio::spawn(async move {
            loop {
                let (stream, _) = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok(conn) => conn,
                        Err(_) => continue,
                    },
                    _ = stopped.changed() => break,
                };
                let shared = server.clone();
                let mut stopped = stopped.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| handle(shared.clone(), req));
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::select! {
                        _ = conn => {}
                        _ = stopped.changed() => {}
                    }
                });
            }
        });
        Ok(MockServer { addr, shared, stop })
    }

    /// The base URL to give the client (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The accepted API key.
    pub fn api_key(&self) -> &str {
        &self.shared.config.api_key
    }

    /// The accepted API secret.
    pub fn api_secret(&self) -> &ApiSecret {
        &self.shared.config.api_secret
    }

    /// A client for this mock, with its credentials and the default retry policy.
    pub fn client(&self) -> crate::ClientBuilder {
        crate::Client::builder(self.api_key(), self.api_secret().clone()).base_url(self.base_url())
    }

    /// Registers the scenario of an agent, so that recall intents of other scenarios get -68.
    pub fn register_agent(&self, agent_id: i64, scenario: ScenarioKind) {
        self.shared.state().agents.insert(agent_id, scenario);
    }

    /// Queues a fault for the next request that has none yet.
    pub fn inject(&self, fault: Fault) {
        self.shared.state().faults.push_back(fault);
    }

    /// The tasks accepted so far, in order.
    pub fn tasks(&self) -> Vec<RecordedTask> {
        self.shared.state().tasks.clone()
    }

    /// The number of requests received so far (every attempt counts).
    pub fn requests(&self) -> usize {
        self.shared.state().requests
    }
}

impl std::ops::Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

fn json_response(status: u16, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut()
        .insert("content-type", hyper::header::HeaderValue::from_static("application/json;charset=UTF-8"));
    r
}

/// The answer of a processed request, before envelope spelling is chosen.
struct Answer {
    code: StatusCode,
    message: String,
    data: serde_json::Value,
}

impl Answer {
    fn error(code: StatusCode, detail: impl fmt::Display) -> Answer {
        Answer { code, message: format!("{}: {detail}", code.message()), data: serde_json::Value::Null }
    }

    fn render(&self, numeric: bool, status_reason: bool) -> String {
        let code = if numeric {
            serde_json::json!(self.code.code())
        } else {
            serde_json::json!(self.code.code().to_string())
        };
        let (c, m) = if status_reason { ("status", "reason") } else { ("code", "msg") };
        serde_json::json!({ c: code, m: self.message, "data": self.data }).to_string()
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Drop> {
    let fault = {
        let mut state = shared.state();
        state.requests += 1;
        state.faults.pop_front()
    };
    let (mut numeric, mut status_reason) = (false, false);
    match &fault {
        Some(Fault::Delay(d)) => tokio::time::sleep(*d).await,
        Some(Fault::DropBeforeBody) => return Err(Drop),
        Some(Fault::BadGateway) => {
            let mut r = Response::new(Full::new(Bytes::from_static(
                b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            )));
            *r.status_mut() = hyper::StatusCode::BAD_GATEWAY;
            r.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("text/html"));
            return Ok(r);
        }
        Some(Fault::MalformedJson) => return Ok(json_response(200, r#"{"code":"0","msg":"succ"#.to_owned())),
        Some(Fault::EmptyBody) => return Ok(json_response(200, String::new())),
        Some(Fault::HugeBody(n)) => {
            let mut body = String::from(r#"{"code":"0","msg":"success","data":1,"padding":""#);
            body.push_str(&" ".repeat(*n));
            body.push_str("\"}");
            return Ok(json_response(200, body));
        }
        Some(Fault::Answer(code, msg)) => {
            let a = Answer {
                code: StatusCode::from_code(*code),
                message: msg.clone(),
                data: serde_json::Value::Null,
            };
            return Ok(json_response(200, a.render(false, false)));
        }
        Some(Fault::NumericCode) => numeric = true,
        Some(Fault::StatusReason) => status_reason = true,
        Some(Fault::DropAfterBody) | None => {}
    }
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_REQUEST).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Err(Drop),
    };
    let answer = process(&shared, &parts, &body);
    if fault == Some(Fault::DropAfterBody) {
        return Err(Drop);
    }
    Ok(json_response(200, answer.render(numeric, status_reason)))
}

fn header<'a>(parts: &'a hyper::http::request::Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

fn process(shared: &Shared, parts: &hyper::http::request::Parts, body: &[u8]) -> Answer {
    let config = &shared.config;
    // Authentication: key, then the signature over key + secret + timestamp.
    let (Some(key), Some(ts), Some(signature)) =
        (header(parts, "Api-Key"), header(parts, "Timestamp"), header(parts, "Sign"))
    else {
        return Answer::error(StatusCode::AuthenticationError, "Api-Key, Timestamp and Sign are required");
    };
    let Ok(ts) = ts.trim().parse::<u64>() else {
        return Answer::error(StatusCode::AuthenticationError, "Timestamp is not epoch seconds");
    };
    if key != config.api_key
        || !signature.eq_ignore_ascii_case(&sign(&config.api_key, &config.api_secret, ts))
    {
        return Answer::error(StatusCode::AuthenticationError, "wrong Api-Key or Sign");
    }
    let now = crate::sign::now_epoch_seconds();
    if now.abs_diff(ts) > config.timestamp_window.as_secs() {
        return Answer::error(
            StatusCode::TimestampExpires,
            format!("{} s away from the server clock", now.abs_diff(ts)),
        );
    }
    if parts.method != hyper::Method::POST || parts.uri.path() != crate::AgentSend::PATH {
        return Answer::error(
            StatusCode::ParameterException,
            format!("no operation {} {}", parts.method, parts.uri.path()),
        );
    }
    let request = match wire::AgentSendRequest::from_json(body) {
        Ok(r) => r,
        Err(e) => return Answer::error(StatusCode::ParameterException, e),
    };
    let report = request.validate(None);
    if let Some(first) = report.errors.first() {
        return Answer::error(StatusCode::ParameterException, first);
    }
    let mut state = shared.state();
    let scenario = request.agent_id.and_then(|id| state.agents.get(&id).copied());
    if let Some(scenario) = scenario {
        let report = request.validate(Some(scenario));
        let (intents, others): (Vec<_>, Vec<_>) =
            report.errors.iter().partition(|v| v.pointer.starts_with("/recallFlow/recallIntent"));
        if let Some(first) = others.first() {
            return Answer::error(StatusCode::ParameterException, first);
        }
        if let Some(first) = intents.first() {
            return Answer::error(StatusCode::RecallIntentMismatch, first);
        }
    }
    let name = request.task_name.clone().unwrap_or_default();
    if state.tasks.iter().any(|t| t.request.task_name.as_deref() == Some(name.as_str())) {
        return Answer::error(StatusCode::TaskNameExists, format!("`{name}`"));
    }
    let task_id = state.next_task_id;
    state.next_task_id += 1;
    state.tasks.push(RecordedTask { task_id, request });
    Answer { code: StatusCode::Success, message: "success".to_owned(), data: task_id.into() }
}
