//! Where the SDK's and the receiver's `tracing` events go: stderr, as human lines or as JSON
//! lines for log shippers. Without it, a push refused because the disk is full, and the
//! warnings of lenient reading, would leave no line anywhere.

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line per event, for people (colour only on a terminal).
    #[default]
    Text,
    /// One JSON object per line (`timestamp`, `level`, `target`, `fields`), for log shippers.
    Json,
}

/// What is logged when neither `--log` nor `RUST_LOG` says: warnings from everything, and the
/// itnio crates' own info lines (one per stored push, a task found after a lost answer).
pub const DEFAULT_FILTER: &str =
    "warn,itnio_receiver=info,itnio_runtime=info,itnio_voice=info,itnio_campaign=info,itnio_cli=info";

/// Installs the subscriber for the process: the filter from `level` (`--log`: `info`,
/// `debug`, or any `RUST_LOG` directive), else from `RUST_LOG`, else [`DEFAULT_FILTER`].
///
/// # Errors
/// When the filter given is not one (the message says which part).
pub fn init(level: Option<&str>, format: LogFormat, terminal: bool) -> Result<(), String> {
    let filter = match level {
        Some(level) => EnvFilter::try_new(level).map_err(|e| format!("--log {level}: {e}"))?,
        None => match std::env::var("RUST_LOG") {
            Ok(directives) if !directives.trim().is_empty() => {
                EnvFilter::try_new(&directives).map_err(|e| format!("RUST_LOG={directives}: {e}"))?
            }
            _ => EnvFilter::new(DEFAULT_FILTER),
        },
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Text => builder.with_ansi(terminal).try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    installed.map_err(|e| format!("cannot install the logger: {e}"))
}
