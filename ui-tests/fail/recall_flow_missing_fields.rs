// recallType (in the mode), recallInterval and recallNum are required whenever recallFlow is
// sent; here the interval and count are missing.
use itnio_voice::*;

fn main() {
    let _ = RecallFlow::<DebtCollection>::builder().recall_mode(RecallMode::ResendAll).build();
}
