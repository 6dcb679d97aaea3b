//! Reconciling what was received with what ITNIO says it called: per task, the callees called
//! (`callNum` of the task list) against the reports stored with that `taskId`, and a verdict.
//! ITNIO gives up a push after a few failed deliveries, so a gap shows here the day it happens.
//!
//! The documented push does not promise a `taskId` (quirk `push_undocumented`; the sibling
//! voice push carries one): reports without it, and reports of tasks the query did not list,
//! are counted apart rather than guessed at.

use crate::{Database, StoreError, StoredReport};
use itnio_voice::{Client, Open, TaskQueryRequest, TaskRecord, TaskStatus};
use std::collections::HashMap;
use std::fmt;

/// What a task's reports say against its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The task has ended and a report arrived for every call it counts.
    Complete,
    /// The task has not ended yet: reports may still come.
    StillCalling,
    /// The task has ended and this many of its calls have no report.
    ReportsMissing(u64),
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Complete => f.write_str("complete"),
            Verdict::StillCalling => f.write_str("still calling"),
            Verdict::ReportsMissing(n) => write!(f, "{n} reports missing"),
        }
    }
}

/// One task, as ITNIO lists it and as the store holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskCheck {
    /// The task's ID.
    pub task_id: i64,
    /// Its name.
    pub task_name: Option<String>,
    /// Its state in the task list.
    pub status: Option<Open<TaskStatus>>,
    /// Callees in the task (`numCnt`).
    pub callees: Option<i64>,
    /// Callees called so far (`callNum`).
    pub called: i64,
    /// Successful calls (`success`).
    pub succeeded: Option<i64>,
    /// Failed calls (`fail`).
    pub failed: Option<i64>,
    /// Reports stored with its `taskId`.
    pub received: u64,
    /// Of those, the successful ones (`terminationCode` "0").
    pub received_succeeded: u64,
    /// The verdict.
    pub verdict: Verdict,
}

/// Every task checked, and the reports that could not be matched with one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reconciliation {
    /// The tasks, in the order the task list gave them (newest first).
    pub tasks: Vec<TaskCheck>,
    /// Reports whose `taskId` names no task the query listed (outside its time range, or
    /// unknown to ITNIO). Zero when one task was asked for.
    pub other_tasks: u64,
    /// Reports without a `taskId`.
    pub without_task: u64,
}

impl Reconciliation {
    /// Whether a task that has ended is missing reports.
    pub fn reports_missing(&self) -> bool {
        self.tasks.iter().any(|t| matches!(t.verdict, Verdict::ReportsMissing(_)))
    }
}

/// Why a reconciliation could not be made.
#[derive(Debug)]
pub enum ReconcileError {
    /// The task list could not be read.
    TaskList(itnio_voice::Error),
    /// The store could not be read.
    Store(StoreError),
    /// The task asked for is not in the task list's range.
    NoSuchTask(i64),
}

impl fmt::Display for ReconcileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReconcileError::TaskList(e) => write!(f, "the task list could not be read: {e}"),
            ReconcileError::Store(e) => write!(f, "the reports could not be read: {e:#}"),
            ReconcileError::NoSuchTask(id) => write!(f, "the task list has no task {id} in the range asked"),
        }
    }
}

impl std::error::Error for ReconcileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReconcileError::TaskList(e) => Some(e),
            ReconcileError::Store(e) => Some(e),
            ReconcileError::NoSuchTask(_) => None,
        }
    }
}

/// Reads the task list (every page of `query`) and the stored reports, and reconciles them;
/// only task `only` when given.
///
/// # Errors
/// When either cannot be read, or `only` is not in the list.
pub async fn reconcile(
    client: &Client,
    query: &TaskQueryRequest,
    db: &Database,
    only: Option<i64>,
) -> Result<Reconciliation, ReconcileError> {
    let tasks = client.task_query_all_pages(query).await.map_err(ReconcileError::TaskList)?;
    let reports = db.reports().await.map_err(ReconcileError::Store)?;
    if let Some(id) = only
        && !tasks.iter().any(|t| t.task_id.is_some_and(|t| t.get() == id))
    {
        return Err(ReconcileError::NoSuchTask(id));
    }
    Ok(compare(&tasks, &reports, only))
}

/// The members of a stored report reconciling reads; the rest is not parsed.
#[derive(serde::Deserialize)]
struct Counted {
    #[serde(rename = "taskId")]
    task_id: Option<serde_json::Value>,
    #[serde(rename = "terminationCode")]
    termination_code: Option<serde_json::Value>,
}

/// A task ID as pushes carry it: a number, or the digits of one as text.
fn task_id(value: &serde_json::Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_str()?.trim().parse().ok())
}

/// The task a report names in its `taskId` member, which the sibling voice push carries and
/// the documented one does not promise (quirk `push_undocumented`): the one place it is read.
pub fn task_of(report: &itnio_voice::StatusReport) -> Option<i64> {
    report.extra.get("taskId").and_then(task_id)
}

/// Reconciles `tasks` (as the task list gave them) with the stored `reports`; only task `only`
/// when given.
pub fn compare(tasks: &[TaskRecord], reports: &[StoredReport], only: Option<i64>) -> Reconciliation {
    // Per task ID: reports, successful reports.
    let mut received: HashMap<i64, (u64, u64)> = HashMap::new();
    let mut without_task = 0;
    for stored in reports {
        let counted = serde_json::from_str::<Counted>(&stored.report).ok();
        let Some(counted) = counted else {
            without_task += 1;
            continue;
        };
        let Some(id) = counted.task_id.as_ref().and_then(task_id) else {
            without_task += 1;
            continue;
        };
        let entry = received.entry(id).or_default();
        entry.0 += 1;
        let code = counted
            .termination_code
            .as_ref()
            .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned));
        if code.as_deref() == Some("0") {
            entry.1 += 1;
        }
    }
    let mut out = Reconciliation { without_task, ..Reconciliation::default() };
    for task in tasks {
        let Some(id) = task.task_id.map(|t| t.get()) else { continue };
        if only.is_some_and(|only| only != id) {
            continue;
        }
        let (got, got_ok) = received.remove(&id).unwrap_or_default();
        let called = task.call_num.unwrap_or(0).max(0);
        let verdict = verdict(task.status.as_ref(), called, got);
        out.tasks.push(TaskCheck {
            task_id: id,
            task_name: task.task_name.clone(),
            status: task.status.clone(),
            callees: task.num_cnt,
            called,
            succeeded: task.success,
            failed: task.fail,
            received: got,
            received_succeeded: got_ok,
            verdict,
        });
    }
    if only.is_none() {
        out.other_tasks = received.values().map(|(n, _)| n).sum();
    }
    out
}

/// The verdict on a task in state `status` that called `called` callees (`callNum`), with
/// `received` reports stored.
pub fn verdict(status: Option<&Open<TaskStatus>>, called: i64, received: u64) -> Verdict {
    let ended = status.and_then(Open::known).is_some_and(TaskStatus::is_final);
    match (ended, u64::try_from(called).unwrap_or(0).checked_sub(received)) {
        (false, _) => Verdict::StillCalling,
        // More reports than calls counted is not a gap: recall rounds call a callee again
        // (quirk `call_count_reports`).
        (true, None | Some(0)) => Verdict::Complete,
        (true, Some(missing)) => Verdict::ReportsMissing(missing),
    }
}
