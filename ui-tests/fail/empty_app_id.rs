// rule: app_id.chars
// appId must not be empty.
use itnio_voice::*;

fn main() {
    let _ = app_id!("");
}
