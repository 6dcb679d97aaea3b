// A Vec may be empty, so it is not a callee list: convert it with NonEmpty::try_from, which
// refuses an empty one at run time.
use itnio_voice::*;

fn main() {
    let callee = MarketingCallee::builder().callee_number(callee_number!("4600000001")).build();
    let _ = AgentSendRequest::<Marketing>::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("spring offer"))
        .agent_id(agent_id!(7))
        .number_info_list(vec![callee])
        .build();
}
