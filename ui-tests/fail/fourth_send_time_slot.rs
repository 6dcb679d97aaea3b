// rule: list.size:allowSendTime.max
// allowSendTime takes at most 3 slots.
use itnio_voice::*;

fn main() {
    let slot = || SendTimeSlot::builder().str_time(clock_time!("09:00")).end_time(clock_time!("12:00")).build();
    let _ = AgentSendRequest::<Marketing>::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("spring offer"))
        .agent_id(agent_id!(7))
        .number_info_list([])
        .allow_send_time([slot(), slot(), slot(), slot()])
        .build();
}
