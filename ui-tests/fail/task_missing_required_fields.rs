// rule: required
// A task without taskName, agentId and numberInfoList does not compile; every missing field is named.
use itnio_voice::*;

fn main() {
    let _ = AgentSendRequest::<DebtCollection>::builder().app_id(app_id!("2Xql9RBI")).build();
}
