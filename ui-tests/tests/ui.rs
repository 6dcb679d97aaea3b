//! Compile-time guarantees: invalid requests do not compile (`fail/`, with `.stderr`
//! snapshots). Valid ones compile and run in `tests/pass.rs`.
//!
//! With no pass cases in the set, trybuild only *checks* the fail cases (`cargo check`, what an
//! editor shows): a guarantee that held only when a binary is built (a post-monomorphization
//! `const` assertion) would fail here.
//!
//! Update snapshots with `TRYBUILD=overwrite cargo test -p itnio-ui-tests`, and read every diff.

/// Whether a variable is one cargo sets for a package's test process. Build scripts that read
/// them (ring's, rustls') are run again whenever they change; the generator's fixture check
/// (`codegen/tests/fixtures.rs`, the same list) shares trybuild's target directory, so both
/// check without them, else each suite's run makes the other's next run check everything again.
fn set_for_this_package(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_BIN_EXE_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
        )
}

#[test]
fn ui() {
    let names: Vec<String> = std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .filter(|name| set_for_this_package(name))
        .collect();
    for name in names {
        // SAFETY: this is the binary's only test, so no other thread reads the environment
        // while it changes. trybuild finds the crate from the working directory instead.
        unsafe { std::env::remove_var(name) };
    }
    trybuild::TestCases::new().compile_fail("fail/*.rs");
}
