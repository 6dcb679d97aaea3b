// A marketing request takes marketing callees only, and marketing callees carry no callInformation.
use itnio_voice::*;

fn main() {
    let info = DebtCollectionCallInformation::builder().name("A").borrow_total_money("1").due_date("2026-02-02").build();
    let debt = DebtCollectionCallee::builder().callee_number(callee_number!("463200000007")).call_information(info.clone()).build();
    let _ = AgentSendRequest::<Marketing>::builder()
        .app_id(app_id!("app"))
        .task_name(task_name!("spring offer"))
        .agent_id(agent_id!(7))
        .number_info_list([debt])
        .build();
    let _ = MarketingCallee::builder().callee_number(callee_number!("463200000007")).call_information(info);
}
