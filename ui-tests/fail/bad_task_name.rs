// rule: task_name.chars
// A task name is 2 to 64 characters.
use itnio_voice::*;

fn main() {
    let _ = task_name!("x");
    let _ = task_name!("this task name is far too long for the API, which allows 64 characters");
}
