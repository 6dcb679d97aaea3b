//! The checked model of the spec, which every emitter reads. Tables that need no resolving
//! (status codes, intents, scenarios, callInformation keys, quirks) are kept in their raw form;
//! types, structs, rules and paging are resolved so that emitters never parse spec text and
//! never look anything up by name: references are ids ([`StructId`], [`FieldId`]) that `check`
//! made from positions, so they are valid by construction.

pub use crate::raw::{CallInformationFile, Category, Quirk, RetryClass};
pub use crate::raw::{CallInformationKey, EnumCode, Intent as IntentRow};
pub use crate::raw::{Level, Method, Placement, Required};

/// The whole API, checked.
#[derive(Debug)]
pub struct Api {
    /// Constrained scalar newtypes, in spec order.
    pub constrained: Vec<Constrained>,
    /// Enums over integers or strings, in spec order.
    pub enums: Vec<EnumType>,
    /// Operations, in file-name order.
    pub operations: Vec<Operation>,
    /// Bodies ITNIO pushes to the user's URL, in file-name order.
    pub pushes: Vec<Push>,
    /// The callInformation key table.
    pub call_information: CallInformationFile,
    /// Status-code categories.
    pub categories: Vec<Category>,
    /// Status codes.
    pub status_codes: Vec<StatusCode>,
    /// How the unheaded intent tables were read.
    pub intent_reading: String,
    /// Intent tables, in page order.
    pub intent_tables: Vec<IntentTable>,
    /// Scenarios.
    pub scenarios: Vec<Scenario>,
    /// The status code the server answers for a recall intent of another scenario's table.
    pub scenario_mismatch_code: i64,
    /// The status code a request that breaks a rule of the docs gets.
    pub invalid_request_code: i64,
    /// Known quirks of the docs.
    pub quirks: Vec<Quirk>,
    /// Where each quirk applies, by the quirk's index; empty for quirks of the API as a whole.
    pub quirk_places: Vec<Vec<QuirkPlace>>,
    /// Facts of the API as a whole: base URL, headers, signing (`api.yaml`, checked).
    pub facts: crate::raw::ApiFile,
    /// SHA-256 of the spec's files, lowercase hex: which transcription of the docs the output
    /// follows.
    pub spec_digest: String,
}

/// A place a quirk applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuirkPlace {
    /// An operation.
    Operation(OperationId),
    /// A request struct of an operation, or one of its fields.
    Request(OperationId, StructId, Option<FieldId>),
    /// A response struct of an operation, or one of its fields.
    Response(OperationId, StructId, Option<FieldId>),
    /// A push.
    Push(PushId),
    /// A struct of a push, or one of its fields.
    PushStruct(PushId, StructId, Option<FieldId>),
    /// A constrained type.
    Constrained(ConstrainedId),
    /// An enum type.
    Enum(EnumId),
    /// The status-code table.
    StatusCodes,
    /// The intent tables.
    Intents,
    /// The callInformation key table.
    CallInformation,
}

impl Api {
    /// The quirks that apply at `place`.
    pub fn quirks_at(&self, place: QuirkPlace) -> impl Iterator<Item = &Quirk> {
        self.quirks.iter().zip(&self.quirk_places).filter(move |(_, ps)| ps.contains(&place)).map(|(q, _)| q)
    }

    /// The quirks of the API as a whole.
    pub fn general_quirks(&self) -> impl Iterator<Item = &Quirk> {
        self.quirks.iter().zip(&self.quirk_places).filter(|(_, ps)| ps.is_empty()).map(|(q, _)| q)
    }
}

/// A constrained scalar newtype.
#[derive(Debug, Clone)]
pub struct Constrained {
    pub name: String,
    pub doc: String,
    pub macro_name: String,
    pub kind: ConstraintKind,
    pub default: Option<i64>,
    /// For a date-time: the zone the server reads it in, in seconds east of UTC.
    pub utc_offset_seconds: Option<i32>,
}

/// What a constrained type allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    /// A string of `min..=max` Unicode characters.
    Chars { min: u32, max: Option<u32> },
    /// A string of `min..=max` ASCII digits.
    Digits { min: u32, max: u32 },
    /// An integer in `min..=max`.
    Range { min: i64, max: Option<i64> },
    /// `HH:MM`.
    ClockTime,
    /// `yyyy-MM-dd HH:mm:ss`.
    DateTime,
    /// A decimal number as text, kept exactly.
    Decimal,
}

impl ConstraintKind {
    /// The last part of the rule id of a type with this constraint (`callee_number.digits`).
    pub fn rule(self) -> &'static str {
        match self {
            ConstraintKind::Chars { .. } => "chars",
            ConstraintKind::Digits { .. } => "digits",
            ConstraintKind::Range { .. } => "range",
            ConstraintKind::ClockTime | ConstraintKind::DateTime | ConstraintKind::Decimal => "format",
        }
    }

    /// Whether values are strings (else integers).
    pub fn is_string(self) -> bool {
        !matches!(self, ConstraintKind::Range { .. })
    }

    /// The constraint in words, for docs and compile-time error messages.
    pub fn describe(self) -> String {
        match self {
            ConstraintKind::Chars { min, max: Some(max) } => format!("{min} to {max} characters"),
            ConstraintKind::Chars { min, max: None } => format!("at least {min} characters"),
            ConstraintKind::Digits { min, max } => format!("{min} to {max} ASCII digits"),
            ConstraintKind::Range { min, max: Some(max) } => format!("an integer from {min} to {max}"),
            ConstraintKind::Range { min, max: None } => format!("an integer of at least {min}"),
            ConstraintKind::ClockTime => "a clock time HH:MM from 00:00 to 23:59".into(),
            ConstraintKind::DateTime => "a date-time yyyy-MM-dd HH:mm:ss".into(),
            ConstraintKind::Decimal => "a decimal number such as 12 or -0.50".into(),
        }
    }
}

/// An enum over documented values.
#[derive(Debug, Clone)]
pub struct EnumType {
    pub name: String,
    pub doc: String,
    pub base: EnumBase,
    /// The value a field of this type takes when it is absent.
    pub default: Option<ValueId>,
    pub values: Vec<EnumValue>,
}

/// An agent scenario: which intent tables it accepts and how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// The spec's id (also the callInformation table's column).
    pub id: String,
    /// The marker type's name.
    pub ty: String,
    /// The command-line name.
    pub cli: String,
    pub intent_prefix: String,
    /// The intent tables whose codes its agent accepts.
    pub intent_tables: Vec<TableId>,
    pub doc: Option<String>,
}

/// An intent table of the docs.
#[derive(Debug)]
pub struct IntentTable {
    pub id: String,
    /// The scenario whose table it is; `None` for the general table.
    pub scenario: Option<ScenarioId>,
    pub level: Level,
    pub header: Vec<String>,
    pub intents: Vec<IntentRow>,
}

/// Declares an id type: a position in one of the model's lists, which that list is indexed by.
macro_rules! ids {
    ($($(#[$doc:meta])* $id:ident => $item:ty;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $id(pub usize);

        impl std::ops::Index<$id> for [$item] {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }

        impl std::ops::Index<$id> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }
    )*};
}

ids! {
    /// A constrained type, by its position in [`Api::constrained`].
    ConstrainedId => Constrained;
    /// An enum type, by its position in [`Api::enums`].
    EnumId => EnumType;
    /// An operation, by its position in [`Api::operations`].
    OperationId => Operation;
    /// A push, by its position in [`Api::pushes`].
    PushId => Push;
}

/// A scenario, by its position in [`Api::scenarios`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioId(pub usize);

/// An intent table, by its position in [`Api::intent_tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableId(pub usize);

/// A status code of the docs, with its category and retry class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCode {
    pub code: i64,
    pub variant: String,
    pub message: String,
    /// The document that lists the code, when it is not the agent-send page.
    pub source: Option<String>,
    /// `None` for success only.
    pub category: Option<CategoryId>,
    pub retry: RetryClass,
    pub note: Option<String>,
}

/// A status category, by its position in [`Api::categories`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryId(pub usize);

/// A value of an enum, by its position in [`EnumType::values`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueId(pub usize);

impl EnumType {
    /// The default value, if the spec gives one.
    pub fn default_value(&self) -> Option<&EnumValue> {
        self.default.map(|d| &self.values[d.0])
    }

    /// Whether some value is marked final.
    pub fn has_final(&self) -> bool {
        self.values.iter().any(|v| v.is_final)
    }
}

/// What an enum's values are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumBase {
    Integer,
    String,
}

/// One value of an [`EnumType`].
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The wire value; its kind matches the enum's base.
    pub code: EnumCode,
    pub variant: String,
    pub doc: String,
    /// Nothing more happens after this state.
    pub is_final: bool,
}

/// A struct, by its position: in [`Operation::structs`] for request types, in
/// [`Operation::response_structs`] or [`Push::structs`] for what is read from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructId(pub usize);

/// A field of a struct, by its position in the struct's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldId(pub usize);

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Operation {
    pub name: String,
    pub method: Method,
    pub path: String,
    pub doc: String,
    /// The request struct; `None` for a request without a body.
    pub request: Option<StructId>,
    /// The request field whose value makes retries safe, if any.
    pub idempotency_key: Option<FieldId>,
    /// The status code that answers a second request with the same idempotency key.
    pub duplicate_code: Option<i64>,
    /// Sending the request twice does no harm (reads, and updates to given values): an attempt
    /// whose outcome is unknown may be repeated.
    pub safe_to_repeat: bool,
    pub response: ResponseShape,
    /// Set for list queries.
    pub paging: Option<Paging>,
    /// How the client finds what a lost attempt created (operations with an idempotency key).
    pub recovery: Option<Recovery>,
    pub structs: Vec<Struct>,
    pub response_structs: Vec<ResponseStruct>,
    pub rules: Vec<Rule>,
}

/// The lookup after a lost answer: the list query `lookup` (an index into
/// [`Api::operations`]) is sent with `set` members filled in, page after page; the record whose
/// `matches` member equals the idempotency key gives the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    pub doc: String,
    pub lookup: OperationId,
    pub set: Vec<(Vec<FieldId>, RecoveryValue)>,
    pub window_minutes: u32,
    /// In the lookup's page item struct.
    pub matches: FieldId,
    pub answer: FieldId,
}

/// What a member of the lookup's request is set to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveryValue {
    /// The idempotency key.
    Key,
    /// The start of the time window.
    From,
    /// The end of the time window.
    To,
    /// An integer from the spec.
    Integer(i64),
}

/// An envelope spelling: an index into `api.facts.envelope.spellings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpellingId(pub usize);

impl Api {
    /// The envelope spelling `id` names.
    pub fn spelling(&self, id: SpellingId) -> &crate::raw::Spelling {
        &self.facts.envelope.spellings[id.0]
    }
}

/// What a success answer carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseShape {
    /// The spelling the docs give (the decoder accepts every one).
    pub envelope: SpellingId,
    pub data: ResponseData,
    /// Where the payload sits.
    pub placement: Placement,
    pub doc: String,
}

/// The payload of a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseData {
    /// Nothing (`data` null).
    None,
    /// An integer.
    Integer,
    /// A constrained scalar of types.yaml (the new task's `TaskId`); read leniently (a number or a string holding it).
    Scalar(ConstrainedId),
    /// A response struct of the operation.
    Struct(StructId),
}

/// The members that page a list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The request's page-number field (top level).
    pub page: FieldId,
    /// The answer struct's list of records.
    pub records: FieldId,
    /// The records' item struct, among the response structs.
    pub item: StructId,
    /// The answer struct's page count.
    pub pages: FieldId,
}

/// An object read from the server (a response payload or a push): every field optional, read
/// leniently, unknown members kept.
#[derive(Debug, Clone)]
pub struct ResponseStruct {
    pub name: String,
    pub doc: String,
    pub fields: Vec<ResponseField>,
}

/// A field of a [`ResponseStruct`].
#[derive(Debug, Clone)]
pub struct ResponseField {
    pub wire: String,
    pub rust: String,
    pub ty: ResponseType,
    pub doc: String,
}

/// A resolved type of a value read from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseType {
    String,
    Integer,
    /// A constrained type.
    Constrained(ConstrainedId),
    /// An enum type; read as `Open`.
    Enum(EnumId),
    /// A struct of the same list.
    Struct(StructId),
    List(Box<ResponseType>),
    /// An intent code as reported.
    Intent,
    /// A time of the status-report push.
    PushTime,
}

/// A body ITNIO sends to the user's own URL.
#[derive(Debug, Clone)]
pub struct Push {
    pub name: String,
    pub doc: String,
    /// The spec file, for the generated docs.
    pub file: String,
    /// The body is a JSON array of this struct.
    pub item: StructId,
    pub structs: Vec<ResponseStruct>,
}

impl Operation {
    /// A request struct.
    pub fn request_struct(&self, id: StructId) -> &Struct {
        &self.structs[id.0]
    }

    /// A response struct.
    pub fn response_struct(&self, id: StructId) -> &ResponseStruct {
        &self.response_structs[id.0]
    }
}

impl Struct {
    /// A field.
    pub fn field(&self, id: FieldId) -> &Field {
        &self.fields[id.0]
    }
}

impl ResponseStruct {
    /// A field.
    pub fn field(&self, id: FieldId) -> &ResponseField {
        &self.fields[id.0]
    }
}

/// How a struct depends on the agent's scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioUse {
    /// Not at all.
    None,
    /// Through recall intents or a nested struct: the typed struct is generic over the scenario.
    Generic,
    /// It holds callInformation, whose required keys differ: one typed struct per scenario.
    PerScenario,
}

/// A request object.
#[derive(Debug, Clone)]
pub struct Struct {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
    pub scenario_use: ScenarioUse,
}

/// A field of a request object.
#[derive(Debug, Clone)]
pub struct Field {
    /// JSON name.
    pub wire: String,
    /// Rust name (snake case).
    pub rust: String,
    pub ty: FieldType,
    pub required: Required,
    pub doc: String,
    /// Warn when a string value is longer than this many characters.
    pub warn_over_chars: Option<u32>,
    /// Read an integer given as a string of digits too.
    pub lenient_string: bool,
    /// The only value the field may have; the typed form sends it without being told.
    pub fixed: Option<i64>,
    /// Whether the field is a row of the source page's request table (else example-only).
    pub from_table: bool,
}

/// A resolved type of a request field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    /// A constrained type.
    Constrained(ConstrainedId),
    /// An enum type.
    Enum(EnumId),
    /// A struct of the same operation.
    Struct(StructId),
    List {
        item: Box<FieldType>,
        min: u32,
        max: Option<u32>,
    },
    /// The scenario's callInformation map.
    CallInformation,
    /// An intent code allowed in recallIntent.
    RecallIntent,
}

/// A rule over more than one field of the struct `owner`.
#[derive(Debug, Clone)]
pub enum Rule {
    /// When `when_field` equals `equals`, `require` must be present and not empty.
    RequiredWhenEquals {
        id: String,
        warning: bool,
        owner: StructId,
        when_field: FieldId,
        equals: i64,
        require: FieldId,
        message: String,
        /// The name of the typed form's enum that joins `when_field` (an enum) and `require` (a
        /// list), if the rule is made unrepresentable that way.
        mode: Option<String>,
    },
    /// Within the list `list` (of `item` structs), the field `key` of each item should be unique.
    Unique {
        id: String,
        warning: bool,
        owner: StructId,
        list: FieldId,
        item: StructId,
        key: FieldId,
        message: String,
    },
    /// The date-time `field` must not be later than the date-time `limit` (both required).
    NotAfter { id: String, warning: bool, owner: StructId, field: FieldId, limit: FieldId, message: String },
}

impl Rule {
    /// The struct the rule is about.
    pub fn owner(&self) -> StructId {
        match self {
            Rule::RequiredWhenEquals { owner, .. }
            | Rule::Unique { owner, .. }
            | Rule::NotAfter { owner, .. } => *owner,
        }
    }
}

impl Api {
    /// The category `id` names.
    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.0]
    }

    /// The scenario `id` names.
    pub fn scenario(&self, id: ScenarioId) -> &Scenario {
        &self.scenarios[id.0]
    }

    /// The intent tables whose codes an agent of scenario `s` accepts.
    pub fn tables_of<'a>(&'a self, s: &'a Scenario) -> impl Iterator<Item = &'a IntentTable> + 'a {
        s.intent_tables.iter().map(|t| &self.intent_tables[t.0])
    }

    /// Whether the scenario `id` has a column in the callInformation table.
    pub fn scenario_uses_call_information(&self, id: &str) -> bool {
        self.call_information.columns.iter().any(|c| c == id)
    }
}
