//! Quickstart: start the embedded mock ITNIO server, build the docs' example request with the
//! typed API, send it (signed, validated first), and print the new task's ID.
//!
//! Run with `cargo run --example quickstart`. No credentials or network are needed.

use itnio_mock::MockServer;
use itnio_voice::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An in-process stand-in for api.itniotech.com on 127.0.0.1. Against the real API, use
    // `Client::builder(api_key, api_secret).build()?` instead.
    let mock = MockServer::start().await?;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build()?;

    // One callee of a debt-collection agent: the scenario's required callInformation keys
    // (name, borrow_total_money, due_date) are required by the type.
    let callee = DebtCollectionCallee::builder()
        .callee_number(callee_number!("463200000007"))
        .call_information(
            DebtCollectionCallInformation::builder()
                .name("Name")
                .borrow_total_money("5000")
                .due_date("2026-02-02")
                .build(),
        )
        .build();

    // Recall twice-unreached callees by intent; only debt-collection and general intents
    // compile here.
    let node = || RecallNode::builder().agent_id(agent_id!(41)).build();
    let recall = RecallFlow::<DebtCollection>::builder()
        .recall_interval(recall_interval_minutes!(1))
        .recall_num(recall_count!(5))
        .node_list(vec![node(), node(), node(), node(), node()])
        .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([
            DebtCollectionRecallIntent::NotCalled,
            DebtCollectionRecallIntent::CalledNotConnected,
        ])))
        .build();

    let request = AgentSendRequest::<DebtCollection>::builder()
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
        .number_info_list([callee])
        .recall_flow(recall)
        .build();

    let task_id = client.agent_send(&request).await?;
    println!("created task {task_id} on {} ({} callee)", client.base_url(), request.number_info_list.len());
    Ok(())
}
