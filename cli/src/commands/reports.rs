//! `itnio reports`: read a saved push body, or summarize and export what `itnio receive` stored
//! (the work itself is in the library's `reports` module, which returns an `Outcome`).

use clap::Subcommand;
use itnio_receiver::Database;
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
        /// The receiver's database: a SQLite file or a `postgres://` URL.
        #[arg(long, value_name = "PATH|URL")]
        db: String,
        /// Only this task.
        #[arg(long)]
        task: Option<i64>,
    },
    /// Write every stored report, as CSV or as JSON lines (each report as received).
    Export {
        /// The receiver's database: a SQLite file or a `postgres://` URL.
        #[arg(long, value_name = "PATH|URL")]
        db: String,
        /// csv or jsonl.
        #[arg(long)]
        format: itnio_cli::reports::ExportFormat,
    },
    /// Serve the live campaign page over a receiver's database (without receiving), in the
    /// foreground until interrupted: tasks newest first, progress, intents, costs, reports per
    /// minute; called counts and reconcile verdicts when credentials are in the environment.
    Serve {
        /// The receiver's database: a SQLite file or a `postgres://` URL.
        #[arg(long, value_name = "PATH|URL")]
        db: String,
        /// A port of 127.0.0.1, or ADDRESS:PORT (another address than loopback requires a token).
        #[arg(long, value_name = "PORT|ADDR", value_parser = itnio_cli::dashboard::parse_address)]
        listen: std::net::SocketAddr,
        /// The page's token (default: none on 127.0.0.1, a new one printed once elsewhere).
        #[arg(long, value_name = "TOKEN")]
        dashboard_token: Option<String>,
        /// Show callee numbers in full instead of masked (6281****7890).
        #[arg(long)]
        show_numbers: bool,
    },
    /// Compare what ITNIO says it called (the task list's callNum, success, fail) with the
    /// reports stored for each task (by their taskId): per task, called vs received and the
    /// verdict: complete, still calling, or reports missing. Exit 0 when nothing is missing,
    /// 1 when a task that has ended is missing reports (for cron), 2 when either side cannot
    /// be read. Credentials as for `send`.
    Reconcile {
        /// The receiver's database: a SQLite file or a `postgres://` URL.
        #[arg(long, value_name = "PATH|URL")]
        db: String,
        /// Only this task.
        #[arg(long)]
        task: Option<i64>,
        /// Tasks created since this day, yyyy-MM-dd in the server's zone (default: 30 days ago).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// `text` (a table) or `json`.
        #[arg(long, default_value = "text")]
        format: itnio_cli::Format,
    },
}

pub async fn run(command: Reports) -> ExitCode {
    let file = match command {
        Reports::Serve { db, listen, dashboard_token, show_numbers } => {
            return crate::reports_serve(&db, listen, dashboard_token, show_numbers).await;
        }
        Reports::Reconcile { db, task, since, format } => {
            let client = match crate::client_from_env() {
                Ok(client) => client,
                Err(code) => return code,
            };
            let db = Database::parse(&db);
            return crate::emit(
                itnio_cli::reports::reconcile(&client, &db, task, since.as_deref(), format).await,
            );
        }
        Reports::Parse { file } => file,
        Reports::Summary { db, task } => {
            return crate::emit(itnio_cli::reports::summary(&Database::parse(&db), task).await);
        }
        Reports::Export { db, format } => {
            return crate::emit(itnio_cli::reports::export(&Database::parse(&db), format).await);
        }
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
