// rule: ringing_seconds.range
// maxRingingTime is 10 to 120 seconds.
use itnio_voice::*;

fn main() {
    let _ = ringing_seconds!(9);
    let _ = ringing_seconds!(121);
}
