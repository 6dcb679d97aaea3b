// The docs' example request, built with the typed API, serializes to the example body of the
// source page (with the nodes' agentId as integers, as the SDK sends them).
use itnio_voice::*;

pub fn main() {
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
        .number_info_list([DebtCollectionCallee::builder()
            .callee_number(callee_number!("463200000007"))
            .call_information(
                DebtCollectionCallInformation::builder().name("Name").borrow_total_money("5000").due_date("2026-02-02").build(),
            )
            .build()])
        .recall_flow(
            RecallFlow::<DebtCollection>::builder()
                .recall_interval(recall_interval_minutes!(1))
                .recall_num(recall_count!(5))
                .node_list(vec![node(), node(), node(), node(), node()])
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([DebtCollectionRecallIntent::NotCalled, DebtCollectionRecallIntent::CalledNotConnected])))
                .build(),
        )
        .build();
    assert_eq!(request.validate(), Report::default());
    // The example body as the source page prints it, with the nodes' agentId as integers.
    let page = include_str!("../../spec/source/agent-send-api.txt");
    let start = page.find("Request Body:\n").unwrap() + "Request Body:\n".len();
    let end = start + page[start..].find("}| Parameter").unwrap() + 1;
    let mut expected: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    for node in expected["recallFlow"]["nodeList"].as_array_mut().unwrap() {
        node["agentId"] = node["agentId"].as_str().unwrap().parse::<i64>().unwrap().into();
    }
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}
