// rule: display_number.digits
// A display number is 0 to 20 ASCII digits.
use itnio_voice::*;

fn main() {
    let _ = display_number!("123456789012345678901");
    let _ = display_number!("1008-122211");
}
