// rule: recall_interval_minutes.range
// recallInterval is 1 to 1440 minutes.
use itnio_voice::*;

fn main() {
    let _ = recall_interval_minutes!(0);
    let _ = recall_interval_minutes!(1441);
}
