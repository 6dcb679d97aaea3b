//! The mock answers as the exported document says, over real HTTP: refusals carry `data: null`
//! and the document allows it; refusals before routing are spelled in the operation's envelope;
//! the recall update checks the flow's scenario; signing is exactly the documented rule; a body
//! must come as JSON; missing records get each page's own code; recall rounds and nodes stay one
//! to one; the nesting limit is stated. Every answer here is also checked against the export
//! when its mock is dropped (`itnio_tests::contract`).

use itnio_mock::MockConfig;
use itnio_tests::contract::{self, CheckedMock};
use itnio_voice::*;
use serde_json::{Value, json};

/// How a test request is signed and sent.
struct Req<'a> {
    method: &'a str,
    path: &'a str,
    body: Option<String>,
    content_type: Option<&'a str>,
    /// The `Timestamp` header's text; now when `None`.
    timestamp: Option<String>,
    /// The `Sign` header; the correct one over the timestamp's text when `None`.
    sign: Option<String>,
}

impl<'a> Req<'a> {
    fn post(path: &'a str, body: Value) -> Self {
        Req {
            method: "POST",
            path,
            body: Some(body.to_string()),
            content_type: Some("application/json;charset=UTF-8"),
            timestamp: None,
            sign: None,
        }
    }

    fn get(path: &'a str) -> Self {
        Req { method: "GET", path, body: None, content_type: None, timestamp: None, sign: None }
    }

    async fn send(self, mock: &CheckedMock) -> Value {
        let timestamp = self.timestamp.unwrap_or_else(|| now_epoch_seconds().to_string());
        let sign = self.sign.unwrap_or_else(|| sign_text(mock.api_key(), mock.api_secret(), &timestamp));
        let url = format!("{}{}", mock.base_url(), self.path);
        let http = reqwest::Client::new();
        let mut r = match self.method {
            "GET" => http.get(url),
            _ => http.post(url),
        }
        .header("Api-Key", mock.api_key())
        .header("Timestamp", timestamp)
        .header("Sign", sign);
        if let Some(ct) = self.content_type {
            r = r.header("Content-Type", ct);
        }
        if let Some(body) = self.body {
            r = r.body(body);
        }
        let answer = r.send().await.expect("the mock answers");
        assert_eq!(answer.status(), 200);
        serde_json::from_slice(&answer.bytes().await.unwrap()).expect("the mock answers JSON")
    }
}

async fn mock() -> CheckedMock {
    let mock = contract::start(MockConfig::default()).await;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    mock
}

fn example() -> Value {
    serde_json::from_str(&itnio_tests::example_body()).unwrap()
}

fn named(name: &str) -> Value {
    let mut body = example();
    body["taskName"] = json!(name);
    body
}

#[tokio::test]
async fn refusals_carry_null_data_and_the_export_allows_it_only_for_refusals() {
    let mock = mock().await;
    let paths = [AgentSend::PATH, TaskQuery::PATH, RecallQueryPage::PATH, RecallQueryDetail::PATH];
    for path in paths {
        let refusal = Req::post(path, json!({})).send(&mock).await;
        assert_eq!(refusal["code"], "-22", "{path}: {refusal}");
        assert_eq!(refusal["data"], Value::Null, "{path}: {refusal}");
        let schema = contract::answer_schema(path, "post");
        assert!(schema.is_valid(&refusal), "{path}: the export refuses the mock's refusal {refusal}");
        // Success and refusal are told apart by the code: a success must carry its payload.
        let empty_success = json!({"code": "0", "msg": "success", "data": null});
        assert!(!schema.is_valid(&empty_success), "{path}: a success without its payload passes");
        assert!(!schema.is_valid(&json!({"code": 0, "msg": "success"})), "{path}");
    }
    let created = Req::post(AgentSend::PATH, named("null data")).send(&mock).await;
    assert_eq!(created["code"], "0", "{created}");
    assert!(contract::answer_schema(AgentSend::PATH, "post").is_valid(&created));
}

#[tokio::test]
async fn refusals_before_routing_are_spelled_in_the_operations_envelope() {
    let mock = mock().await;
    let bad_sign = Req { sign: Some("0".repeat(32)), ..Req::get(GetBalance::PATH) }.send(&mock).await;
    assert_eq!(bad_sign["status"], "-1", "{bad_sign}");
    assert!(bad_sign.get("code").is_none() && bad_sign.get("msg").is_none(), "{bad_sign}");
    assert!(bad_sign["reason"].is_string(), "{bad_sign}");

    let stale = (now_epoch_seconds() - 3600).to_string();
    let expired = Req { timestamp: Some(stale), ..Req::get(GetBalance::PATH) }.send(&mock).await;
    assert_eq!(expired["status"], "-16", "{expired}");

    let balance = Req::get(GetBalance::PATH).send(&mock).await;
    assert_eq!(balance["status"], "0", "{balance}");
    assert_eq!(balance["balance"], "1250.75", "{balance}");

    // The operations whose page shows code/msg keep it for the same refusals.
    let refused =
        Req { sign: Some("0".repeat(32)), ..Req::post(AgentSend::PATH, named("x1")) }.send(&mock).await;
    assert_eq!(refused["code"], "-1", "{refused}");
}

/// Creates a task with a recall flow under agent 41 (debt collection) and returns the flow's
/// key.
async fn flow(mock: &CheckedMock, name: &str) -> i64 {
    let created = Req::post(AgentSend::PATH, named(name)).send(mock).await;
    assert_eq!(created["code"], "0", "{created}");
    let task_id = created["data"].as_i64().unwrap();
    mock.recall_flows().iter().find(|f| f.task_id == task_id).expect("a flow with the task").key_id
}

fn update(key_id: i64, recall_type: i64, intents: &[&str], recall_num: i64) -> Value {
    json!({
        "keyId": key_id,
        "recallType": recall_type,
        "recallInterval": 30,
        "recallNum": recall_num,
        "recallIntent": intents,
    })
}

#[tokio::test]
async fn a_recall_update_checks_the_flows_scenario() {
    let mock = mock().await;
    let key = flow(&mock, "scenario check").await;
    let marketing = Req::post(RecallUpdate::PATH, update(key, 3, &["301"], 2)).send(&mock).await;
    assert_eq!(marketing["code"], "-68", "{marketing}");
    assert!(marketing["msg"].as_str().unwrap().contains("/recallIntent/0"), "{marketing}");
    assert_eq!(mock.recall_flows()[0].recall_intent, ["99998", "99999"], "a refused update changes nothing");

    let debt = Req::post(RecallUpdate::PATH, update(key, 3, &["201"], 2)).send(&mock).await;
    assert_eq!(debt["code"], "0", "{debt}");
    assert_eq!(mock.recall_flows()[0].recall_intent, ["201"]);

    // The same request is answered -68 only because the agent's scenario is known: the client
    // states it before sending, and says the same.
    let request =
        wire::RecallUpdateRequest::from_json(update(key, 3, &["301"], 2).to_string().as_bytes()).unwrap();
    let report = request.validate(Some(ScenarioKind::DebtCollection));
    assert!(report.errors.iter().any(|v| v.pointer == "/recallIntent/0"), "{report:?}");
}

#[tokio::test]
async fn signing_is_exactly_the_documented_rule() {
    let mock = mock().await;
    let now = now_epoch_seconds().to_string();
    let right = sign_text(mock.api_key(), mock.api_secret(), &now);
    let cases = [
        ("uppercase Sign", Some(now.clone()), Some(right.to_uppercase()), "-1"),
        ("a + before the Timestamp", Some(format!("+{now}")), None, "-1"),
        ("a space before the Timestamp", Some(format!(" {now}")), None, "-1"),
        ("a fraction", Some(format!("{now}.0")), None, "-1"),
        ("an empty Timestamp", Some(String::new()), None, "-1"),
        ("a leading zero, signed as sent", Some(format!("0{now}")), None, "0"),
        ("a leading zero, signed as the number", Some(format!("0{now}")), Some(right.clone()), "-1"),
        ("the documented form", Some(now.clone()), Some(right.clone()), "0"),
    ];
    for (what, timestamp, sign, code) in cases {
        let answer = Req { timestamp, sign, ..Req::get(GetBalance::PATH) }.send(&mock).await;
        assert_eq!(answer["status"], code, "{what}: {answer}");
    }
}

#[tokio::test]
async fn a_body_must_come_as_json() {
    let mock = mock().await;
    let cases = [
        (Some("text/plain"), "-22"),
        (None, "-22"),
        (Some("application/json; charset=ISO-8859-1"), "-22"),
        (Some("application/jsonp"), "-22"),
        (Some("application/json"), "0"),
        (Some("Application/JSON; charset=\"utf-8\""), "0"),
        (Some("application/json;charset=UTF-8"), "0"),
    ];
    for (i, (content_type, code)) in cases.into_iter().enumerate() {
        let tasks = mock.tasks().len();
        let answer =
            Req { content_type, ..Req::post(AgentSend::PATH, named(&format!("ct {i}"))) }.send(&mock).await;
        assert_eq!(answer["code"], code, "{content_type:?}: {answer}");
        let created = usize::from(code == "0");
        assert_eq!(mock.tasks().len(), tasks + created, "{content_type:?}");
        if code != "0" {
            assert!(answer["msg"].as_str().unwrap().contains("Content-Type"), "{answer}");
        }
    }
    // A GET has no body, and needs no Content-Type.
    assert_eq!(Req::get(GetBalance::PATH).send(&mock).await["status"], "0");
    // The client sends the documented one.
    let client = mock.client().build().unwrap();
    client
        .agent_send_wire(
            &wire::AgentSendRequest::from_json(named("client ct").to_string().as_bytes()).unwrap(),
            None,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn missing_records_get_each_pages_own_code_as_the_export_says() {
    let mock = mock().await;
    let task = Req::post(TaskCancel::PATH, json!({"taskIdList": [424242]})).send(&mock).await;
    assert_eq!(task["code"], "-24", "{task}");
    let detail = Req::post(RecallQueryDetail::PATH, json!({"keyId": 424242})).send(&mock).await;
    assert_eq!(detail["code"], "-22", "{detail}");
    let cancel = Req::post(RecallCancel::PATH, json!({"type": 1, "id": 424242})).send(&mock).await;
    assert_eq!(cancel["code"], "-22", "{cancel}");
    let doc = contract::document();
    for path in [TaskCancel::PATH, RecallQueryDetail::PATH, RecallUpdate::PATH, RecallCancel::PATH] {
        let quirks = doc["paths"][path]["post"]["x-itnio-quirks"].as_array().unwrap();
        assert!(quirks.iter().any(|q| q["id"] == "missing_record_codes"), "{path} does not say it");
    }
}

#[tokio::test]
async fn a_recall_update_keeps_one_node_per_round() {
    let mock = mock().await;
    let key = flow(&mock, "nodes").await;
    let before = mock.recall_flows()[0].nodes.clone();
    assert_eq!(before.len(), 5, "the example asks for five rounds");

    let answer = Req::post(RecallUpdate::PATH, update(key, 0, &[], 1)).send(&mock).await;
    assert_eq!(answer["code"], "0", "{answer}");
    let after = &mock.recall_flows()[0];
    assert_eq!(
        (after.recall_num, after.nodes.clone()),
        (1, before[..1].to_vec()),
        "the first round keeps its node"
    );

    Req::post(RecallUpdate::PATH, update(key, 0, &[], 3)).send(&mock).await;
    let grown = mock.recall_flows()[0].nodes.clone();
    assert_eq!(grown.len(), 3);
    assert_eq!(grown[0], before[0]);
    let last = before[4].0;
    assert!(grown[1..].iter().all(|n| n.1 == 41 && n.0 > last), "new rounds run the task's agent: {grown:?}");

    let mut with_nodes = update(key, 0, &[], 2);
    with_nodes["nodeList"] = json!([{"scriptId": 7}, {"scriptId": "8"}]);
    Req::post(RecallUpdate::PATH, with_nodes).send(&mock).await;
    let replaced = &mock.recall_flows()[0];
    assert_eq!(replaced.nodes.iter().map(|n| n.1).collect::<Vec<_>>(), [7, 8]);
}

#[tokio::test]
async fn the_nesting_limit_is_stated_and_kept() {
    let doc = contract::document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if let Some(body) = item.get("post").and_then(|op| op.get("requestBody")) {
            assert_eq!(body["x-itnio-max-depth"], 128, "{path}");
            assert!(body["description"].as_str().unwrap().contains("128 levels"), "{path}");
        }
    }
    let mock = mock().await;
    // Deep in a member the spec does not list, which is kept, so read to the end.
    let deep = |levels: usize| format!(r#"{{"note":{}1{}}}"#, "[".repeat(levels), "]".repeat(levels));
    let refused = Req { body: Some(deep(200)), ..Req::post(AgentSend::PATH, json!({})) }.send(&mock).await;
    assert_eq!(refused["code"], "-22", "{refused}");
    assert!(refused["msg"].as_str().unwrap().contains("128"), "{refused}");
}

/// The contract check itself: an answer outside the document is reported, one inside is not,
/// and deliberately malformed faults are left out.
#[test]
fn the_contract_check_reports_an_answer_outside_the_document() {
    let exchange = |body: &str, fault: Option<itnio_mock::Fault>| itnio_mock::Exchange {
        method: "POST".into(),
        path: AgentSend::PATH.into(),
        operation: Some("agent_send"),
        fault,
        status: 200,
        body: body.into(),
    };
    let fine = exchange(r#"{"code":"0","msg":"success","data":7}"#, None);
    let refusal = exchange(r#"{"code":"-22","msg":"x","data":null}"#, None);
    let no_payload = exchange(r#"{"code":"0","msg":"success","data":null}"#, None);
    let wrong_spelling = exchange(r#"{"status":"0","reason":"success","data":7}"#, None);
    let deliberate =
        exchange(r#"{"status":"0","reason":"success","data":7}"#, Some(itnio_mock::Fault::StatusReason));
    let problems = contract::answer_problems(&[fine, refusal, no_payload, wrong_spelling, deliberate]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains(r#""data":null"#) && problems[1].contains(r#""status":"0""#),
        "{problems:#?}"
    );
}
