//! Every rule of the spec that stays an error, and that a value written in code could break, is
//! either made unrepresentable in the typed API (a compile-fail case in `ui-tests/fail/` names it
//! in a `// rule: <id>` line) or listed here with the reason the type system cannot hold it.

use codegen::model::{Api, FieldType, Rule};
use codegen::naming;
use itnio_tests::{root, spec_dir};
use std::collections::{BTreeMap, BTreeSet};

/// The error rules that are checked at run time only, and why no type can hold them.
const RUN_TIME_ONLY: &[(&str, &str)] = &[
    (
        "list.size:numberInfoList.max",
        "up to 200,000 callees: a length only known at run time (arrays that long are not written in code)",
    ),
    (
        "time_range_order",
        "strTime must not be later than endTime: an order between two values, not a property of either",
    ),
    (
        "fixed",
        "a fixed member (taskType 3) is a `Fixed<N>` with no other value; nothing can be written wrong",
    ),
];

fn api() -> Api {
    codegen::check::check(codegen::load::load_dir(&spec_dir()).unwrap()).unwrap()
}

/// The error rules of the spec that a typed request could break, by the ids reports use
/// (list sizes by member and end).
fn error_rules(api: &Api) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let types = |ty: &FieldType, wire: &str, out: &mut BTreeSet<String>| {
        let mut ty = ty;
        if let FieldType::List { item, min, max } = ty {
            if *min >= 1 {
                out.insert(format!("list.size:{wire}.min"));
            }
            if max.is_some() {
                out.insert(format!("list.size:{wire}.max"));
            }
            ty = item;
        }
        match ty {
            FieldType::Constrained(i) => {
                let c = &api.constrained[*i];
                out.insert(naming::rule_id(&c.name, c.kind.rule()));
            }
            FieldType::Enum(i) => {
                out.insert(naming::rule_id(&api.enums[*i].name, "value"));
            }
            FieldType::RecallIntent => {
                out.insert("recall_intent.scenario".to_owned());
            }
            FieldType::CallInformation => {
                out.insert("call_information.required".to_owned());
                out.insert("call_information.required_key".to_owned());
            }
            _ => {}
        }
    };
    for op in &api.operations {
        for st in &op.structs {
            for f in &st.fields {
                if f.required.is_required() {
                    out.insert("required".to_owned());
                }
                if f.fixed.is_some() {
                    out.insert("fixed".to_owned());
                    continue;
                }
                types(&f.ty, &f.wire, &mut out);
            }
        }
        for rule in &op.rules {
            let (id, warning) = match rule {
                Rule::RequiredWhenEquals { id, warning, .. }
                | Rule::Unique { id, warning, .. }
                | Rule::NotAfter { id, warning, .. } => (id, *warning),
            };
            if !warning {
                out.insert(id.clone());
            }
        }
    }
    out
}

/// The compile-fail cases, by the rule ids their `// rule:` lines name.
fn compile_fail_cases() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("ui-tests/fail")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for id in text.lines().filter_map(|l| l.strip_prefix("// rule: ")) {
            out.entry(id.trim().to_owned()).or_default().push(name.clone());
        }
    }
    out
}

#[test]
fn every_error_rule_a_typed_value_could_break_does_not_compile_or_says_why() {
    let rules = error_rules(&api());
    let cases = compile_fail_cases();
    let reasons: BTreeMap<&str, &str> = RUN_TIME_ONLY.iter().copied().collect();
    let uncovered: Vec<&String> =
        rules.iter().filter(|r| !cases.contains_key(*r) && !reasons.contains_key(r.as_str())).collect();
    assert!(uncovered.is_empty(), "error rules with neither a compile-fail case nor a reason: {uncovered:?}");
    // Nothing stale: every case and reason names a rule the spec still has.
    let stale: Vec<&str> = cases
        .keys()
        .map(String::as_str)
        .chain(reasons.keys().copied())
        .filter(|id| !rules.contains(*id))
        .collect();
    assert!(stale.is_empty(), "cases or reasons for rules the spec does not have: {stale:?}");
    for (id, why) in RUN_TIME_ONLY {
        assert!(!cases.contains_key(*id), "{id} has a compile-fail case and a reason");
        assert!(why.len() > 20, "{id}: say why");
    }
}

#[test]
fn the_walk_sees_the_rules_it_must() {
    // The walk itself: a spec rule, a list minimum and a constrained type are among what it finds,
    // so an empty walk cannot pass the test above.
    let rules = error_rules(&api());
    for id in
        ["recall_by_intent_needs_intents", "list.size:numberInfoList.min", "callee_number.digits", "required"]
    {
        assert!(rules.contains(id), "{id} in {rules:?}");
    }
    assert!(!rules.contains("duplicate_callee"), "a warning is not an error rule");
}
