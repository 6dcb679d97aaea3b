//! Both edges of every constraint, driven by the spec: for every field of the request whose type
//! is constrained (length, digits, range, clock time, date-time), an enum, or a bounded list,
//! the value just inside is accepted and the value just outside is rejected, with exactly one
//! error at the field's JSON Pointer. The same values go through the typed constructors.

use codegen::model::{Api, ConstraintKind, EnumCode, FieldType, Operation, Required, Struct};
use itnio_tests::{example_as_sent, spec_dir};
use itnio_voice::{ScenarioKind, wire};
use serde_json::{Value, json};

fn api() -> Api {
    codegen::load_spec(&spec_dir()).expect("spec loads")
}

/// Every field of the request with the JSON Pointer it has in the example (lists at index 0).
fn fields<'a>(
    op: &'a Operation,
    st: &'a Struct,
    prefix: &str,
    out: &mut Vec<(String, &'a codegen::model::Field)>,
) {
    for f in &st.fields {
        let ptr = format!("{prefix}/{}", f.wire);
        out.push((ptr.clone(), f));
        let nested = match &f.ty {
            FieldType::Struct(n) => Some((n, ptr)),
            FieldType::List { item, .. } => match item.as_ref() {
                FieldType::Struct(n) => Some((n, format!("{ptr}/0"))),
                _ => None,
            },
            _ => None,
        };
        if let Some((n, p)) = nested {
            fields(op, op.request_struct(*n), &p, out);
        }
    }
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no parent for {pointer}"));
    match parent {
        Value::Object(m) => {
            m.insert(key.to_owned(), value);
        }
        Value::Array(a) => a[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{pointer}"),
    }
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key)
        .unwrap_or_else(|| panic!("{pointer} absent"));
}

/// Errors of the example with `value` at `pointer`.
fn errors_with(pointer: &str, value: Value) -> Vec<(String, String)> {
    let mut doc = example_as_sent();
    set(&mut doc, pointer, value);
    let body = wire::AgentSendRequest::from_json(&serde_json::to_vec(&doc).unwrap())
        .unwrap_or_else(|e| panic!("{pointer}: does not parse: {e}"));
    body.validate(Some(ScenarioKind::DebtCollection))
        .errors
        .into_iter()
        .map(|v| (v.pointer, v.message))
        .collect()
}

fn assert_accepted(pointer: &str, value: Value) {
    let shown = shown(&value);
    let errors = errors_with(pointer, value);
    assert!(errors.is_empty(), "{pointer} = {shown}: expected valid, got {errors:?}");
}

fn assert_rejected(pointer: &str, value: Value) {
    let shown = shown(&value);
    let errors = errors_with(pointer, value);
    assert_eq!(errors.len(), 1, "{pointer} = {shown}: expected one error, got {errors:?}");
    assert_eq!(errors[0].0, pointer, "{pointer} = {shown}: {errors:?}");
}

/// A value as a failure shows it: a long list (up to 200,001 callees) by its length.
fn shown(value: &Value) -> String {
    match value {
        Value::Array(items) if items.len() > 8 => format!("[{} items]", items.len()),
        value => value.to_string(),
    }
}

/// The typed constructor of a constrained type, by spec name.
fn typed_accepts(name: &str, value: &Value) -> bool {
    use itnio_voice::*;
    let s = || value.as_str().unwrap();
    let i = || value.as_i64().unwrap();
    match name {
        "AppId" => AppId::new(s()).is_ok(),
        "TaskName" => TaskName::new(s()).is_ok(),
        "CalleeNumber" => CalleeNumber::new(s()).is_ok(),
        "DisplayNumber" => DisplayNumber::new(s()).is_ok(),
        "ClockTime" => ClockTime::new(s()).is_ok(),
        "LocalDateTime" => LocalDateTime::new(s()).is_ok(),
        "MaxCallSeconds" => MaxCallSeconds::new(i()).is_ok(),
        "RingingSeconds" => RingingSeconds::new(i()).is_ok(),
        "AgentId" => AgentId::new(i()).is_ok(),
        "RecallIntervalMinutes" => RecallIntervalMinutes::new(i()).is_ok(),
        "RecallCount" => RecallCount::new(i()).is_ok(),
        other => panic!("constrained type {other} has no typed check in this test: add it"),
    }
}

/// (inside, outside) values at both edges of a constraint.
fn edges(kind: ConstraintKind) -> (Vec<Value>, Vec<Value>) {
    let rep = |c: &str, n: u32| json!(c.repeat(n as usize));
    match kind {
        ConstraintKind::Chars { min, max } => {
            let mut ok = vec![rep("x", min.max(1))];
            let mut bad = Vec::new();
            if min > 0 {
                bad.push(rep("x", min - 1));
            }
            if let Some(max) = max {
                ok.push(rep("x", max));
                ok.push(rep("é", max)); // characters, not bytes
                bad.push(rep("x", max + 1));
            }
            (ok, bad)
        }
        ConstraintKind::Digits { min, max } => {
            let mut bad = vec![rep("1", max + 1), json!(format!("{}a", "1".repeat(min.max(1) as usize)))];
            if min > 0 {
                bad.push(rep("1", min - 1));
            }
            (vec![rep("1", min), rep("1", max)], bad)
        }
        ConstraintKind::Range { min, max } => {
            let mut ok = vec![json!(min)];
            let mut bad = vec![json!(min - 1)];
            if let Some(max) = max {
                ok.push(json!(max));
                bad.push(json!(max + 1));
            }
            (ok, bad)
        }
        ConstraintKind::ClockTime => {
            (vec![json!("00:00"), json!("23:59")], vec![json!("24:00"), json!("23:60"), json!("7:00")])
        }
        ConstraintKind::DateTime => (
            vec![json!("2024-02-29 23:59:59"), json!("2026-01-01 00:00:00")],
            vec![json!("2023-02-29 00:00:00"), json!("2024-01-01T00:00:00"), json!("2024-01-01 00:00")],
        ),
        ConstraintKind::Decimal => (vec![json!("0"), json!("-0.50")], vec![json!(".5"), json!("1e5")]),
    }
}

#[test]
fn every_constrained_field_at_both_edges() {
    let api = api();
    let op = &api.operations[0];
    let mut all = Vec::new();
    fields(op, op.request_struct(op.request.unwrap()), "", &mut all);
    let mut checked = 0;
    for (pointer, f) in &all {
        let FieldType::Constrained(i) = &f.ty else { continue };
        let c = &api.constrained[*i];
        let (ok, bad) = edges(c.kind);
        for v in ok {
            assert_accepted(pointer, v.clone());
            assert!(typed_accepts(&c.name, &v), "{} rejects {v}", c.name);
        }
        for v in bad {
            assert_rejected(pointer, v.clone());
            assert!(!typed_accepts(&c.name, &v), "{} accepts {v}", c.name);
        }
        checked += 1;
    }
    // appId, displayNum, taskName, calleeNumber, sendTime, maxCalls, strTime, endTime,
    // maxRingingTime, agentId, recallInterval, recallNum, nodeList agentId
    assert_eq!(checked, 13);
}

#[test]
fn every_enum_field_accepts_its_values_only() {
    let api = api();
    let op = &api.operations[0];
    let mut all = Vec::new();
    fields(op, op.request_struct(op.request.unwrap()), "", &mut all);
    let mut checked = 0;
    for (pointer, f) in &all {
        let FieldType::Enum(i) = &f.ty else { continue };
        let e = &api.enums[*i];
        let code = |v: &codegen::model::EnumValue| match &v.code {
            EnumCode::Int(i) => *i,
            EnumCode::Str(s) => panic!("agent_send has no string enum ({s})"),
        };
        for v in &e.values {
            assert_accepted(pointer, json!(code(v)));
        }
        let undocumented = (0..).find(|n| !e.values.iter().any(|v| code(v) == *n)).unwrap();
        assert_rejected(pointer, json!(undocumented));
        assert_rejected(pointer, json!(-1));
        checked += 1;
    }
    assert_eq!(checked, 2); // enableRecording, recallType
}

#[test]
fn every_bounded_list_at_both_edges() {
    let api = api();
    let op = &api.operations[0];
    let mut all = Vec::new();
    fields(op, op.request_struct(op.request.unwrap()), "", &mut all);
    let example = example_as_sent();
    let mut checked = 0;
    for (pointer, f) in &all {
        let FieldType::List { min, max, .. } = &f.ty else { continue };
        if *min == 0 && max.is_none() {
            continue;
        }
        let item = example.pointer(&format!("{pointer}/0")).unwrap().clone();
        let list = |n: usize| -> Value {
            Value::Array(
                (0..n)
                    .map(|i| {
                        let mut it = item.clone();
                        if let Some(number) = it.get_mut("calleeNumber") {
                            *number = json!(format!("46{i:010}"));
                        }
                        it
                    })
                    .collect(),
            )
        };
        if *min > 0 {
            assert_accepted(pointer, list(*min as usize));
            assert_rejected(pointer, list(*min as usize - 1));
        }
        if let Some(max) = max {
            assert_accepted(pointer, list(*max as usize));
            assert_rejected(pointer, list(*max as usize + 1));
        }
        checked += 1;
    }
    assert_eq!(checked, 2); // numberInfoList (1..=200,000), allowSendTime (..=3)
}

#[test]
fn every_required_field_is_reported_missing_at_its_own_path() {
    let api = api();
    let op = &api.operations[0];
    let mut all = Vec::new();
    fields(op, op.request_struct(op.request.unwrap()), "", &mut all);
    let mut checked = Vec::new();
    for (pointer, f) in &all {
        if f.required == Required::No {
            continue;
        }
        let mut doc = example_as_sent();
        remove(&mut doc, pointer);
        let body = wire::AgentSendRequest::from_json(&serde_json::to_vec(&doc).unwrap()).unwrap();
        let errors = body.validate(Some(ScenarioKind::DebtCollection)).errors;
        assert_eq!(errors.len(), 1, "{pointer}: {errors:?}");
        assert_eq!(errors[0].pointer, *pointer);
        assert_eq!(errors[0].message, "is required");
        checked.push(pointer.as_str());
    }
    assert_eq!(
        checked,
        vec![
            "/appId",
            "/taskName",
            "/numberInfoList",
            "/numberInfoList/0/calleeNumber",
            "/agentId",
            "/recallFlow/recallType",
            "/recallFlow/recallInterval",
            "/recallFlow/recallNum",
            "/recallFlow/nodeList/0/agentId",
        ]
    );
}

/// A scenario without callInformation is told which scenarios use it, named from the spec's
/// key table (its columns), and the request stays valid: the agent only ignores it.
#[test]
fn call_information_for_a_marketing_agent_is_a_warning_naming_the_scenarios_that_use_it() {
    let api = api();
    let users: Vec<&str> = api
        .scenarios
        .iter()
        .filter(|s| api.scenario_uses_call_information(&s.id))
        .map(|s| s.cli.as_str())
        .collect();
    assert_eq!(users, ["debt-collection", "emergency-contact"]);
    let body = wire::AgentSendRequest::from_json(&serde_json::to_vec(&example_as_sent()).unwrap()).unwrap();
    let report = body.validate(Some(ScenarioKind::Marketing));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let unused: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.rule == "call_information.unused")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        unused,
        [
            "/numberInfoList/0/callInformation: is used only by debt-collection and emergency-contact agents; a marketing agent ignores it"
        ]
    );
}
