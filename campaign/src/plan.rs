//! A plan: the campaign's callees, every row validated with the request's own rules (problems
//! named by CSV row and column header), split into as few tasks as the API's limit on callees
//! allows, each with a name derived to fit the name's own limit.

use crate::file::Campaign;
use crate::ledger::Ledger;
use crate::policy::Policy;
use crate::problem::{Place, Problem, Severity};
use crate::rows::{self, Row};
use itnio_voice::{TaskName, wire};
use std::collections::BTreeSet;

/// A task of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Its task name (`March reminders (2/3)`).
    pub name: String,
    /// The CSV lines of its first and last callee.
    pub lines: (u64, u64),
    /// The request to send.
    pub request: wire::AgentSendRequest,
}

impl Part {
    /// How many callees it calls.
    pub fn callees(&self) -> usize {
        self.request.number_info_list.as_ref().map_or(0, Vec::len)
    }
}

/// A campaign's plan: its parts, and every problem found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub campaign: Campaign,
    pub parts: Vec<Part>,
    /// Errors (nothing may be sent while one exists) and warnings, in file order.
    pub problems: Vec<Problem>,
    /// The most callees a part holds.
    pub limit: usize,
    /// The rows left out with [`Options::exclude_violating`].
    pub excluded: Option<Excluded>,
}

/// How to plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// At most this many callees a task; 0 (the default) or more than the API's limit is the
    /// API's limit.
    pub limit: usize,
    /// Leave out every row with an error and plan the rest; the rows left out are given back
    /// as a CSV of their own ([`Excluded`]). Problems of the files as a whole still stop the
    /// plan.
    pub exclude_violating: bool,
    /// The contact policy to check every row against.
    pub policy: Option<&'a Policy>,
    /// The ledger the policy counts earlier tasks and calls in.
    pub ledger: Option<&'a Ledger>,
    /// The time the plan is for (default: now): the rolling windows end here, and the day a
    /// task without `sendTime` calls on is this one's.
    pub now_ms: Option<i64>,
    /// Told how far the long steps have got (reading, validating, checking the policy).
    pub progress: Option<OnProgress<'a>>,
}

/// A step of planning, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the CSV: `done` and `total` count bytes.
    Reading,
    /// Validating every row: `done` and `total` count rows (reported when it starts and ends).
    Validating,
    /// Checking every row against the policy and the ledger: rows.
    Checking,
}

/// How far a step has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

/// Where progress is reported: called every few thousand rows.
#[derive(Clone, Copy)]
pub struct OnProgress<'a>(pub &'a dyn Fn(Progress));

impl std::fmt::Debug for OnProgress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnProgress(..)")
    }
}

impl OnProgress<'_> {
    pub(crate) fn tell(&self, stage: Stage, done: u64, total: u64) {
        (self.0)(Progress { stage, done, total })
    }
}

/// The rows a plan left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// How many.
    pub rows: usize,
    /// The header and those rows, byte for byte as they were written.
    pub csv: Vec<u8>,
    /// Why each was left out.
    pub problems: Vec<Problem>,
}

/// The most callees one task may hold (the spec's limit on `numberInfoList`).
pub const MAX_CALLEES: usize = wire::AgentSendRequest::NUMBER_INFO_LIST_MAX_ITEMS;

impl Plan {
    /// Plans `csv` (named `csv_file` in messages) under the campaign file `campaign_text`
    /// (named `campaign_file`). Fails only when the inputs cannot be read at all (a campaign
    /// file with errors, a CSV that is not UTF-8 or lacks a mapped column), with every problem.
    pub fn build(
        campaign_file: &str,
        campaign_text: &str,
        csv_file: &str,
        csv: &[u8],
    ) -> Result<Plan, Vec<Problem>> {
        Plan::build_with(campaign_file, campaign_text, csv_file, csv, Options::default())
    }

    /// [`Plan::build`] with at most `limit` callees a task (smaller tasks are easier to watch
    /// and to cancel); a limit of 0 or above the API's maximum is the API's maximum.
    pub fn build_with_limit(
        campaign_file: &str,
        campaign_text: &str,
        csv_file: &str,
        csv: &[u8],
        limit: usize,
    ) -> Result<Plan, Vec<Problem>> {
        Plan::build_with(campaign_file, campaign_text, csv_file, csv, Options { limit, ..Options::default() })
    }

    /// [`Plan::build`] with `options`.
    pub fn build_with(
        campaign_file: &str,
        campaign_text: &str,
        csv_file: &str,
        csv: &[u8],
        options: Options<'_>,
    ) -> Result<Plan, Vec<Problem>> {
        let limit = if options.limit == 0 { MAX_CALLEES } else { options.limit.min(MAX_CALLEES) };
        let campaign = Campaign::parse(campaign_file, campaign_text)?;
        let table = rows::read(csv_file, csv, &campaign.columns, campaign_file, options.progress)?;
        let no_rows = |problems: &mut Vec<Problem>, what: &str| {
            let message = format!("has no rows{what}: a task needs at least one callee");
            problems.push(Problem::error(csv_file, Place::File, message));
        };
        let mut rows = table.rows;
        let mut problems = table.problems;
        if rows.is_empty() && problems.is_empty() {
            no_rows(&mut problems, "");
        }
        let now = options
            .now_ms
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
            .unwrap_or_else(jiff::Timestamp::now);
        let check = |rows: &mut [Row]| -> Result<Vec<Problem>, Vec<Problem>> {
            let total = rows.len() as u64;
            if let Some(p) = options.progress {
                p.tell(Stage::Validating, 0, total);
            }
            let mut out = validate_rows(&campaign, csv_file, rows);
            if let Some(p) = options.progress {
                p.tell(Stage::Validating, total, total);
            }
            if let Some(policy) = options.policy {
                let found = policy.check(&campaign, csv_file, rows, options.ledger, now, options.progress);
                out.extend(found.map_err(|e| vec![Problem::error(csv_file, Place::File, e.to_string())])?);
            }
            Ok(out)
        };
        problems.extend(check(&mut rows)?);
        let mut excluded = None;
        if options.exclude_violating {
            let row_error = |p: &Problem| match p.place {
                Place::Row { line, .. } if p.is_error() && p.file == csv_file => Some(line),
                _ => None,
            };
            let lines: BTreeSet<u64> = problems.iter().filter_map(row_error).collect();
            let (out, kept): (Vec<Problem>, Vec<Problem>) = problems.into_iter().partition(|p| {
                matches!(p.place, Place::Row { line, .. } if lines.contains(&line)) && p.file == csv_file
            });
            let mut bytes = csv[table.header.clone()].to_vec();
            for (line, span) in &table.records {
                if lines.contains(line) {
                    bytes.extend_from_slice(&csv[span.clone()]);
                }
            }
            rows.retain(|r| !lines.contains(&r.line));
            // The rows left are checked again: a number repeated only by an excluded row is no
            // longer repeated.
            problems = kept.into_iter().filter(|p| !matches!(p.place, Place::Row { .. })).collect();
            if rows.is_empty() {
                no_rows(&mut problems, " left once the violating rows are excluded");
            }
            problems.extend(check(&mut rows)?);
            excluded = Some(Excluded { rows: lines.len(), csv: bytes, problems: out });
        }
        problems.sort_by_key(|p| (p.file != csv_file, line_of(p), p.severity));
        let parts = split(&campaign, rows, limit);
        Ok(Plan { campaign, parts, problems, limit, excluded })
    }

    /// Whether nothing stops it from being sent.
    pub fn is_sendable(&self) -> bool {
        !self.problems.iter().any(Problem::is_error)
    }

    /// How many callees in all.
    pub fn callees(&self) -> usize {
        self.parts.iter().map(Part::callees).sum()
    }

    /// The plan in words: tasks, callees each, names, and the worst-case calls per callee.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} callee(s) in {} task(s) (at most {} callees a task):\n",
            self.callees(),
            self.parts.len(),
            self.limit
        );
        for part in &self.parts {
            out.push_str(&format!(
                "  {}: {} callee(s), CSV lines {}-{}\n",
                part.name,
                part.callees(),
                part.lines.0,
                part.lines.1
            ));
        }
        let calls = self.campaign.worst_case_calls();
        out.push_str(&format!(
            "worst case: {calls} call(s) per callee (the first call{})\n",
            match calls {
                1 => String::new(),
                n => format!(" and {} recall round(s)", n - 1),
            }
        ));
        out
    }
}

fn line_of(p: &Problem) -> u64 {
    match p.place {
        Place::Row { line, .. } => line,
        _ => 0,
    }
}

/// Every row checked as the callees of one request of the campaign's settings (so a number
/// repeated anywhere in the file is found, whichever parts the rows end up in): each violation
/// at its CSV row and column. The API's limit on callees is not a problem here; the plan splits.
fn validate_rows(campaign: &Campaign, csv_file: &str, rows: &mut [Row]) -> Vec<Problem> {
    // The callees move into the request and back out: 250,000 of them are not copied.
    let callees = rows.iter_mut().map(|r| std::mem::take(&mut r.callee)).collect();
    let mut request = campaign.request(&campaign.name, callees);
    let report = request.validate(Some(campaign.scenario));
    for (row, callee) in rows.iter_mut().zip(request.number_info_list.take().unwrap_or_default()) {
        row.callee = callee;
    }
    let rows: &[Row] = rows;
    let errors = report.errors.iter().map(|v| (Severity::Error, v));
    let warnings = report.warnings.iter().map(|v| (Severity::Warning, v));
    errors
        .chain(warnings)
        .filter_map(|(severity, v)| {
            let rest = v.pointer.strip_prefix("/numberInfoList/")?;
            let (index, member) = rest.split_once('/').unwrap_or((rest, "calleeNumber"));
            let row = rows.get(index.parse::<usize>().ok()?)?;
            let member = member.replace("~1", "/").replace("~0", "~");
            let column = campaign.columns.column_of(&member).map(str::to_owned).or(Some(member));
            Some(Problem::new(
                severity,
                csv_file,
                Place::Row { line: row.line, column },
                in_lines(&v.message, rows),
            ))
        })
        .collect()
}

/// A message with each pointer to a callee (`first at /numberInfoList/0/calleeNumber`) told as
/// the CSV line of its row (`first at line 2`).
fn in_lines(message: &str, rows: &[Row]) -> String {
    const CALLEE: &str = "/numberInfoList/";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(CALLEE) {
        out.push_str(&rest[..at]);
        let after = &rest[at + CALLEE.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let end =
            after[digits..].find(|c: char| c.is_whitespace() || c == ')').map_or(after.len(), |e| e + digits);
        match after[..digits].parse::<usize>().ok().and_then(|i| rows.get(i)) {
            Some(row) => out.push_str(&format!("line {}", row.line)),
            None => out.push_str(&rest[at..at + CALLEE.len() + end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The rows in as few parts as `limit` allows, of nearly equal size, in file order.
fn split(campaign: &Campaign, rows: Vec<Row>, limit: usize) -> Vec<Part> {
    let sizes = part_sizes(rows.len(), limit);
    let count = sizes.len();
    let mut rows = rows.into_iter();
    let mut parts = Vec::with_capacity(count);
    for (i, size) in sizes.into_iter().enumerate() {
        let chunk: Vec<Row> = rows.by_ref().take(size).collect();
        let lines = (chunk.first().map_or(0, |r| r.line), chunk.last().map_or(0, |r| r.line));
        let name = part_name(&campaign.name, i + 1, count);
        let request = campaign.request(&name, chunk.into_iter().map(|r| r.callee).collect());
        parts.push(Part { name, lines, request });
    }
    parts
}

/// How many of `rows` each part takes: as few parts as `limit` allows (one, for no rows), the
/// larger ones first, no two differing by more than one.
pub fn part_sizes(rows: usize, limit: usize) -> Vec<usize> {
    let limit = limit.max(1);
    let count = rows.div_ceil(limit).max(1);
    (0..count).map(|i| rows / count + usize::from(i < rows % count)).collect()
}

/// The name of part `i` of `count`: the campaign's own name when there is one part, else
/// `name (i/count)` with the name shortened (at a character boundary) until it is a valid task
/// name, so that every part's name fits the limit and stays unique.
pub fn part_name(name: &str, i: usize, count: usize) -> String {
    if count == 1 {
        return name.to_owned();
    }
    let suffix = format!(" ({i}/{count})");
    let mut base: Vec<char> = name.trim_end().chars().collect();
    loop {
        let candidate = format!("{}{suffix}", base.iter().collect::<String>().trim_end());
        if TaskName::check(&candidate).is_ok() || base.is_empty() {
            return candidate;
        }
        base.pop();
    }
}
