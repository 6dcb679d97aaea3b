// rule: recall_intent.scenario
// A debt-collection agent cannot recall by a marketing intent (the server's -68).
use itnio_voice::*;

fn main() {
    let _ = RecallFlow::<DebtCollection>::builder()
        .recall_interval(recall_interval_minutes!(30))
        .recall_num(recall_count!(2))
        .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([MarketingRecallIntent::Interested])))
        .build();
}
