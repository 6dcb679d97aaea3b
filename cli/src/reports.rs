//! `itnio reports summary` and `itnio reports export`: what a receiver's database (a SQLite file
//! or PostgreSQL) holds, per task (or per agent and day) and as CSV or JSON lines.

use crate::Outcome;
use itnio_receiver::{Database, DecimalSum, StoredReport};
use itnio_voice::{LocalDateTime, StatusReport};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The group a report is counted in: its task when it carries a task ID (the documented push
/// does not promise one), else its agent and the day of the call in the server's zone.
fn group(report: &StatusReport) -> String {
    let task = itnio_receiver::reconcile::task_of(report);
    if let Some(task) = task {
        return format!("task {task}");
    }
    let time = report.call_time.as_ref().or(report.submit_time.as_ref()).or(report.hangup_time.as_ref());
    let day = time
        .and_then(|t| t.epoch_millis(LocalDateTime::UTC_OFFSET_SECONDS))
        .and_then(LocalDateTime::at_epoch_millis)
        .map_or_else(|| "unknown day".to_owned(), |d| d.as_str()[..10].to_owned());
    let agent = report.script_id.map_or_else(|| "unknown agent".to_owned(), |a| format!("agent {a}"));
    format!("{agent}, {day}")
}

#[derive(Default)]
struct Group {
    calls: u64,
    succeeded: u64,
    failed: u64,
    billed_seconds: i64,
    cost: DecimalSum,
    agent_fee: DecimalSum,
    unsummed_amounts: u64,
    intents: BTreeMap<String, (Option<&'static str>, u64)>,
}

async fn stored(db: &Database) -> Result<Vec<StoredReport>, String> {
    db.reports().await.map_err(|e| format!("{e:#}"))
}

async fn read_reports(db: &Database) -> Result<Vec<(String, StatusReport, u64)>, String> {
    stored(db)
        .await?
        .into_iter()
        .map(|row| {
            serde_json::from_str::<StatusReport>(&row.report)
                .map(|r| (row.voice_id, r, row.versions))
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// `itnio reports summary`: per group (task, or agent and day) calls, successes, failures,
/// billed seconds, exact cost sums and counts per intent; only the task `task` when given.
pub async fn summary(db: &Database, task: Option<i64>) -> Outcome {
    let reports = match read_reports(db).await {
        Ok(r) => r,
        Err(e) => return Outcome { code: 2, stdout: String::new(), stderr: format!("itnio: {db}: {e}\n") },
    };
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let wanted = task.map(|t| format!("task {t}"));
    for (_, r, _) in &reports {
        let name = group(r);
        if wanted.as_ref().is_some_and(|w| *w != name) {
            continue;
        }
        let g = groups.entry(name).or_default();
        g.calls += 1;
        match r.termination_code.as_deref() {
            Some("0") => g.succeeded += 1,
            Some(_) => g.failed += 1,
            None => {}
        }
        g.billed_seconds += r.ai_agent_charged_duration.unwrap_or(0);
        for (sum, amount) in [(&mut g.cost, &r.cost), (&mut g.agent_fee, &r.ai_agent_quote_fee)] {
            if let Some(amount) = amount
                && !sum.add(amount.as_str())
            {
                g.unsummed_amounts += 1;
            }
        }
        g.unsummed_amounts +=
            r.unread.iter().filter(|u| u.member == "cost" || u.member == "aiAgentQuoteFee").count() as u64;
        let (code, name) = match &r.intent {
            Some(i) => (i.code().to_owned(), i.name()),
            None => ("-".to_owned(), None),
        };
        g.intents.entry(code).or_insert((name, 0)).1 += 1;
    }
    let mut out = String::new();
    for (name, g) in &groups {
        let _ = writeln!(out, "{name}");
        let _ = writeln!(
            out,
            "  {} calls: {} succeeded, {} failed; {} s billed; cost {}, agent fee {}",
            g.calls, g.succeeded, g.failed, g.billed_seconds, g.cost, g.agent_fee
        );
        for (code, (intent, n)) in &g.intents {
            let intent = intent.unwrap_or(if code == "-" { "(no intent)" } else { "(undocumented intent)" });
            let _ = writeln!(out, "  {code}\t{n}\t{intent}");
        }
    }
    let unsummed: u64 = groups.values().map(|g| g.unsummed_amounts).sum();
    let stderr = if unsummed > 0 {
        format!(
            "note: {unsummed} amounts are not plain decimals and are not in the sums (they are kept as received)\n"
        )
    } else {
        String::new()
    };
    Outcome { code: 0, stdout: out, stderr }
}

/// How `itnio reports export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One line per report, with a header.
    Csv,
    /// One report per line, as it was received (JSON).
    Jsonl,
}

fn csv_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// `itnio reports export`: every stored report, in `voiceId` order.
pub async fn export(db: &Database, format: ExportFormat) -> Outcome {
    let rows = match stored(db).await {
        Ok(r) => r,
        Err(e) => return Outcome { code: 2, stdout: String::new(), stderr: format!("itnio: {db}: {e}\n") },
    };
    let mut out = String::new();
    match format {
        ExportFormat::Jsonl => {
            for row in &rows {
                out.push_str(&row.report);
                out.push('\n');
            }
        }
        ExportFormat::Csv => {
            out.push_str("voiceId,taskId,scriptId,callee,intent,terminationCode,aiAgentChargedDuration,cost,callTime,hangupTime,versions\n");
            for row in &rows {
                let r: StatusReport = serde_json::from_str(&row.report).unwrap_or_default();
                let text = |v: Option<String>| v.unwrap_or_default();
                let fields = [
                    row.voice_id.clone(),
                    r.extra
                        .get("taskId")
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .unwrap_or_default(),
                    text(r.script_id.map(|s| s.to_string())),
                    text(r.callee.clone()),
                    text(r.intent.as_ref().map(|i| i.code().to_owned())),
                    text(r.termination_code.clone()),
                    text(r.ai_agent_charged_duration.map(|s| s.to_string())),
                    text(r.cost.as_ref().map(|c| c.as_str().to_owned()).or_else(|| {
                        r.extra.get("cost").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    })),
                    text(r.call_time.as_ref().map(|t| t.as_str().to_owned())),
                    text(r.hangup_time.as_ref().map(|t| t.as_str().to_owned())),
                    row.versions.to_string(),
                ];
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    csv_field(&mut out, f);
                }
                out.push('\n');
            }
        }
    }
    Outcome { code: 0, stdout: out, stderr: String::new() }
}

/// The days `itnio reports reconcile` looks back by default.
pub const RECONCILE_DAYS: i64 = 30;

/// `itnio reports reconcile`: the task list (tasks created since `since`, `yyyy-MM-dd` in the
/// server's zone, default [`RECONCILE_DAYS`] ago) against the stored reports, per task: called,
/// received, and the verdict; only task `task` when given. Exit 0 when nothing is missing, 1
/// when a task that has ended is missing reports, 2 when either side cannot be read.
pub async fn reconcile(
    client: &itnio_voice::Client,
    db: &Database,
    task: Option<i64>,
    since: Option<&str>,
    format: crate::Format,
) -> Outcome {
    let fail = |stderr: String| Outcome { code: 2, stdout: String::new(), stderr };
    let day = 86_400_000;
    let now = crate::lifecycle::now_millis();
    let from = match since {
        Some(date) => match LocalDateTime::new(format!("{date} 00:00:00")) {
            Ok(from) => from,
            Err(e) => return fail(format!("itnio: --since {date}: must be a date, yyyy-MM-dd ({e})\n")),
        },
        None => LocalDateTime::at_epoch_millis(now - RECONCILE_DAYS * day)
            .unwrap_or(itnio_voice::local_date_time!("2000-01-01 00:00:00")),
    };
    let to = LocalDateTime::at_epoch_millis(now + day)
        .unwrap_or(itnio_voice::local_date_time!("2099-12-31 23:59:59"));
    let (current, size) = crate::lifecycle::page_one();
    let params = itnio_voice::TaskQueryParams::builder().str_time(from).end_time(to).build();
    let query = itnio_voice::TaskQueryRequest::builder().current(current).size(size).params(params).build();
    let result = match itnio_receiver::reconcile::reconcile(client, &query, db, task).await {
        Ok(r) => r,
        Err(e) => return fail(format!("itnio: {db}: {e}\n")),
    };
    let code = u8::from(result.reports_missing());
    let stdout = match format {
        crate::Format::Json => reconciliation_json(&result),
        crate::Format::Text => reconciliation_text(&result),
    };
    let mut stderr = String::new();
    if result.tasks.is_empty() {
        stderr.push_str("note: the task list has no task in the range asked\n");
    }
    if result.other_tasks > 0 || result.without_task > 0 {
        let _ = writeln!(
            stderr,
            "note: {} reports name a task not listed (created before the range, or unknown), {} carry no taskId; neither is in the table",
            result.other_tasks, result.without_task
        );
    }
    Outcome { code, stdout, stderr }
}

fn reconciliation_text(r: &itnio_receiver::reconcile::Reconciliation) -> String {
    let mut out =
        String::from("taskId\tstatus\tcalled\treceived\tsucceeded (listed/received)\tverdict\tname\n");
    for t in &r.tasks {
        let listed = t.succeeded.map_or_else(|| "-".to_owned(), |n| n.to_string());
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{listed}/{}\t{}\t{}",
            t.task_id,
            crate::lifecycle::status_name(&t.status),
            t.called,
            t.received,
            t.received_succeeded,
            t.verdict,
            t.task_name.as_deref().unwrap_or_default()
        );
    }
    out
}

fn reconciliation_json(r: &itnio_receiver::reconcile::Reconciliation) -> String {
    use itnio_receiver::reconcile::Verdict;
    let tasks: Vec<serde_json::Value> = r
        .tasks
        .iter()
        .map(|t| {
            let (verdict, missing) = match t.verdict {
                Verdict::Complete => ("complete", 0),
                Verdict::StillCalling => ("still_calling", 0),
                Verdict::ReportsMissing(n) => ("reports_missing", n),
            };
            serde_json::json!({
                "taskId": t.task_id,
                "taskName": t.task_name,
                "status": t.status.as_ref().map(|s| s.code()),
                "callees": t.callees,
                "called": t.called,
                "succeeded": t.succeeded,
                "failed": t.failed,
                "received": t.received,
                "receivedSucceeded": t.received_succeeded,
                "verdict": verdict,
                "missing": missing,
            })
        })
        .collect();
    let document = serde_json::json!({
        "tasks": tasks,
        "otherTasks": r.other_tasks,
        "withoutTaskId": r.without_task,
        "reportsMissing": r.reports_missing(),
    });
    format!("{document}\n")
}
