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

/// An identifier token, raw (`r#type`) when `name` is a keyword.
pub fn ident(name: &str) -> Ident {
    const KEYWORDS: &[&str] = &[
        "type", "match", "ref", "mod", "fn", "struct", "enum", "impl", "use", "where", "loop", "move",
        "self", "crate", "super", "static", "const", "trait", "in", "as", "for", "if", "else", "while",
        "let", "mut", "pub", "return", "true", "false", "async", "await", "dyn", "box", "yield", "gen",
    ];
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
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
    }
}
