// rule: list.size:numberInfoList.min
// numberInfoList is required, and an empty list is no list of callees (quirk
// required_not_empty): `[]` does not compile.
use itnio_voice::*;

fn main() {
    let _ = AgentSendRequest::<Marketing>::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("spring offer"))
        .agent_id(agent_id!(7))
        .number_info_list([])
        .build();
}
