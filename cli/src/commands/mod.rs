//! The command line's subcommands that need more than a call into the library: their clap
//! arguments and how their outcome is printed.

pub mod lifecycle;
pub mod reports;
