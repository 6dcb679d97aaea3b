//! A marketing campaign: callees carry only their number and text variables, calls happen in
//! up to three daily time slots, and interested callees are called again. Sent to the embedded
//! mock.

use itnio_mock::MockServer;
use itnio_voice::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    mock.register_agent(7, ScenarioKind::Marketing);
    let client = mock.client().build()?;

    let slot = |from, to| SendTimeSlot::builder().str_time(from).end_time(to).build();
    let request = MarketingAgentSendRequest::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("Spring offer"))
        .agent_id(agent_id!(7))
        .send_time(local_date_time!("2026-12-01 09:00:00"))
        .allow_send_time([
            slot(clock_time!("09:00"), clock_time!("12:00")),
            slot(clock_time!("14:00"), clock_time!("18:00")),
        ])
        .number_info_list([
            MarketingCallee::builder().callee_number(callee_number!("4915112345678")).text1("Anna").build(),
            MarketingCallee::builder().callee_number(callee_number!("4915187654321")).text1("Ben").build(),
        ])
        .recall_flow(
            RecallFlow::builder()
                .recall_interval(recall_interval_minutes!(1440))
                .recall_num(recall_count!(1))
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([MarketingRecallIntent::Interested])))
                .build(),
        )
        .build();
    let task_id = client.agent_send(&request).await?;
    println!("created marketing task {task_id}");
    Ok(())
}
