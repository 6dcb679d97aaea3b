//! `itnio campaign plan` and `itnio campaign send`: a campaign file and a CSV of callees
//! (crate `itnio-campaign`) planned, written out as requests, or sent exactly once. Exit codes:
//! 0 success; 1 the inputs have errors (nothing written or sent) or a part could not be sent;
//! 2 a file cannot be read or written.

use crate::lifecycle::Console;
use clap::{Args, Subcommand};
use itnio_campaign::{
    Ledger, LedgerSeen, OnProgress, Options, Plan, Policy, Progress, Sent, Stage, default_state_path,
    send as send_plan,
};
use itnio_voice::Client;
use std::path::{Path, PathBuf};

/// The campaign commands.
#[derive(Subcommand)]
pub enum Campaign {
    /// Read the CSV, validate every row against the campaign's request, and print the plan:
    /// tasks, callees each, names, worst-case calls per callee. Prints every problem at once,
    /// by line and column header.
    Plan {
        #[command(flatten)]
        input: Input,
        /// Write each task's request to DIR as JSON (`part-1.json`, ...) that `itnio validate`
        /// and `itnio send` accept; nothing is written while there is an error.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Plan, then create the tasks in order, each exactly once (credentials as for `send`).
    /// Run again after a crash or a lost answer: only the parts not yet created are sent, and
    /// every part's task ID is printed.
    Send {
        #[command(flatten)]
        input: Input,
        /// The state file that records each part before and after it is sent (default: the
        /// campaign file's name with `.state.json`).
        #[arg(long)]
        state: Option<PathBuf>,
    },
}

/// What every campaign command reads.
#[derive(Args)]
pub struct Input {
    /// The campaign file (YAML): the task's settings and the CSV column of each callee member.
    pub campaign: PathBuf,
    /// The CSV of callees, with a header row.
    pub csv: PathBuf,
    /// At most this many callees a task (default and most: the API's limit).
    #[arg(long)]
    pub max_callees: Option<usize>,
    /// Leave out every row with an error, write those rows to FILE (a CSV with the same
    /// header, rows as they were written), and plan the rest.
    #[arg(long, value_name = "FILE")]
    pub exclude_violating: Option<PathBuf>,
    /// The contact ledger (a SQLite file, created owner-only when missing): the plan counts the
    /// callees' calls of the last 7 days in it, and `send` records each part in it before it is
    /// sent. Without it, no cross-task check is made, and the command says so.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// The contact policy (YAML): calls per number per window, local hours by time zone, a
    /// do-not-call list. Every row is checked against it (and the ledger, if given).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

/// Writes a line; a reader that went away is no reason to stop.
macro_rules! say {
    ($w:expr, $($t:tt)*) => {{
        let _ = writeln!($w, $($t)*);
    }};
}

/// Reads the inputs and plans; the problems and the plan are written to `console.out`. `None`
/// with the exit code when the plan cannot go on.
fn planned(input: &Input, console: &mut Console<'_>) -> Result<Plan, u8> {
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    let (campaign, csv) = match (read(&input.campaign), read(&input.csv)) {
        (Ok(c), Ok(v)) => (c, v),
        (Err(e), _) | (_, Err(e)) => {
            say!(console.err, "itnio: {e}");
            return Err(2);
        }
    };
    let campaign_name = input.campaign.display().to_string();
    let csv_name = input.csv.display().to_string();
    let Ok(campaign) = String::from_utf8(campaign) else {
        say!(console.out, "{campaign_name}: is not UTF-8 text");
        return Err(1);
    };
    let ledger = match input.ledger.as_deref().map(Ledger::open).transpose() {
        Ok(ledger) => ledger,
        Err(e) => {
            say!(console.err, "itnio: {e}");
            return Err(2);
        }
    };
    let policy = match &input.policy {
        None => None,
        Some(path) => Some(read_policy(path, console)?),
    };
    let shown = Shown::new(console.terminal);
    let report = |p: Progress| shown.show(p);
    let options = Options {
        limit: input.max_callees.unwrap_or(0),
        exclude_violating: input.exclude_violating.is_some(),
        policy: policy.as_ref(),
        ledger: ledger.as_ref(),
        now_ms: None,
        progress: Some(OnProgress(&report)),
    };
    let built = Plan::build_with(&campaign_name, &campaign, &csv_name, csv, options);
    for line in shown.finish() {
        say!(console.err, "{line}");
    }
    let plan = match built {
        Ok(plan) => plan,
        Err(problems) => {
            for p in &problems {
                say!(console.out, "{p}");
            }
            say!(console.err, "{} problem(s); nothing was planned", problems.len());
            return Err(1);
        }
    };
    if let (Some(path), Some(excluded)) = (&input.exclude_violating, &plan.excluded) {
        for p in &excluded.problems {
            say!(console.out, "excluded: {p}");
        }
        if let Err(e) = std::fs::write(path, &excluded.csv) {
            say!(console.err, "itnio: {}: {e}", path.display());
            return Err(2);
        }
        say!(console.err, "{} violating row(s) left out, written to {}", excluded.rows, path.display());
    }
    for p in &plan.problems {
        say!(console.out, "{p}");
    }
    let errors = plan.problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        say!(
            console.err,
            "{errors} error(s), {} warning(s); nothing was written or sent",
            plan.problems.len() - errors
        );
        return Err(1);
    }
    let _ = write!(console.out, "{}", plan.summary());
    match (&input.ledger, &plan.ledger) {
        (Some(path), Some(seen)) => say!(
            console.out,
            "ledger {}: {} of {} callee(s) in tasks of the last {} days, {} call(s) to them (reported, or at most)",
            path.display(),
            seen.numbers,
            plan.callees(),
            LedgerSeen::DAYS,
            seen.calls
        ),
        _ => say!(
            console.err,
            "no contact ledger given (--ledger FILE): no cross-task check was made; calls of other tasks to these numbers are not counted"
        ),
    }
    if policy.is_none() {
        say!(
            console.err,
            "no contact policy given (--policy FILE): calls per number, local hours and the do-not-call list were not checked"
        );
    }
    Ok(plan)
}

/// How planning shows its progress, as `tasks wait` does: a bar when stderr is a terminal,
/// else one line per step (collected, and written when the plan is made).
struct Shown {
    bar: Option<indicatif::ProgressBar>,
    lines: std::cell::RefCell<Vec<String>>,
    stage: std::cell::Cell<Option<Stage>>,
}

impl Shown {
    fn new(terminal: bool) -> Self {
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {percent}%")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Shown { bar, lines: Default::default(), stage: Default::default() }
    }

    fn show(&self, p: Progress) {
        let what = match p.stage {
            Stage::Reading => "reading the CSV",
            Stage::Validating => "validating every row",
            Stage::Checking => "checking the contact policy",
        };
        if self.stage.get() != Some(p.stage) {
            self.stage.set(Some(p.stage));
            match &self.bar {
                Some(bar) => bar.set_message(what),
                None => self.lines.borrow_mut().push(format!("{what}...")),
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    }

    fn finish(&self) -> Vec<String> {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        self.lines.take()
    }
}

/// Reads and checks a policy file; its problems are written to `console.out`.
fn read_policy(path: &Path, console: &mut Console<'_>) -> Result<Policy, u8> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            say!(console.err, "itnio: {}: {e}", path.display());
            return Err(2);
        }
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    Policy::parse(&path.display().to_string(), &text, dir).map_err(|problems| {
        for p in &problems {
            say!(console.out, "{p}");
        }
        say!(console.err, "{} problem(s) in the policy; nothing was planned", problems.len());
        1
    })
}

/// `itnio campaign plan`.
pub fn plan(input: &Input, out: Option<&Path>, console: &mut Console<'_>) -> u8 {
    let plan = match planned(input, console) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let Some(dir) = out else { return 0 };
    if let Err(e) = std::fs::create_dir_all(dir) {
        say!(console.err, "itnio: {}: {e}", dir.display());
        return 2;
    }
    for (i, part) in plan.parts.iter().enumerate() {
        let path = dir.join(format!("part-{}.json", i + 1));
        // Written callee by callee from the CSV: a part is never held whole as a request.
        let written = std::fs::File::create(&path).and_then(|file| {
            use std::io::Write;
            let mut file = std::io::BufWriter::new(file);
            plan.write_request(part, &mut file)?;
            file.flush()
        });
        match written {
            Ok(()) => say!(console.out, "wrote {} ({})", path.display(), part.name),
            Err(e) => {
                say!(console.err, "itnio: {}: {e}", path.display());
                return 2;
            }
        }
    }
    0
}

/// `itnio campaign send`.
pub async fn send(client: &Client, input: &Input, state: Option<&Path>, console: &mut Console<'_>) -> u8 {
    let plan = match planned(input, console) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    let state = state.map_or_else(|| default_state_path(&input.campaign), Path::to_owned);
    let mut ledger = match input.ledger.as_deref().map(Ledger::open).transpose() {
        Ok(ledger) => ledger,
        Err(e) => {
            say!(console.err, "itnio: {e}");
            return 2;
        }
    };
    let mut lines = Vec::new();
    let result = send_plan(&plan, client, &state, ledger.as_mut(), |s: &Sent| {
        let how = if s.created_now { "created" } else { "created earlier" };
        lines.push(format!("{}: task {} ({how})", s.name, s.task_id));
    })
    .await;
    for line in &lines {
        say!(console.out, "{line}");
    }
    match result {
        Ok(sent) => {
            say!(console.err, "{} task(s); state in {}", sent.len(), state.display());
            0
        }
        Err(e) => {
            say!(console.err, "itnio: {e}");
            say!(console.err, "state in {}: run the same command again to go on", state.display());
            1
        }
    }
}
