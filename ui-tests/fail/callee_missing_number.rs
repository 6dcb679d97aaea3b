// A callee needs its calleeNumber.
use itnio_voice::*;

fn main() {
    let _ = MarketingCallee::builder().text1("hello").build();
}
