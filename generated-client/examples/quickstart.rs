//! Quickstart: build the docs' example request with the typed API, validate it, and print the
//! JSON body that would be sent.
//!
//! Run with `cargo run --example quickstart`. No credentials or network are needed.

use itnio_voice::*;

fn main() {
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
        .recall_type(RecallType::RecallByIntent)
        .recall_interval(recall_interval_minutes!(1))
        .recall_num(recall_count!(5))
        .node_list(vec![node(), node(), node(), node(), node()])
        .recall_intent(vec![
            DebtCollectionRecallIntent::NotCalled,
            DebtCollectionRecallIntent::CalledNotConnected,
        ])
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
        .number_info_list(vec![callee])
        .recall_flow(recall)
        .build();

    let report = request.validate();
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    match report.into_result() {
        Ok(_) => {
            let body = serde_json::to_string_pretty(&request).expect("a typed request always serializes");
            println!("POST {}\n{body}", AgentSend::PATH);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
