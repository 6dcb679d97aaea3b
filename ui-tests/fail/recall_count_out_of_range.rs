// rule: recall_count.range
// recallNum is 1 to 10.
use itnio_voice::*;

fn main() {
    let _ = recall_count!(0);
    let _ = recall_count!(11);
}
