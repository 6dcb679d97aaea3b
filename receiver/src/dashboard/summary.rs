//! What the page shows, kept from the reports that changed since the last look: one row a
//! `voiceId` (a later version replaces its row), and per task the sums the page draws.

use crate::reconcile::{Verdict, verdict};
use crate::{DecimalSum, StoredReport};
use itnio_voice::{Open, StatusReport, TaskRecord, TaskStatus};
use std::collections::{BTreeMap, HashMap};

/// A report as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub voice_id: String,
    pub task: Option<i64>,
    pub callee: String,
    pub intent_code: Option<String>,
    pub intent_name: Option<&'static str>,
    pub termination: Option<String>,
    pub seconds: Option<i64>,
    pub cost: Option<String>,
    pub fee: Option<String>,
    pub call_time: Option<String>,
    /// Amounts (`cost`, `aiAgentQuoteFee`) the report carries in a form the field cannot
    /// hold (`"1,000"`): kept as received, left out of the sums.
    pub unsummed: u64,
    pub first_ms: i64,
    pub last_ms: i64,
    pub versions: u64,
}

impl Row {
    fn read(stored: &StoredReport) -> Row {
        // Every stored report was read once when it arrived; one that no longer reads (a
        // different SDK version, say) still counts, with nothing but its ID.
        let report: StatusReport = serde_json::from_str(&stored.report).unwrap_or_default();
        let task = crate::reconcile::task_of(&report);
        Row {
            voice_id: stored.voice_id.clone(),
            task,
            callee: report.callee.clone().unwrap_or_default(),
            intent_code: report.intent.as_ref().map(|i| i.code().to_owned()),
            intent_name: report.intent.as_ref().and_then(|i| i.name()),
            termination: report.termination_code.clone(),
            seconds: report.ai_agent_charged_duration,
            cost: report.cost.as_ref().map(|c| c.as_str().to_owned()),
            fee: report.ai_agent_quote_fee.as_ref().map(|c| c.as_str().to_owned()),
            call_time: report.call_time.as_ref().map(|t| t.as_str().to_owned()),
            unsummed: report
                .unread
                .iter()
                .filter(|u| u.member == "cost" || u.member == "aiAgentQuoteFee")
                .count() as u64,
            first_ms: stored.first_received_ms,
            last_ms: stored.last_received_ms,
            versions: stored.versions,
        }
    }

    /// "0" is success; any other code failure; none, not known yet.
    pub fn succeeded(&self) -> Option<bool> {
        self.termination.as_deref().map(|c| c == "0")
    }
}

/// Per intent code: its documented name and how many reports carry it.
type IntentCounts = BTreeMap<String, (Option<&'static str>, u64)>;

/// What the task list says of a task.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TaskInfo {
    pub name: Option<String>,
    pub status: Option<Open<TaskStatus>>,
    pub callees: Option<i64>,
    pub called: Option<i64>,
}

/// One task's sums, or those of the reports without a task ID (`task` none).
#[derive(Debug, Clone, Default)]
pub(crate) struct TaskSummary {
    pub task: Option<i64>,
    pub received: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub billed_seconds: i64,
    pub cost: DecimalSum,
    pub fee: DecimalSum,
    /// Amounts that are not plain decimals, kept as received and left out of the sums.
    pub unsummed: u64,
    /// (code, documented name, count), most frequent first.
    pub intents: Vec<(String, Option<&'static str>, u64)>,
    pub last_ms: i64,
    pub info: Option<TaskInfo>,
    pub verdict: Option<Verdict>,
}

/// Everything the page shows.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    rows: HashMap<String, Row>,
    /// The latest arrival seen.
    pub newest_ms: i64,
    pub tasks: Vec<TaskSummary>,
    pub task_list: HashMap<i64, TaskInfo>,
    /// When the task list was last read, if it can be.
    pub task_list_read: Option<i64>,
}

impl Summary {
    /// Takes rows that changed; gives whether anything the page shows did.
    pub fn apply(&mut self, changed: &[StoredReport]) -> bool {
        let mut any = false;
        for stored in changed {
            let fresh = self
                .rows
                .get(&stored.voice_id)
                .is_none_or(|row| row.last_ms != stored.last_received_ms || row.versions != stored.versions);
            if fresh {
                self.rows.insert(stored.voice_id.clone(), Row::read(stored));
                self.newest_ms = self.newest_ms.max(stored.last_received_ms);
                any = true;
            }
        }
        if any {
            self.recompute();
        }
        any
    }

    /// Takes the task list as ITNIO gave it.
    pub fn set_task_list(&mut self, records: &[TaskRecord], now_ms: i64) {
        self.task_list = records
            .iter()
            .filter_map(|t| {
                let info = TaskInfo {
                    name: t.task_name.clone(),
                    status: t.status.clone(),
                    callees: t.num_cnt,
                    called: t.call_num,
                };
                Some((t.task_id?.get(), info))
            })
            .collect();
        self.task_list_read = Some(now_ms);
        self.recompute();
    }

    /// The reports of `task` (none: those without a task ID), newest first.
    pub fn rows_of(&self, task: Option<i64>) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.values().filter(|r| r.task == task).collect();
        rows.sort_by(|a, b| b.first_ms.cmp(&a.first_ms).then_with(|| a.voice_id.cmp(&b.voice_id)));
        rows
    }

    /// Reports that first arrived in each of the `minutes` minutes up to `now_ms`, oldest first.
    pub fn arrivals(&self, now_ms: i64, minutes: usize) -> Vec<u64> {
        let mut counts = vec![0; minutes];
        for row in self.rows.values() {
            let age = (now_ms - row.first_ms).max(0) / 60_000;
            if let Ok(age) = usize::try_from(age)
                && age < minutes
            {
                counts[minutes - 1 - age] += 1;
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    fn recompute(&mut self) {
        let mut by_task: BTreeMap<Option<i64>, (TaskSummary, IntentCounts)> = BTreeMap::new();
        for row in self.rows.values() {
            let (sum, intents) = by_task.entry(row.task).or_default();
            sum.task = row.task;
            sum.received += 1;
            match row.succeeded() {
                Some(true) => sum.succeeded += 1,
                Some(false) => sum.failed += 1,
                None => {}
            }
            sum.billed_seconds += row.seconds.unwrap_or(0);
            for (total, amount) in [(&mut sum.cost, &row.cost), (&mut sum.fee, &row.fee)] {
                if let Some(amount) = amount
                    && !total.add(amount)
                {
                    sum.unsummed += 1;
                }
            }
            sum.unsummed += row.unsummed;
            sum.last_ms = sum.last_ms.max(row.last_ms);
            let code = row.intent_code.clone().unwrap_or_else(|| "-".to_owned());
            intents.entry(code).or_insert((row.intent_name, 0)).1 += 1;
        }
        // Tasks the list shows that have no report yet are shown too.
        for id in self.task_list.keys() {
            by_task.entry(Some(*id)).or_default().0.task = Some(*id);
        }
        let mut tasks: Vec<TaskSummary> = by_task
            .into_values()
            .map(|(mut sum, intents)| {
                let mut intents: Vec<_> =
                    intents.into_iter().map(|(code, (name, n))| (code, name, n)).collect();
                intents.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
                sum.intents = intents;
                sum.info = sum.task.and_then(|t| self.task_list.get(&t).cloned());
                sum.verdict = sum.info.as_ref().and_then(|info| {
                    info.called.map(|called| verdict(info.status.as_ref(), called, sum.received))
                });
                sum
            })
            .collect();
        // Newest first: task IDs grow with time; reports without a task last.
        tasks.sort_by(|a, b| match (a.task, b.task) {
            (Some(a), Some(b)) => b.cmp(&a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        self.tasks = tasks;
    }
}
