//! An in-process stand-in for the ITNIO API, for tests and examples. Add it as a
//! dev-dependency beside `itnio-voice`; the SDK itself carries no server.
//!
//! [`MockServer::start`] listens on 127.0.0.1 on a free port. Routing and request decoding are
//! generated from the spec (`itnio_voice::service`): this crate implements one method per
//! operation, so an operation added to the spec does not compile here until it is handled. It
//! answers as the API does, using the same spec-generated validators as the client:
//!
//! - wrong `Api-Key`, a `Timestamp` that is not ASCII digits, or a `Sign` that is not the
//!   lowercase hex MD5 over the `Timestamp` header's text as sent → -1 (quirks `sign_case`,
//!   `timestamp_text`); `Timestamp` outside the window → -16;
//! - a body sent without a JSON `Content-Type` → -22 (quirk `request_content_type`);
//! - a body that breaks the spec, or nests deeper than 128 levels → -22, with a message naming
//!   the field by JSON Pointer;
//! - a reused task name → -41;
//! - a recall intent outside the scenario registered for the agent, at creation or in a recall
//!   update → -68;
//! - a task that does not exist → -24; a recall process or node that does not exist → -22 (each
//!   page's own list, quirk `missing_record_codes`);
//! - otherwise a fresh task ID, and the task is recorded for assertions.
//!
//! Every answer, refusals before routing included, is spelled in the envelope its operation's
//! page shows (`status`/`reason` for the balance, `code`/`msg` elsewhere), and matches the
//! answer schema of `openapi/itnio.openapi.json` (the end-to-end tests, `itnio-tests`, check
//! every answer they get).
//!
//! It also serves the rest of the task lifecycle, consistently: a created task is listed by
//! the task query with status 1 (calling) and can be cancelled (status 4); with
//! [`MockConfig::finish_after_polls`] it progresses and finishes as it is polled. A task created
//! with a `recallFlow` gets an auto-recall process (status 0, pending) that can be listed, read,
//! edited while pending and cancelled by any of the three cancel types. The balance answers in
//! the `status`/`reason` spelling with exact decimal amounts.
//!
//! [`MockServer::inject`] queues faults for the next requests: delays, dropped connections,
//! gateway errors, malformed bodies, unknown or numeric codes, the `status`/`reason` envelope.
//!
//! ```
//! use itnio_mock::MockServer;
//! use itnio_voice::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockServer::start().await?;
//! mock.register_agent(41, ScenarioKind::Marketing);
//! let client = mock.client().build()?;
//!
//! let request = AgentSendRequest::<Marketing>::builder()
//!     .app_id(app_id!("2Xql9RBI"))
//!     .task_name(task_name!("Spring offer"))
//!     .agent_id(agent_id!(41))
//!     .number_info_list([MarketingCallee::builder().callee_number(callee_number!("463200000007")).build()])
//!     .build();
//! let task_id = client.agent_send(&request).await?;
//! assert_eq!(mock.tasks().len(), 1);
//! assert_eq!(mock.tasks()[0].task_id, task_id.get());
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

mod push;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use itnio_voice::envelope::Spelling;
use itnio_voice::service::{PayloadPlace, Refusal, Route, Served, Service};
use itnio_voice::{ApiSecret, RecallStatus, ScenarioKind, StatusCode, TaskStatus, wire};
use push::Pusher;
pub use push::{PushConfig, PushFault, PushedBatch};
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
    /// When set, a task finishes (status 2) after it has been listed this many times by the task
    /// query, its call counts growing on the way; otherwise it keeps calling until cancelled.
    pub finish_after_polls: Option<u32>,
    /// The balances `GET /sms/getBalance` answers: balance, gift, credit.
    pub balance: [String; 3],
    /// Where to push status reports as tasks' calls progress (in the task list); none when
    /// unset.
    pub push: Option<PushConfig>,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            api_key: MOCK_API_KEY.to_owned(),
            api_secret: ApiSecret::new(MOCK_API_SECRET),
            timestamp_window: Duration::from_secs(300),
            port: 0,
            first_task_id: 1_000_001,
            finish_after_polls: None,
            balance: ["1250.75".to_owned(), "20.00".to_owned(), "0".to_owned()],
            push: None,
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
    /// Process normally, but answer in the envelope's other spelling (`status`/`reason` where
    /// the operation's page shows `code`/`msg`, and the other way round).
    StatusReason,
}

/// A task the mock accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedTask {
    /// The ID the mock gave it.
    pub task_id: i64,
    /// The request body as received.
    pub request: wire::AgentSendRequest,
    /// Its state now.
    pub status: TaskStatus,
    /// When it was created, `yyyy-MM-dd HH:mm:ss` at UTC+8.
    pub created_time: String,
    /// How often the task query has listed it.
    pub polls: u32,
}

/// An auto-recall process the mock created with a task.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedRecallFlow {
    /// Its key (`keyId`).
    pub key_id: i64,
    /// The parent task.
    pub task_id: i64,
    /// `recallType`, `recallInterval`, `recallNum` as last set.
    pub recall_type: i64,
    /// Minutes between rounds.
    pub recall_interval: i64,
    /// Rounds.
    pub recall_num: i64,
    /// Recall intents as last set.
    pub recall_intent: Vec<String>,
    /// Its state.
    pub status: RecallStatus,
    /// When it was created.
    pub create_time: String,
    /// Its nodes: (node key, agent template ID, state).
    pub nodes: Vec<(i64, i64, RecallStatus)>,
}

/// One request the mock answered, as it answered it: for checking answers against the
/// exported document (the project's contract test does, for every answer of its suite).
/// Requests whose connection was dropped are not listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The request's method.
    pub method: String,
    /// The request's path.
    pub path: String,
    /// The operation the method and path name, if any (`agent_send`).
    pub operation: Option<&'static str>,
    /// The fault applied to the request, if any.
    pub fault: Option<Fault>,
    /// The answer's HTTP status.
    pub status: u16,
    /// The answer's body.
    pub body: String,
}

#[derive(Default)]
struct State {
    tasks: Vec<RecordedTask>,
    recall_flows: Vec<RecordedRecallFlow>,
    next_task_id: i64,
    next_recall_key: i64,
    next_node_key: i64,
    faults: VecDeque<Fault>,
    requests: usize,
    agents: BTreeMap<i64, ScenarioKind>,
    exchanges: Vec<Exchange>,
    /// Per task, how many of its callees' reports have been pushed.
    pushed: BTreeMap<i64, usize>,
}

struct Shared {
    config: MockConfig,
    state: Mutex<State>,
    pusher: Option<Pusher>,
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
struct ConnectionDropped;

impl fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for ConnectionDropped {}

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
        let pusher = config.push.clone().map(Pusher::start);
        let shared = Arc::new(Shared {
            pusher,
            config,
            state: Mutex::new(State {
                next_task_id: first,
                next_recall_key: 1,
                next_node_key: 1001,
                ..State::default()
            }),
        });
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
    pub fn client(&self) -> itnio_voice::ClientBuilder {
        itnio_voice::Client::builder(self.api_key(), self.api_secret().clone()).base_url(self.base_url())
    }

    /// Registers the scenario of an agent, so that recall intents of other scenarios get -68.
    pub fn register_agent(&self, agent_id: i64, scenario: ScenarioKind) {
        self.shared.state().agents.insert(agent_id, scenario);
    }

    /// Queues a fault for the next batch of status reports pushed (see [`MockConfig::push`]).
    pub fn inject_push(&self, fault: PushFault) {
        if let Some(pusher) = &self.shared.pusher {
            pusher.inject(fault);
        }
    }

    /// Every batch of status reports pushed so far, and what became of it.
    pub fn pushed(&self) -> Vec<PushedBatch> {
        self.shared.pusher.as_ref().map(Pusher::pushed).unwrap_or_default()
    }

    /// Returns once every batch queued so far is delivered or given up (at once without
    /// [`MockConfig::push`]).
    pub async fn pushes_settled(&self) {
        if let Some(pusher) = &self.shared.pusher {
            pusher.settled().await;
        }
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

    /// Every answer given so far, in order (requests whose connection was dropped are not
    /// listed).
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.shared.state().exchanges.clone()
    }

    /// The auto-recall processes so far, in order of creation.
    pub fn recall_flows(&self) -> Vec<RecordedRecallFlow> {
        self.shared.state().recall_flows.clone()
    }

    /// Sets a task's state (to make it finish, fail or pause in a test). Returns whether the
    /// task exists.
    pub fn set_task_status(&self, task_id: i64, status: TaskStatus) -> bool {
        let mut state = self.shared.state();
        match state.tasks.iter_mut().find(|t| t.task_id == task_id) {
            Some(t) => {
                t.status = status;
                true
            }
            None => false,
        }
    }

    /// Sets an auto-recall process's state (and its pending nodes'). Returns whether it exists.
    pub fn set_recall_status(&self, key_id: i64, status: RecallStatus) -> bool {
        let mut state = self.shared.state();
        match state.recall_flows.iter_mut().find(|f| f.key_id == key_id) {
            Some(f) => {
                f.status = status;
                true
            }
            None => false,
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The answer of a processed request, before envelope spelling is chosen.
struct Answer {
    code: StatusCode,
    message: String,
    data: serde_json::Value,
    /// Members that sit beside the code (the balance) instead of in `data`.
    inline: Option<serde_json::Map<String, serde_json::Value>>,
    /// The envelope spelling the operation's page documents.
    spelling: &'static Spelling,
}

impl Answer {
    fn error(code: StatusCode, detail: impl fmt::Display) -> Answer {
        Answer {
            code,
            message: format!("{}: {detail}", code.message()),
            data: serde_json::Value::Null,
            inline: None,
            spelling: &itnio_voice::ENVELOPE.spellings[0],
        }
    }

    /// The answer to a served request of `route`: spelled as its page documents, the payload
    /// where it sits.
    fn served(served: Served, route: Route) -> Answer {
        let in_body = route.payload == PayloadPlace::Body;
        match served.outcome {
            Ok(data) => Answer {
                code: StatusCode::Success,
                message: "success".to_owned(),
                inline: if in_body { data.as_object().cloned() } else { None },
                data: if in_body { serde_json::Value::Null } else { data },
                spelling: route.spelling,
            },
            Err(refusal) => Answer { spelling: route.spelling, ..Answer::refused(refusal) },
        }
    }

    fn refused(refusal: Refusal) -> Answer {
        Answer::error(refusal.code, refusal.detail)
    }

    /// The body, its code a JSON number when `numeric`, in the other spelling when `respell`.
    fn render(&self, numeric: bool, respell: bool) -> String {
        let code = if numeric {
            serde_json::json!(self.code.code())
        } else {
            serde_json::json!(self.code.code().to_string())
        };
        let envelope = &itnio_voice::ENVELOPE;
        let spelling = match respell {
            true => envelope.spellings.iter().find(|s| *s != self.spelling).unwrap_or(self.spelling),
            false => self.spelling,
        };
        let mut body = serde_json::Map::new();
        body.insert(spelling.code.to_owned(), code);
        body.insert(spelling.message.to_owned(), self.message.clone().into());
        match &self.inline {
            Some(members) if self.code.is_success() => body.extend(members.clone()),
            _ => {
                body.insert(envelope.data.to_owned(), self.data.clone());
            }
        }
        serde_json::Value::Object(body).to_string()
    }
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, ConnectionDropped> {
    let (method, path) = (req.method().to_string(), req.uri().path().to_owned());
    // Looked up once: the operation names the exchange and spells every answer, refusals
    // before routing included.
    let route = itnio_voice::service::route(&method, &path);
    let fault = {
        let mut state = shared.state();
        state.requests += 1;
        state.faults.pop_front()
    };
    let (status, content_type, body) = reply(&shared, req, route, fault.as_ref()).await?;
    shared.state().exchanges.push(Exchange {
        operation: route.map(|r| r.operation),
        method,
        path,
        fault,
        status,
        body: body.clone(),
    });
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut()
        .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(content_type));
    Ok(r)
}

/// The answer to one request under its fault, if any: HTTP status, content type and body.
async fn reply(
    shared: &Shared,
    req: Request<Incoming>,
    route: Option<Route>,
    fault: Option<&Fault>,
) -> Result<(u16, &'static str, String), ConnectionDropped> {
    // The API's requests and answers share one JSON content type (spec/api.yaml).
    let json = itnio_voice::API_FACTS.content_type;
    let spelling = spelling_of(route);
    let (mut numeric, mut respell) = (false, false);
    match fault {
        Some(Fault::Delay(d)) => tokio::time::sleep(*d).await,
        Some(Fault::DropBeforeBody) => return Err(ConnectionDropped),
        Some(Fault::BadGateway) => {
            let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
            return Ok((502, "text/html", page.to_owned()));
        }
        Some(Fault::MalformedJson) => return Ok((200, json, r#"{"code":"0","msg":"succ"#.to_owned())),
        Some(Fault::EmptyBody) => return Ok((200, json, String::new())),
        Some(Fault::HugeBody(n)) => {
            let mut body = String::from(r#"{"code":"0","msg":"success","data":1,"padding":""#);
            body.push_str(&" ".repeat(*n));
            body.push_str("\"}");
            return Ok((200, json, body));
        }
        Some(Fault::Answer(code, msg)) => {
            let a = Answer {
                code: StatusCode::from_code(*code),
                message: msg.clone(),
                data: serde_json::Value::Null,
                inline: None,
                spelling,
            };
            return Ok((200, json, a.render(false, false)));
        }
        Some(Fault::NumericCode) => numeric = true,
        Some(Fault::StatusReason) => respell = true,
        Some(Fault::DropAfterBody) | None => {}
    }
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_REQUEST).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Err(ConnectionDropped),
    };
    let answer = process(shared, &parts, route, &body);
    if fault == Some(&Fault::DropAfterBody) {
        return Err(ConnectionDropped);
    }
    Ok((200, json, answer.render(numeric, respell)))
}

fn header<'a>(parts: &'a hyper::http::request::Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The spelling an operation's page documents; a path that names no operation gets the common
/// one.
fn spelling_of(route: Option<Route>) -> &'static Spelling {
    route.map_or(&itnio_voice::ENVELOPE.spellings[0], |r| r.spelling)
}

fn process(
    shared: &Shared,
    parts: &hyper::http::request::Parts,
    route: Option<Route>,
    body: &[u8],
) -> Answer {
    let (method, path) = (parts.method.as_str(), parts.uri.path());
    let spelling = spelling_of(route);
    let refuse = |code, why: String| Answer { spelling, ..Answer::error(code, why) };
    if let Err((code, why)) = authenticate(&shared.config, parts) {
        return refuse(code, why);
    }
    let Some(route) = route else {
        return refuse(StatusCode::ParameterException, format!("no operation {method} {path}"));
    };
    if route.has_body
        && let Err(why) = json_media_type(parts.headers.get(hyper::header::CONTENT_TYPE))
    {
        return refuse(StatusCode::ParameterException, why);
    }
    match itnio_voice::service::serve(shared, method, path, body) {
        Some(Ok(served)) => Answer::served(served, route),
        // A body that does not read as the operation's request: -22 naming where.
        Some(Err(e)) => refuse(StatusCode::ParameterException, e.to_string()),
        None => refuse(StatusCode::ParameterException, format!("no operation {method} {path}")),
    }
}

/// The signing rule, exactly as the export states it: the key, a `Timestamp` of ASCII digits
/// (quirk `timestamp_text`), and a `Sign` that is the lowercase hex MD5 over the header's text
/// as sent (quirk `sign_case`); then the clock window.
fn authenticate(
    config: &MockConfig,
    parts: &hyper::http::request::Parts,
) -> Result<(), (StatusCode, String)> {
    let facts = &itnio_voice::API_FACTS;
    let refused = |why: String| Err((StatusCode::AuthenticationError, why));
    let (Some(key), Some(timestamp), Some(signature)) = (
        header(parts, facts.api_key_header),
        header(parts, facts.timestamp_header),
        header(parts, facts.sign_header),
    ) else {
        return refused(format!(
            "{}, {} and {} are required",
            facts.api_key_header, facts.timestamp_header, facts.sign_header
        ));
    };
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return refused(format!("{} must be epoch seconds in ASCII digits", facts.timestamp_header));
    }
    if key != config.api_key || signature != itnio_voice::sign_text(key, &config.api_secret, timestamp) {
        return refused(format!("wrong {} or {}", facts.api_key_header, facts.sign_header));
    }
    // Digits too many for any clock are as far from it as can be.
    let seconds = timestamp.parse::<u64>().unwrap_or(u64::MAX);
    let away = itnio_voice::now_epoch_seconds().abs_diff(seconds);
    if away > config.timestamp_window.as_secs() {
        return Err((StatusCode::TimestampExpires, format!("{away} s away from the server clock")));
    }
    Ok(())
}

/// Whether a request body comes as JSON (quirk `request_content_type`): the media type
/// `application/json` in any case, with no parameter but `charset=UTF-8`.
fn json_media_type(value: Option<&hyper::header::HeaderValue>) -> Result<(), String> {
    let expected = itnio_voice::API_FACTS.content_type;
    let Some(value) = value else {
        return Err(format!("Content-Type is missing; the body must be sent as {expected}"));
    };
    let text = String::from_utf8_lossy(value.as_bytes());
    let mut parts = text.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    let charset_utf8 = |param: &str| {
        param.split_once('=').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("charset")
                && value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        })
    };
    if !essence.eq_ignore_ascii_case("application/json") || !parts.all(charset_utf8) {
        return Err(format!("Content-Type {text:?} is not JSON; the body must be sent as {expected}"));
    }
    Ok(())
}

impl Service for Shared {
    fn agent_send(&self, request: wire::AgentSendRequest) -> Result<itnio_voice::TaskId, Refusal> {
        let mut state = self.state();
        let scenario = request.agent_id.and_then(|id| state.agents.get(&id).copied());
        if let Some(scenario) = scenario {
            scenario_verdict(&request.validate(Some(scenario)))?;
        }
        let name = request.task_name.clone().unwrap_or_default();
        if state.tasks.iter().any(|t| t.request.task_name.as_deref() == Some(name.as_str())) {
            return Err(Refusal::new(StatusCode::TaskNameExists, format!("`{name}`")));
        }
        let task_id = state.next_task_id;
        state.next_task_id += 1;
        let created_time = now_in_server_zone();
        if let Some(flow) = &request.recall_flow {
            let key_id = state.next_recall_key;
            state.next_recall_key += 1;
            let agent = request.agent_id.unwrap_or_default();
            let rounds = flow.recall_num.unwrap_or(1).clamp(1, 10);
            let nodes = (0..rounds)
                .map(|i| {
                    let script = flow
                        .node_list
                        .as_ref()
                        .and_then(|n| n.get(i as usize))
                        .and_then(|n| n.agent_id.as_ref())
                        .and_then(|a| a.as_integer())
                        .unwrap_or(agent);
                    let key = state.next_node_key + i;
                    (key, script, RecallStatus::Pending)
                })
                .collect();
            state.next_node_key += rounds;
            state.recall_flows.push(RecordedRecallFlow {
                key_id,
                task_id,
                recall_type: flow.recall_type.unwrap_or_default(),
                recall_interval: flow.recall_interval.unwrap_or_default(),
                recall_num: rounds,
                recall_intent: flow.recall_intent.clone().unwrap_or_default(),
                status: RecallStatus::Pending,
                create_time: created_time.clone(),
                nodes,
            });
        }
        state.tasks.push(RecordedTask {
            task_id,
            request,
            status: TaskStatus::Calling,
            created_time,
            polls: 0,
        });
        itnio_voice::TaskId::new(task_id).map_err(|e| Refusal::new(StatusCode::PortProgramUnusual, e))
    }

    fn task_query(&self, request: wire::TaskQueryRequest) -> Result<itnio_voice::TaskPage, Refusal> {
        let params = request.params.unwrap_or_default();
        let (from, to) = (params.str_time.unwrap_or_default(), params.end_time.unwrap_or_default());
        let statuses = params.status_list.unwrap_or_default();
        let search = params.search_condition.unwrap_or_default();
        let finish_after = self.config.finish_after_polls;
        let mut guard = self.state();
        let state = &mut *guard;
        let mut matching: Vec<&mut RecordedTask> = state
            .tasks
            .iter_mut()
            .filter(|t| t.created_time >= from && t.created_time <= to)
            .filter(|t| statuses.is_empty() || statuses.contains(&t.status.code()))
            .filter(|t| t.request.task_name.as_deref().unwrap_or_default().contains(search.as_str()))
            .collect();
        matching.reverse(); // newest first
        let (current, size) = (request.current.unwrap_or(1), request.size.unwrap_or(10));
        let total = matching.len() as i64;
        let (ids, pages) = page(&matching.iter().map(|t| t.task_id).collect::<Vec<_>>(), current, size);
        let mut records = Vec::new();
        for t in matching.into_iter().filter(|t| ids.contains(&t.task_id)) {
            let count = t.request.number_info_list.as_ref().map_or(0, Vec::len) as i64;
            if t.status == TaskStatus::Calling {
                t.polls += 1;
                if let Some(n) = finish_after
                    && t.polls >= n
                {
                    t.status = TaskStatus::Finished;
                }
            }
            let called = match (t.status, finish_after) {
                (TaskStatus::Finished, _) => count,
                (TaskStatus::Calling, Some(n)) => count * i64::from(t.polls) / i64::from(n.max(1)),
                _ => 0,
            };
            if let Some(pusher) = &self.pusher {
                let scenario = t.request.agent_id.and_then(|id| state.agents.get(&id).copied());
                push_progress(pusher, t, scenario, state.pushed.entry(t.task_id).or_default(), called);
            }
            records.push(itnio_voice::TaskRecord {
                task_id: itnio_voice::TaskId::new(t.task_id).ok(),
                task_name: t.request.task_name.clone(),
                status: Some(t.status.into()),
                rate: Some(if count == 0 { "0".to_owned() } else { format!("{}", called * 100 / count) }),
                num_cnt: Some(count),
                call_num: Some(called),
                success: Some(called - called / 10),
                fail: Some(called / 10),
                created_time: itnio_voice::LocalDateTime::new(t.created_time.clone()).ok(),
                script_id: t.request.agent_id,
                ..Default::default()
            });
        }
        Ok(itnio_voice::TaskPage {
            total: Some(total),
            size: Some(size),
            current: Some(current),
            pages: Some(pages),
            records: Some(records),
            ..Default::default()
        })
    }

    fn task_cancel(&self, request: wire::TaskCancelRequest) -> Result<(), Refusal> {
        let ids = request.task_id_list.unwrap_or_default();
        let mut state = self.state();
        for id in &ids {
            match state.tasks.iter().find(|t| t.task_id == *id) {
                None => return Err(Refusal::new(StatusCode::DataUnexisting, format!("no task {id}"))),
                Some(t) if t.status.is_final() => {
                    return Err(Refusal::new(
                        StatusCode::SubmittedTaskWrong,
                        format!("task {id} has already ended ({:?})", t.status),
                    ));
                }
                Some(_) => {}
            }
        }
        for t in state.tasks.iter_mut().filter(|t| ids.contains(&t.task_id)) {
            t.status = TaskStatus::Canceled;
        }
        Ok(())
    }

    fn recall_query_page(
        &self,
        request: wire::RecallQueryPageRequest,
    ) -> Result<itnio_voice::RecallFlowPage, Refusal> {
        let params = request.params.unwrap_or_default();
        let (from, to) = (params.str_time.unwrap_or_default(), params.end_time.unwrap_or_default());
        let search = params.task_name.unwrap_or_default();
        let state = self.state();
        let mut matching: Vec<itnio_voice::RecallFlowRecord> = state
            .recall_flows
            .iter()
            .filter(|f| f.create_time >= from && f.create_time <= to)
            .map(|f| recall_record(f, &state.tasks))
            .filter(|r| {
                search.is_empty()
                    || r.task_name.as_deref().unwrap_or_default().contains(search.as_str())
                    || r.task_id.is_some_and(|id| id.get().to_string() == search)
            })
            .collect();
        matching.reverse();
        let (current, size) = (request.current.unwrap_or(1), request.size.unwrap_or(10));
        let (records, pages) = page(&matching, current, size);
        Ok(itnio_voice::RecallFlowPage {
            total: Some(matching.len() as i64),
            size: Some(size),
            current: Some(current),
            pages: Some(pages),
            records: Some(records),
            ..Default::default()
        })
    }

    fn recall_query_detail(
        &self,
        request: wire::RecallQueryDetailRequest,
    ) -> Result<itnio_voice::RecallFlowDetail, Refusal> {
        let mut state = self.state();
        let flow = find_flow(&mut state, request.key_id.unwrap_or_default())?;
        let nodes = flow
            .nodes
            .iter()
            .map(|(key, script, status)| itnio_voice::RecallFlowNode {
                key_id: itnio_voice::RecallNodeId::new(*key).ok(),
                task_id: None,
                node_status: Some((*status).into()),
                script_id: Some(*script),
                ..Default::default()
            })
            .collect();
        Ok(itnio_voice::RecallFlowDetail {
            key_id: itnio_voice::RecallFlowId::new(flow.key_id).ok(),
            recall_interval: Some(flow.recall_interval),
            recall_num: Some(flow.recall_num),
            recall_type: open_code(flow.recall_type),
            status: Some(flow.status.into()),
            node_list: Some(nodes),
            ..Default::default()
        })
    }

    fn recall_update(&self, request: wire::RecallUpdateRequest) -> Result<(), Refusal> {
        let mut state = self.state();
        let key_id = request.key_id.unwrap_or_default();
        // The flow's scenario is its task's agent's: recall intents of another scenario's table
        // get -68 here as at creation (quirk `scenario_not_in_request`).
        let task = state
            .recall_flows
            .iter()
            .find(|f| f.key_id == key_id)
            .and_then(|f| state.tasks.iter().find(|t| t.task_id == f.task_id));
        let agent = task.and_then(|t| t.request.agent_id).unwrap_or_default();
        if let Some(&scenario) = state.agents.get(&agent) {
            scenario_verdict(&request.validate(Some(scenario)))?;
        }
        let first_node = state.next_node_key;
        let flow = find_flow(&mut state, key_id)?;
        if flow.status != RecallStatus::Pending {
            return Err(Refusal::new(
                StatusCode::ParameterException,
                format!("recall flow {} is {:?}; only a pending one can be edited", flow.key_id, flow.status),
            ));
        }
        flow.recall_type = request.recall_type.unwrap_or(flow.recall_type);
        flow.recall_interval = request.recall_interval.unwrap_or(flow.recall_interval);
        flow.recall_intent = request.recall_intent.clone().unwrap_or_default();
        // One node per round, as at creation: a given nodeList replaces the nodes (new keys,
        // its scripts); without one, the rounds kept keep their nodes and new rounds get the
        // task's agent.
        let rounds = request.recall_num.unwrap_or(flow.recall_num).clamp(1, 10);
        flow.recall_num = rounds;
        let mut added = 0;
        match &request.node_list {
            Some(given) => {
                let script = |i: i64| {
                    given.get(i as usize).and_then(|n| n.script_id.as_ref()).and_then(|s| s.as_integer())
                };
                flow.nodes = (0..rounds)
                    .map(|i| (first_node + i, script(i).unwrap_or(agent), RecallStatus::Pending))
                    .collect();
                added = rounds;
            }
            None => {
                flow.nodes.truncate(rounds as usize);
                while flow.nodes.len() < rounds as usize {
                    flow.nodes.push((first_node + added, agent, RecallStatus::Pending));
                    added += 1;
                }
            }
        }
        state.next_node_key += added;
        Ok(())
    }

    fn recall_cancel(&self, request: wire::RecallCancelRequest) -> Result<(), Refusal> {
        let id = request.id.unwrap_or_default();
        let mut state = self.state();
        let not_pending = |what: String| {
            Refusal::new(
                StatusCode::ParameterException,
                format!("{what} is not pending; it cannot be cancelled"),
            )
        };
        match itnio_voice::RecallCancelType::from_code(request.r#type.unwrap_or_default()) {
            Some(
                kind @ (itnio_voice::RecallCancelType::Flow | itnio_voice::RecallCancelType::ParentTask),
            ) => {
                let flow = match kind {
                    itnio_voice::RecallCancelType::Flow => find_flow(&mut state, id)?,
                    _ => state.recall_flows.iter_mut().find(|f| f.task_id == id).ok_or_else(|| {
                        Refusal::new(StatusCode::ParameterException, format!("no recall flow for task {id}"))
                    })?,
                };
                if flow.status != RecallStatus::Pending {
                    return Err(not_pending(format!("recall flow {}", flow.key_id)));
                }
                flow.status = RecallStatus::Cancelled;
                for node in &mut flow.nodes {
                    node.2 = RecallStatus::Cancelled;
                }
            }
            Some(itnio_voice::RecallCancelType::FromNode) => {
                let flow =
                    state.recall_flows.iter_mut().find(|f| f.nodes.iter().any(|n| n.0 == id)).ok_or_else(
                        || Refusal::new(StatusCode::ParameterException, format!("no recall node {id}")),
                    )?;
                let at = flow.nodes.iter().position(|n| n.0 == id).unwrap_or_default();
                if flow.nodes[at].2 != RecallStatus::Pending {
                    return Err(not_pending(format!("recall node {id}")));
                }
                for node in &mut flow.nodes[at..] {
                    node.2 = RecallStatus::Cancelled;
                }
                if at == 0 {
                    flow.status = RecallStatus::Cancelled;
                }
            }
            None => return Err(Refusal::new(StatusCode::ParameterException, "unknown type")),
        }
        Ok(())
    }

    fn get_balance(&self) -> Result<itnio_voice::Balance, Refusal> {
        let [balance, gift, credit] = &self.config.balance;
        let amount = |text: &String| {
            itnio_voice::Amount::new(text.clone())
                .map_err(|e| Refusal::new(StatusCode::PortProgramUnusual, e))
        };
        Ok(itnio_voice::Balance {
            balance: Some(amount(balance)?),
            gift: Some(amount(gift)?),
            credit: Some(amount(credit)?),
            ..Default::default()
        })
    }
}

/// The verdict on what only the agent's scenario decides (the generated `serve` has checked
/// the rest): a recall intent of another scenario's table is -68, any other error -22.
fn scenario_verdict(report: &itnio_voice::Report) -> Result<(), Refusal> {
    let (mismatched, others): (Vec<_>, Vec<_>) = report
        .errors
        .iter()
        .partition(|v| v.rule == itnio_voice::validate::RECALL_INTENT_OF_ANOTHER_SCENARIO);
    if let Some(first) = others.first() {
        return Err(Refusal::new(StatusCode::ParameterException, first));
    }
    if let Some(first) = mismatched.first() {
        return Err(Refusal::new(StatusCode::RecallIntentMismatch, first));
    }
    Ok(())
}

/// The records of one page and the page count.
fn page<T: Clone>(items: &[T], current: i64, size: i64) -> (Vec<T>, i64) {
    let size = size.max(1);
    let pages = (items.len() as i64 + size - 1) / size;
    let start = usize::try_from((current.max(1) - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let records = items.iter().skip(start).take(size as usize).cloned().collect();
    (records, pages)
}

fn recall_record(flow: &RecordedRecallFlow, tasks: &[RecordedTask]) -> itnio_voice::RecallFlowRecord {
    itnio_voice::RecallFlowRecord {
        key_id: itnio_voice::RecallFlowId::new(flow.key_id).ok(),
        task_id: itnio_voice::TaskId::new(flow.task_id).ok(),
        task_name: tasks.iter().find(|t| t.task_id == flow.task_id).and_then(|t| t.request.task_name.clone()),
        create_time: itnio_voice::LocalDateTime::new(flow.create_time.clone()).ok(),
        recall_type: open_code(flow.recall_type),
        recall_interval: Some(flow.recall_interval),
        recall_num: Some(flow.recall_num),
        finish_num: Some(flow.nodes.iter().filter(|n| n.2 == RecallStatus::Completed).count() as i64),
        status: Some(flow.status.into()),
        ..Default::default()
    }
}

fn open_code(code: i64) -> Option<itnio_voice::Open<itnio_voice::RecallType>> {
    Some(match itnio_voice::RecallType::from_code(code) {
        Some(t) => itnio_voice::Open::Known(t),
        None => itnio_voice::Open::Unknown(code),
    })
}

fn find_flow(state: &mut State, key_id: i64) -> Result<&mut RecordedRecallFlow, Refusal> {
    state.recall_flows.iter_mut().find(|f| f.key_id == key_id).ok_or_else(|| {
        Refusal::new(StatusCode::ParameterException, format!("no recall flow with keyId {key_id}"))
    })
}

/// Now as `yyyy-MM-dd HH:mm:ss` in the server's zone (the spec's, quirk local_date_time_zone).
/// Pushes the reports of the callees called since the last push: the first `called` of the
/// task's list have been called, every tenth of them failed (as the task list counts them).
fn push_progress(
    pusher: &Pusher,
    task: &RecordedTask,
    scenario: Option<ScenarioKind>,
    pushed: &mut usize,
    called: i64,
) {
    let called = usize::try_from(called).unwrap_or(0);
    if called <= *pushed {
        return;
    }
    let time: String = now_in_server_zone().chars().filter(char::is_ascii_digit).collect();
    let callees = task.request.number_info_list.as_deref().unwrap_or_default();
    let calls: Vec<push::Call<'_>> = callees
        .iter()
        .enumerate()
        .take(called)
        .skip(*pushed)
        .map(|(i, callee)| push::Call {
            task_id: task.task_id,
            index: i + 1,
            callee: callee.callee_number.as_deref().unwrap_or_default(),
            display_num: task.request.display_num.as_deref(),
            agent_id: task.request.agent_id,
            scenario,
            succeeded: i % 10 != 9,
            time: &time,
        })
        .collect();
    pusher.push(&calls);
    *pushed = called;
}

fn now_in_server_zone() -> String {
    let ms = i64::try_from(itnio_voice::now_epoch_seconds()).unwrap_or_default() * 1000;
    itnio_voice::LocalDateTime::at_epoch_millis(ms)
        .map(itnio_voice::LocalDateTime::into_string)
        .unwrap_or_default()
}
