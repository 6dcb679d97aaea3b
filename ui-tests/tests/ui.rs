//! Compile-time guarantees: invalid requests do not compile (`fail/`, with `.stderr`
//! snapshots). Valid ones compile and run in `tests/pass.rs`.
//!
//! With no pass cases in the set, trybuild only *checks* the fail cases (`cargo check`, what an
//! editor shows): a guarantee that held only when a binary is built (a post-monomorphization
//! `const` assertion) would fail here.
//!
//! Update snapshots with `TRYBUILD=overwrite cargo test -p itnio-ui-tests`, and read every diff.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("fail/*.rs");
}
