// recallType is required whenever recallFlow is sent; in the typed form it is the mode.
use itnio_voice::*;

fn main() {
    let _ = RecallUpdateRequest::<DebtCollection>::builder()
        .key_id(recall_flow_id!(1))
        .recall_interval(recall_interval_minutes!(30))
        .recall_num(recall_count!(1))
        .build();
}
