// The docs' example request, built with the typed API, serializes to the docs' JSON (with the
// nodes' agentId as integers, as the SDK sends them).
use itnio_voice::*;
use serde_json::json;

fn main() {
    let node = || RecallNode::builder().agent_id(agent_id!(41)).build();
    let request = AgentSendRequest::<DebtCollection>::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("I want to test Agent API-16"))
        .display_num(display_number!("1008122211"))
        .max_calls(max_call_seconds!(300))
        .max_ringing_time(ringing_seconds!(60))
        .agent_id(agent_id!(41))
        .enable_recording(Recording::Yes)
        .callout_rate(1)
        .allow_send_time([SendTimeSlot::builder().str_time(clock_time!("18:28")).end_time(clock_time!("19:28")).build()])
        .number_info_list(vec![DebtCollectionCallee::builder()
            .callee_number(callee_number!("463200000007"))
            .call_information(
                DebtCollectionCallInformation::builder().name("Name").borrow_total_money("5000").due_date("2026-02-02").build(),
            )
            .build()])
        .recall_flow(
            RecallFlow::<DebtCollection>::builder()
                .recall_type(RecallType::RecallByIntent)
                .recall_interval(recall_interval_minutes!(1))
                .recall_num(recall_count!(5))
                .node_list(vec![node(), node(), node(), node(), node()])
                .recall_intent(vec![DebtCollectionRecallIntent::NotCalled, DebtCollectionRecallIntent::CalledNotConnected])
                .build(),
        )
        .build();
    assert_eq!(request.validate(), Report::default());
    let expected = json!({
        "appId": "2Xql9RBI", "taskName": "I want to test Agent API-16", "displayNum": "1008122211",
        "maxCalls": 300, "maxRingingTime": 60, "agentId": 41, "enableRecording": 1, "calloutRate": 1,
        "allowSendTime": [{"strTime": "18:28", "endTime": "19:28"}],
        "numberInfoList": [{"calleeNumber": "463200000007",
            "callInformation": {"name": "Name", "borrow_total_money": "5000", "due_date": "2026-02-02"}}],
        "recallFlow": {"recallType": 3, "recallInterval": 1, "recallNum": 5,
            "nodeList": [{"agentId": 41}, {"agentId": 41}, {"agentId": 41}, {"agentId": 41}, {"agentId": 41}],
            "recallIntent": ["99998", "99999"]}
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}
