//! Compile-time guarantees: invalid requests do not compile (`fail/`, with `.stderr`
//! snapshots), valid ones do and behave (`pass/`).
//!
//! The fail cases run on their own first, so trybuild only *checks* them (`cargo check`, what an
//! editor shows): a guarantee that held only when a binary is built (a post-monomorphization
//! `const` assertion) would fail here. The pass cases are then built and run.
//!
//! Update snapshots with `TRYBUILD=overwrite cargo test -p itnio-ui-tests`, and read every diff.

#[test]
fn ui() {
    // Each set runs when it is dropped; one at a time, as they share trybuild's project.
    {
        let fail = trybuild::TestCases::new();
        fail.compile_fail("fail/*.rs");
    }
    let pass = trybuild::TestCases::new();
    pass.pass("pass/*.rs");
}
