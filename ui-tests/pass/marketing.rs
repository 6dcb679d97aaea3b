// A marketing campaign: callees carry only their number and text variables; up to three send-time
// slots.
use itnio_voice::*;

pub fn main() {
    let slot = |from, to| SendTimeSlot::builder().str_time(from).end_time(to).build();
    let request = MarketingAgentSendRequest::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("Spring offer"))
        .agent_id(agent_id!(7))
        .enable_recording(Recording::No)
        .allow_send_time([
            slot(clock_time!("09:00"), clock_time!("12:00")),
            slot(clock_time!("14:00"), clock_time!("17:00")),
            slot(clock_time!("18:00"), clock_time!("20:00")),
        ])
        .number_info_list([MarketingCallee::builder().callee_number(callee_number!("4915112345678")).text1("Anna").build()])
        .recall_flow(
            RecallFlow::builder()
                .recall_interval(recall_interval_minutes!(30))
                .recall_num(recall_count!(3))
                .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([MarketingRecallIntent::Interested])))
                .build(),
        )
        .build();
    assert!(request.validate().is_valid());
    assert_eq!(serde_json::to_value(&request).unwrap()["enableRecording"], 0);
}
