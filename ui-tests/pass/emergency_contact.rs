// An emergency-contact relay campaign: callees also carry emergency_contact_name, and the recall
// names relay intents.
use itnio_voice::*;

pub fn main() {
    let callee = EmergencyContactCallee::builder()
        .callee_number(callee_number!("4915112345678"))
        .call_information(
            EmergencyContactCallInformation::builder()
                .name("Anna")
                .borrow_total_money("1200.50")
                .due_date("2026-12-01")
                .emergency_contact_name("Carl")
                .build(),
        )
        .build();
    let request = EmergencyContactAgentSendRequest::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("Relay December"))
        .agent_id(agent_id!(52))
        .number_info_list([callee])
        .recall_flow(
            RecallFlow::builder()
                .recall_interval(recall_interval_minutes!(120))
                .recall_num(recall_count!(1))
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([EmergencyContactRecallIntent::NoResponse, EmergencyContactRecallIntent::CalledNotConnected])))
                .build(),
        )
        .build();
    assert!(request.validate().is_valid());
}
