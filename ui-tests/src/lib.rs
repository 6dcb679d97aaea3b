//! The compile-time guarantees of `itnio-voice`: `fail/` holds requests that must not compile,
//! each tagged with the rule it proves (`// rule: <id>`), checked by trybuild (`tests/ui.rs`);
//! `pass/` valid ones that must compile and run (`tests/pass.rs`). This crate has no code of its own; it exists
//! so that trybuild builds the cases against `itnio-voice` alone.
