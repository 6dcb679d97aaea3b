//! The command line's subcommands whose arguments are not the library's: how they are parsed
//! and how their outcome is printed.

pub mod reports;
