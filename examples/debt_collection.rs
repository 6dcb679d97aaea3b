//! A debt-collection campaign: every callee carries the scenario's required callInformation
//! (name, borrow_total_money, due_date), and unreached or undecided callees are recalled by
//! intent. Sent to the embedded mock.

use itnio_mock::MockServer;
use itnio_voice::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build()?;

    let debtors = [("4915112345678", "Anna Berg", "1200.50"), ("4915187654321", "Ben Cole", "80.00")];
    let callees = debtors
        .iter()
        .map(|(number, name, amount)| {
            Ok(DebtCollectionCallee::builder()
                .callee_number(CalleeNumber::new(*number)?)
                .call_information(
                    DebtCollectionCallInformation::builder()
                        .name(*name)
                        .borrow_total_money(*amount)
                        .due_date("2026-12-01")
                        .build(),
                )
                .build())
        })
        .collect::<Result<Vec<_>, ConstraintError>>()?;

    let request = DebtCollectionAgentSendRequest::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(TaskName::new(format!("Reminders {}", callees.len()))?)
        .agent_id(agent_id!(41))
        // Rows read at run time: an empty list is refused here (EmptyList), not by the server.
        .number_info_list(NonEmpty::try_from(callees)?)
        .recall_flow(
            RecallFlow::builder()
                .recall_interval(recall_interval_minutes!(120))
                .recall_num(recall_count!(2))
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([
                    DebtCollectionRecallIntent::CalledNotConnected,
                    DebtCollectionRecallIntent::NoResponse,
                    DebtCollectionRecallIntent::RepaymentIntentUnknown,
                ])))
                .build(),
        )
        .build();
    let task_id = client.agent_send(&request).await?;
    println!("created debt-collection task {task_id}");
    Ok(())
}
