// rule: call_information.required
// A debt-collection callee carries callInformation: the scenario requires its keys.
use itnio_voice::*;

fn main() {
    let _ = DebtCollectionCallee::builder().callee_number(callee_number!("4600000001")).build();
}
