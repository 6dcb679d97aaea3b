// rule: clock_time.format
// A send-time slot bound is HH:MM, 00:00 to 23:59.
use itnio_voice::*;

fn main() {
    let _ = clock_time!("24:00");
    let _ = clock_time!("9:30");
}
