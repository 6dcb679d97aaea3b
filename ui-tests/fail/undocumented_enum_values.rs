// rule: recording.value
// rule: recall_type.value
// rule: task_status.value
// rule: recall_cancel_type.value
// A documented enum has only its documented values: a plain code is not one of them.
use itnio_voice::*;

fn main() {
    let _: Recording = 2;
    let _: RecallType = 2;
    let _: TaskStatus = 9;
    let _: RecallCancelType = 3;
}
