//! A plan: the campaign's callees, every row validated with the request's own rules (problems
//! named by CSV row and column header), split into as few tasks as the API's limit on callees
//! allows, each with a name derived to fit the name's own limit.
//!
//! A plan holds the CSV's bytes and, per row, where its record lies (12 bytes) and its place in
//! the plan (4 bytes); while it is checked, also its number (12 bytes): its memory is about the
//! CSV's size plus 28 bytes a row. A part's request is read again from the bytes when it is
//! written or sent ([`Plan::request`]).

use crate::file::Campaign;
use crate::ledger::{Ledger, Recent};
use crate::numbers::Numbers;
use crate::policy::Policy;
use crate::problem::{Place, Problem, Severity};
use crate::rows::{self, Layout, Record};
use csv::StringRecord;
use itnio_voice::pointer::Path;
use itnio_voice::validate::{Validate, Validator};
use itnio_voice::{ScenarioKind, TaskName, wire};
use std::collections::BTreeSet;
use std::ops::Range;

/// A task of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its task name (`March reminders (2/3)`).
    pub name: String,
    /// The CSV lines of its first and last callee.
    pub lines: (u64, u64),
    /// Its callees, as a range of the plan's rows.
    rows: Range<usize>,
}

impl Part {
    /// How many callees it calls.
    pub fn callees(&self) -> usize {
        self.rows.len()
    }
}

/// A campaign's plan: its parts, and every problem found on the way.
#[derive(Clone, PartialEq)]
pub struct Plan {
    pub campaign: Campaign,
    pub parts: Vec<Part>,
    /// Errors (nothing may be sent while one exists) and warnings, in file order.
    pub problems: Vec<Problem>,
    /// The most callees a part holds.
    pub limit: usize,
    /// The rows left out with [`Options::exclude_violating`].
    pub excluded: Option<Excluded>,
    /// What the ledger holds about the callees, when one was given.
    pub ledger: Option<LedgerSeen>,
    csv: Vec<u8>,
    records: Vec<Record>,
    /// The rows planned, by index into `records`, in file order; parts are ranges of it.
    rows: Vec<u32>,
    layout: Layout,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("campaign", &self.campaign)
            .field("parts", &self.parts)
            .field("problems", &self.problems)
            .field("limit", &self.limit)
            .field("excluded", &self.excluded)
            .field("ledger", &self.ledger)
            .field("csv_bytes", &self.csv.len())
            .finish_non_exhaustive()
    }
}

/// How many of a plan's callees the ledger knows calls for in the last [`LedgerSeen::DAYS`]
/// days, and how many calls: those the reports list, and the worst case of tasks without
/// reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerSeen {
    pub numbers: usize,
    pub calls: u64,
}

impl LedgerSeen {
    /// The days the plan looks back in the ledger for [`Plan::ledger`].
    pub const DAYS: u32 = 7;
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
    /// Checking the rows together (repeated numbers), or reading the rows left after an
    /// exclusion again: `done` and `total` count rows (reported when it starts and ends).
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
        csv: impl Into<Vec<u8>>,
    ) -> Result<Plan, Vec<Problem>> {
        Plan::build_with(campaign_file, campaign_text, csv_file, csv, Options::default())
    }

    /// [`Plan::build`] with at most `limit` callees a task (smaller tasks are easier to watch
    /// and to cancel); a limit of 0 or above the API's maximum is the API's maximum.
    pub fn build_with_limit(
        campaign_file: &str,
        campaign_text: &str,
        csv_file: &str,
        csv: impl Into<Vec<u8>>,
        limit: usize,
    ) -> Result<Plan, Vec<Problem>> {
        Plan::build_with(campaign_file, campaign_text, csv_file, csv, Options { limit, ..Options::default() })
    }

    /// [`Plan::build`] with `options`.
    pub fn build_with(
        campaign_file: &str,
        campaign_text: &str,
        csv_file: &str,
        csv: impl Into<Vec<u8>>,
        options: Options<'_>,
    ) -> Result<Plan, Vec<Problem>> {
        let limit = if options.limit == 0 { MAX_CALLEES } else { options.limit.min(MAX_CALLEES) };
        let campaign = Campaign::parse(campaign_file, campaign_text)?;
        let csv = csv.into();
        let now = options
            .now_ms
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
            .unwrap_or_else(jiff::Timestamp::now);
        // The first pass validates every row as it is read, and keeps none.
        let mut check = Check::new(&campaign, rows::rows_in(&csv));
        let table = rows::read(
            csv_file,
            &csv,
            &campaign.columns,
            campaign_file,
            options.progress,
            |i, layout, record| check.row(i, layout, record),
        )?;
        let no_rows = |problems: &mut Vec<Problem>, what: &str| {
            let message = format!("has no rows{what}: a task needs at least one callee");
            problems.push(Problem::error(csv_file, Place::File, message));
        };
        let mut problems = campaign.warnings.clone();
        if table.rows.is_empty() && table.problems.is_empty() {
            no_rows(&mut problems, "");
        }
        problems.extend(table.problems);
        let context = Context { campaign: &campaign, csv_file, records: &table.records, options, now };
        let (found, mut seen) = check.finish(&context, &table.rows)?;
        problems.extend(found);
        let mut rows = table.rows;
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
            for (i, record) in table.records.iter().enumerate() {
                if lines.contains(&record.line()) {
                    bytes.extend_from_slice(&csv[rows::span(&table.records, i, csv.len())]);
                }
            }
            rows.retain(|&r| !lines.contains(&table.records[r as usize].line()));
            // The rows left are checked again: a number repeated only by an excluded row is no
            // longer repeated.
            problems = kept.into_iter().filter(|p| !matches!(p.place, Place::Row { .. })).collect();
            if rows.is_empty() {
                no_rows(&mut problems, " left once the violating rows are excluded");
            }
            let mut again = Check::new(&campaign, rows.len());
            if let Some(p) = options.progress {
                p.tell(Stage::Validating, 0, rows.len() as u64);
            }
            rows::scan(&csv, &table.records, &rows, |i, record| again.row(i, &table.layout, record));
            let (found, seen_again) = again.finish(&context, &rows)?;
            problems.extend(found);
            seen = seen_again;
            excluded = Some(Excluded { rows: lines.len(), csv: bytes, problems: out });
        }
        problems.sort_by_key(|p| (p.file != csv_file, line_of(p), p.severity));
        let parts = split(&campaign.name, &table.records, &rows, limit);
        let (records, layout) = (table.records, table.layout);
        Ok(Plan { campaign, parts, problems, limit, excluded, ledger: seen, csv, records, rows, layout })
    }

    /// The request of `part` (one of [`Plan::parts`]), its callees read again from the CSV.
    pub fn request(&self, part: &Part) -> wire::AgentSendRequest {
        let rows = &self.rows[part.rows.clone()];
        let mut callees = Vec::with_capacity(rows.len());
        rows::scan(&self.csv, &self.records, rows, |_, record| callees.push(self.layout.callee(record)));
        self.campaign.request(&part.name, callees)
    }

    /// Writes `part`'s request as pretty JSON, the same bytes as `serde_json::to_writer_pretty`
    /// of [`Plan::request`], reading one callee at a time from the CSV: a part of 200,000
    /// callees is written without holding them (some 360 MB as a request).
    pub fn write_request(&self, part: &Part, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        // The request without callees, pretty: the list is written into its empty brackets.
        let shell = serde_json::to_string_pretty(&self.campaign.request(&part.name, Vec::new()))?;
        const LIST: &str = "\n  \"numberInfoList\": [";
        let Some(at) = shell.find(LIST).map(|at| at + LIST.len()) else {
            return Err(std::io::Error::other("the request has no numberInfoList to write callees into"));
        };
        out.write_all(&shell.as_bytes()[..at])?;
        let rows = &self.rows[part.rows.clone()];
        let (mut item, mut alone, mut failed) = (Vec::new(), Vec::new(), None);
        rows::scan(&self.csv, &self.records, rows, |i, record| {
            if failed.is_some() {
                return;
            }
            item.clear();
            item.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            // An item of the list is two levels in: each of its lines is indented by four more
            // spaces than when it is written alone.
            alone.clear();
            if let Err(e) = serde_json::to_writer_pretty(&mut alone, &self.layout.callee(record)) {
                failed = Some(std::io::Error::from(e));
                return;
            }
            for (n, line) in alone.split(|&b| b == b'\n').enumerate() {
                if n > 0 {
                    item.push(b'\n');
                }
                item.extend_from_slice(b"    ");
                item.extend_from_slice(line);
            }
            if let Err(e) = out.write_all(&item) {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        if !rows.is_empty() {
            out.write_all(b"\n  ")?;
        }
        out.write_all(&shell.as_bytes()[at..])
    }

    /// Calls `f` with the callee number of each of `part`'s callees, in order.
    pub fn callee_numbers(&self, part: &Part, mut f: impl FnMut(&str)) {
        let rows = &self.rows[part.rows.clone()];
        rows::scan(&self.csv, &self.records, rows, |_, record| f(self.layout.number(record)));
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

/// What both checks of a plan's rows share.
struct Context<'a> {
    campaign: &'a Campaign,
    csv_file: &'a str,
    records: &'a [Record],
    options: Options<'a>,
    now: jiff::Timestamp,
}

/// Rows checked as the callees of one request of the campaign's settings (so a number repeated
/// anywhere in the file is found, whichever parts the rows end up in), each as it is read: the
/// validator keeps only what it finds, and the numbers are kept for the repeats and the policy.
/// The API's limit on callees is not a problem here; the plan splits.
struct Check {
    validator: Validator,
    numbers: Numbers,
}

impl Check {
    fn new(campaign: &Campaign, rows: usize) -> Check {
        Check {
            validator: ScenarioKind::validator(Some(campaign.scenario)),
            numbers: Numbers::with_capacity(rows, campaign.columns.zone.is_some()),
        }
    }

    /// Row `i` of the rows checked.
    fn row(&mut self, i: usize, layout: &Layout, record: &StringRecord) {
        let callee = layout.callee(record);
        let root = Path::Root;
        let list = root.field("numberInfoList");
        callee.validate_at(&list.index(i), &mut self.validator);
        self.numbers.push(i, layout.number(record), layout.zone(record));
    }

    /// Every problem of the rows `rows` (by index into the records), each at its CSV row and
    /// column: the validator's, the repeated numbers, and the policy's against the ledger.
    fn finish(
        mut self,
        cx: &Context<'_>,
        rows: &[u32],
    ) -> Result<(Vec<Problem>, Option<LedgerSeen>), Vec<Problem>> {
        let options = cx.options;
        if let Some(p) = options.progress {
            p.tell(Stage::Validating, 0, rows.len() as u64);
        }
        self.numbers.sort();
        let root = Path::Root;
        let list = root.field("numberInfoList");
        for unique in wire::AgentSendRequest::NUMBER_INFO_LIST_UNIQUE {
            // The only item member a CSV row's key can be is its number.
            if unique.field != "calleeNumber" {
                continue;
            }
            let _ = self.numbers.each(|_, holders| {
                for &later in &holders[1..] {
                    unique.report(&mut self.validator, &list, later as usize, holders[0] as usize);
                }
                Ok::<_, ()>(())
            });
        }
        let report = self.validator.finish();
        let line = |i: usize| rows.get(i).map(|&r| cx.records[r as usize].line());
        let mut out = violations(cx.campaign, cx.csv_file, &report, &line);
        if let Some(p) = options.progress {
            p.tell(Stage::Validating, rows.len() as u64, rows.len() as u64);
        }
        let mut checking =
            options.policy.map(|p| p.checking(cx.campaign, cx.csv_file, options.ledger.is_some(), cx.now));
        let seen_since = cx.now.as_millisecond() - i64::from(LedgerSeen::DAYS) * 86_400_000;
        if checking.is_none() && options.ledger.is_none() {
            return Ok((out, None));
        }
        let since = checking.as_ref().and_then(|c| c.since()).map_or(seen_since, |s| s.min(seen_since));
        let mut seen = LedgerSeen { numbers: 0, calls: 0 };
        let (total, mut done) = (rows.len() as u64, 0u64);
        let numbers = &self.numbers;
        let mut each = |number: &str, holders: &[u32], recent: &Recent| {
            if let Some(p) = options.progress
                && done / rows::PROGRESS_EVERY as u64
                    != (done + holders.len() as u64) / rows::PROGRESS_EVERY as u64
            {
                p.tell(Stage::Checking, done, total);
            }
            done += holders.len() as u64;
            let calls = recent.calls_since(seen_since);
            if calls > 0 {
                seen.numbers += 1;
                seen.calls += u64::from(calls);
            }
            if let Some(checking) = checking.as_mut() {
                let at = |r: &u32| (line(*r as usize).unwrap_or(0), numbers.zone(*r));
                checking.number(number, holders.iter().map(at), recent, &mut out);
            }
        };
        match options.ledger {
            None => {
                let none = Recent::default();
                let _ = numbers.each(|number, holders| {
                    each(number, holders, &none);
                    Ok::<_, ()>(())
                });
            }
            Some(ledger) => {
                read_ledger(ledger, since, numbers, rows.len(), &mut each)
                    .map_err(|e| file_error(cx.csv_file, e))?;
            }
        }
        if let Some(p) = options.progress {
            p.tell(Stage::Checking, total, total);
        }
        Ok((out, options.ledger.map(|_| seen)))
    }
}

/// What the ledger holds about a block of consecutive numbers, in their order.
#[derive(Default)]
struct Block {
    /// Per number, where its tasks and its calls end in the lists below.
    ends: Vec<(usize, usize)>,
    tasks: Vec<(Option<i64>, i64, u32, std::sync::Arc<str>)>,
    calls: Vec<(Option<i64>, Option<i64>)>,
}

/// Numbers a block holds.
const BLOCK: usize = 1024;

/// Why a reader of the ledger stopped.
enum Stop {
    Ledger(crate::ledger::LedgerError),
    /// The plan no longer waits for it (it stopped at an error of its own).
    Unread,
}

/// Calls `each` with every number of `numbers` (in order), its rows, and what the ledger holds
/// about it since `since`. Reading the ledger is most of a policy check's time (a seek in two
/// indexes per number, the numbers in order so that each seek reads the pages the one before
/// it read): for more than a few blocks of rows, blocks of numbers are read on as many threads
/// as the machine has cores (at most 4), each on a read-only connection of its own, and taken
/// in order here. Each reader sees the ledger as it was when it began.
fn read_ledger(
    ledger: &Ledger,
    since: i64,
    numbers: &Numbers,
    rows: usize,
    each: &mut dyn FnMut(&str, &[u32], &Recent),
) -> Result<(), crate::ledger::LedgerError> {
    let workers = if rows < 4 * BLOCK {
        0
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
    };
    if workers == 0 {
        let mut probe = ledger.probe(since)?;
        let mut recent = Recent::default();
        return numbers.each(|number, holders| {
            probe.read(number, &mut recent)?;
            each(number, holders, &recent);
            Ok(())
        });
    }
    let readers = (0..workers).map(|_| ledger.reader()).collect::<Result<Vec<_>, _>>()?;
    std::thread::scope(|scope| {
        let mut blocks = Vec::with_capacity(workers);
        for (worker, reader) in readers.into_iter().enumerate() {
            let (send, receive) =
                std::sync::mpsc::sync_channel::<Result<Block, crate::ledger::LedgerError>>(2);
            blocks.push(receive);
            scope.spawn(move || {
                let read = || -> Result<(), Stop> {
                    let mut probe = reader.probe(since).map_err(Stop::Ledger)?;
                    let (mut block, mut recent, mut g) = (Block::default(), Recent::default(), 0usize);
                    numbers.each(|number, _| {
                        let mine = (g / BLOCK) % workers == worker;
                        g += 1;
                        if mine {
                            probe.read(number, &mut recent).map_err(Stop::Ledger)?;
                            block.tasks.append(&mut recent.tasks);
                            block.calls.append(&mut recent.calls);
                            block.ends.push((block.tasks.len(), block.calls.len()));
                            if g % BLOCK == 0 {
                                send.send(Ok(std::mem::take(&mut block))).map_err(|_| Stop::Unread)?;
                            }
                        }
                        Ok(())
                    })?;
                    if !block.ends.is_empty() {
                        send.send(Ok(block)).map_err(|_| Stop::Unread)?;
                    }
                    Ok(())
                };
                if let Err(Stop::Ledger(e)) = read() {
                    let _ = send.send(Err(e));
                }
            });
        }
        let (mut block, mut at, mut g) = (Block::default(), 0usize, 0usize);
        let mut recent = Recent::default();
        numbers.each(|number, holders| {
            if g % BLOCK == 0 {
                block = match blocks[(g / BLOCK) % workers].recv() {
                    Ok(read) => read?,
                    Err(_) => return Err(ledger.error_text("a reader of the ledger stopped".to_owned())),
                };
                at = 0;
            }
            let (t0, c0) = if at == 0 { (0, 0) } else { block.ends[at - 1] };
            let Some(&(t1, c1)) = block.ends.get(at) else {
                return Err(
                    ledger.error_text("a reader of the ledger gave fewer numbers than asked".to_owned())
                );
            };
            recent.tasks.clear();
            recent.tasks.extend_from_slice(&block.tasks[t0..t1]);
            recent.calls.clear();
            recent.calls.extend_from_slice(&block.calls[c0..c1]);
            each(number, holders, &recent);
            at += 1;
            g += 1;
            Ok(())
        })
    })
}

fn file_error(csv_file: &str, e: crate::ledger::LedgerError) -> Vec<Problem> {
    vec![Problem::error(csv_file, Place::File, e.to_string())]
}

/// The validator's findings below `numberInfoList`, each at its CSV row (`line` gives the line
/// of a callee's index) and column.
fn violations(
    campaign: &Campaign,
    csv_file: &str,
    report: &itnio_voice::Report,
    line: &dyn Fn(usize) -> Option<u64>,
) -> Vec<Problem> {
    let errors = report.errors.iter().map(|v| (Severity::Error, v));
    let warnings = report.warnings.iter().map(|v| (Severity::Warning, v));
    errors
        .chain(warnings)
        .filter_map(|(severity, v)| {
            let rest = v.pointer.strip_prefix("/numberInfoList/")?;
            let (index, member) = rest.split_once('/').unwrap_or((rest, "calleeNumber"));
            let at = line(index.parse::<usize>().ok()?)?;
            let member = member.replace("~1", "/").replace("~0", "~");
            let column = campaign.columns.column_of(&member).map(str::to_owned).or(Some(member));
            Some(Problem::new(
                severity,
                csv_file,
                Place::Row { line: at, column },
                in_lines(&v.message, line),
            ))
        })
        .collect()
}

/// A message with each pointer to a callee (`first at /numberInfoList/0/calleeNumber`) told as
/// the CSV line of its row (`first at line 2`).
fn in_lines(message: &str, line: &dyn Fn(usize) -> Option<u64>) -> String {
    const CALLEE: &str = "/numberInfoList/";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(CALLEE) {
        out.push_str(&rest[..at]);
        let after = &rest[at + CALLEE.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let end =
            after[digits..].find(|c: char| c.is_whitespace() || c == ')').map_or(after.len(), |e| e + digits);
        match after[..digits].parse::<usize>().ok().and_then(line) {
            Some(l) => out.push_str(&format!("line {l}")),
            None => out.push_str(&rest[at..at + CALLEE.len() + end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The rows in as few parts as `limit` allows, of nearly equal size, in file order.
fn split(name: &str, records: &[Record], rows: &[u32], limit: usize) -> Vec<Part> {
    let sizes = part_sizes(rows.len(), limit);
    let count = sizes.len();
    let mut parts = Vec::with_capacity(count);
    let mut from = 0;
    for (i, size) in sizes.into_iter().enumerate() {
        let range = from..from + size;
        let line = |r: Option<&u32>| r.map_or(0, |&r| records[r as usize].line());
        let lines = (line(rows[range.clone()].first()), line(rows[range.clone()].last()));
        parts.push(Part { name: part_name(name, i + 1, count), lines, rows: range });
        from += size;
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
