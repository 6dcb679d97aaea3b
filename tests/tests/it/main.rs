//! The end-to-end and spec-driven tests of itnio-voice, one module a concern, built as one test
//! binary: each integration-test file would otherwise link the whole dependency graph again.
//! Run one concern with `cargo test -p itnio-tests --test it MODULE::`. The compile-time
//! guarantees are the separate `ui` test (trybuild).

mod client_e2e;
mod constraint_edges;
mod enums;
mod fuzz_regressions;
mod generated_endpoints;
mod lifecycle;
mod mock_contract;
mod openapi;
mod properties;
mod push;
mod reconcile;
mod secrets;
mod spec_matches_family;
mod spec_matches_source;
mod streaming;
mod typed_coverage;
mod validation;
mod wire_bytes;
