//! Run-time validation of the untyped form, the typed form's remaining checks, and the round
//! trip of the docs' example.

use itnio_tests::{example_as_sent, example_body};
use itnio_voice::*;
use serde_json::{Value, json};

fn parse(doc: &Value) -> wire::AgentSendRequest {
    wire::AgentSendRequest::from_json(&serde_json::to_vec(doc).unwrap()).expect("parses")
}

fn report(doc: &Value, scenario: Option<ScenarioKind>) -> Report {
    parse(doc).validate(scenario)
}

fn pointers(vs: &[Violation]) -> Vec<&str> {
    vs.iter().map(|v| v.pointer.as_str()).collect()
}

fn debt_callee(number: &str) -> Value {
    json!({"calleeNumber": number, "callInformation": {"name": "A", "borrow_total_money": "1", "due_date": "2026-02-02"}})
}

#[test]
fn the_docs_example_validates_and_round_trips() {
    let body = wire::AgentSendRequest::from_json(example_body().as_bytes()).expect("the example parses");
    let r = body.validate(Some(ScenarioKind::DebtCollection));
    assert_eq!(r, Report::default(), "the example is valid with no warnings");
    // Equal JSON, calloutRate included; node agentIds are sent as integers (quirk).
    assert_eq!(serde_json::to_value(&body).unwrap(), example_as_sent());
    assert_eq!(serde_json::to_value(&body).unwrap()["calloutRate"], json!(1));

    let typed: AgentSendRequest<DebtCollection> = serde_json::from_str(&example_body()).expect("typed parse");
    assert_eq!(serde_json::to_value(&typed).unwrap(), example_as_sent());
    assert_eq!(typed.validate(), Report::default());
}

#[test]
fn every_violation_is_reported_with_its_index() {
    let mut doc = example_as_sent();
    let mut callees: Vec<Value> = (0..1000).map(|i| debt_callee(&format!("46{i:010}"))).collect();
    callees[3]["calleeNumber"] = json!("12345"); // too short
    callees[17]["calleeNumber"] = json!("+4612345678"); // not a digit
    callees[999]["calleeNumber"] = json!("1234567890123456789"); // too long
    callees[5].as_object_mut().unwrap().remove("calleeNumber");
    callees[8]["callInformation"].as_object_mut().unwrap().remove("due_date");
    doc["numberInfoList"] = Value::Array(callees);
    doc["taskName"] = json!("x");
    let r = report(&doc, Some(ScenarioKind::DebtCollection));
    assert_eq!(
        pointers(&r.errors),
        vec![
            "/numberInfoList/3/calleeNumber",
            "/numberInfoList/5/calleeNumber",
            "/numberInfoList/8/callInformation/due_date",
            "/numberInfoList/17/calleeNumber",
            "/numberInfoList/999/calleeNumber",
            "/taskName",
        ]
    );
    let messages: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages[5], "/taskName: must be 2 to 64 characters long, not 1");
    assert_eq!(messages[0], "/numberInfoList/3/calleeNumber: must be 6 to 18 digits long, not 5");
    assert_eq!(messages[1], "/numberInfoList/5/calleeNumber: is required");
    assert_eq!(
        messages[2],
        "/numberInfoList/8/callInformation/due_date: is required by the debt-collection scenario"
    );
    assert_eq!(
        messages[3],
        "/numberInfoList/17/calleeNumber: must contain only ASCII digits 0-9 (character 1 is not one)"
    );
    assert!(r.into_result().unwrap_err().to_string().starts_with("the request is invalid (6 violations)"));
}

#[test]
fn text_over_30_characters_is_a_warning_not_an_error() {
    let mut doc = example_as_sent();
    doc["numberInfoList"][0]["text1"] = json!("x".repeat(31));
    doc["numberInfoList"][0]["text2"] = json!("x".repeat(30));
    doc["numberInfoList"][0]["text3"] = json!("é".repeat(30)); // 60 bytes, 30 characters
    let r = report(&doc, Some(ScenarioKind::DebtCollection));
    assert!(r.is_valid());
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(
        r.warnings[0].to_string(),
        "/numberInfoList/0/text1: is 31 characters long; the server truncates it to 30"
    );
}

#[test]
fn the_same_callee_twice_is_a_warning_naming_the_first() {
    let mut doc = example_as_sent();
    doc["numberInfoList"] =
        json!([debt_callee("4600000001"), debt_callee("4600000002"), debt_callee("4600000001")]);
    let r = report(&doc, Some(ScenarioKind::DebtCollection));
    assert!(r.is_valid());
    assert_eq!(pointers(&r.warnings), vec!["/numberInfoList/2/calleeNumber"]);
    assert!(r.warnings[0].message.contains("(first at /numberInfoList/0/calleeNumber)"), "{}", r.warnings[0]);
}

#[test]
fn recall_by_intent_needs_intents() {
    for intents in [None, Some(json!([]))] {
        let mut doc = example_as_sent();
        match &intents {
            None => {
                doc["recallFlow"].as_object_mut().unwrap().remove("recallIntent");
            }
            Some(v) => doc["recallFlow"]["recallIntent"] = v.clone(),
        }
        let r = report(&doc, None);
        assert_eq!(pointers(&r.errors), vec!["/recallFlow/recallIntent"], "{intents:?}");
        // Resend all needs none.
        doc["recallFlow"]["recallType"] = json!(0);
        assert!(report(&doc, None).is_valid());
    }
}

#[test]
fn recall_intents_are_checked_against_the_scenario() {
    let mut doc = example_as_sent();
    doc["recallFlow"]["recallIntent"] = json!(["99998", "301", "205", "4012"]);
    let debt = report(&doc, Some(ScenarioKind::DebtCollection));
    assert_eq!(pointers(&debt.errors), vec!["/recallFlow/recallIntent/1", "/recallFlow/recallIntent/3"]);
    assert_eq!(
        debt.errors[0].message,
        "intent 301 (Voicemail) belongs to the marketing scenario; a debt-collection agent rejects it (-68)"
    );
    let marketing = report(&doc, Some(ScenarioKind::Marketing));
    assert_eq!(pointers(&marketing.errors), vec!["/recallFlow/recallIntent/2", "/recallFlow/recallIntent/3"]);
    // Without a scenario every documented code passes. A code no table lists is a warning in
    // any case: the docs' own recall-update example sends 101 (quirk undocumented_intent_codes).
    assert!(report(&doc, None).is_valid());
    doc["recallFlow"]["recallIntent"] = json!(["101"]);
    for scenario in [None, Some(ScenarioKind::DebtCollection), Some(ScenarioKind::Marketing)] {
        let r = report(&doc, scenario);
        assert!(r.is_valid(), "{r:?}");
        let intent = r.warnings.iter().find(|w| w.pointer.starts_with("/recallFlow")).unwrap();
        assert_eq!(
            intent.to_string(),
            "/recallFlow/recallIntent/0: `101` is in no intent table of the docs; it is sent as it is, and the agent may not know it"
        );
        assert_eq!(intent.rule, "recall_intent.undocumented");
    }
}

#[test]
fn call_information_follows_the_scenario() {
    let mut doc = example_as_sent();
    // Emergency contact relay also needs emergency_contact_name.
    let r = report(&doc, Some(ScenarioKind::EmergencyContact));
    assert!(
        pointers(&r.errors).contains(&"/numberInfoList/0/callInformation/emergency_contact_name"),
        "{r:?}"
    );
    // No callInformation at all.
    doc["numberInfoList"][0].as_object_mut().unwrap().remove("callInformation");
    let r = report(&doc, Some(ScenarioKind::DebtCollection));
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        r.errors[0].to_string(),
        "/numberInfoList/0/callInformation: is required by the debt-collection scenario (keys name, borrow_total_money, due_date)"
    );
    // Marketing callees carry none; one that does gets a warning.
    let mut doc = example_as_sent();
    doc["recallFlow"]["recallIntent"] = json!(["99998"]);
    let r = report(&doc, Some(ScenarioKind::Marketing));
    assert!(r.is_valid(), "{r:?}");
    assert_eq!(pointers(&r.warnings), vec!["/numberInfoList/0/callInformation"]);
    // An undocumented key is kept, with a warning.
    let mut doc = example_as_sent();
    doc["numberInfoList"][0]["callInformation"]["nickname"] = json!("Bob");
    let r = report(&doc, Some(ScenarioKind::DebtCollection));
    assert!(r.is_valid());
    assert_eq!(pointers(&r.warnings), vec!["/numberInfoList/0/callInformation/nickname"]);
    assert_eq!(
        serde_json::to_value(parse(&doc)).unwrap()["numberInfoList"][0]["callInformation"]["nickname"],
        "Bob"
    );
}

#[test]
fn node_agent_id_is_read_as_number_or_digit_string() {
    let mut doc: Value = serde_json::from_str(&example_body()).unwrap();
    doc["recallFlow"]["nodeList"] =
        json!([{"agentId": "41"}, {"agentId": 42}, {"agentId": "4x"}, {"agentId": "0"}]);
    let body = parse(&doc);
    let r = body.validate(None);
    assert_eq!(pointers(&r.errors), vec!["/recallFlow/nodeList/2/agentId", "/recallFlow/nodeList/3/agentId"]);
    assert_eq!(r.errors[0].message, "must be an integer (a number or a string of digits)");
    assert_eq!(r.errors[1].message, "must be from 1 to 2147483647, not 0");
    let sent = serde_json::to_value(&body).unwrap();
    assert_eq!(sent["recallFlow"]["nodeList"][0]["agentId"], json!(41));
    assert_eq!(sent["recallFlow"]["nodeList"][1]["agentId"], json!(42));
}

#[test]
fn a_wrong_json_type_is_one_violation_at_its_pointer() {
    let mut doc = example_as_sent();
    doc["numberInfoList"][0]["calleeNumber"] = json!(463200000007_u64);
    doc["maxCalls"] = json!(99999999999999999999_f64);
    doc["numberInfoList"][0]["callInformation"]["name"] = json!(["A"]);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let r = wire::AgentSendRequest::from_json(&bytes).unwrap().validate(Some(ScenarioKind::DebtCollection));
    let found: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "/maxCalls: must be an integer from -2147483648 to 2147483647 (the docs' type is Integer, 32 bits), not 100000000000000000000",
            "/numberInfoList/0/callInformation/name: must be a string, not a list",
            "/numberInfoList/0/calleeNumber: must be a string, not the number 463200000007",
        ]
    );
    assert_eq!(wire::AgentSendRequest::validate_json(&bytes, Some(ScenarioKind::DebtCollection)).unwrap(), r);

    // A string where the list of callee objects belongs (quirk number_info_list_commas).
    let r =
        report(&json!({"appId": "a", "taskName": "ab", "agentId": 41, "numberInfoList": "4632,4633"}), None);
    assert_eq!(r.errors.len(), 1, "{r:?}");
    assert_eq!(r.errors[0].to_string(), r#"/numberInfoList: must be a list, not the string "4632,4633""#);
    let e = wire::AgentSendRequest::from_json(b"{} trailing").unwrap_err();
    assert!(e.is_syntax());
}

#[test]
fn an_empty_object_reports_every_required_field() {
    let r = report(&json!({}), None);
    assert_eq!(pointers(&r.errors), vec!["/agentId", "/appId", "/numberInfoList", "/taskName"]);
    assert!(r.errors.iter().all(|e| e.rule == "required"));
}

#[test]
fn the_typed_form_checks_what_types_cannot() {
    let callee =
        |n: &'static str| MarketingCallee::builder().callee_number(CalleeNumber::new(n).unwrap()).build();
    let flow = RecallFlow::<Marketing>::builder()
        .recall_interval(recall_interval_minutes!(30))
        .recall_num(recall_count!(2))
        .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([
            MarketingRecallIntent::Interested,
            // A code no table lists, sent on purpose: a warning.
            MarketingRecallIntent::Undocumented(UndocumentedIntent::new("101").unwrap()),
            // A code a table lists for another scenario: the server would answer -68.
            MarketingRecallIntent::Undocumented(UndocumentedIntent::new("201").unwrap()),
        ])))
        .build();
    let request = AgentSendRequest::<Marketing>::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("spring offer"))
        .agent_id(agent_id!(7))
        .number_info_list([callee("4600000001"), callee("4600000001")])
        .recall_flow(flow)
        .build();
    let r = request.validate();
    assert_eq!(pointers(&r.errors), vec!["/recallFlow/recallIntent/2"]);
    assert_eq!(r.errors[0].rule, "recall_intent.scenario");
    assert_eq!(pointers(&r.warnings), vec!["/numberInfoList/1/calleeNumber", "/recallFlow/recallIntent/1"]);
    // Sent as the docs' two members.
    let sent = serde_json::to_value(&request).unwrap();
    assert_eq!(sent["recallFlow"]["recallType"], 3);
    assert_eq!(sent["recallFlow"]["recallIntent"], json!(["305", "101", "201"]));
    // An empty callee list, or a recall by intent without intents, does not compile
    // (ui-tests/fail/empty_callee_list.rs, recall_by_intent_without_intents.rs).
}

#[test]
fn constrained_types_recheck_on_deserialize() {
    // In the user's words, without Rust type names.
    let e = serde_json::from_str::<TaskName>("\"x\"").unwrap_err().to_string();
    assert!(e.starts_with("must be 2 to 64 characters long, not 1"), "{e}");
    let e = serde_json::from_str::<Recording>("2").unwrap_err().to_string();
    assert!(
        e.starts_with("must be one of 0 (do not record calls), 1 (record calls (the default)), not 2"),
        "{e}"
    );
    assert!(serde_json::from_str::<CalleeNumber>("\"4632000000a7\"").is_err());
    assert!(serde_json::from_str::<RingingSeconds>("121").is_err());
    assert_eq!(serde_json::from_str::<RingingSeconds>("120").unwrap().get(), 120);
    assert!(serde_json::from_str::<RecallType>("2").is_err());
    assert!(serde_json::from_str::<DebtCollectionRecallIntent>("\"301\"").is_err());
    assert_eq!(
        serde_json::from_str::<MarketingRecallIntent>("\"301\"").unwrap(),
        MarketingRecallIntent::Voicemail
    );
    let four =
        json!([{"strTime": "01:00"}, {"strTime": "02:00"}, {"strTime": "03:00"}, {"strTime": "04:00"}]);
    assert!(serde_json::from_value::<SendTimeSlotList>(four).is_err());
    let slot = SendTimeSlot::builder().str_time(clock_time!("01:00")).build();
    assert!(SendTimeSlotList::try_from(vec![slot.clone(); 4]).is_err());
    assert_eq!(SendTimeSlotList::try_from(vec![slot; 3]).unwrap().as_slice().len(), 3);
}

#[test]
fn literal_macros_and_constructors_agree() {
    assert_eq!(task_name!("ab"), TaskName::new("ab").unwrap());
    assert_eq!(callee_number!("463200000007").as_str(), "463200000007");
    assert_eq!(display_number!(""), DisplayNumber::new("").unwrap());
    assert_eq!(ringing_seconds!(10).get(), 10);
    assert_eq!(max_call_seconds!(999).get(), MaxCallSeconds::MAX);
    assert_eq!(MaxCallSeconds::default().get(), 300);
    assert_eq!(RingingSeconds::DEFAULT.get(), 60);
    assert_eq!(Recording::default(), Recording::Yes);
    assert_eq!(format!("{:?}", task_name!("ab")), "TaskName(\"ab\")");
}

#[test]
fn unknown_members_are_kept_sent_and_warned_about() {
    let mut doc = example_as_sent();
    doc["priority"] = json!({"level": 2});
    doc["numberInfoList"][0]["externalRef"] = json!("loan-17");
    doc["recallFlow"]["nodeList"][1]["note"] = json!(null);
    let body = parse(&doc);
    let r = body.validate(Some(ScenarioKind::DebtCollection));
    assert!(r.is_valid());
    assert_eq!(
        pointers(&r.warnings),
        vec!["/numberInfoList/0/externalRef", "/priority", "/recallFlow/nodeList/1/note"]
    );
    assert_eq!(serde_json::to_value(&body).unwrap(), doc, "nothing is lost on the way back out");
}

#[test]
fn a_member_given_twice_is_an_error_at_its_pointer() {
    let body = br#"{"taskName": "a1", "taskName": "a2", "numberInfoList": [{"x": 1, "x": 2, "calleeNumber": "4632"}]}"#;
    let r = wire::AgentSendRequest::from_json(body).unwrap().validate(None);
    let duplicates: Vec<String> =
        r.errors.iter().filter(|e| e.rule == "json.duplicate").map(ToString::to_string).collect();
    assert_eq!(
        duplicates,
        [
            "/numberInfoList/0/x: is given more than once in its object; give it once",
            "/taskName: is given more than once in its object; give it once",
        ]
    );
    // The other violations are still reported.
    assert!(r.errors.iter().any(|e| e.pointer == "/numberInfoList/0/calleeNumber"), "{r:?}");
    assert_eq!(wire::AgentSendRequest::validate_json(body, None).unwrap(), r);
}

/// Valid JSON is never "not JSON": a byte-order mark is skipped, and a number beyond any numeric
/// type or a string with half a surrogate pair is one violation at its pointer, with the rest of
/// the document still checked.
#[test]
fn valid_json_that_no_rust_value_holds_is_a_violation_at_its_pointer() {
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(&serde_json::to_vec(&example_as_sent()).unwrap());
    let r = wire::AgentSendRequest::validate_json(&body, Some(ScenarioKind::DebtCollection)).unwrap();
    assert!(r.is_valid(), "{r:?}");

    let text = serde_json::to_string(&example_as_sent()).unwrap();
    let text = text
        .replacen(r#""maxCalls":300"#, r#""maxCalls":1e400"#, 1)
        .replacen(r#""taskName":"I want to test Agent API-16""#, r#""taskName":"Agent \ud800 API""#, 1)
        .replacen(r#""displayNum":"1008122211""#, r#""displayNum":"12a""#, 1);
    for r in [
        wire::AgentSendRequest::validate_json(text.as_bytes(), None).unwrap(),
        wire::AgentSendRequest::from_json(text.as_bytes()).unwrap().validate(None),
    ] {
        let found: Vec<(&str, &str)> = r.errors.iter().map(|e| (e.pointer.as_str(), e.rule)).collect();
        assert_eq!(
            found,
            [
                ("/displayNum", "display_number.digits"),
                ("/maxCalls", "json.number_range"),
                ("/taskName", "json.unpaired_surrogate"),
            ]
        );
    }
}

/// A required callInformation key given as empty text is treated as missing, as other required
/// text is (quirk required_not_empty).
#[test]
fn an_empty_required_call_information_key_is_missing() {
    let mut doc = example_as_sent();
    doc["numberInfoList"][0]["callInformation"]["due_date"] = json!("");
    let r = report(&doc, Some(ScenarioKind::DebtCollection));
    assert_eq!(pointers(&r.errors), ["/numberInfoList/0/callInformation/due_date"]);
    assert_eq!(r.errors[0].rule, "call_information.required_key");
    assert_eq!(r.errors[0].message, "is required by the debt-collection scenario and must not be empty");
    // Without a scenario, no key is required.
    assert!(report(&doc, None).is_valid());
}
