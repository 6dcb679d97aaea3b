// appId is required.
use itnio_voice::*;

fn main() {
    let _ = AgentSendRequest::<Marketing>::builder()
        .task_name(task_name!("spring offer"))
        .agent_id(agent_id!(7))
        .number_info_list([])
        .build();
}
