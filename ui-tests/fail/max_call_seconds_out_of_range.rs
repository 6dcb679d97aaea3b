// rule: max_call_seconds.range
// maxCalls is 1 to 999 seconds.
use itnio_voice::*;

fn main() {
    let _ = max_call_seconds!(0);
    let _ = max_call_seconds!(1000);
}
