//! `validate_json` (one pass, large lists checked item by item and dropped) reports exactly what
//! `from_json` + `validate` report.

use itnio_tests::{example_as_sent, example_body};
use itnio_voice::{ScenarioKind, Violation, wire};
use serde_json::{Value, json};

fn sorted(mut v: Vec<Violation>) -> Vec<(String, String)> {
    v.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    v.into_iter().map(|v| (v.pointer, v.message)).collect()
}

const ALL: [Option<ScenarioKind>; 4] = [
    None,
    Some(ScenarioKind::DebtCollection),
    Some(ScenarioKind::EmergencyContact),
    Some(ScenarioKind::Marketing),
];

fn agree(doc: &Value) {
    agree_for(doc, &ALL);
}

fn agree_for(doc: &Value, scenarios: &[Option<ScenarioKind>]) {
    let bytes = serde_json::to_vec(doc).unwrap();
    for &scenario in scenarios {
        let streamed = wire::AgentSendRequest::validate_json(&bytes, scenario);
        let whole = wire::AgentSendRequest::from_json(&bytes).map(|r| r.validate(scenario));
        match (streamed, whole) {
            (Ok(a), Ok(b)) => {
                assert_eq!(sorted(a.errors), sorted(b.errors), "errors, {scenario:?}, {doc}");
                assert_eq!(sorted(a.warnings), sorted(b.warnings), "warnings, {scenario:?}, {doc}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b),
            (a, b) => panic!("{a:?} vs {b:?} for {doc}"),
        }
    }
}

fn callee(n: &str) -> Value {
    json!({"calleeNumber": n, "callInformation": {"name": "A", "borrow_total_money": "1", "due_date": "2026-01-01"}})
}

#[test]
fn streaming_and_whole_validation_agree() {
    agree(&serde_json::from_str(&example_body()).unwrap());
    agree(&json!({}));
    agree(&json!({"numberInfoList": []}));
    let mut doc = example_as_sent();
    doc["numberInfoList"] = json!([callee("4600000001"), callee("12"), {"calleeNumber": "4600000001", "text1": "x".repeat(40)}, {"extra": 1}]);
    doc["taskName"] = json!("x");
    doc["recallFlow"]["recallIntent"] = json!(["301", "999"]);
    agree(&doc);
    // Keys after the list, and the list last.
    let mut doc = example_as_sent();
    let list = doc.as_object_mut().unwrap().remove("numberInfoList").unwrap();
    doc["numberInfoList"] = list;
    agree(&doc);
    // Over the limit.
    let mut doc = example_as_sent();
    doc["numberInfoList"] = Value::Array((0..200_001).map(|i| callee(&format!("46{i:010}"))).collect());
    agree_for(&doc, &ALL[1..2]);
}

#[test]
fn mistyped_and_repeated_members_are_violations_at_their_pointers() {
    let report = wire::AgentSendRequest::validate_json(
        br#"{"numberInfoList": [{"calleeNumber": "4600000001"}, {"calleeNumber": 7}]}"#,
        None,
    )
    .unwrap();
    let at: Vec<(&str, &str)> = report.errors.iter().map(|e| (e.pointer.as_str(), e.rule)).collect();
    assert_eq!(
        at,
        [
            ("/agentId", "required"),
            ("/appId", "required"),
            ("/numberInfoList/1/calleeNumber", "json.type"),
            ("/taskName", "required"),
        ]
    );
    assert_eq!(report.errors[2].message, "must be a string, not the number 7");
    let report =
        wire::AgentSendRequest::validate_json(br#"{"numberInfoList": [], "numberInfoList": []}"#, None)
            .unwrap();
    let duplicate = report.errors.iter().find(|e| e.pointer == "/numberInfoList").unwrap();
    assert_eq!(duplicate.rule, "json.duplicate", "{report:?}");
    assert_eq!(report.errors.iter().filter(|e| e.pointer == "/numberInfoList").count(), 1, "{report:?}");
    let e = wire::AgentSendRequest::validate_json(b"{\"appId\": ", None).unwrap_err();
    assert!(e.is_syntax());
}
