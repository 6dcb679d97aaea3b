//! Compile-time guarantees: invalid requests do not compile (`ui/fail`, with `.stderr`
//! snapshots), valid ones do and behave (`ui/pass`). Pass and fail cases share one set, so the
//! set is built, not only checked; the literal macros fail under `cargo check` too, through a
//! named `const` item.
//!
//! Update snapshots with `TRYBUILD=overwrite cargo test -p itnio-tests --test ui`, and read every
//! diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
