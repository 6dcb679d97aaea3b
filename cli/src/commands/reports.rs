//! `itnio reports`: read a saved push body, or summarize and export what `itnio receive` stored
//! (the work itself is in the library's `reports` module, which returns an `Outcome`).

use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Reports {
    /// Read a saved status-report push body and print a summary per intent.
    Parse {
        /// The push body, a JSON file.
        file: PathBuf,
    },
    /// Summarize the reports `itnio receive` stored: per task (when reports carry its ID) or
    /// per agent and day: calls, successes, failures, billed seconds, exact cost sums, intents.
    Summary {
        /// The receiver's SQLite file.
        #[arg(long)]
        db: PathBuf,
        /// Only this task.
        #[arg(long)]
        task: Option<i64>,
    },
    /// Write every stored report, as CSV or as JSON lines (each report as received).
    Export {
        /// The receiver's SQLite file.
        #[arg(long)]
        db: PathBuf,
        /// csv or jsonl.
        #[arg(long)]
        format: itnio_cli::reports::ExportFormat,
    },
}

pub fn run(command: Reports) -> ExitCode {
    let file = match command {
        Reports::Parse { file } => file,
        Reports::Summary { db, task } => return crate::emit(itnio_cli::reports::summary(&db, task)),
        Reports::Export { db, format } => return crate::emit(itnio_cli::reports::export(&db, format)),
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("itnio: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    crate::emit(itnio_cli::summarize_reports(&file.display().to_string(), &bytes))
}
