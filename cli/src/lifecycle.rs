//! The commands after task creation: tasks, recall flows and the balance. Each one builds the
//! generated typed request, so a bad argument is refused before anything is sent, calls the
//! generated client method, writes what it has to say to the writers it is given (the binary
//! passes stdout and stderr; tests pass buffers) and returns the exit code: 0, 1 for an API
//! failure or a task that did not finish, 2 for a usage error.

use clap::{Args, Subcommand};
use itnio_voice::{
    Client, Error, LocalDateTime, Open, PageNumber, PageSize, RecallCancelRequest, RecallCancelTarget,
    RecallCancelType, RecallCount, RecallFlowId, RecallIntervalMinutes, RecallQueryDetailRequest,
    RecallQueryPageRequest, RecallQueryParams, RecallType, TaskCancelRequest, TaskId, TaskQueryParams,
    TaskQueryRequest, TaskRecord, TaskStatus,
};
use std::io::Write;
use std::time::{Duration, Instant};

/// Writes a line; a reader that went away (a closed pipe) is no reason to stop.
macro_rules! say {
    ($w:expr, $($t:tt)*) => {{
        let _ = writeln!($w, $($t)*);
    }};
}

/// Where a command writes: what it answers, and what it has to say about it.
pub struct Console<'a> {
    /// For the answer (records, IDs), one line each.
    pub out: &'a mut dyn Write,
    /// For counts, progress and errors.
    pub err: &'a mut dyn Write,
    /// Whether `err` is a terminal (progress is then a bar instead of lines).
    pub terminal: bool,
}

#[derive(Args)]
pub struct Range {
    /// Start of the time range, `yyyy-MM-dd HH:mm:ss` (default: 30 days ago, UTC+8).
    #[arg(long, value_parser = parse_time)]
    from: Option<LocalDateTime>,
    /// End of the time range, `yyyy-MM-dd HH:mm:ss` (default: tomorrow, UTC+8).
    #[arg(long, value_parser = parse_time)]
    to: Option<LocalDateTime>,
}

impl Range {
    fn bounds(&self) -> (LocalDateTime, LocalDateTime) {
        let now = now_millis();
        let day = 86_400_000;
        // In the server's zone (the spec's; quirk local_date_time_zone).
        let at = |ms: i64| {
            LocalDateTime::at_epoch_millis(ms).unwrap_or(itnio_voice::local_date_time!("2000-01-01 00:00:00"))
        };
        (
            self.from.clone().unwrap_or_else(|| at(now - 30 * day)),
            self.to.clone().unwrap_or_else(|| at(now + day)),
        )
    }
}

#[derive(Subcommand)]
pub enum Tasks {
    /// List AI Agent tasks created in a time range, every page.
    List {
        #[command(flatten)]
        range: Range,
        /// Only tasks in this state (repeatable): a code 0-6 or a name such as calling, finished.
        #[arg(long = "status", value_parser = parse_status)]
        statuses: Vec<TaskStatus>,
        /// Fuzzy search on the task name.
        #[arg(long)]
        search: Option<String>,
    },
    /// Cancel tasks by ID.
    Cancel {
        /// Task IDs.
        #[arg(required = true, value_parser = constrained::<TaskId>)]
        ids: Vec<TaskId>,
    },
    /// Poll the task list until the task ends, showing its progress (a bar when stderr is a
    /// terminal: callees called of total, successes, failures, state; plain lines otherwise);
    /// exit 0 when it finished, 1 when it was cancelled or failed, or when it does not end
    /// within the timeout. Once found, the task is asked for directly, not by reading the list.
    Wait {
        /// The task ID.
        #[arg(value_parser = constrained::<TaskId>)]
        id: TaskId,
        #[command(flatten)]
        range: Range,
        /// First delay between polls, in milliseconds; it grows by half each poll.
        #[arg(long, default_value_t = 2000)]
        interval_ms: u64,
        /// Longest delay between polls, in milliseconds.
        #[arg(long, default_value_t = 60_000)]
        max_interval_ms: u64,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 24 * 3600)]
        timeout_secs: u64,
    },
}

/// What `recall update` sets.
#[derive(Args)]
pub struct RecallUpdate {
    /// The process key (`keyId`).
    #[arg(value_parser = constrained::<RecallFlowId>)]
    pub key: RecallFlowId,
    /// Minutes between rounds, 1-1440.
    #[arg(long, value_parser = constrained::<RecallIntervalMinutes>)]
    pub interval: RecallIntervalMinutes,
    /// Number of rounds, 1-10.
    #[arg(long, value_parser = constrained::<RecallCount>)]
    pub count: RecallCount,
    /// Which callees each round calls: 0 all, 1 failed, 3 by intent.
    #[arg(long = "type", value_parser = parse_recall_type)]
    pub recall_type: RecallType,
    /// Recall intent codes (repeatable), for type 3.
    #[arg(long = "intent")]
    pub intents: Vec<String>,
    /// Agent template ID of each node, in order (repeatable).
    #[arg(long = "node")]
    pub nodes: Vec<i64>,
}

#[derive(Subcommand)]
pub enum Recall {
    /// List auto-recall processes created in a time range, every page.
    List {
        #[command(flatten)]
        range: Range,
        /// Fuzzy match on the parent task's name, or its exact ID.
        #[arg(long)]
        task: Option<String>,
    },
    /// Show one auto-recall process and its nodes.
    Show {
        /// The process key (`keyId`).
        #[arg(value_parser = constrained::<RecallFlowId>)]
        key: RecallFlowId,
    },
    /// Edit a pending auto-recall process.
    Update(RecallUpdate),
    /// Cancel a pending auto-recall process, or a node and every later one.
    Cancel {
        /// By the process key.
        #[arg(long, group = "target", value_name = "KEY")]
        flow: Option<i64>,
        /// By the parent task's ID.
        #[arg(long, group = "target", value_name = "TASK_ID")]
        task: Option<i64>,
        /// From this node (its key) on.
        #[arg(long, group = "target", value_name = "NODE_KEY")]
        from_node: Option<i64>,
    },
}

fn parse_time(s: &str) -> Result<LocalDateTime, String> {
    LocalDateTime::new(s).map_err(|e| format!("`{s}` {e}"))
}

/// An integer argument of a constrained type (`TaskId`, `RecallCount`, ...): its constraint
/// is checked here, so a bad value is a usage error and nothing is sent.
fn constrained<T>(s: &str) -> Result<T, String>
where
    T: TryFrom<i64, Error = itnio_voice::ConstraintError>,
{
    let n: i64 = s.trim().parse().map_err(|_| format!("`{s}` is not an integer"))?;
    T::try_from(n).map_err(|e| e.to_string())
}

fn parse_recall_type(s: &str) -> Result<RecallType, String> {
    let n: i64 = s.trim().parse().map_err(|_| format!("`{s}` is not a recall type"))?;
    RecallType::from_code(n).ok_or_else(|| format!("recall type {}", RecallType::EXPECTED))
}

fn parse_status(s: &str) -> Result<TaskStatus, String> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return TaskStatus::from_code(n).ok_or_else(|| format!("status {}", TaskStatus::EXPECTED));
    }
    TaskStatus::from_name(s).ok_or_else(|| {
        format!("`{s}`: status {}, or a name: {}", TaskStatus::EXPECTED, TaskStatus::NAMES.join(", "))
    })
}

pub(crate) fn now_millis() -> i64 {
    i64::try_from(itnio_voice::now_epoch_seconds()).unwrap_or_default() * 1000
}

pub(crate) fn page_one() -> (PageNumber, PageSize) {
    (itnio_voice::page_number!(1), itnio_voice::page_size!(100))
}

/// Prints an API failure and gives its exit code (1).
pub fn failure(c: &mut Console<'_>, e: &Error) -> u8 {
    match e.status() {
        Some(s) => say!(c.err, "itnio: error {}: {e}", s.code()),
        None => say!(c.err, "itnio: {e}"),
    }
    1
}

fn show<T>(value: &Option<T>) -> String
where
    T: std::fmt::Display,
{
    value.as_ref().map_or_else(|| "-".to_owned(), ToString::to_string)
}

pub(crate) fn status_name<E: itnio_voice::WireEnum>(value: &Option<Open<E>>) -> String {
    match value {
        Some(Open::Known(e)) => e.name().to_owned(),
        Some(Open::Unknown(code)) => format!("{code} (undocumented)"),
        None => "-".to_owned(),
    }
}

fn task_line(t: &TaskRecord) -> String {
    format!(
        "{}\t{}\t{}/{} called\t{} ok\t{} failed\t{}\t{}",
        show(&t.task_id),
        status_name(&t.status),
        show(&t.call_num),
        show(&t.num_cnt),
        show(&t.success),
        show(&t.fail),
        show(&t.created_time),
        t.task_name.as_deref().unwrap_or("-"),
    )
}

pub async fn tasks(client: &Client, command: Tasks, c: &mut Console<'_>) -> u8 {
    match command {
        Tasks::List { range, statuses, search } => {
            let request = task_query(&range, statuses, search);
            match client.task_query_all_pages(&request).await {
                Ok(records) => {
                    say!(c.out, "taskId\tstatus\tprogress\tsuccess\tfail\tcreated\tname");
                    for t in &records {
                        say!(c.out, "{}", task_line(t));
                    }
                    say!(c.err, "{} tasks", records.len());
                    0
                }
                Err(e) => failure(c, &e),
            }
        }
        Tasks::Cancel { ids } => {
            // clap requires at least one ID.
            let Ok(list) = itnio_voice::NonEmpty::try_from(ids.clone()) else {
                say!(c.err, "itnio: give at least one task ID");
                return 2;
            };
            let request = TaskCancelRequest::builder().task_id_list(list).build();
            match client.task_cancel(&request).await {
                Ok(()) => {
                    for id in ids {
                        say!(c.out, "cancelled {id}");
                    }
                    0
                }
                Err(e) => failure(c, &e),
            }
        }
        Tasks::Wait { id, range, interval_ms, max_interval_ms, timeout_secs } => {
            wait(client, id, &range, interval_ms, max_interval_ms, Duration::from_secs(timeout_secs), c).await
        }
    }
}

fn task_query(range: &Range, statuses: Vec<TaskStatus>, search: Option<String>) -> TaskQueryRequest {
    let (from, to) = range.bounds();
    let (current, size) = page_one();
    let params = TaskQueryParams::builder()
        .str_time(from)
        .end_time(to)
        .maybe_status_list((!statuses.is_empty()).then_some(statuses))
        .maybe_search_condition(search)
        .build();
    TaskQueryRequest::builder().current(current).size(size).params(params).build()
}

/// How `tasks wait` shows progress: a bar when stderr is a terminal, plain lines (one per
/// change) otherwise.
enum Progress {
    Bar(indicatif::ProgressBar),
    Lines { last: String },
}

impl Progress {
    fn new(id: TaskId, terminal: bool) -> Self {
        if !terminal {
            return Progress::Lines { last: String::new() };
        }
        let bar = indicatif::ProgressBar::new(0);
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} task {prefix} [{bar:30}] {pos}/{len} called · {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix(id.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::Bar(bar)
    }

    fn show(&mut self, t: &TaskRecord, err: &mut dyn Write) {
        match self {
            Progress::Bar(bar) => {
                bar.set_length(u64::try_from(t.num_cnt.unwrap_or(0)).unwrap_or(0));
                bar.set_position(u64::try_from(t.call_num.unwrap_or(0)).unwrap_or(0));
                bar.set_message(format!(
                    "{} ok · {} failed · {}",
                    show(&t.success),
                    show(&t.fail),
                    status_name(&t.status)
                ));
            }
            Progress::Lines { last } => {
                let line = task_line(t);
                if line != *last {
                    say!(err, "{line}");
                    *last = line;
                }
            }
        }
    }

    fn note(&mut self, text: &str, err: &mut dyn Write) {
        match self {
            Progress::Bar(bar) => bar.set_message(text.to_owned()),
            Progress::Lines { .. } => say!(err, "{text}"),
        }
    }

    fn done(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish();
        }
    }
}

/// Finds task `id`: first by reading the pages of `wide`; once found, by asking for tasks
/// submitted in the same second under the same name (`narrow`), one short page per poll, so
/// that waiting does not read the whole task list each time.
async fn find_task(
    client: &Client,
    id: TaskId,
    wide: &TaskQueryRequest,
    narrow: &mut Option<TaskQueryRequest>,
) -> Result<Option<TaskRecord>, Error> {
    if let Some(request) = narrow.as_ref() {
        let page = client.task_query(request).await?;
        if let Some(t) = page.records.unwrap_or_default().into_iter().find(|t| t.task_id == Some(id)) {
            return Ok(Some(t));
        }
    }
    let mut request = wide.clone();
    for _ in 0..itnio_voice::client::MAX_PAGES {
        let page = client.task_query(&request).await?;
        let records = page.records.unwrap_or_default();
        let last = records.is_empty() || request.current.get() >= page.pages.unwrap_or(0);
        if let Some(t) = records.into_iter().find(|t| t.task_id == Some(id)) {
            *narrow = t.created_time.clone().map(|at| {
                let mut request = wide.clone();
                request.current = itnio_voice::page_number!(1);
                request.params.str_time = at.clone();
                request.params.end_time = at;
                request.params.search_condition = t.task_name.clone();
                request
            });
            return Ok(Some(t));
        }
        if last {
            break;
        }
        match PageNumber::new(request.current.get() + 1) {
            Ok(next) => request.current = next,
            Err(_) => break,
        }
    }
    Ok(None)
}

async fn wait(
    client: &Client,
    id: TaskId,
    range: &Range,
    interval_ms: u64,
    max_interval_ms: u64,
    timeout: Duration,
    c: &mut Console<'_>,
) -> u8 {
    let wide = task_query(range, Vec::new(), None);
    let mut narrow = None;
    let started = Instant::now();
    let mut delay = Duration::from_millis(interval_ms.max(1));
    let max_delay = Duration::from_millis(max_interval_ms.max(interval_ms).max(1));
    let mut progress = Progress::new(id, c.terminal);
    loop {
        let found = match find_task(client, id, &wide, &mut narrow).await {
            Ok(found) => found,
            Err(e) => {
                progress.done();
                return failure(c, &e);
            }
        };
        match found {
            None => progress.note(&format!("task {id}: not in the list yet"), c.err),
            Some(t) => {
                progress.show(&t, c.err);
                match t.status.as_ref().and_then(Open::known) {
                    Some(TaskStatus::Finished) => {
                        progress.done();
                        say!(c.out, "{id} finished");
                        return 0;
                    }
                    Some(s) if s.is_final() => {
                        progress.done();
                        say!(c.out, "{id} ended: {}", s.name());
                        return 1;
                    }
                    _ => {}
                }
            }
        }
        if started.elapsed() + delay > timeout {
            progress.done();
            say!(c.err, "itnio: task {id} did not end within {timeout:?}");
            return 1;
        }
        tokio::time::sleep(delay).await;
        delay = (delay + delay / 2).min(max_delay);
    }
}

pub async fn recall(client: &Client, command: Recall, c: &mut Console<'_>) -> u8 {
    match command {
        Recall::List { range, task } => {
            let (from, to) = range.bounds();
            let (current, size) = page_one();
            let params =
                RecallQueryParams::builder().str_time(from).end_time(to).maybe_task_name(task).build();
            let request =
                RecallQueryPageRequest::builder().current(current).size(size).params(params).build();
            match client.recall_query_page_all_pages(&request).await {
                Ok(records) => {
                    say!(c.out, "keyId\ttaskId\tstatus\ttype\tinterval\trounds\tdone\tcreated\ttask");
                    for r in &records {
                        say!(
                            c.out,
                            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                            show(&r.key_id),
                            show(&r.task_id),
                            status_name(&r.status),
                            status_name(&r.recall_type),
                            show(&r.recall_interval),
                            show(&r.recall_num),
                            show(&r.finish_num),
                            show(&r.create_time),
                            r.task_name.as_deref().unwrap_or("-")
                        );
                    }
                    say!(c.err, "{} recall flows", records.len());
                    0
                }
                Err(e) => failure(c, &e),
            }
        }
        Recall::Show { key } => {
            let request = RecallQueryDetailRequest::builder().key_id(key).build();
            match client.recall_query_detail(&request).await {
                Ok(d) => {
                    say!(
                        c.out,
                        "recall flow {}: {}, type {}, every {} min, {} rounds",
                        show(&d.key_id),
                        status_name(&d.status),
                        status_name(&d.recall_type),
                        show(&d.recall_interval),
                        show(&d.recall_num)
                    );
                    for n in d.node_list.as_deref().unwrap_or_default() {
                        say!(
                            c.out,
                            "  node {}\t{}\tagent {}\ttask {}",
                            show(&n.key_id),
                            status_name(&n.node_status),
                            show(&n.script_id),
                            show(&n.task_id)
                        );
                    }
                    0
                }
                Err(e) => failure(c, &e),
            }
        }
        Recall::Update(args) => update(client, args, c).await,
        Recall::Cancel { flow, task, from_node } => {
            let (kind, id) = match (flow, task, from_node) {
                (Some(k), _, _) => (RecallCancelType::Flow, k),
                (_, Some(t), _) => (RecallCancelType::ParentTask, t),
                (_, _, Some(n)) => (RecallCancelType::FromNode, n),
                _ => {
                    say!(c.err, "itnio: give one of --flow, --task or --from-node");
                    return 2;
                }
            };
            let target = match RecallCancelTarget::new(id) {
                Ok(t) => t,
                Err(e) => {
                    say!(c.err, "itnio: {id}: {e}");
                    return 2;
                }
            };
            let request = RecallCancelRequest::builder().r#type(kind).id(target).build();
            match client.recall_cancel(&request).await {
                Ok(()) => {
                    say!(c.out, "cancelled ({} {id})", kind.name());
                    0
                }
                Err(e) => failure(c, &e),
            }
        }
    }
}

/// The recall update is generic over the agent's scenario (its intents must belong to it); the
/// CLI does not know the scenario, so intents are checked against the general intent table by
/// the untyped form.
async fn update(client: &Client, args: RecallUpdate, c: &mut Console<'_>) -> u8 {
    let RecallUpdate { key, interval, count, recall_type, intents, nodes } = args;
    use itnio_voice::lenient::IntegerOrString;
    use itnio_voice::wire::{RecallUpdateNode, RecallUpdateRequest};
    let request = RecallUpdateRequest {
        key_id: Some(key.get()),
        recall_interval: Some(interval.get()),
        recall_num: Some(count.get()),
        recall_type: Some(recall_type.code()),
        recall_intent: (!intents.is_empty()).then_some(intents),
        node_list: (!nodes.is_empty()).then(|| {
            nodes
                .into_iter()
                .map(|n| RecallUpdateNode {
                    script_id: Some(IntegerOrString::Integer(n)),
                    ..Default::default()
                })
                .collect()
        }),
        ..Default::default()
    };
    match client.recall_update_wire(&request, None).await {
        Ok(()) => {
            say!(c.out, "updated recall flow {key}");
            0
        }
        Err(Error::Invalid(violations)) => {
            for v in &violations.violations {
                say!(c.err, "itnio: {v}");
            }
            1
        }
        Err(e) => failure(c, &e),
    }
}

pub async fn balance(client: &Client, c: &mut Console<'_>) -> u8 {
    match client.get_balance().await {
        Ok(b) => {
            say!(c.out, "balance\t{}", show(&b.balance));
            say!(c.out, "gift\t{}", show(&b.gift));
            say!(c.out, "credit\t{}", show(&b.credit));
            0
        }
        Err(e) => failure(c, &e),
    }
}
