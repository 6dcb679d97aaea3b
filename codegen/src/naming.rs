//! Every name the generator derives lives here, so that the spec, the emitters and the tests agree
//! on them.

use proc_macro2::{Ident, Span};

/// `numberInfoList` → `number_info_list`, `text10` → `text10`.
pub fn snake(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 4);
    for (i, c) in wire.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The stable id of the rule a spec type states, as validation reports name it:
/// `CalleeNumber` and `digits` → `callee_number.digits`.
pub fn rule_id(type_name: &str, rule: &str) -> String {
    format!("{}.{rule}", snake(type_name))
}

/// `Repayment Intent Unknown` → `RepaymentIntentUnknown`; `Non-Target Contact` → `NonTargetContact`;
/// `debt_collection` → `DebtCollection`.
pub fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(cs).collect::<String>()
        })
        .collect()
}

/// `TaskName` → `TASK_NAME`.
pub fn shouty(name: &str) -> String {
    snake(name).to_ascii_uppercase()
}

/// Whether `name` is a plain Rust identifier (ASCII letters, digits and `_`, not starting with a
/// digit).
pub fn is_ident(name: &str) -> bool {
    let mut cs = name.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` is an UpperCamelCase identifier.
pub fn is_type_name(name: &str) -> bool {
    is_ident(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_')
}

/// Whether `name` is a snake_case identifier.
pub fn is_snake(name: &str) -> bool {
    is_ident(name) && !name.chars().any(|c| c.is_ascii_uppercase())
}

/// Rust's strict keywords (2024 edition), usable as names only as raw identifiers.
pub const STRICT_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
];

/// Keywords reserved for future use (2024 edition), likewise raw only.
pub const RESERVED_KEYWORDS: &[&str] = &[
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Weak keywords: keywords only in some positions, plain names everywhere the generator puts a
/// name, so they need no escaping.
pub const WEAK_KEYWORDS: &[&str] = &["macro_rules", "raw", "safe", "union"];

/// Names that cannot be written even as raw identifiers.
pub const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Whether `name` must be written as a raw identifier (`r#type`).
pub fn is_keyword(name: &str) -> bool {
    STRICT_KEYWORDS.contains(&name) || RESERVED_KEYWORDS.contains(&name)
}

/// The runtime's modules the generated crate re-exports at its root, where generated code and
/// users reach them. `mod.rs` is emitted from this list, so the compiler checks that each one
/// exists; the runtime's other items never reach the root, so they cannot clash with the spec.
pub const RUNTIME_MODULES: &[&str] = &[
    "client",
    "codes",
    "constraint",
    "envelope",
    "error",
    "lenient",
    "mode",
    "object",
    "parse",
    "pointer",
    "push",
    "received",
    "recovery",
    "repeats",
    "report",
    "retry",
    "stream",
    "validate",
];

/// The runtime's items the generated crate re-exports at its root, likewise.
pub const RUNTIME_ITEMS: &[&str] = &[
    "ApiSecret",
    "CivilDateTime",
    "ConstraintError",
    "Credentials",
    "EmptyList",
    "Fixed",
    "NonEmpty",
    "Open",
    "PushInstant",
    "PushTime",
    "Report",
    "RetryPolicy",
    "UndocumentedIntent",
    "ValidationError",
    "Violation",
    "WireEnum",
    "non_empty",
    "now_epoch_seconds",
    "sign",
    "sign_text",
];

/// The runtime's crate, which generated code names for its macros.
pub const RUNTIME_CRATE: &str = "itnio_runtime";

/// Whether the crate root takes `name` from the runtime.
pub fn is_runtime_name(name: &str) -> bool {
    RUNTIME_MODULES.contains(&name) || RUNTIME_ITEMS.contains(&name) || name == RUNTIME_CRATE
}

/// The methods the runtime's `api_client!` gives the generated `Client`; generated operation
/// methods join them (a clash would not compile, and `check` reports it first).
pub const CLIENT_METHODS: &[&str] = &["base_url", "builder", "call", "execute"];

/// Names every generated crate has whatever the spec says (status codes, intents, scenarios,
/// the error aliases).
pub const FIXED_GENERATED_NAMES: &[&str] = &[
    "API_FACTS",
    "ApiError",
    "Client",
    "ClientBuilder",
    "DEFAULT_BASE_URL",
    "ENVELOPE",
    "PayloadPlace",
    // The `service` module's own items: it imports the crate's root, so a spec type of the
    // same name would be shadowed there.
    "Refusal",
    "Route",
    "Served",
    "Service",
    "SIGNING_TEST_VECTOR",
    "SISTER_HOSTS",
    "CallInformationKey",
    "SCENARIO_CHECKS",
    "SPEC_DIGEST",
    "Error",
    "Intent",
    "IntentGroup",
    "Scenario",
    "ScenarioKind",
    "StatusCategory",
    "StatusCode",
    "UnknownScenario",
    "api",
    "generated",
    "intents",
    "scenarios",
    "service",
    "status",
    "types",
    "wire",
];

/// The members every generated struct has besides the spec's: unknown members (`extra`), the
/// values the request reader could not use (`unusable`) and the received values a field could
/// not hold (`unread`).
pub const RESERVED_FIELDS: &[&str] = &["extra", "unusable", "unread"];

/// Why the spec field `wire` cannot be a member of a generated struct, if it is one the
/// generator reserves.
pub fn reserved_field(wire: &str) -> Option<String> {
    let rust = snake(wire);
    RESERVED_FIELDS
        .contains(&rust.as_str())
        .then(|| format!("`{wire}` gives the Rust field `{rust}`, which every generated struct has already"))
}

/// Why `name` cannot name a field, a function or a module, if it cannot.
pub fn unusable_name(name: &str) -> Option<&'static str> {
    if NOT_RAW.contains(&name) {
        Some("a Rust keyword that cannot be used as a name, not even as r#name")
    } else if !is_ident(name) {
        Some("not a Rust identifier")
    } else {
        None
    }
}

/// An identifier token, raw (`r#type`) when `name` is a keyword. `check` rejects the names that
/// cannot be identifiers at all; should one reach here anyway, it gets a trailing `_` rather
/// than a panic.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{}_", name.trim_end_matches('_')), Span::call_site())
    } else if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else if is_ident(name) {
        Ident::new(name, Span::call_site())
    } else {
        let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        Ident::new(&format!("_{cleaned}"), Span::call_site())
    }
}

/// The typed newtype of a short bounded list of `item` (`SendTimeSlot` → `SendTimeSlotList`).
pub fn bounded_list(item: &str) -> String {
    format!("{item}List")
}

/// The per-scenario typed struct of `base` (`DebtCollection`, `Callee` → `DebtCollectionCallee`).
pub fn scenario_struct(scenario_type: &str, base: &str) -> String {
    format!("{scenario_type}{base}")
}

/// The typed callInformation of a scenario (`DebtCollectionCallInformation`).
pub fn call_information_struct(scenario_type: &str) -> String {
    format!("{scenario_type}CallInformation")
}

/// The closed enum of the intents a scenario may recall by (`DebtCollectionRecallIntent`).
pub fn recall_intent_enum(scenario_type: &str) -> String {
    format!("{scenario_type}RecallIntent")
}

/// The trait every per-scenario variant of `base` implements (`Callee` → `ScenarioCallee`).
pub fn scenario_trait(base: &str) -> String {
    format!("Scenario{base}")
}

/// The variant of the flat `Intent` enum for a scenario's intent (`Debt` + `Voicemail`).
pub fn intent_variant(prefix: Option<&str>, variant: &str) -> String {
    format!("{}{variant}", prefix.unwrap_or(""))
}

/// The variant of `CallInformationKey` for a key (`borrow_total_money` → `BorrowTotalMoney`).
pub fn call_information_key_variant(key: &str) -> String {
    pascal(key)
}

/// The group of a detailed intent name "Connected - Group: Detail" (or "Connected - Group").
pub fn intent_group_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("Connected - ")?;
    Some(rest.split(':').next().unwrap_or(rest).trim())
}

/// The generated file of an operation (`agent_send` → `agent_send.rs`).
pub fn operation_file(op: &str) -> String {
    format!("{op}.rs")
}

/// The exported request schema of an operation for one scenario, in `openapi/`
/// (`agent_send`, `debt-collection` → `agent-send.debt-collection.schema.json`).
pub fn scenario_schema_file(op: &str, scenario_cli: &str) -> String {
    format!("{}.{scenario_cli}.schema.json", op.replace('_', "-"))
}

/// The generated file of a push (`status_report.rs`).
pub fn push_file(push: &str) -> String {
    format!("{push}.rs")
}

/// The parser of a push body (`parse_status_reports`).
pub fn push_parser(push: &str) -> String {
    format!("parse_{push}s")
}

/// The client method of an operation's typed request (`agent_send`).
pub fn client_method(op: &str) -> String {
    op.to_owned()
}

/// The client method of an operation's untyped request (`agent_send_wire`).
pub fn client_wire_method(op: &str) -> String {
    format!("{op}_wire")
}

/// The unit type naming an operation (`agent_send` → `AgentSend`).
pub fn operation_type(op: &str) -> String {
    pascal(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_wire_names() {
        assert_eq!(snake("numberInfoList"), "number_info_list");
        assert_eq!(snake("text10"), "text10");
        assert_eq!(snake("appId"), "app_id");
    }

    #[test]
    fn pascal_case_of_text() {
        assert_eq!(pascal("Non-Target Contact"), "NonTargetContact");
        assert_eq!(pascal("debt_collection"), "DebtCollection");
        assert_eq!(pascal("borrow_total_money"), "BorrowTotalMoney");
    }

    #[test]
    fn intent_groups() {
        assert_eq!(intent_group_of("Connected - Voicemail: Other"), Some("Voicemail"));
        assert_eq!(intent_group_of("Connected - Customer Already Paid"), Some("Customer Already Paid"));
        assert_eq!(intent_group_of("Voicemail"), None);
    }

    #[test]
    fn identifiers() {
        assert!(is_type_name("TaskName"));
        assert!(!is_type_name("taskName"));
        assert!(!is_type_name("Task Name"));
        assert!(is_snake("task_name"));
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("union").to_string(), "union");
        // Never a panic, even for names `check` rejects.
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("9 lives").to_string(), "_9_lives");
        assert!(unusable_name("super").is_some());
        assert!(unusable_name("type").is_none());
    }
}
