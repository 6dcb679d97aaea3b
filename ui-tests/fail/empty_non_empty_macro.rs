// rule: list.size:taskIdList.min
// `non_empty!` needs at least one item, and says so under `cargo check`.
use itnio_voice::*;

fn main() {
    let _: NonEmpty<TaskId> = non_empty![];
}
