// A debt-collection campaign: every callee carries name, borrow_total_money and due_date, and the
// recall may name debt-collection intents, detailed ones included.
use itnio_voice::*;

pub fn main() {
    let callee = |number: &str, name: &str| {
        DebtCollectionCallee::builder()
            .callee_number(CalleeNumber::new(number).expect("valid number"))
            .call_information(
                DebtCollectionCallInformation::builder()
                    .name(name)
                    .borrow_total_money("1200.50")
                    .due_date("2026-12-01")
                    .due_days("3")
                    .build(),
            )
            .text1(name)
            .build()
    };
    let request = DebtCollectionAgentSendRequest::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("December reminders"))
        .agent_id(agent_id!(41))
        .send_time(local_date_time!("2026-12-01 09:00:00"))
        .number_info_list([callee("4915112345678", "Anna"), callee("4915187654321", "Ben")])
        .recall_flow(
            RecallFlow::builder()
                .recall_interval(recall_interval_minutes!(60))
                .recall_num(recall_count!(2))
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([DebtCollectionRecallIntent::NoResponse, DebtCollectionRecallIntent::WrongNumber])))
                .build(),
        )
        .build();
    assert!(request.validate().is_valid());
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["recallFlow"]["recallIntent"], serde_json::json!(["202", "2016"]));
}
