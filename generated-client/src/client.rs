//! The HTTP client: signing, sending, tolerant decoding, and the retry policy. Operation methods
//! (`Client::agent_send`, ...) are generated from the spec and call [`Client::call`]. This
//! file names no operation and no status code: what it needs to know of them comes in an
//! [`OperationInfo`] and through [`ApiStatus::retry_class`]. The policy is described once, in
//! the crate docs.

use crate::envelope::{self, Envelope};
use crate::error::{ApiError, Error};
use crate::retry::{ApiStatus, RetryClass};
use crate::sign::{ApiSecret, Credentials, now_epoch_seconds};
use serde::Serialize;
use std::time::Duration;
use tracing::Instrument;

/// The production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.itniotech.com";

/// Largest response body read; a longer one is cut there and reported as unexpected.
const MAX_BODY: usize = 4 << 20;

/// What the client needs to know about an operation; generated for each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's name of the operation.
    pub name: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path below the base URL.
    pub path: &'static str,
    /// Sending it twice does no harm (a read, or an update to given values): an attempt whose
    /// outcome is unknown is retried.
    pub safe_to_repeat: bool,
    /// The status code that answers a second request with the same idempotency key (-41 for a
    /// task name that exists): after an attempt whose outcome is unknown it ends the call as
    /// [`Error::MayAlreadyExist`].
    pub duplicate_code: Option<i64>,
}

/// What a generated operation tells the client about itself.
pub trait Operation {
    /// What a success returns.
    type Answer;
    /// Method, path and retry facts.
    const INFO: OperationInfo;
}

/// Most pages the generated `*_all_pages` methods read, a guard against a server that never
/// reports the last page.
pub const MAX_PAGES: usize = 10_000;

/// Milliseconds since the Unix epoch, now.
pub fn now_epoch_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The time window a recovery lookup searches, in epoch milliseconds: from `minutes` before the
/// first attempt (`since`) to `minutes` after now, so that a server clock a little off still
/// falls inside.
pub fn lookup_window(since: i64, minutes: u32) -> (i64, i64) {
    let margin = i64::from(minutes) * 60_000;
    (since.saturating_sub(margin), now_epoch_millis().max(since).saturating_add(margin))
}

/// When to send a request again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Delay before the second attempt; doubled for each further one.
    pub initial_backoff: Duration,
    /// Longest delay between attempts.
    pub max_backoff: Duration,
    /// Retry -37 (concurrent task limit) with backoff. Off by default: the limit frees only
    /// when one of your running tasks finishes.
    pub retry_concurrency_limit: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            retry_concurrency_limit: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn never() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
}

impl ClientBuilder {
    /// The base URL (default [`DEFAULT_BASE_URL`]); a trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Time allowed for one attempt, from sending to the end of the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Builds the client; the error says what is wrong with the configuration. (The crate root's
    /// `build` wraps it in the crate's `Error`.)
    pub fn try_build(self) -> Result<Client, String> {
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(format!("base URL `{}` is not http(s)", self.base_url));
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent.clone())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Client { http, credentials: self.credentials, base_url: self.base_url, retry: self.retry })
    }
}

/// A signed client of the ITNIO API. Cheap to clone; clones share connections.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    credentials: Credentials,
    base_url: String,
    retry: RetryPolicy,
}

/// How one attempt ended.
enum Attempt<S> {
    Answer(Envelope<S>),
    Failed(Error<S>),
}

impl Client {
    /// A builder with the credentials and defaults: the production base URL, 30 s timeout,
    /// [`RetryPolicy::default`].
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> ClientBuilder {
        ClientBuilder {
            credentials: Credentials::new(api_key, api_secret),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("itnio-voice/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The one entry point of every generated operation method: a request whose `report` has
    /// errors is refused and never sent ([`Error::Invalid`]); its warnings are logged; it is
    /// sent under the retry policy and the success is read as the operation's answer.
    pub async fn call<O, S>(
        &self,
        report: crate::Report,
        body: Option<&(impl Serialize + ?Sized)>,
        idempotency_key: Option<&str>,
    ) -> Result<O::Answer, Error<S>>
    where
        O: Operation,
        O::Answer: FromData<S>,
        S: ApiStatus,
    {
        let warnings = report.into_result().map_err(Error::Invalid)?;
        for w in &warnings {
            tracing::warn!(pointer = w.pointer.as_str(), "{}", w.message);
        }
        let envelope = self.execute(&O::INFO, body, idempotency_key).await?;
        O::Answer::from_data(envelope)
    }

    /// Sends `body` to `op` under the retry policy and returns the envelope of the success.
    /// `idempotency_key` (the task name of a creation) allows retrying attempts whose outcome is
    /// unknown. Generated operation methods validate before they call this.
    pub async fn execute<S: ApiStatus>(
        &self,
        op: &OperationInfo,
        body: Option<&(impl Serialize + ?Sized)>,
        idempotency_key: Option<&str>,
    ) -> Result<Envelope<S>, Error<S>> {
        let bytes = match body {
            Some(b) => {
                Some(bytes::Bytes::from(serde_json::to_vec(b).map_err(|e| Error::Config(e.to_string()))?))
            }
            None => None,
        };
        let span = tracing::info_span!(
            "itnio.call",
            operation = op.name,
            task_name = idempotency_key.unwrap_or(""),
            attempt = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        self.attempts(op, bytes, idempotency_key).instrument(span).await
    }

    async fn attempts<S: ApiStatus>(
        &self,
        op: &OperationInfo,
        body: Option<bytes::Bytes>,
        idempotency_key: Option<&str>,
    ) -> Result<Envelope<S>, Error<S>> {
        let max = self.retry.max_attempts.max(1);
        // An attempt whose effect is unknown may be repeated only when repeating is harmless.
        let repeatable = idempotency_key.is_some() || op.safe_to_repeat;
        let mut outcome_unknown = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            let result: Attempt<S> = self.attempt(op, body.clone()).await;
            let last = attempt >= max;
            let retry = match &result {
                Attempt::Answer(e) if e.code.is_success() => false,
                Attempt::Answer(e) => match e.code.retry_class() {
                    RetryClass::Never => false,
                    RetryClass::Resign => true,
                    RetryClass::OptIn => self.retry.retry_concurrency_limit,
                    RetryClass::Backoff => {
                        outcome_unknown = true;
                        repeatable
                    }
                },
                Attempt::Failed(Error::Transport { request_sent: false, .. }) => true,
                Attempt::Failed(Error::Timeout | Error::Transport { request_sent: true, .. }) => {
                    outcome_unknown = true;
                    repeatable
                }
                Attempt::Failed(_) => false,
            };
            let outcome = match &result {
                Attempt::Answer(e) => e.code.code().to_string(),
                Attempt::Failed(e) => failure_name(e).to_owned(),
            };
            tracing::Span::current().record("outcome", outcome.as_str());
            if retry && !last {
                tracing::debug!(attempt, outcome = outcome.as_str(), "retrying");
                // A stale timestamp is a clock problem: re-sign at once. Everything else backs off.
                let resign =
                    matches!(&result, Attempt::Answer(e) if e.code.retry_class() == RetryClass::Resign);
                if !resign {
                    tokio::time::sleep(self.retry.backoff(attempt)).await;
                }
                continue;
            }
            return match result {
                Attempt::Answer(e) if e.code.is_success() => Ok(e),
                Attempt::Answer(e) => {
                    let answer = ApiError {
                        status: e.code,
                        message: e.message.clone().unwrap_or_else(|| e.code.message().to_owned()),
                    };
                    match idempotency_key {
                        Some(name) if outcome_unknown && op.duplicate_code == Some(e.code.code()) => {
                            // An operation with a recovery in the spec looks for what the lost
                            // attempt created (its generated method), and sets `lookup`.
                            Err(Error::MayAlreadyExist {
                                task_name: name.to_owned(),
                                answer,
                                lookup: crate::error::Lookup::NotMade,
                            })
                        }
                        _ => Err(Error::Api(answer)),
                    }
                }
                Attempt::Failed(e) => Err(e),
            };
        }
    }

    async fn attempt<S: ApiStatus>(&self, op: &OperationInfo, body: Option<bytes::Bytes>) -> Attempt<S> {
        let timestamp = now_epoch_seconds();
        let url = format!("{}{}", self.base_url, op.path);
        let method = if op.method == "GET" { reqwest::Method::GET } else { reqwest::Method::POST };
        let mut request = self
            .http
            .request(method, url)
            .header("Api-Key", &self.credentials.api_key)
            .header("Timestamp", timestamp.to_string())
            .header("Sign", self.credentials.sign(timestamp))
            .header("Content-Type", "application/json;charset=UTF-8");
        if let Some(body) = body {
            request = request.body(body);
        }
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Attempt::Failed(transport_error(&e)),
        };
        let http_status = response.status().as_u16();
        let mut bytes = Vec::new();
        let mut cut = false;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_BODY {
                        bytes.extend_from_slice(&chunk[..MAX_BODY - bytes.len()]);
                        cut = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Attempt::Failed(transport_error(&e)),
            }
        }
        let unexpected = |reason: &str| {
            Attempt::Failed(Error::UnexpectedResponse {
                http_status,
                reason: reason.to_owned(),
                body_prefix: envelope::body_prefix(&bytes),
            })
        };
        if cut {
            return unexpected("the body is larger than 4 MiB");
        }
        if !(200..300).contains(&http_status) {
            return unexpected("the HTTP status is not a success");
        }
        match envelope::decode(&bytes) {
            Ok(e) => Attempt::Answer(e),
            Err(why) => unexpected(why.describe()),
        }
    }
}

/// Classifies a reqwest error: before the request was sent (safe to retry) or not.
fn transport_error<S>(e: &reqwest::Error) -> Error<S> {
    if e.is_timeout() && !e.is_connect() {
        return Error::Timeout;
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Transport { message, request_sent: !e.is_connect() }
}

fn failure_name<S>(e: &Error<S>) -> &'static str {
    match e {
        Error::Invalid(_) => "invalid",
        Error::Api(_) => "api",
        Error::MayAlreadyExist { .. } => "may-already-exist",
        Error::Transport { request_sent: false, .. } => "connect-failed",
        Error::Transport { request_sent: true, .. } => "connection-lost",
        Error::Timeout => "timeout",
        Error::UnexpectedResponse { .. } => "unexpected-response",
        Error::Config(_) => "config",
    }
}

/// Reads `data` of a success as the type an operation returns.
pub trait FromData<S>: Sized {
    /// Converts the success envelope.
    fn from_data(envelope: Envelope<S>) -> Result<Self, Error<S>>;
}

impl<S> FromData<S> for i64 {
    fn from_data(envelope: Envelope<S>) -> Result<Self, Error<S>> {
        let id = match &envelope.data {
            Some(serde_json::Value::Number(n)) => n.as_i64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        id.ok_or_else(|| Error::UnexpectedResponse {
            http_status: 200,
            reason: "success without an integer `data`".to_owned(),
            body_prefix: envelope::body_prefix(envelope.body.to_string().as_bytes()),
        })
    }
}

impl<S> FromData<S> for () {
    fn from_data(_: Envelope<S>) -> Result<Self, Error<S>> {
        Ok(())
    }
}

/// Reads a success's `data` as the scalar `T` (a constrained type such as `TaskId`), given as a
/// number or as a string holding one.
pub fn scalar_from_data<T: serde::de::DeserializeOwned, S>(envelope: Envelope<S>) -> Result<T, Error<S>> {
    let read = envelope.data.as_ref().map(crate::lenient::from_value_lenient::<T>);
    match read {
        Some(Ok(Some(value))) => Ok(value),
        Some(Err(e)) => {
            Err(unexpected_payload(&envelope, format!("success whose `data` does not read: {e}")))
        }
        _ => Err(unexpected_payload(&envelope, "success without `data`".to_owned())),
    }
}

/// Reads a success's `data` as `T` (the generated `FromData` of payload structs calls it). A
/// success without `data`, or with one of another shape, is an unexpected response naming the
/// JSON Pointer where it fails.
pub fn payload_from_data<T: serde::de::DeserializeOwned, S>(envelope: Envelope<S>) -> Result<T, Error<S>> {
    let Some(data) = &envelope.data else {
        return Err(unexpected_payload(&envelope, "success without `data`".to_owned()));
    };
    payload(&envelope, data, "/data")
}

/// Reads a success's payload from the body itself, where it sits beside the code (the
/// balance); the envelope's own members are not part of it.
pub fn payload_from_body<T: serde::de::DeserializeOwned, S>(envelope: Envelope<S>) -> Result<T, Error<S>> {
    let mut body = envelope.body.clone();
    if let serde_json::Value::Object(map) = &mut body {
        for member in envelope::MEMBERS {
            map.remove(member);
        }
    }
    payload(&envelope, &body, "")
}

fn payload<T: serde::de::DeserializeOwned, S>(
    envelope: &Envelope<S>,
    value: &serde_json::Value,
    at: &str,
) -> Result<T, Error<S>> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let (inner, message) = crate::validate::locate(e.path(), e.inner().to_string());
        let pointer = format!("{at}{inner}");
        unexpected_payload(envelope, format!("success whose payload does not read at `{pointer}`: {message}"))
    })
}

fn unexpected_payload<S>(envelope: &Envelope<S>, reason: String) -> Error<S> {
    Error::UnexpectedResponse {
        http_status: 200,
        reason,
        body_prefix: envelope::body_prefix(envelope.body.to_string().as_bytes()),
    }
}
