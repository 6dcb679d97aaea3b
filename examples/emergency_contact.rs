//! An emergency-contact relay campaign: the agent asks a debtor's emergency contact to pass a
//! message on, so each callee also carries emergency_contact_name. Sent to the embedded mock.

use itnio_mock::MockServer;
use itnio_voice::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    mock.register_agent(52, ScenarioKind::EmergencyContact);
    let client = mock.client().build()?;

    let request = EmergencyContactAgentSendRequest::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("Relay December"))
        .agent_id(agent_id!(52))
        .number_info_list([EmergencyContactCallee::builder()
            .callee_number(callee_number!("4915199990000"))
            .call_information(
                EmergencyContactCallInformation::builder()
                    .name("Anna Berg")
                    .borrow_total_money("1200.50")
                    .due_date("2026-12-01")
                    .emergency_contact_name("Carl Berg")
                    .build(),
            )
            .build()])
        .recall_flow(
            RecallFlow::builder()
                .recall_interval(recall_interval_minutes!(60))
                .recall_num(recall_count!(1))
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([
                    EmergencyContactRecallIntent::NoResponse,
                ])))
                .build(),
        )
        .build();
    let task_id = client.agent_send(&request).await?;
    println!("created emergency-contact relay task {task_id}");
    Ok(())
}
