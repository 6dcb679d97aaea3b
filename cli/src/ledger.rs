//! `itnio ledger`: the contact ledger that `itnio campaign send --ledger` and `itnio send
//! --ledger` keep (crate `itnio-campaign`): a number's tasks and calls, an export, the calls of
//! an `itnio receive` database, and pruning. Exit codes: 0 success; 2 the ledger or a file
//! cannot be used.

use crate::lifecycle::Console;
use clap::{Args, Subcommand};
use itnio_campaign::Ledger;
use std::path::PathBuf;

/// The ledger commands.
#[derive(Subcommand)]
pub enum LedgerCommand {
    /// A number's tasks (newest first) and the calls the reports list.
    Show {
        #[command(flatten)]
        ledger: LedgerFile,
        /// The callee number, as sent in `calleeNumber`.
        number: String,
    },
    /// Every (task, number) pair and every call as CSV on stdout.
    Export {
        #[command(flatten)]
        ledger: LedgerFile,
    },
    /// Take the calls of the status reports an `itnio receive` database holds: they replace the
    /// worst-case estimates for the tasks they report on.
    Import {
        #[command(flatten)]
        ledger: LedgerFile,
        /// The receiver's database: a SQLite file or a `postgres://` URL.
        #[arg(long, value_name = "PATH|URL")]
        reports: String,
    },
    /// Remove the tasks recorded and the calls made before a date.
    Prune {
        #[command(flatten)]
        ledger: LedgerFile,
        /// `yyyy-MM-dd` (the start of that day, UTC+8 as the API's times) or epoch
        /// milliseconds.
        #[arg(long)]
        before: String,
    },
}

/// The ledger file every command takes.
#[derive(Args)]
pub struct LedgerFile {
    /// The ledger (a SQLite file, created owner-only when missing).
    #[arg(long = "ledger", value_name = "FILE")]
    pub path: PathBuf,
}

macro_rules! say {
    ($w:expr, $($t:tt)*) => {{
        let _ = writeln!($w, $($t)*);
    }};
}

/// Runs a ledger command.
pub async fn run(command: LedgerCommand, console: &mut Console<'_>) -> u8 {
    let path = match &command {
        LedgerCommand::Show { ledger, .. }
        | LedgerCommand::Export { ledger }
        | LedgerCommand::Import { ledger, .. }
        | LedgerCommand::Prune { ledger, .. } => ledger.path.clone(),
    };
    let mut ledger = match Ledger::open(&path) {
        Ok(l) => l,
        Err(e) => {
            say!(console.err, "itnio: {e}");
            return 2;
        }
    };
    let result = match command {
        LedgerCommand::Show { number, .. } => ledger.history(&number).map(|h| {
            say!(console.out, "tasks of {number}: {}", h.tasks.len());
            for t in &h.tasks {
                let id = t.task_id.map_or("(no ID yet)".to_owned(), |i| i.to_string());
                say!(
                    console.out,
                    "  task {id}\t{}\trecorded {}\tat most {} call(s)\twindows {}",
                    t.name,
                    time(t.recorded_ms),
                    t.worst_case_calls,
                    t.send_windows
                );
            }
            say!(console.out, "calls reported: {}", h.calls.len());
            for c in &h.calls {
                let id = c.task_id.map_or("?".to_owned(), |i| i.to_string());
                let when = c.call_ms.map_or("time unknown".to_owned(), time);
                let how = if c.connected { "connected" } else { "not connected" };
                say!(console.out, "  {when}\ttask {id}\t{how}\t{}", c.voice_id);
            }
        }),
        LedgerCommand::Export { .. } => ledger.export(console.out),
        LedgerCommand::Import { reports, .. } => {
            let db = itnio_receiver::Database::parse(&reports);
            let stored = match db.reports().await {
                Ok(stored) => stored,
                Err(e) => {
                    say!(console.err, "itnio: {db}: {e:#}");
                    return 2;
                }
            };
            ledger.import_stored(&stored).map(|n| {
                say!(console.err, "{n} reported call(s) in {}", ledger.path().display());
            })
        }
        LedgerCommand::Prune { before, .. } => match before_ms(&before) {
            Some(ms) => ledger.prune(ms).map(|(tasks, calls)| {
                say!(console.err, "removed {tasks} task(s) and {calls} call(s) before {before}");
            }),
            None => {
                say!(console.err, "itnio: --before {before:?} is neither yyyy-MM-dd nor epoch milliseconds");
                return 2;
            }
        },
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            say!(console.err, "itnio: {e}");
            2
        }
    }
}

/// `yyyy-MM-dd` as the start of that day in the API's zone, or epoch milliseconds.
fn before_ms(text: &str) -> Option<i64> {
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let day = itnio_voice::LocalDateTime::new(format!("{text} 00:00:00")).ok()?;
    itnio_voice::PushTime::parse(day.as_str()).epoch_millis(itnio_voice::LocalDateTime::UTC_OFFSET_SECONDS)
}

/// Epoch milliseconds as `yyyy-MM-dd HH:mm:ss` in the API's zone.
fn time(ms: i64) -> String {
    itnio_voice::LocalDateTime::at_epoch_millis(ms).map_or_else(|| format!("{ms} ms"), |t| t.into_string())
}
