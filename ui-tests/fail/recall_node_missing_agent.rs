// A recall node needs its agentId.
use itnio_voice::*;

fn main() {
    let _ = RecallNode::builder().build();
}
