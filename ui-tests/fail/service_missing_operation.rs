// A stand-in of ITNIO (such as itnio-mock) implements the generated `Service`, one method per
// operation of the spec: one that handles only task creation does not compile, and the error
// names every operation it leaves out. An operation added to the spec does the same to every
// stand-in until it is handled.
use itnio_voice::service::{Refusal, Service};
use itnio_voice::*;

struct OnlyCreates;

impl Service for OnlyCreates {
    fn agent_send(&self, _request: wire::AgentSendRequest) -> Result<TaskId, Refusal> {
        Ok(task_id!(1))
    }
}

fn main() {}
