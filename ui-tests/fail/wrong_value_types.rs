// Plain integers and strings are not the constrained types.
use itnio_voice::*;

fn main() {
    let _ = AgentSendRequest::<Marketing>::builder()
        .app_id(app_id!("app"))
        .task_name("spring offer")
        .max_calls(300)
        .agent_id(agent_id!(7))
        .number_info_list([])
        .build();
}
