//! The compile-time guarantees of `itnio-voice`, as trybuild cases (`tests/ui.rs`): `fail/`
//! holds requests that must not compile, each tagged with the rule it proves (`// rule: <id>`),
//! and `pass/` valid ones that must build and run. This crate has no code of its own; it exists
//! so that trybuild builds the cases against `itnio-voice` alone.
