//! The JSON sent for a request is byte-for-byte what it was when these golden files were
//! written (before the generator redesign of issue 10): the docs' example and a generated
//! 1,000-callee campaign, each built with the typed API and read back through the wire form.
//!
//! `GOLDEN=overwrite cargo test -p itnio-tests --test it wire_bytes::` rewrites the files; a change to
//! them is a change to what the SDK sends, and must be read as such in review. One such change:
//! since the typed recall mode (issue 11) joins `recallType` and `recallIntent`, the typed form
//! writes `recallIntent` right after `recallType`; the JSON is the same, as the test of both
//! forms checks.

use itnio_tests::root;
use itnio_voice::*;

fn check_golden(name: &str, bytes: &[u8]) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("GOLDEN").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if expected != bytes {
        let at =
            expected.iter().zip(bytes).position(|(a, b)| a != b).unwrap_or(expected.len().min(bytes.len()));
        let show = |b: &[u8]| {
            String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())]).into_owned()
        };
        panic!(
            "{name}: the bytes sent changed at byte {at}\n golden: {}\n    now: {}",
            show(&expected),
            show(bytes)
        );
    }
}

/// The typed body, and the same body read as the wire form and written again (which orders
/// callInformation keys by name, since the wire form holds them in a map): each must be its
/// golden bytes.
fn check_both_forms(name: &str, typed: &AgentSendRequest<DebtCollection>) {
    let bytes = serde_json::to_vec(typed).unwrap();
    check_golden(&format!("{name}.typed.json"), &bytes);
    let wire = wire::AgentSendRequest::from_json(&bytes).unwrap();
    let wire_bytes = serde_json::to_vec(&wire).unwrap();
    check_golden(&format!("{name}.wire.json"), &wire_bytes);
    let json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap();
    assert_eq!(json(&bytes), json(&wire_bytes), "both forms send the same JSON");
}

fn docs_example() -> AgentSendRequest<DebtCollection> {
    let node = || RecallNode::builder().agent_id(agent_id!(41)).build();
    AgentSendRequest::<DebtCollection>::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("I want to test Agent API-16"))
        .display_num(display_number!("1008122211"))
        .max_calls(max_call_seconds!(300))
        .max_ringing_time(ringing_seconds!(60))
        .agent_id(agent_id!(41))
        .enable_recording(Recording::Yes)
        .callout_rate(1)
        .allow_send_time([SendTimeSlot::builder()
            .str_time(clock_time!("18:28"))
            .end_time(clock_time!("19:28"))
            .build()])
        .number_info_list([DebtCollectionCallee::builder()
            .callee_number(callee_number!("463200000007"))
            .call_information(
                DebtCollectionCallInformation::builder()
                    .name("Name")
                    .borrow_total_money("5000")
                    .due_date("2026-02-02")
                    .build(),
            )
            .build()])
        .recall_flow(
            RecallFlow::<DebtCollection>::builder()
                .recall_interval(recall_interval_minutes!(1))
                .recall_num(recall_count!(5))
                .node_list(vec![node(), node(), node(), node(), node()])
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([
                    DebtCollectionRecallIntent::NotCalled,
                    DebtCollectionRecallIntent::CalledNotConnected,
                ])))
                .build(),
        )
        .build()
}

/// 1,000 callees whose optional members vary from one to the next, with a recall flow and
/// send-time slots.
fn campaign(n: usize) -> AgentSendRequest<DebtCollection> {
    let callees: Vec<_> = (0..n)
        .map(|i| {
            let info = DebtCollectionCallInformation::builder()
                .name(format!("Debtor \"{i}\" ü"))
                .borrow_total_money(format!("{}.{:02}", 100 + i % 900, i % 100))
                .due_date(format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28))
                .maybe_due_days((i % 3 == 0).then(|| (i % 30).to_string()))
                .build();
            DebtCollectionCallee::builder()
                .callee_number(CalleeNumber::new(format!("46{i:010}")).unwrap())
                .call_information(info)
                .maybe_text1((i % 2 == 0).then(|| format!("Hello {i}")))
                .maybe_text5((i % 5 == 0).then_some("tab\there"))
                .maybe_text10((i % 7 == 0).then_some("line\nbreak"))
                .build()
        })
        .collect();
    let slot = |a, b| SendTimeSlot::builder().str_time(a).end_time(b).build();
    AgentSendRequest::<DebtCollection>::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("Golden campaign of 1000"))
        .agent_id(agent_id!(41))
        .send_time(local_date_time!("2026-12-01 09:00:00"))
        .max_calls(max_call_seconds!(120))
        .enable_recording(Recording::No)
        .allow_send_time([
            slot(clock_time!("09:00"), clock_time!("12:00")),
            slot(clock_time!("13:00"), clock_time!("18:00")),
        ])
        .number_info_list(NonEmpty::try_from(callees).unwrap())
        .recall_flow(
            RecallFlow::<DebtCollection>::builder()
                .recall_interval(recall_interval_minutes!(60))
                .recall_num(recall_count!(2))
                .node_list(vec![RecallNode::builder().agent_id(agent_id!(42)).build()])
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([
                    DebtCollectionRecallIntent::NoResponse,
                    DebtCollectionRecallIntent::WrongNumber,
                ])))
                .build(),
        )
        .build()
}

#[test]
fn the_docs_example_is_sent_as_before() {
    let request = docs_example();
    assert!(request.validate().is_valid());
    check_both_forms("docs_example", &request);
}

#[test]
fn a_1000_callee_campaign_is_sent_as_before() {
    let request = campaign(1000);
    assert!(request.validate().is_valid(), "{:?}", request.validate());
    check_both_forms("campaign_1000", &request);
}

#[test]
fn members_the_spec_does_not_know_are_sent_back_as_before() {
    let mut value = serde_json::to_value(docs_example()).unwrap();
    value["zExtra"] = serde_json::json!({"kept": [1, 2.5, "x"]});
    value["numberInfoList"][0]["aExtra"] = serde_json::json!(null);
    value["recallFlow"]["nodeList"][0]["nodeExtra"] = serde_json::json!(true);
    let bytes = serde_json::to_vec(&value).unwrap();
    let wire = wire::AgentSendRequest::from_json(&bytes).unwrap();
    check_golden("docs_example_with_unknown_members.wire.json", &serde_json::to_vec(&wire).unwrap());
}
