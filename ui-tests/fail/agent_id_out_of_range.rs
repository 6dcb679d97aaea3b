// rule: agent_id.range
// An agent ID is at least 1.
use itnio_voice::*;

fn main() {
    let _ = agent_id!(0);
}
