// recallType, recallInterval and recallNum are required whenever recallFlow is sent.
use itnio_voice::*;

fn main() {
    let _ = RecallFlow::<DebtCollection>::builder().recall_type(RecallType::ResendAll).build();
}
