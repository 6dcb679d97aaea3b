// rule: callee_number.digits
// A callee number is 6 to 18 ASCII digits.
use itnio_voice::*;

fn main() {
    let _ = callee_number!("+46320000007");
    let _ = callee_number!("12345");
}
