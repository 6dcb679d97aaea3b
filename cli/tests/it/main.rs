//! The `itnio` command line, tested as a user runs it (the binary, over real HTTP to the mock)
//! and against hostile files, built as one test binary.

mod campaign;
mod commands;
mod common;
mod dashboard;
mod hostile;
mod lifecycle;
mod receive;
mod reconcile;
