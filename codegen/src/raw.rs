//! The spec files exactly as they are written: serde types for the YAML. Closed vocabularies
//! (methods, requiredness, severities, ...) are enums and rules are one tagged enum, so a typo is
//! a load error naming file, path and line; names and type expressions are resolved by `check`
//! into the [`crate::model`].

use serde::Deserialize;
use std::collections::BTreeMap;

/// `spec/types.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypesFile {
    pub constrained: Vec<Constrained>,
    pub enums: Vec<EnumDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constrained {
    pub name: String,
    pub base: Base,
    pub doc: Option<String>,
    #[serde(rename = "macro")]
    pub macro_: Option<String>,
    pub chars: Option<Bounds>,
    pub digits: Option<Bounds>,
    pub range: Option<Bounds>,
    pub format: Option<Format>,
    pub default: Option<serde_yaml::Value>,
    /// For a `date_time` format: the zone the server reads it in, in seconds east of UTC.
    pub utc_offset_seconds: Option<i32>,
}

/// What a constrained type or an enum is on the wire.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    String,
    Integer,
}

impl std::fmt::Display for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Base::String => "string",
            Base::Integer => "integer",
        })
    }
}

/// A text format a constrained string follows.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `HH:MM`.
    ClockTime,
    /// `yyyy-MM-dd HH:mm:ss`.
    DateTime,
    /// A decimal number as text.
    Decimal,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    pub name: String,
    pub base: Base,
    pub doc: Option<String>,
    pub default: Option<String>,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: EnumCode,
    pub variant: String,
    pub doc: Option<String>,
    #[serde(default, rename = "final")]
    pub final_: bool,
}

/// An enum value as the spec writes it: an integer or a string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum EnumCode {
    Int(i64),
    Str(String),
}

impl std::fmt::Display for EnumCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumCode::Int(i) => write!(f, "{i}"),
            EnumCode::Str(s) => write!(f, "{s:?}"),
        }
    }
}

/// `spec/operations/*.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationFile {
    pub name: String,
    pub method: Method,
    pub path: String,
    pub doc: Option<String>,
    pub request: String,
    pub idempotency_key: Option<String>,
    /// The status code answering a second request with the same idempotency key.
    pub duplicate_code: Option<i64>,
    #[serde(default)]
    pub safe_to_repeat: bool,
    pub response: Response,
    pub paging: Option<Paging>,
    pub recovery: Option<Recovery>,
    #[serde(default)]
    pub structs: Vec<Struct>,
    #[serde(default)]
    pub response_structs: Vec<ResponseStruct>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// The HTTP method of an operation.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Method {
    /// As HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Which members make an operation paged: the request's page number, the response's records
/// and page count.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    pub page: String,
    pub records: String,
    pub pages: String,
}

/// `spec/pushes/*.yaml`: a body ITNIO sends to the user's URL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushFile {
    pub name: String,
    pub doc: Option<String>,
    pub body: String,
    pub structs: Vec<ResponseStruct>,
}

/// An object read from the server: every field optional, unknown members kept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseStruct {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<ResponseField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseField {
    pub wire: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub doc: Option<String>,
    pub table: Option<TableColumns>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The `id` of a spelling in `api.yaml`'s `envelope.spellings`.
    pub envelope: String,
    pub data: String,
    #[serde(default)]
    pub placement: Placement,
    pub doc: Option<String>,
}

/// Where a payload struct sits in the answer.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// In `data`.
    #[default]
    Data,
    /// Beside the code, in the body itself.
    Body,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Struct {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub wire: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub required: Required,
    pub doc: Option<String>,
    pub items: Option<Bounds>,
    pub warn_over_chars: Option<i64>,
    #[serde(default)]
    pub lenient_string: bool,
    pub fixed: Option<i64>,
    #[serde(default)]
    pub source: Source,
    pub table: Option<TableColumns>,
}

/// Whether a request field must be sent.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Required {
    Yes,
    No,
    /// Required whenever the enclosing object is sent.
    IfParentPresent,
}

impl Required {
    /// Whether the field must be present in its object.
    pub fn is_required(self) -> bool {
        !matches!(self, Required::No)
    }
}

/// Where the docs show a field.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A row of the request table.
    #[default]
    Table,
    /// Only the example request.
    Example,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableColumns {
    /// The Required column; response tables have none.
    pub required: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
}

/// A rule over several fields of one struct, tagged by `kind`; each kind has exactly its own
/// members.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// When `when.field` equals `when.equals`, `require` must be present and not empty.
    RequiredWhenEquals {
        id: String,
        severity: Severity,
        #[serde(rename = "struct")]
        struct_: String,
        message: String,
        when: RuleWhen,
        require: String,
        /// The typed form joins the condition (a required enum) and the required list into one
        /// enum of this name, whose variant for `equals` carries a non-empty list: breaking the
        /// rule does not compile.
        mode: Option<String>,
    },
    /// Within the list `list`, the member `key` of each item should be unique.
    Unique {
        id: String,
        severity: Severity,
        #[serde(rename = "struct")]
        struct_: String,
        message: String,
        list: String,
        key: String,
    },
    /// The date-time `field` must not be later than the date-time `limit`.
    NotAfter {
        id: String,
        severity: Severity,
        #[serde(rename = "struct")]
        struct_: String,
        message: String,
        field: String,
        limit: String,
    },
}

impl Rule {
    /// The members every kind has: id, severity, struct, message.
    pub fn common(&self) -> (&str, Severity, &str, &str) {
        match self {
            Rule::RequiredWhenEquals { id, severity, struct_, message, .. }
            | Rule::Unique { id, severity, struct_, message, .. }
            | Rule::NotAfter { id, severity, struct_, message, .. } => (id, *severity, struct_, message),
        }
    }
}

/// How a broken rule is reported.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The request is not sent.
    Error,
    /// The request is sent; the caller is told.
    Warning,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleWhen {
    pub field: String,
    pub equals: i64,
}

/// `spec/call_information.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallInformationFile {
    pub columns: Vec<String>,
    pub keys: Vec<CallInformationKey>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallInformationKey {
    pub key: String,
    pub variable: String,
    pub doc: Option<String>,
    pub required_in: Vec<String>,
}

/// `spec/status_codes.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCodesFile {
    /// The code a request that breaks a rule of the docs gets.
    pub invalid_request: i64,
    pub categories: Vec<Category>,
    pub codes: Vec<StatusCode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub variant: String,
    pub doc: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCode {
    pub code: i64,
    pub variant: String,
    pub message: String,
    /// The document that lists the code, when it is not the agent-send page (whose status table
    /// is the spec's base).
    pub source: Option<String>,
    pub category: Option<String>,
    pub retry: RetryClass,
    pub note: Option<String>,
}

/// How the client's retry policy treats an answer with a status code.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RetryClass {
    /// Sending the same request again cannot help.
    Never,
    /// Re-signed with a fresh timestamp and sent again at once.
    Resign,
    /// The server failed with an unknown effect: retried after a backoff like a lost answer.
    Backoff,
    /// Retried with backoff only when the caller asks for it.
    OptIn,
}

impl RetryClass {
    /// The class's name in the spec (and the runtime's `RetryClass` variant).
    pub fn variant(self) -> &'static str {
        match self {
            RetryClass::Never => "Never",
            RetryClass::Resign => "Resign",
            RetryClass::Backoff => "Backoff",
            RetryClass::OptIn => "OptIn",
        }
    }

    /// As the spec writes it.
    pub fn id(self) -> &'static str {
        match self {
            RetryClass::Never => "never",
            RetryClass::Resign => "resign",
            RetryClass::Backoff => "backoff",
            RetryClass::OptIn => "opt_in",
        }
    }
}

/// `spec/intents.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentsFile {
    pub reading: String,
    pub tables: Vec<IntentTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentTable {
    pub id: String,
    pub scenario: Option<String>,
    pub level: Level,
    pub header: Vec<String>,
    pub intents: Vec<Intent>,
}

/// Which level of the docs' intent hierarchy a table lists.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Intents of every scenario.
    General,
    /// First-level intents of one scenario.
    First,
    /// Detailed intents of one scenario.
    Detail,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub code: String,
    pub variant: String,
    pub name: String,
    pub remarks: Option<String>,
    pub group: Option<String>,
}

/// `spec/scenarios.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenariosFile {
    /// The status code the server answers for a recall intent of another scenario's table.
    pub mismatch_code: i64,
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub cli: String,
    pub intent_prefix: String,
    pub intent_tables: Vec<String>,
    pub doc: Option<String>,
}

/// `spec/api.yaml`: facts of the API as a whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    pub doc: String,
    /// The production base URL, without a trailing `/`.
    pub base_url: String,
    /// Hosts the docs say serve the same API; named, never used by default.
    #[serde(default)]
    pub sister_hosts: Vec<SisterHost>,
    /// The `Content-Type` of a request body.
    pub content_type: String,
    pub envelope: EnvelopeFacts,
    pub signing: Signing,
}

/// The answer's envelope: the member of the payload, and each spelling of the code and message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeFacts {
    pub data: String,
    pub spellings: Vec<Spelling>,
}

/// One spelling of the envelope's code and message members; operations name it by `id`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spelling {
    pub id: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SisterHost {
    pub url: String,
    pub doc: String,
}

/// How a request is signed: the three headers and the docs' test vector.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signing {
    pub api_key_header: String,
    pub timestamp_header: String,
    pub sign_header: String,
    pub doc: String,
    pub test_vector: TestVector,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestVector {
    pub api_key: String,
    pub api_secret: String,
    pub timestamp: i64,
    pub sign: String,
}

/// `spec/quirks.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuirksFile {
    pub quirks: Vec<Quirk>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quirk {
    pub id: String,
    pub source: String,
    /// The doc line the reading rests on, word for word.
    pub quote: Option<String>,
    pub problem: String,
    pub handling: String,
    /// What a breach of the reading is: `error` (the request is refused before it is sent) or
    /// `warning`; absent for quirks that decide no check.
    pub severity: Option<Severity>,
    /// Where the quirk applies: an operation or push (`agent_send`), one of its structs or
    /// fields (`agent_send.Callee`, `agent_send.Callee.text1`), a type of types.yaml
    /// (`RingingSeconds`), or a table (`status_codes`, `intents`, `call_information`). Empty
    /// for quirks of the API as a whole.
    #[serde(default)]
    pub applies_to: Vec<String>,
}

/// How to find what an attempt whose answer was lost created, when a retry is answered with
/// the operation's `duplicate_code`: a paged list query around the time of the first attempt.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    pub doc: String,
    /// The list query (an operation with paging).
    pub lookup: String,
    /// The member of the lookup's request (a dotted path of wire names) that gets the
    /// idempotency key.
    pub key: String,
    /// The members of the lookup's request that get the start and end of the time window
    /// (date-times with a zone in types.yaml).
    pub from: String,
    pub to: String,
    /// Minutes the window reaches before the first attempt and after the lookup.
    pub window_minutes: u32,
    /// Other integer members of the lookup's request, by dotted path.
    #[serde(default)]
    pub set: BTreeMap<String, i64>,
    /// The member of the lookup's records that must equal the idempotency key exactly.
    #[serde(rename = "match")]
    pub match_: String,
    /// The member of the matching record that is the operation's answer.
    pub answer: String,
}

/// All files of one spec directory, each with the path it was read from.
#[derive(Debug)]
pub struct RawSpec {
    /// SHA-256 of the files read, lowercase hex (see `load::digest`).
    pub digest: String,
    pub types: (String, TypesFile),
    pub operations: Vec<(String, OperationFile)>,
    pub pushes: Vec<(String, PushFile)>,
    pub call_information: (String, CallInformationFile),
    pub status_codes: (String, StatusCodesFile),
    pub intents: (String, IntentsFile),
    pub scenarios: (String, ScenariosFile),
    pub quirks: (String, QuirksFile),
    pub api: (String, ApiFile),
}
