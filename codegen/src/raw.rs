//! The spec files exactly as they are written: serde types for the YAML, with no meaning
//! attached yet. `check` turns them into the resolved [`crate::model`].

use serde::Deserialize;

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
    pub base: String,
    pub doc: Option<String>,
    #[serde(rename = "macro")]
    pub macro_: Option<String>,
    pub chars: Option<Bounds>,
    pub digits: Option<Bounds>,
    pub range: Option<Bounds>,
    pub format: Option<String>,
    pub default: Option<serde_yaml::Value>,
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
    pub base: String,
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
    pub method: String,
    pub path: String,
    pub doc: Option<String>,
    pub request: String,
    pub idempotency_key: Option<String>,
    #[serde(default)]
    pub safe_to_repeat: bool,
    pub response: Response,
    pub paging: Option<Paging>,
    #[serde(default)]
    pub structs: Vec<Struct>,
    #[serde(default)]
    pub response_structs: Vec<ResponseStruct>,
    #[serde(default)]
    pub rules: Vec<Rule>,
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
    pub envelope: String,
    pub data: String,
    pub placement: Option<String>,
    pub doc: Option<String>,
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
    pub required: String,
    pub doc: Option<String>,
    pub items: Option<Bounds>,
    pub warn_over_chars: Option<i64>,
    #[serde(default)]
    pub lenient_string: bool,
    pub fixed: Option<i64>,
    pub source: Option<String>,
    pub table: Option<TableColumns>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableColumns {
    /// The Required column; response tables have none.
    pub required: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub kind: String,
    pub severity: String,
    #[serde(rename = "struct")]
    pub struct_: String,
    pub message: String,
    pub when: Option<RuleWhen>,
    pub require: Option<String>,
    pub list: Option<String>,
    pub key: Option<String>,
    pub field: Option<String>,
    pub limit: Option<String>,
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
    pub category: Option<String>,
    pub retryable: bool,
    pub note: Option<String>,
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
    pub level: String,
    pub header: Vec<String>,
    pub intents: Vec<Intent>,
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
    pub problem: String,
    pub handling: String,
}

/// All files of one spec directory, each with the path it was read from.
#[derive(Debug)]
pub struct RawSpec {
    pub types: (String, TypesFile),
    pub operations: Vec<(String, OperationFile)>,
    pub pushes: Vec<(String, PushFile)>,
    pub call_information: (String, CallInformationFile),
    pub status_codes: (String, StatusCodesFile),
    pub intents: (String, IntentsFile),
    pub scenarios: (String, ScenariosFile),
    pub quirks: (String, QuirksFile),
}
