// rule: call_information.required_key
// A debt-collection callee's callInformation needs name, borrow_total_money and due_date.
use itnio_voice::*;

fn main() {
    let _ = DebtCollectionCallInformation::builder().name("A").borrow_total_money("5000").build();
}
