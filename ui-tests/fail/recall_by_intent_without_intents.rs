// rule: recall_by_intent_needs_intents
// rule: update_by_intent_needs_intents
// recallType 3 (recall by intent) needs at least one recallIntent code (rule
// recall_by_intent_needs_intents): the by-intent mode carries a non-empty list.
use itnio_voice::*;

fn main() {
    let _ = RecallFlow::<DebtCollection>::builder()
        .recall_interval(recall_interval_minutes!(30))
        .recall_num(recall_count!(1))
        .recall_mode(RecallMode::RecallByIntent(NonEmpty::from([])))
        .build();
}
