//! `itnio`: validate, send and mock ITNIO AI Agent campaigns from the command line, then follow
//! them: tasks, auto-recall, balance, and status-report pushes.
//!
//! Exit codes: 0 success; 1 the request is invalid or the API answered an error; 2 usage
//! errors, or a file that cannot be read or is not JSON.

mod commands;

use commands::reports;
use itnio_cli::lifecycle::{self, Console};

use clap::{Parser, Subcommand};
use itnio_cli::Outcome;
use itnio_mock::{MockConfig, MockServer};
use itnio_voice::{Client, ScenarioKind, wire};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "itnio", version = itnio_cli::version(), about = "Validate, send and mock ITNIO AI Agent voice campaigns")]
struct Cli {
    /// What to log on stderr: a level (`error`, `warn`, `info`, `debug`, `trace`) or
    /// `RUST_LOG` directives (`warn,itnio_receiver=debug`). Default: `RUST_LOG`, else warnings
    /// and the itnio crates' info lines.
    #[arg(long, global = true, value_name = "FILTER")]
    log: Option<String>,
    /// `text` (human lines) or `json` (one JSON object per line, for log shippers).
    #[arg(long, global = true, default_value = "text")]
    log_format: itnio_cli::logging::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a request body (the API's JSON) against every rule of the spec.
    ///
    /// Prints one line per violation, starting with its JSON Pointer, and warnings on stderr.
    Validate {
        /// The agent's scenario: debt-collection, emergency-contact or marketing. Without it,
        /// only rules that hold for every scenario apply.
        #[arg(long, value_parser = parse_scenario)]
        scenario: Option<ScenarioKind>,
        /// `text` (for people) or `json` (one JSON document on stdout, for machines).
        #[arg(long, default_value = "text")]
        format: itnio_cli::Format,
        /// The request body, a JSON file.
        file: PathBuf,
    },
    /// Validate, then create the task with ITNIO_API_KEY and ITNIO_API_SECRET at ITNIO_BASE_URL.
    ///
    /// Prints the new task's ID. Nothing is sent when validation fails.
    Send {
        /// The agent's scenario (see `validate`).
        #[arg(long, value_parser = parse_scenario)]
        scenario: Option<ScenarioKind>,
        /// Validate only; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// The contact ledger (see `itnio ledger`): the task is recorded in it before it is
        /// sent, and its ID after.
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
        /// The request body, a JSON file.
        file: PathBuf,
    },
    /// Plan or send a campaign: a campaign file (YAML) and a CSV of callees, split into tasks.
    #[command(subcommand)]
    Campaign(itnio_cli::campaign::Campaign),
    /// The contact ledger: a number's tasks and calls, export, import of reported calls, prune.
    #[command(subcommand)]
    Ledger(itnio_cli::ledger::LedgerCommand),
    /// List, cancel or wait for AI Agent tasks (credentials as for `send`).
    #[command(subcommand)]
    Tasks(lifecycle::Tasks),
    /// List, show, edit or cancel auto-recall processes (credentials as for `send`).
    #[command(subcommand)]
    Recall(lifecycle::Recall),
    /// Show the account balance (credentials as for `send`).
    Balance,
    /// Read status-report pushes saved from your webhook.
    #[command(subcommand)]
    Reports(reports::Reports),
    /// Receive ITNIO's status-report pushes into a SQLite file or a PostgreSQL database, in
    /// the foreground until interrupted: each push is answered 200 only after its reports are
    /// committed (503 when they cannot be); a report delivered twice is stored once; a body
    /// that cannot be read is kept raw. Any number of receivers may share one PostgreSQL
    /// database. `GET /healthz` and `GET /metrics` are served too (see --ops-listen).
    Receive {
        /// Address to listen on, e.g. 0.0.0.0:8443 or 127.0.0.1:0 (a free port).
        #[arg(long)]
        listen: std::net::SocketAddr,
        /// A SQLite file (created if missing), or a PostgreSQL URL
        /// (`postgres://user:password@host:port/database`; its tables are created or migrated).
        #[arg(long, value_name = "PATH|URL")]
        db: String,
        /// Serve `/healthz` and `/metrics` on this address of their own (e.g. 127.0.0.1:9100)
        /// instead of on --listen.
        #[arg(long, value_name = "ADDR")]
        ops_listen: Option<std::net::SocketAddr>,
        /// PostgreSQL connections each receiver commits on.
        #[arg(long, default_value_t = itnio_receiver::PostgresOptions::default().writers)]
        writers: usize,
        #[command(flatten)]
        dashboard: DashboardArgs,
        /// The URL path ITNIO posts to. Pushes are unsigned: make it unguessable.
        #[arg(long, default_value = "/itnio/status-reports")]
        path: String,
        /// The largest body accepted, in bytes.
        #[arg(long, default_value_t = itnio_receiver::ReceiverConfig::default().max_body_bytes)]
        max_body_bytes: usize,
    },
    /// Run the mock ITNIO server in the foreground until interrupted.
    Mock {
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Register an agent's scenario, e.g. `--agent 41=debt-collection` (repeatable), so that
        /// recall intents of other scenarios get -68.
        #[arg(long = "agent", value_parser = parse_agent)]
        agents: Vec<(i64, ScenarioKind)>,
        /// Finish each task after the task list has shown it this many times (default: tasks
        /// keep calling until cancelled).
        #[arg(long)]
        finish_after_polls: Option<u32>,
        /// Push a status report for every callee called to this URL (an `itnio receive`, say),
        /// as each task's calls progress in the task list, in batches; a batch not answered 200
        /// is sent again twice, then given up, as ITNIO does.
        #[arg(long, value_name = "URL")]
        push_to: Option<String>,
        /// Reports per push.
        #[arg(long, default_value_t = 100, requires = "push_to")]
        push_batch: usize,
        /// A fault for the next batch pushed, in order (repeatable): lose, repeat, reorder, or
        /// delay=MILLISECONDS.
        #[arg(long = "push-fault", value_name = "FAULT", requires = "push_to")]
        push_faults: Vec<itnio_mock::PushFault>,
    },
}

/// The live page's flags (`itnio receive`).
#[derive(clap::Args)]
struct DashboardArgs {
    /// Serve the live campaign page on this port of 127.0.0.1, or ADDRESS:PORT (another address
    /// than loopback requires a token).
    #[arg(long, value_name = "PORT|ADDR", value_parser = itnio_cli::dashboard::parse_address)]
    dashboard: Option<std::net::SocketAddr>,
    /// The page's token (default: none on 127.0.0.1, a new one printed once elsewhere).
    #[arg(long, value_name = "TOKEN", requires = "dashboard")]
    dashboard_token: Option<String>,
    /// Show callee numbers in full on the page instead of masked (6281****7890).
    #[arg(long, requires = "dashboard")]
    show_numbers: bool,
}

fn parse_scenario(s: &str) -> Result<ScenarioKind, String> {
    s.parse().map_err(|e: itnio_voice::UnknownScenario| e.to_string())
}

fn parse_agent(s: &str) -> Result<(i64, ScenarioKind), String> {
    let (id, scenario) = s.split_once('=').ok_or("expected AGENT_ID=SCENARIO")?;
    let id = id.trim().parse().map_err(|_| format!("`{id}` is not an agent ID"))?;
    Ok((id, parse_scenario(scenario.trim())?))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) =
        itnio_cli::logging::init(cli.log.as_deref(), cli.log_format, std::io::stderr().is_terminal())
    {
        eprintln!("itnio: {e}");
        return ExitCode::from(2);
    }
    // One runtime for every command that talks to a server or serves one.
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(e) => {
            eprintln!("itnio: cannot start the async runtime: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> ExitCode {
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let console =
        &mut Console { out: &mut stdout, err: &mut stderr, terminal: std::io::stderr().is_terminal() };
    match cli.command {
        Command::Validate { scenario, format, file } => validate(&file, scenario, format),
        Command::Send { scenario, dry_run, ledger, file } => {
            let request = match load(&file, scenario) {
                Ok(r) => r,
                Err(code) => {
                    eprintln!("nothing was sent");
                    return code;
                }
            };
            if dry_run {
                eprintln!("--dry-run: nothing was sent");
                return ExitCode::SUCCESS;
            }
            let mut ledger = match ledger.as_deref().map(itnio_campaign::Ledger::open).transpose() {
                Ok(ledger) => ledger,
                Err(e) => {
                    eprintln!("itnio: {e}");
                    return ExitCode::from(2);
                }
            };
            match client_from_env() {
                Ok(client) => send(&client, &request, scenario, ledger.as_mut(), &file, console).await,
                Err(code) => code,
            }
        }
        Command::Campaign(itnio_cli::campaign::Campaign::Plan { input, out }) => {
            ExitCode::from(itnio_cli::campaign::plan(&input, out.as_deref(), console))
        }
        Command::Campaign(itnio_cli::campaign::Campaign::Send { input, state }) => match client_from_env() {
            Ok(client) => {
                ExitCode::from(itnio_cli::campaign::send(&client, &input, state.as_deref(), console).await)
            }
            Err(code) => code,
        },
        Command::Ledger(command) => ExitCode::from(itnio_cli::ledger::run(command, console).await),
        Command::Tasks(command) => match client_from_env() {
            Ok(client) => ExitCode::from(lifecycle::tasks(&client, command, console).await),
            Err(code) => code,
        },
        Command::Recall(command) => match client_from_env() {
            Ok(client) => ExitCode::from(lifecycle::recall(&client, command, console).await),
            Err(code) => code,
        },
        Command::Balance => match client_from_env() {
            Ok(client) => ExitCode::from(lifecycle::balance(&client, console).await),
            Err(code) => code,
        },
        Command::Reports(command) => reports::run(command).await,
        Command::Mock { port, agents, finish_after_polls, push_to, push_batch, push_faults } => {
            let push = push_to.map(|url| itnio_mock::PushConfig {
                batch_size: push_batch,
                ..itnio_mock::PushConfig::to(url)
            });
            let config = MockConfig { port, finish_after_polls, push, ..MockConfig::default() };
            mock(config, agents, push_faults).await
        }
        Command::Receive { listen, db, ops_listen, writers, dashboard, path, max_body_bytes } => {
            let options = itnio_receiver::PostgresOptions { writers, ..Default::default() };
            let config = itnio_receiver::ReceiverConfig { max_body_bytes, ..Default::default() };
            let db = itnio_receiver::Database::parse(&db);
            receive(listen, ops_listen, &db, options, &path, config, dashboard).await
        }
    }
}

/// The client from ITNIO_API_KEY, ITNIO_API_SECRET and ITNIO_BASE_URL.
pub(crate) fn client_from_env() -> Result<Client, ExitCode> {
    let (Ok(key), Ok(secret)) = (std::env::var("ITNIO_API_KEY"), std::env::var("ITNIO_API_SECRET")) else {
        eprintln!("itnio: set ITNIO_API_KEY and ITNIO_API_SECRET");
        return Err(ExitCode::from(2));
    };
    let mut builder = Client::builder(key, secret);
    if let Ok(url) = std::env::var("ITNIO_BASE_URL") {
        builder = builder.base_url(url);
    }
    builder.build().map_err(|e| {
        eprintln!("itnio: {e}");
        ExitCode::from(2)
    })
}

/// A progress line on stderr, only when stderr is a terminal.
fn progress(message: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("{message}");
    }
}

/// Prints an outcome and gives its exit code.
/// A line on stdout for scripts, which may have closed it (a pipe read for its first line):
/// a server goes on serving, it never panics on a write that fails.
fn stdout_line(line: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

pub(crate) fn emit(outcome: Outcome) -> ExitCode {
    use std::io::Write as _;
    eprint!("{}", outcome.stderr);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(outcome.stdout.as_bytes());
    let _ = out.flush();
    ExitCode::from(outcome.code)
}

/// Reads `file` and reports every violation, checking the callees as they are parsed without
/// keeping them; the file's bytes are dropped before the report is written, so memory holds the
/// input or the report, not both.
fn validate(file: &Path, scenario: Option<ScenarioKind>, format: itnio_cli::Format) -> ExitCode {
    use std::io::Write as _;
    let started = std::time::Instant::now();
    let bytes = match read(file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    progress(&format!("parsing and validating {} bytes", bytes.len()));
    let result = wire::AgentSendRequest::validate_json(&bytes, scenario);
    drop(bytes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let name = file.display().to_string();
    let code =
        itnio_cli::write_validation(&name, scenario, format, result, started.elapsed(), &mut out, &mut err);
    let _ = (out.flush(), err.flush());
    ExitCode::from(code)
}

fn read(file: &Path) -> Result<Vec<u8>, ExitCode> {
    progress(&format!("reading {}", file.display()));
    std::fs::read(file).map_err(|e| {
        eprintln!("itnio: cannot read {}: {e}", file.display());
        ExitCode::from(2)
    })
}

/// Reads, parses and validates `file`. Prints violations and warnings; on failure returns the
/// exit code (1 invalid, 2 unreadable or not JSON).
fn load(file: &Path, scenario: Option<ScenarioKind>) -> Result<wire::AgentSendRequest, ExitCode> {
    let bytes = read(file)?;
    progress(&format!("parsing {} bytes", bytes.len()));
    match itnio_cli::load_request(&file.display().to_string(), &bytes, scenario) {
        Ok((request, outcome)) => {
            emit(outcome);
            Ok(request)
        }
        Err(outcome) => Err(emit(outcome)),
    }
}

async fn send(
    client: &Client,
    request: &wire::AgentSendRequest,
    scenario: Option<ScenarioKind>,
    mut ledger: Option<&mut itnio_campaign::Ledger>,
    file: &Path,
    console: &mut Console<'_>,
) -> ExitCode {
    let now_ms = i64::try_from(itnio_voice::now_epoch_seconds()).unwrap_or(0) * 1000;
    match ledger.as_deref_mut() {
        Some(ledger) => {
            if let Err(e) = ledger.record(request, &file.display().to_string(), now_ms) {
                eprintln!("itnio: {e}; nothing was sent");
                return ExitCode::from(2);
            }
        }
        None => eprintln!(
            "no contact ledger given (--ledger FILE): the task is not recorded for cross-task checks"
        ),
    }
    match client.agent_send_wire(request, scenario).await {
        Ok(task_id) => {
            if let Some(ledger) = ledger
                && let Err(e) =
                    ledger.set_task_id(request.task_name.as_deref().unwrap_or_default(), task_id.get())
            {
                eprintln!("itnio: {e}");
            }
            stdout_line(&task_id.to_string());
            ExitCode::SUCCESS
        }
        Err(e) => ExitCode::from(lifecycle::failure(console, &e)),
    }
}

async fn receive(
    listen: std::net::SocketAddr,
    ops_listen: Option<std::net::SocketAddr>,
    db: &itnio_receiver::Database,
    options: itnio_receiver::PostgresOptions,
    path: &str,
    config: itnio_receiver::ReceiverConfig,
    dashboard: DashboardArgs,
) -> ExitCode {
    if !path.starts_with('/') {
        eprintln!("itnio: --path must start with `/`");
        return ExitCode::from(2);
    }
    if ops_listen.is_none() && itnio_receiver::OPS_PATHS.contains(&path) {
        eprintln!(
            "itnio: --path {path} is where /healthz and /metrics are served: choose another (and unguessable) path"
        );
        return ExitCode::from(2);
    }
    let store = match db.open(options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("itnio: {db}: {e:#}");
            return ExitCode::from(2);
        }
    };
    let bind = |address: std::net::SocketAddr| async move {
        tokio::net::TcpListener::bind(address).await.map_err(|e| {
            eprintln!("itnio: cannot listen on {address}: {e}");
            ExitCode::from(2)
        })
    };
    let listener = match bind(listen).await {
        Ok(l) => l,
        Err(code) => return code,
    };
    let ops_listener = match ops_listen {
        Some(address) => match bind(address).await {
            Ok(l) => Some(l),
            Err(code) => return code,
        },
        None => None,
    };
    let address = listener.local_addr().map_or_else(|_| listen.to_string(), |a| a.to_string());
    let receiver = itnio_receiver::Receiver::new(store, config);
    let mut app = receiver.push_router(path);
    let ops_address = match &ops_listener {
        Some(l) => l.local_addr().map_or_else(|_| "?".to_owned(), |a| a.to_string()),
        None => {
            app = app.merge(receiver.ops_router());
            address.clone()
        }
    };
    let page = match dashboard.dashboard {
        Some(at) => match serve_dashboard(at, db, dashboard.dashboard_token, dashboard.show_numbers).await {
            Ok(page) => Some(page),
            Err(code) => return code,
        },
        None => None,
    };
    // Lines on stdout, for scripts: where to push, where health and metrics are, and the page.
    stdout_line(&format!("http://{address}{path}"));
    stdout_line(&format!("http://{ops_address}"));
    if let Some((_, shown)) = &page {
        stdout_line(shown);
    }
    eprintln!(
        "receiving status reports at http://{address}{path} into {db}; health and metrics at \
         http://{ops_address}/healthz and /metrics (Ctrl-C stops)"
    );
    let shutdown = || async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let ops = async {
        match ops_listener {
            Some(l) => axum::serve(l, receiver.ops_router()).with_graceful_shutdown(shutdown()).await,
            None => Ok(()),
        }
    };
    match tokio::try_join!(axum::serve(listener, app).with_graceful_shutdown(shutdown()).into_future(), ops) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("itnio: {e}");
            ExitCode::from(1)
        }
    }
}

/// Starts the live page; its task and the address to open.
async fn serve_dashboard(
    at: std::net::SocketAddr,
    db: &itnio_receiver::Database,
    token: Option<String>,
    show_numbers: bool,
) -> Result<(tokio::task::JoinHandle<std::io::Result<()>>, String), ExitCode> {
    let token = itnio_cli::dashboard::token_for(at, token).map_err(|e| {
        eprintln!("itnio: {e}");
        ExitCode::from(2)
    })?;
    let task_list = itnio_cli::dashboard::task_list_client();
    let note = if task_list.is_some() {
        ""
    } else {
        " (no ITNIO credentials: called counts and verdicts are not shown)"
    };
    let options =
        itnio_receiver::dashboard::DashboardOptions { show_numbers, token, task_list, ..Default::default() };
    let (task, shown) = itnio_cli::dashboard::serve(at, db.clone(), options).await.map_err(|e| {
        eprintln!("itnio: {e}");
        ExitCode::from(2)
    })?;
    eprintln!("the live campaign page is at {shown}{note}");
    Ok((task, shown))
}

async fn mock(
    config: MockConfig,
    agents: Vec<(i64, ScenarioKind)>,
    push_faults: Vec<itnio_mock::PushFault>,
) -> ExitCode {
    let port = config.port;
    let server = match MockServer::start_with(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("itnio: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(2);
        }
    };
    for (id, scenario) in agents {
        server.register_agent(id, scenario);
    }
    for fault in push_faults {
        server.inject_push(fault);
    }
    stdout_line(&server.base_url());
    eprintln!("mock ITNIO API listening on {} (Ctrl-C stops it); its test credentials:", server.base_url());
    eprintln!(
        "  export ITNIO_BASE_URL={} ITNIO_API_KEY={} ITNIO_API_SECRET={}",
        server.base_url(),
        itnio_mock::MOCK_API_KEY,
        itnio_mock::MOCK_API_SECRET
    );
    let _ = tokio::signal::ctrl_c().await;
    eprintln!("accepted {} tasks", server.tasks().len());
    ExitCode::SUCCESS
}

/// `itnio reports serve`: the live page over a database alone, until interrupted.
pub(crate) async fn reports_serve(
    db: &str,
    listen: std::net::SocketAddr,
    token: Option<String>,
    show_numbers: bool,
) -> ExitCode {
    let db = itnio_receiver::Database::parse(db);
    let (task, shown) = match serve_dashboard(listen, &db, token, show_numbers).await {
        Ok(page) => page,
        Err(code) => return code,
    };
    stdout_line(&shown);
    tokio::select! {
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
        ended = task => {
            eprintln!("itnio: the page stopped: {ended:?}");
            ExitCode::from(1)
        }
    }
}
