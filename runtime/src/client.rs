//! The HTTP client: signing, sending, tolerant decoding, and the retry policy. Operation methods
//! (`agent_send`, ...) are generated from the spec on the API's own client type, which wraps
//! this [`Client`] ([`ApiClient`]) and calls [`Client::call`]. This file names no operation,
//! status code, header or URL: what it needs to know of them comes in an [`OperationInfo`],
//! the API's [`ApiFacts`] and through [`ApiStatus::retry_class`]. The policy is described
//! once, in the crate docs of `itnio-voice`.

use crate::envelope::{self, Envelope};
use crate::error::{ApiError, Error};
use crate::retry::{ApiStatus, RetryClass};
use crate::sign::{ApiSecret, Credentials, now_epoch_seconds};
use serde::Serialize;
use std::marker::PhantomData;
use std::time::Duration;
use tracing::Instrument;

/// What the client needs to know of an API as a whole: where it is and how a request is
/// signed. Generated from the spec's API-wide facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiFacts {
    /// The production base URL.
    pub base_url: &'static str,
    /// The header that carries the API key.
    pub api_key_header: &'static str,
    /// The header that carries the signing time (epoch seconds).
    pub timestamp_header: &'static str,
    /// The header that carries the signature.
    pub sign_header: &'static str,
    /// The `Content-Type` of a request body.
    pub content_type: &'static str,
}

/// An API's own client type: this runtime's [`Client`] with the API's generated operation
/// methods. [`ClientBuilder::build`] makes one.
pub trait ApiClient: From<Client> {
    /// The API's status codes.
    type Status: ApiStatus;
    /// Where the API is and how it signs.
    const FACTS: &'static ApiFacts;
    /// The default `User-Agent` (the SDK's name and version).
    const USER_AGENT: &'static str;
}

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

/// Every record of a paged list: `fetch(page)` reads one page and gives its records and the
/// number of pages; pages are read from `first` on until one is empty or the last is read, at
/// most [`MAX_PAGES`]. The generated `*_all_pages` methods and recovery lookups call it.
pub async fn all_pages<R, E, F, Fut>(first: i64, mut fetch: F) -> Result<Vec<R>, E>
where
    F: FnMut(i64) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<R>, i64), E>>,
{
    let mut out = Vec::new();
    for page in (first..).take(MAX_PAGES) {
        let (records, pages) = fetch(page).await?;
        let done = records.is_empty() || page >= pages;
        out.extend(records);
        if done {
            break;
        }
    }
    Ok(out)
}

/// Milliseconds since the Unix epoch, now.
pub fn now_epoch_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
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

/// Builds an API's client `C`.
pub struct ClientBuilder<C> {
    credentials: Credentials,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    client: PhantomData<fn() -> C>,
}

// By hand: a derive would ask `C: Debug + Clone` of the client type, which is never stored.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            credentials: self.credentials.clone(),
            base_url: self.base_url.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: self.user_agent.clone(),
            retry: self.retry.clone(),
            client: PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<C: ApiClient> ClientBuilder<C> {
    /// A builder with the credentials and defaults: the API's production base URL, 30 s
    /// timeout, 10 s to connect, [`RetryPolicy::default`].
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<ApiSecret>) -> Self {
        ClientBuilder {
            credentials: Credentials::new(api_key, api_secret),
            base_url: C::FACTS.base_url.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: C::USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            client: PhantomData,
        }
    }

    /// The base URL (default: the API's production URL); a trailing `/` is ignored.
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

    /// Builds the client, or says what is wrong with the configuration
    /// ([`Error::Config`]).
    pub fn build(self) -> Result<C, Error<C::Status>> {
        self.try_build().map_err(Error::Config)
    }

    /// Builds the client; the error says what is wrong with the configuration.
    pub fn try_build(self) -> Result<C, String> {
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(format!("base URL `{}` is not http(s)", self.base_url));
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent.clone())
            .build()
            .map_err(|e| e.to_string())?;
        let client = Client {
            http,
            credentials: self.credentials,
            base_url: self.base_url,
            retry: self.retry,
            facts: C::FACTS,
        };
        Ok(C::from(client))
    }
}

/// A signed client of an API, under its API's own client type ([`ApiClient`]). Cheap to clone;
/// clones share connections.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    credentials: Credentials,
    base_url: String,
    retry: RetryPolicy,
    facts: &'static ApiFacts,
}

/// How one attempt ended.
enum Attempt<S> {
    Answer(Envelope<S>),
    Failed(Error<S>),
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The one entry point of every generated operation method: a request whose `report` has
    /// errors is refused and never sent ([`Error::Invalid`]); its warnings are logged; it is
    /// sent under the retry policy and the success is read as the operation's answer.
    pub async fn call<O, S>(
        &self,
        report: crate::report::Report,
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
            .header(self.facts.api_key_header, &self.credentials.api_key)
            .header(self.facts.timestamp_header, timestamp.to_string())
            .header(self.facts.sign_header, self.credentials.sign(timestamp))
            .header(reqwest::header::CONTENT_TYPE, self.facts.content_type);
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
pub fn payload_from_body<T: serde::de::DeserializeOwned, S: ApiStatus>(
    envelope: Envelope<S>,
) -> Result<T, Error<S>> {
    let mut body = envelope.body.clone();
    if let serde_json::Value::Object(map) = &mut body {
        map.retain(|name, _| !S::ENVELOPE.is_member(name));
    }
    payload(&envelope, &body, "")
}

fn payload<T: serde::de::DeserializeOwned, S>(
    envelope: &Envelope<S>,
    value: &serde_json::Value,
    at: &str,
) -> Result<T, Error<S>> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = format!("{at}{}", crate::pointer::pointer_of(e.path()));
        unexpected_payload(
            envelope,
            format!("success whose payload does not read at `{pointer}`: {}", e.inner()),
        )
    })
}

fn unexpected_payload<S>(envelope: &Envelope<S>, reason: String) -> Error<S> {
    Error::UnexpectedResponse {
        http_status: 200,
        reason,
        body_prefix: envelope::body_prefix(envelope.body.to_string().as_bytes()),
    }
}

/// [`FromData`] for an answer type `$ty` of the status type `$status`, read by `$read`
/// ([`scalar_from_data`], [`payload_from_data`] or [`payload_from_body`]).
#[macro_export]
#[doc(hidden)]
macro_rules! answer_from {
    ($ty:ty, $status:ty, $read:ident) => {
        impl $crate::client::FromData<$status> for $ty {
            fn from_data(
                envelope: $crate::envelope::Envelope<$status>,
            ) -> ::core::result::Result<Self, $crate::error::Error<$status>> {
                $crate::client::$read(envelope)
            }
        }
    };
}

/// Describes an operation's marker type (a unit struct the generated code declares with its
/// docs): its `METHOD` and `PATH`, and its [`Operation`] impl with the answer type and
/// [`OperationInfo`].
#[macro_export]
#[doc(hidden)]
macro_rules! operation {
    (
        $op:ident -> $answer:ty,
        name = $name:literal,
        method = $method:literal,
        path = $path:literal,
        safe_to_repeat = $safe:literal,
        duplicate_code = $duplicate:expr $(,)?
    ) => {
        impl $op {
            /// The HTTP method.
            pub const METHOD: &'static str = $method;
            /// The path below the base URL.
            pub const PATH: &'static str = $path;
        }

        impl $crate::client::Operation for $op {
            type Answer = $answer;
            const INFO: $crate::client::OperationInfo = $crate::client::OperationInfo {
                name: $name,
                method: $method,
                path: $path,
                safe_to_repeat: $safe,
                duplicate_code: $duplicate,
            };
        }
    };
}

/// Declares an API's own client type over [`Client`]: the newtype, its [`ApiClient`] impl, the
/// `ClientBuilder` alias, and `builder`, `base_url`, `call` and `execute`. Generated code calls it
/// once; the generated operation methods join these in the type's `impl` blocks, so an
/// operation whose method has one of these names does not compile.
#[macro_export]
#[doc(hidden)]
macro_rules! api_client {
    ($client:ident, $builder:ident, $status:ty, $facts:expr $(,)?) => {
        /// A signed client of the API, with one method per operation. Build it with
        /// `builder`; it is cheap to clone, and clones share connections.
        #[derive(Debug, Clone)]
        pub struct $client($crate::client::Client);

        /// Builds a client: credentials, base URL, timeouts, `User-Agent` and retry policy.
        pub type $builder = $crate::client::ClientBuilder<$client>;

        impl ::core::convert::From<$crate::client::Client> for $client {
            fn from(client: $crate::client::Client) -> Self {
                Self(client)
            }
        }

        impl $crate::client::ApiClient for $client {
            type Status = $status;
            const FACTS: &'static $crate::client::ApiFacts = &$facts;
            const USER_AGENT: &'static str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
        }

        impl $client {
            /// A builder with the credentials and defaults: the production base URL, 30 s
            /// timeout, 10 s to connect, the default retry policy.
            pub fn builder(
                api_key: impl ::core::convert::Into<::std::string::String>,
                api_secret: impl ::core::convert::Into<$crate::ApiSecret>,
            ) -> $builder {
                $crate::client::ClientBuilder::new(api_key, api_secret)
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.0.base_url()
            }

            /// The one entry point of every generated operation method: a request whose
            /// `report` has errors is refused and never sent; its warnings are logged; it is
            /// sent under the retry policy and the success is read as the operation's answer.
            pub async fn call<O, S>(
                &self,
                report: $crate::report::Report,
                body: ::core::option::Option<&(impl ::serde::Serialize + ?Sized)>,
                idempotency_key: ::core::option::Option<&str>,
            ) -> ::core::result::Result<O::Answer, $crate::error::Error<S>>
            where
                O: $crate::client::Operation,
                O::Answer: $crate::client::FromData<S>,
                S: $crate::retry::ApiStatus,
            {
                self.0.call::<O, S>(report, body, idempotency_key).await
            }

            /// Sends `body` to `op` under the retry policy and returns the envelope of the
            /// success, without validating or decoding it.
            pub async fn execute<S: $crate::retry::ApiStatus>(
                &self,
                op: &$crate::client::OperationInfo,
                body: ::core::option::Option<&(impl ::serde::Serialize + ?Sized)>,
                idempotency_key: ::core::option::Option<&str>,
            ) -> ::core::result::Result<$crate::envelope::Envelope<S>, $crate::error::Error<S>> {
                self.0.execute(op, body, idempotency_key).await
            }
        }
    };
}
