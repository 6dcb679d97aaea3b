// rule: local_date_time.format
// sendTime is yyyy-MM-dd HH:mm:ss with a real date.
use itnio_voice::*;

fn main() {
    let _ = local_date_time!("2023-02-29 10:00:00");
}
