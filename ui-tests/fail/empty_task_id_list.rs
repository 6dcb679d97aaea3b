// rule: list.size:taskIdList.min
// taskIdList is required, and cancelling no task is no request: `[]` does not compile.
use itnio_voice::*;

fn main() {
    let _ = TaskCancelRequest::builder().task_id_list([]).build();
}
