//! JSON Schema 2020-12 of the spec's types and structs, shared by the OpenAPI document (where
//! references point into `#/components/schemas/`) and the per-scenario request schemas (where
//! they point into `#/$defs/`).
//!
//! Requests get every constraint the Rust validator checks and JSON Schema can state, so that
//! both agree on every document (the differential test in `tests/tests/it/openapi.rs`); what no
//! schema can state is listed as annotations (`x-itnio-rules` with `"in_schema": false`).
//! Answers and pushes get the documented types: they are described, not policed.

use super::json::Json;
use crate::model::*;
use crate::naming;

/// The Java Integer the docs' types mean (quirk `java_integer`).
const INTEGER_MIN: i64 = i32::MIN as i64;
const INTEGER_MAX: i64 = i32::MAX as i64;

/// Emits schemas for one document.
pub(super) struct Schemas<'a> {
    pub api: &'a Api,
    pub target: Target<'a>,
}

/// The document the schemas are written into.
#[derive(Clone, Copy)]
pub(super) enum Target<'a> {
    /// The OpenAPI document: named schemas in `#/components/schemas/`, OpenAPI's `format`
    /// vocabulary, what every scenario accepts.
    OpenApi,
    /// A standalone JSON Schema of a request for agents of one scenario (which decides the
    /// allowed intents and the required callInformation keys): named schemas in `#/$defs/`, and
    /// no `format: int32`, which JSON Schema validators report as unknown.
    Scenario(&'a Scenario),
}

impl<'a> Target<'a> {
    fn refs(self) -> &'static str {
        match self {
            Target::OpenApi => "#/components/schemas/",
            Target::Scenario(_) => "#/$defs/",
        }
    }

    fn scenario(self) -> Option<&'a Scenario> {
        match self {
            Target::OpenApi => None,
            Target::Scenario(s) => Some(s),
        }
    }

    /// `{"$ref": ...}` to the named schema `name`.
    pub(super) fn reference(self, name: &str) -> Json {
        Json::object().with("$ref", format!("{}{name}", self.refs()))
    }
}

/// The quirks at `place`, as `x-itnio-quirks` entries.
pub(super) fn quirks(quirks: Vec<&Quirk>) -> Option<Json> {
    (!quirks.is_empty()).then(|| Json::Array(quirks.into_iter().map(quirk).collect()))
}

/// One quirk, as written in quirks.yaml.
pub(super) fn quirk(q: &Quirk) -> Json {
    Json::object()
        .with("id", &q.id)
        .with("source", &q.source)
        .with_some("quote", q.quote.as_ref())
        .with("problem", q.problem.trim())
        .with("handling", q.handling.trim())
        .with_some(
            "severity",
            q.severity.map(|s| match s {
                crate::raw::Severity::Error => "error",
                crate::raw::Severity::Warning => "warning",
            }),
        )
}

/// Adds `x-itnio-quirks` when some quirk applies at `place`.
fn with_quirks(schema: Json, api: &Api, place: QuirkPlace) -> Json {
    schema.with_some("x-itnio-quirks", quirks(api.quirks_at(place).collect()))
}

/// A string of ASCII digits (an optional `-`, leading zeros allowed) whose value is in
/// `lo..=hi`: what the runtime's lenient integer reading accepts for such a range.
pub(super) fn integer_pattern(lo: i64, hi: i64) -> String {
    let mut alternatives = Vec::new();
    if hi >= 0 {
        let mut from = lo.max(0);
        if from == 0 {
            alternatives.push("-?0+".to_owned());
            from = 1;
        }
        if from <= hi {
            alternatives.push(format!("0*{}", unsigned(from as u64, hi as u64)));
        }
    }
    if lo < 0 {
        let (from, to) = ((-(hi.min(-1))) as u64, lo.unsigned_abs());
        alternatives.push(format!("-0*{}", unsigned(from, to)));
    }
    format!("^(?:{})$", alternatives.join("|"))
}

/// Numbers `lo..=hi` (`1 <= lo <= hi`) written without leading zeros.
fn unsigned(lo: u64, hi: u64) -> String {
    let mut parts = Vec::new();
    let (lo_len, hi_len) = (lo.to_string().len(), hi.to_string().len());
    for len in lo_len..=hi_len {
        let first = if len == lo_len { lo } else { 10u64.pow(len as u32 - 1) };
        let last = if len == hi_len { hi } else { 10u64.pow(len as u32) - 1 };
        parts.push(same_length(first.to_string().as_bytes(), last.to_string().as_bytes()));
    }
    format!("(?:{})", parts.join("|"))
}

/// Digit strings of one length from `lo` to `hi`.
fn same_length(lo: &[u8], hi: &[u8]) -> String {
    let n = lo.len();
    let digit = |b: u8| char::from(b);
    let any = |k: usize| match k {
        0 => String::new(),
        1 => "[0-9]".to_owned(),
        k => format!("[0-9]{{{k}}}"),
    };
    if lo == hi {
        return lo.iter().map(|&b| digit(b)).collect();
    }
    if n == 1 {
        return format!("[{}-{}]", digit(lo[0]), digit(hi[0]));
    }
    let (a, b) = (lo[0], hi[0]);
    let (rest_lo, rest_hi) = (&lo[1..], &hi[1..]);
    if a == b {
        return format!("{}{}", digit(a), same_length(rest_lo, rest_hi));
    }
    let zeros = rest_lo.iter().all(|&d| d == b'0');
    let nines = rest_hi.iter().all(|&d| d == b'9');
    let mut alternatives = Vec::new();
    let mut full_from = a;
    if !zeros {
        alternatives.push(format!("{}{}", digit(a), same_length(rest_lo, &vec![b'9'; n - 1])));
        full_from = a + 1;
    }
    let full_to = if nines { b } else { b - 1 };
    if full_from <= full_to {
        let first = if full_from == full_to {
            digit(full_from).to_string()
        } else {
            format!("[{}-{}]", digit(full_from), digit(full_to))
        };
        alternatives.push(format!("{first}{}", any(n - 1)));
    }
    if !nines {
        alternatives.push(format!("{}{}", digit(b), same_length(&vec![b'0'; n - 1], rest_hi)));
    }
    format!("(?:{})", alternatives.join("|"))
}

/// `yyyy-MM-dd HH:mm:ss` with a real calendar date: years 0001-9999, months of 28 to 31 days,
/// February 29 in leap years only.
const DATE_TIME_PATTERN: &str = concat!(
    "^(?:",
    "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-",
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29",
    ") (?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
);

const CLOCK_TIME_PATTERN: &str = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$";
const DECIMAL_PATTERN: &str = "^-?[0-9]+(?:\\.[0-9]+)?$";

impl<'a> Schemas<'a> {
    fn reference(&self, name: &str) -> Json {
        self.target.reference(name)
    }

    fn openapi(&self) -> bool {
        matches!(self.target, Target::OpenApi)
    }

    /// A constrained scalar type.
    pub fn constrained(&self, i: ConstrainedId) -> Json {
        let c = &self.api.constrained[i];
        let base = Json::object()
            .with("title", &c.name)
            .with("description", format!("{}\n\n{}.", c.doc, capitalize(&c.kind.describe())));
        let schema = match c.kind {
            ConstraintKind::Chars { min, max } => base
                .with("type", "string")
                .with_some("minLength", (min > 0).then_some(min))
                .with_some("maxLength", max),
            ConstraintKind::Digits { min, max } => {
                base.with("type", "string").with("pattern", format!("^[0-9]{{{min},{max}}}$"))
            }
            ConstraintKind::Range { min, max } => base
                .with("type", "integer")
                .with_some("format", self.openapi().then_some("int32"))
                .with("minimum", min.max(INTEGER_MIN))
                .with("maximum", max.unwrap_or(INTEGER_MAX).min(INTEGER_MAX)),
            ConstraintKind::ClockTime => base.with("type", "string").with("pattern", CLOCK_TIME_PATTERN),
            ConstraintKind::DateTime => base
                .with("type", "string")
                .with("pattern", DATE_TIME_PATTERN)
                .with_some("x-itnio-utc-offset-seconds", c.utc_offset_seconds),
            ConstraintKind::Decimal => base.with("type", "string").with("pattern", DECIMAL_PATTERN),
        };
        let schema = schema
            .with_some("default", c.default)
            .with("x-itnio-rule", naming::rule_id(&c.name, c.kind.rule()));
        with_quirks(schema, self.api, QuirkPlace::Constrained(i))
    }

    /// An enum over documented values, each with its meaning.
    pub fn enum_type(&self, i: EnumId) -> Json {
        let e = &self.api.enums[i];
        let values = e
            .values
            .iter()
            .map(|v| {
                Json::object()
                    .with("const", code(&v.code))
                    .with("title", &v.variant)
                    .with("description", &v.doc)
                    .with_some("x-itnio-final", v.is_final.then_some(true))
            })
            .collect::<Vec<_>>();
        let default = e.default_value().map(|v| code(&v.code));
        let schema = Json::object()
            .with("title", &e.name)
            .with("description", &e.doc)
            .with("type", base_type(e.base))
            .with("oneOf", Json::Array(values))
            .with_some("default", default)
            .with("x-itnio-rule", naming::rule_id(&e.name, "value"));
        with_quirks(schema, self.api, QuirkPlace::Enum(i))
    }

    /// A request struct of operation `op` (by index into [`Api::operations`]).
    pub fn request_struct(&self, op: OperationId, id: StructId) -> Json {
        let operation = &self.api.operations[op];
        let st = operation.request_struct(id);
        let mut required = Vec::new();
        let mut properties = Json::object();
        for (j, f) in st.fields.iter().enumerate() {
            let is_required = f.required.is_required()
                || (f.ty == FieldType::CallInformation && !self.required_keys().is_empty());
            if is_required {
                required.push(f.wire.clone());
            }
            let schema = self.request_field(operation, f, is_required);
            properties
                .set(&f.wire, with_quirks(schema, self.api, QuirkPlace::Request(op, id, Some(FieldId(j)))));
        }
        let mut conditions = Vec::new();
        let mut rules = Vec::new();
        for rule in operation.rules.iter().filter(|r| r.owner() == id) {
            let (rule_id, warning, message, in_schema) = match rule {
                Rule::RequiredWhenEquals { id, warning, when_field, equals, require, message, .. } => {
                    if !warning {
                        conditions.push(self.required_when(
                            st.field(*when_field),
                            *equals,
                            st.field(*require),
                        ));
                    }
                    (id, *warning, message, !warning)
                }
                Rule::Unique { id, warning, message, .. } | Rule::NotAfter { id, warning, message, .. } => {
                    (id, *warning, message, false)
                }
            };
            rules.push(
                Json::object()
                    .with("id", rule_id)
                    .with("severity", if warning { "warning" } else { "error" })
                    .with("message", message)
                    .with("in_schema", in_schema),
            );
        }
        let schema = Json::object()
            .with("title", &st.name)
            .with("description", &st.doc)
            .with("type", "object")
            .with_some("required", (!required.is_empty()).then(|| Json::from(required)))
            .with("properties", properties)
            .with_some("allOf", (!conditions.is_empty()).then_some(Json::Array(conditions)))
            .with_some("x-itnio-rules", (!rules.is_empty()).then_some(Json::Array(rules)));
        with_quirks(schema, self.api, QuirkPlace::Request(op, id, None))
    }

    /// `when` equal to `equals` requires `require`, present and not empty.
    fn required_when(&self, when: &Field, equals: i64, require: &Field) -> Json {
        let present = match &require.ty {
            FieldType::List { .. } => Json::object().with("type", "array").with("minItems", 1u32),
            _ => Json::object().with("not", Json::object().with("type", "null")),
        };
        Json::object()
            .with(
                "if",
                Json::object()
                    .with("properties", Json::object().with(&when.wire, Json::object().with("const", equals)))
                    .with("required", vec![when.wire.as_str()]),
            )
            .with(
                "then",
                Json::object()
                    .with("required", vec![require.wire.as_str()])
                    .with("properties", Json::object().with(&require.wire, present)),
            )
    }

    /// A member's schema: its type, its doc, and `null` for an optional member (the runtime
    /// reads a `null` member as an absent one).
    fn request_field(&self, op: &Operation, f: &Field, required: bool) -> Json {
        let ty = match f.fixed {
            Some(n) => Json::object().with("type", "integer").with("const", n),
            None => self.request_type(op, f, &f.ty),
        };
        let ty = match f.warn_over_chars {
            Some(n) => ty.with("x-itnio-warn-over-chars", n),
            None => ty,
        };
        if required {
            described(ty, &f.doc)
        } else {
            Json::object()
                .with("anyOf", vec![ty, Json::object().with("type", "null")])
                .with("description", &f.doc)
        }
    }

    fn request_type(&self, op: &Operation, f: &Field, ty: &FieldType) -> Json {
        match ty {
            FieldType::String => Json::object().with("type", "string"),
            FieldType::Integer => int32(self.openapi()),
            FieldType::Constrained(i) => {
                let c = &self.api.constrained[*i];
                let named = self.reference(&c.name);
                match (f.lenient_string, c.kind) {
                    (true, ConstraintKind::Range { min, max }) => {
                        let (lo, hi) = (min.max(INTEGER_MIN), max.unwrap_or(INTEGER_MAX).min(INTEGER_MAX));
                        Json::object().with(
                            "anyOf",
                            vec![
                                named,
                                Json::object()
                                    .with("type", "string")
                                    .with("pattern", integer_pattern(lo, hi))
                                    .with("description", "The same integer as a string of digits (read, then sent as a number)."),
                            ],
                        )
                    }
                    _ => named,
                }
            }
            FieldType::Enum(i) => self.reference(&self.api.enums[*i].name),
            FieldType::Struct(id) => self.reference(&op.request_struct(*id).name),
            FieldType::List { item, min, max } => Json::object()
                .with("type", "array")
                .with("items", self.request_type(op, f, item))
                .with_some("minItems", (*min > 0).then_some(*min))
                .with_some("maxItems", *max),
            FieldType::CallInformation => self.call_information(),
            FieldType::RecallIntent => self.recall_intent(),
        }
    }

    /// The callInformation keys the scenario requires.
    fn required_keys(&self) -> Vec<&'a CallInformationKey> {
        match self.target.scenario() {
            Some(s) => {
                self.api.call_information.keys.iter().filter(|k| k.required_in.contains(&s.id)).collect()
            }
            None => Vec::new(),
        }
    }

    /// callInformation: text values; with a scenario, its required keys present and not empty.
    fn call_information(&self) -> Json {
        let keys = &self.api.call_information.keys;
        let documented = Json::Array(
            keys.iter()
                .map(|k| {
                    Json::object()
                        .with("key", &k.key)
                        .with("variable", &k.variable)
                        .with_some("doc", k.doc.as_ref())
                        .with("required_in", k.required_in.clone())
                })
                .collect(),
        );
        let base = Json::object()
            .with("type", "object")
            .with("additionalProperties", Json::object().with("type", "string"));
        let schema = match self.target.scenario() {
            None => base.with(
                "description",
                "Text values by key. Which keys are required depends on the agent's scenario (see the per-scenario schemas); a key no table lists is a warning.",
            ),
            Some(s) if !self.api.scenario_uses_call_information(&s.id) => base.with(
                "description",
                format!("The {} scenario takes no callInformation: an agent of it ignores it (a warning).", s.cli),
            ),
            Some(s) => {
                let required = self.required_keys();
                let mut properties = Json::object();
                for k in keys {
                    let text = Json::object().with("type", "string").with_some("description", k.doc.as_ref());
                    let text = if required.iter().any(|r| r.key == k.key) { text.with("minLength", 1u32) } else { text };
                    properties.set(&k.key, text);
                }
                base.with(
                    "description",
                    format!("Text values by key; the {} scenario requires {} (not empty).", s.cli, key_list(&required)),
                )
                .with_some(
                    "required",
                    (!required.is_empty()).then(|| Json::from(required.iter().map(|k| k.key.as_str()).collect::<Vec<_>>())),
                )
                .with("properties", properties)
            }
        };
        with_quirks(schema.with("x-itnio-keys", documented), self.api, QuirkPlace::CallInformation)
    }

    /// A recallIntent code: any text (a code no table lists is a warning); with a scenario, not
    /// a code the tables list only for other scenarios (the server's -68).
    fn recall_intent(&self) -> Json {
        let base = Json::object().with("type", "string");
        match self.target.scenario() {
            None => base.with(
                "description",
                format!(
                    "An intent code ({}): the agent's scenario decides which are allowed (see the per-scenario schemas); a code no table lists is a warning.",
                    self.target.refs().to_owned() + super::INTENT_SCHEMA
                ),
            ),
            Some(s) => {
                let allowed = allowed_intents(self.api, s);
                let forbidden: Vec<&str> = all_intents(self.api).into_iter().filter(|c| !allowed.contains(c)).collect();
                base.with(
                    "description",
                    format!("An intent code of the {} scenario's tables; a code no table lists is a warning.", s.cli),
                )
                .with("not", Json::object().with("enum", forbidden))
                .with("x-itnio-allowed", allowed)
            }
        }
    }

    /// A struct read from the server: every field optional, unknown members allowed.
    pub fn response_struct(
        &self,
        st: &ResponseStruct,
        place: impl Fn(Option<FieldId>) -> QuirkPlace,
        structs: &[ResponseStruct],
    ) -> Json {
        let mut properties = Json::object();
        for (j, f) in st.fields.iter().enumerate() {
            let schema = described(self.response_type(&f.ty, structs), &f.doc);
            properties.set(&f.wire, with_quirks(schema, self.api, place(Some(FieldId(j)))));
        }
        let schema = Json::object()
            .with("title", &st.name)
            .with("description", &st.doc)
            .with("type", "object")
            .with("properties", properties);
        with_quirks(schema, self.api, place(None))
    }

    fn response_type(&self, ty: &ResponseType, structs: &[ResponseStruct]) -> Json {
        match ty {
            ResponseType::String | ResponseType::PushTime => Json::object().with("type", "string"),
            ResponseType::Integer => Json::object().with("type", "integer"),
            ResponseType::Constrained(i) => self.reference(&self.api.constrained[*i].name),
            ResponseType::Enum(i) => {
                let e = &self.api.enums[*i];
                Json::object().with(
                    "anyOf",
                    vec![
                        self.reference(&e.name),
                        Json::object()
                            .with("type", base_type(e.base))
                            .with("description", "A value the docs do not list (the client keeps it)."),
                    ],
                )
            }
            ResponseType::Struct(id) => self.reference(&structs[id.0].name),
            ResponseType::List(item) => {
                Json::object().with("type", "array").with("items", self.response_type(item, structs))
            }
            ResponseType::Intent => Json::object().with(
                "anyOf",
                vec![
                    self.reference(super::INTENT_SCHEMA),
                    Json::object()
                        .with("type", "string")
                        .with("description", "A code no intent table lists."),
                ],
            ),
        }
    }
}

/// `schema` with the member's `doc`. A reference, or a schema with a description of its own,
/// is wrapped in `allOf` so that the target's description stays visible to tools.
fn described(schema: Json, doc: &str) -> Json {
    if schema.get("$ref").is_some() || schema.get("description").is_some() {
        Json::object().with("allOf", vec![schema]).with("description", doc)
    } else {
        schema.with("description", doc)
    }
}

/// An Integer of the docs: 32 bits (quirk `java_integer`).
pub(super) fn int32(openapi: bool) -> Json {
    Json::object()
        .with("type", "integer")
        .with_some("format", openapi.then_some("int32"))
        .with("minimum", INTEGER_MIN)
        .with("maximum", INTEGER_MAX)
}

fn base_type(base: EnumBase) -> &'static str {
    match base {
        EnumBase::Integer => "integer",
        EnumBase::String => "string",
    }
}

fn code(code: &EnumCode) -> Json {
    match code {
        EnumCode::Int(i) => Json::Int(*i),
        EnumCode::Str(s) => Json::Str(s.clone()),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn key_list(keys: &[&CallInformationKey]) -> String {
    keys.iter().map(|k| format!("`{}`", k.key)).collect::<Vec<_>>().join(", ")
}

/// Every intent code of the tables, in table order, each once.
pub(super) fn all_intents(api: &Api) -> Vec<&str> {
    codes(api.intent_tables.iter())
}

/// The intent codes an agent of scenario `s` accepts: its tables' codes.
pub(super) fn allowed_intents<'a>(api: &'a Api, s: &'a Scenario) -> Vec<&'a str> {
    codes(api.tables_of(s))
}

fn codes<'a>(tables: impl Iterator<Item = &'a IntentTable>) -> Vec<&'a str> {
    let mut codes: Vec<&str> = Vec::new();
    for i in tables.flat_map(|t| &t.intents) {
        if !codes.contains(&i.code.as_str()) {
            codes.push(&i.code);
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::integer_pattern;

    /// The pattern accepts exactly the digit strings whose value is in the range, checked
    /// against every number around the range's edges.
    #[test]
    fn integer_patterns_match_exactly_their_range() {
        for (lo, hi) in
            [(1, 2147483647), (0, 999), (10, 120), (-5, 5), (7, 7), (1, 1440), (-300, -20), (95, 1005)]
        {
            let re = regex::Regex::new(&integer_pattern(lo, hi)).unwrap();
            let probes = (-1200..=1200).chain([2147483646, 2147483647, 2147483648, 9999999999, 10000000000]);
            for n in probes {
                for text in [n.to_string(), format!("00{n}").replace("00-", "-00")] {
                    assert_eq!(re.is_match(&text), (lo..=hi).contains(&n), "{lo}..={hi}: {text:?} with {re}");
                }
            }
            assert!(!re.is_match(""));
            assert!(!re.is_match("+1"));
        }
    }
}
