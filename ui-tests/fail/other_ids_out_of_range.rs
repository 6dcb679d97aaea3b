// rule: page_number.range
// rule: page_size.range
// rule: task_id.range
// rule: recall_flow_id.range
// rule: recall_cancel_target.range
// IDs and paging values out of their ranges do not compile (quirk positive_ids).
use itnio_voice::*;

fn main() {
    let _ = page_number!(0);
    let _ = page_size!(101);
    let _ = task_id!(0);
    let _ = recall_flow_id!(-1);
    let _ = recall_cancel_target!(0);
}
