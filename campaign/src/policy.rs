//! The contact policy (YAML): what no campaign may do to a number, whichever task calls it. Each
//! rule has a severity: an error refuses the plan (or, with `--exclude-violating`, leaves the
//! row out), a warning is printed.
//!
//! ```yaml
//! max_calls: {calls: 7, days: 7}              # at most 7 calls per number in any 7 days
//! one_task_per_day: {}                        # at most one task per number per local day
//! local_hours:                                # when a callee may be called, in their own zone
//!   from: "08:00"
//!   to: "20:00"
//!   zones:                                    # by number prefix (country calling code, area)
//!     - {prefix: "62", zone: Asia/Jakarta}
//!     - {prefix: "6281", zone: Asia/Makassar}   # the longest prefix wins
//!   default_zone: Asia/Jakarta                # for the rest (optional)
//! do_not_call: {file: dnc.txt}                # one number a line
//! ```
//!
//! Send windows (`allowSendTime`) and `sendTime` are in the server's zone (spec: quirk
//! `local_date_time_zone`, read as UTC+8, `LocalDateTime::UTC_OFFSET_SECONDS`); each is turned
//! into the callee's zone on the day the task is planned for (its `sendTime`, else today), so
//! daylight saving time is counted. Time zones come from the IANA database bundled in the
//! binary (jiff), so a plan does not depend on the machine's copy.

use crate::file::Campaign;
use crate::ledger::Recent;
use crate::problem::{Place, Problem, Severity};
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{Offset, TimeZone};
use serde_json::Value;
use std::collections::HashSet;

/// A map with a fast hash: its keys (zone names, numbers) are not chosen by an attacker here.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use std::path::Path;

/// A checked policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub max_calls: Option<MaxCalls>,
    pub one_task_per_day: Option<Severity>,
    pub local_hours: Option<LocalHours>,
    pub do_not_call: Option<DoNotCall>,
}

/// At most `calls` calls per number in any `days` days: the ledger's calls (reported, or the
/// worst case of tasks without reports) plus this campaign's worst case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaxCalls {
    pub calls: u32,
    pub days: u32,
    pub severity: Severity,
}

/// The local hours a callee may be called in.
#[derive(Debug, Clone)]
pub struct LocalHours {
    pub from: Time,
    pub to: Time,
    /// Number prefix → zone (with its name); the longest matching prefix wins.
    pub zones: Vec<(String, String, TimeZone)>,
    pub default_zone: Option<(String, TimeZone)>,
    pub severity: Severity,
}

/// Numbers never to call.
#[derive(Debug, Clone)]
pub struct DoNotCall {
    pub file: String,
    pub numbers: HashSet<String>,
    pub severity: Severity,
}

pub use itnio_receiver::mask;

fn severity(file: &str, key: &str, rule: &Value, problems: &mut Vec<Problem>) -> Severity {
    match rule.get("severity").and_then(Value::as_str) {
        None | Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some(other) => {
            problems.push(Problem::error(
                file,
                Place::Key(format!("{key}.severity")),
                format!("must be error or warning, not {other:?}"),
            ));
            Severity::Error
        }
    }
}

fn clock(text: Option<&Value>) -> Option<Time> {
    let text = text?.as_str()?;
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

impl Policy {
    /// Reads and checks a policy file; `file` names it in messages and `dir` is where a
    /// do-not-call file it names is looked for. Every problem is reported.
    pub fn parse(file: &str, text: &str, dir: &Path) -> Result<Policy, Vec<Problem>> {
        let key = |k: &str| Place::Key(k.to_owned());
        let value: Value = match serde_yaml::from_str::<serde_yaml::Value>(text).map(serde_json::to_value) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                return Err(vec![Problem::error(file, key(""), format!("cannot be read as data: {e}"))]);
            }
            Err(e) => return Err(vec![Problem::error(file, key(""), format!("not YAML: {e}"))]),
        };
        let Value::Object(top) = value else {
            return Err(vec![Problem::error(file, key(""), "must be a mapping of rules")]);
        };
        let mut problems = Vec::new();
        let known = ["max_calls", "one_task_per_day", "local_hours", "do_not_call"];
        for k in top.keys().filter(|k| !known.contains(&k.as_str())) {
            problems.push(Problem::error(file, key(k), format!("is not a rule ({})", known.join(", "))));
        }
        let max_calls = top.get("max_calls").and_then(|rule| {
            let number = |k: &str| {
                rule.get(k).and_then(Value::as_u64).filter(|n| (1..=u64::from(u32::MAX)).contains(n))
            };
            let severity = severity(file, "max_calls", rule, &mut problems);
            match (number("calls"), number("days")) {
                (Some(calls), Some(days)) => {
                    Some(MaxCalls { calls: calls as u32, days: days as u32, severity })
                }
                _ => {
                    problems.push(Problem::error(
                        file,
                        key("max_calls"),
                        "needs calls and days, each a whole number of at least 1",
                    ));
                    None
                }
            }
        });
        let one_task_per_day =
            top.get("one_task_per_day").map(|rule| severity(file, "one_task_per_day", rule, &mut problems));
        let local_hours = top.get("local_hours").and_then(|rule| {
            let severity = severity(file, "local_hours", rule, &mut problems);
            let (from, to) = (clock(rule.get("from")), clock(rule.get("to")));
            let (Some(from), Some(to)) = (from, to) else {
                problems.push(Problem::error(file, key("local_hours"), "needs from and to, each HH:MM"));
                return None;
            };
            if from >= to {
                problems.push(Problem::error(
                    file,
                    key("local_hours"),
                    format!("from {} is not before to {}: no hour is left to call in", hhmm(from), hhmm(to)),
                ));
                return None;
            }
            let mut zones = Vec::new();
            for (i, z) in rule.get("zones").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let at = format!("local_hours.zones[{i}]");
                let prefix = z
                    .get("prefix")
                    .and_then(Value::as_str)
                    .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                let name = z.get("zone").and_then(Value::as_str);
                match (prefix, name.map(|n| (n, zone(n)))) {
                    (Some(p), Some((n, Some(tz)))) => zones.push((p.to_owned(), n.to_owned(), tz)),
                    (None, _) => problems.push(Problem::error(
                        file,
                        key(&format!("{at}.prefix")),
                        "must be the digits a number starts with",
                    )),
                    (_, Some((n, None))) => problems.push(Problem::error(
                        file,
                        key(&format!("{at}.zone")),
                        format!("{n:?} is not an IANA time zone"),
                    )),
                    (_, None) => problems.push(Problem::error(
                        file,
                        key(&format!("{at}.zone")),
                        "is required: an IANA time zone such as Asia/Jakarta",
                    )),
                }
            }
            zones.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            let default_zone = match rule.get("default_zone").and_then(Value::as_str) {
                Some(n) => match zone(n) {
                    Some(tz) => Some((n.to_owned(), tz)),
                    None => {
                        problems.push(Problem::error(
                            file,
                            key("local_hours.default_zone"),
                            format!("{n:?} is not an IANA time zone"),
                        ));
                        None
                    }
                },
                None => None,
            };
            Some(LocalHours { from, to, zones, default_zone, severity })
        });
        let do_not_call = top.get("do_not_call").and_then(|rule| {
            let severity = severity(file, "do_not_call", rule, &mut problems);
            let Some(name) = rule.get("file").and_then(Value::as_str) else {
                problems.push(Problem::error(
                    file,
                    key("do_not_call.file"),
                    "is required: a file of numbers, one a line",
                ));
                return None;
            };
            match std::fs::read_to_string(dir.join(name)) {
                Ok(text) => {
                    let numbers = text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_owned)
                        .collect();
                    Some(DoNotCall { file: name.to_owned(), numbers, severity })
                }
                Err(e) => {
                    problems.push(Problem::error(file, key("do_not_call.file"), format!("{name}: {e}")));
                    None
                }
            }
        });
        match problems.is_empty() {
            true => Ok(Policy { max_calls, one_task_per_day, local_hours, do_not_call }),
            false => Err(problems),
        }
    }

    /// Starts checking the rows of a campaign against the policy at `now`; `with_ledger` says
    /// whether a ledger tells what earlier tasks did (without one, only this campaign counts).
    pub(crate) fn checking<'a>(
        &'a self,
        campaign: &'a Campaign,
        csv_file: &'a str,
        with_ledger: bool,
        now: Timestamp,
    ) -> Checking<'a> {
        let server = TimeZone::fixed(
            Offset::from_seconds(itnio_voice::LocalDateTime::UTC_OFFSET_SECONDS).unwrap_or(Offset::UTC),
        );
        let start = planned_start(campaign, &server, now);
        let day = start.date();
        let windows = send_windows(campaign);
        // The moment the first call may come: the first window's start on the planned day.
        let first_call = windows
            .first()
            .and_then(|(s, _)| day.to_datetime(*s).to_zoned(server.clone()).ok())
            .unwrap_or(start);
        let since_calls =
            self.max_calls.as_ref().map(|r| now.as_millisecond() - i64::from(r.days) * 86_400_000);
        // The tasks of the days around the planned one.
        let since_tasks = first_call.timestamp().as_millisecond() - 2 * 86_400_000;
        Checking {
            policy: self,
            csv_file,
            column: Some(campaign.columns.callee_number.clone()),
            zone_column: campaign.columns.zone.clone(),
            planned: campaign.worst_case_calls(),
            day,
            windows,
            server_day: LocalDay::of(&first_call, &server),
            server,
            first_call,
            since_calls,
            since_tasks,
            with_ledger,
            zones: HashMap::default(),
        }
    }
}

/// A policy being checked for one plan: what the checks of every number share.
pub(crate) struct Checking<'a> {
    policy: &'a Policy,
    csv_file: &'a str,
    column: Option<String>,
    zone_column: Option<String>,
    /// This campaign's worst-case calls per callee.
    planned: u32,
    server: TimeZone,
    day: Date,
    windows: Vec<(Time, Time)>,
    first_call: jiff::Zoned,
    /// The server's day of the first call, for a plan without local hours.
    server_day: LocalDay,
    since_calls: Option<i64>,
    since_tasks: i64,
    with_ledger: bool,
    /// What depends only on the callee's zone, worked out once a zone: its local day of the
    /// first call, and what its local hours say of the send windows.
    zones: HashMap<String, Result<Zone, String>>,
}

impl Checking<'_> {
    /// Since when the ledger's tasks and calls matter to the policy; `None` when no rule reads
    /// the ledger.
    pub(crate) fn since(&self) -> Option<i64> {
        let p = self.policy;
        (p.max_calls.is_some() || p.one_task_per_day.is_some())
            .then(|| self.since_calls.map_or(self.since_tasks, |s| s.min(self.since_tasks)))
    }

    /// Checks `number`, held by the rows `rows` (each its line and zone cell), against the
    /// policy, given what the ledger holds about it (`known`, read since [`Checking::since`]):
    /// each breach at its row, with the number masked.
    pub(crate) fn number<'z>(
        &mut self,
        number: &str,
        rows: impl Iterator<Item = (u64, Option<&'z str>)>,
        known: &Recent,
        out: &mut Vec<Problem>,
    ) {
        let policy = self.policy;
        // Masked only for a message: most numbers break nothing.
        let masked = || mask(number);
        // What holds for the number whatever its row: the do-not-call list and the calls.
        let mut for_number: Vec<(Severity, String)> = Vec::new();
        if let Some(dnc) = &policy.do_not_call
            && dnc.numbers.contains(number)
        {
            for_number
                .push((dnc.severity, format!("{} is on the do-not-call list ({})", masked(), dnc.file)));
        }
        let planned = self.planned;
        match (&policy.max_calls, self.since_calls) {
            (Some(rule), Some(since)) if self.with_ledger => {
                let before = known.calls_since(since);
                if before + planned > rule.calls {
                    for_number.push((
                        rule.severity,
                        format!(
                            "{}: {before} call(s) in the last {} days + {planned} planned > {}",
                            masked(),
                            rule.days,
                            rule.calls
                        ),
                    ));
                }
            }
            (Some(rule), _) if planned > rule.calls => {
                for_number.push((rule.severity, format!("{}: {planned} planned > {}", masked(), rule.calls)));
            }
            _ => {}
        }
        let csv_file = self.csv_file;
        for (line, zone_cell) in rows {
            let place = |column: &Option<String>| Place::Row { line, column: column.clone() };
            let mut found = |severity, place: Place, message: String| {
                out.push(Problem::new(severity, csv_file, place, message))
            };
            for (severity, message) in &for_number {
                found(*severity, place(&self.column), message.clone());
            }
            let zone = match &policy.local_hours {
                None => None,
                Some(rule) => {
                    let key = zone_key(rule, zone_cell, number);
                    // Looked up before it is inserted: most rows share a few zones, and a key is
                    // allocated only for a zone not seen yet.
                    if !self.zones.contains_key(key) {
                        let zone = Zone::new(
                            rule,
                            zone_cell,
                            number,
                            &self.windows,
                            self.day,
                            &self.server,
                            &self.first_call,
                        );
                        self.zones.insert(key.to_owned(), zone);
                    }
                    match &self.zones[key] {
                        Ok(zone) => Some(zone),
                        Err(message) => {
                            // A zone given but unknown is the zone cell's fault; no zone at all,
                            // the number's.
                            let at = match zone_cell {
                                Some(_) => place(&self.zone_column),
                                None => place(&self.column),
                            };
                            found(rule.severity, at, message.replace("{number}", &masked()));
                            continue;
                        }
                    }
                }
            };
            if let (Some(severity), true) = (policy.one_task_per_day, self.with_ledger) {
                // Without local hours, days are the server's.
                let (day, named) = match zone {
                    Some(z) => (&z.day, Some(&z.name)),
                    None => (&self.server_day, None),
                };
                let same_day = known.tasks.iter().find(|(_, recorded, ..)| day.millis.contains(recorded));
                if let Some((.., name)) = same_day {
                    let named = named.map(|n| format!(" ({n})")).unwrap_or_default();
                    let message = format!("{} already has task {name:?} on {}{named}", masked(), day.date);
                    found(severity, place(&self.column), message);
                }
            }
            let (Some(rule), Some(zone)) = (&policy.local_hours, zone) else { continue };
            for message in &zone.hours {
                found(rule.severity, place(&self.column), message.clone());
            }
        }
    }
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// When the task starts calling, in the server's zone: its `sendTime`, else now.
fn planned_start(campaign: &Campaign, server: &TimeZone, now: Timestamp) -> jiff::Zoned {
    let send_time = campaign
        .task
        .get("sendTime")
        .and_then(Value::as_str)
        .and_then(|s| s.replace(' ', "T").parse::<jiff::civil::DateTime>().ok())
        .and_then(|d| d.to_zoned(server.clone()).ok());
    send_time.unwrap_or_else(|| now.to_zoned(server.clone()))
}

/// The task's send windows, server time; none means any hour.
fn send_windows(campaign: &Campaign) -> Vec<(Time, Time)> {
    campaign
        .task
        .get("allowSendTime")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|w| Some((clock(w.get("strTime"))?, clock(w.get("endTime"))?)))
        .collect()
}

/// A day in a zone: its date, and the instants it spans (epoch milliseconds), so that whether
/// a time falls on it is two comparisons.
struct LocalDay {
    date: Date,
    millis: std::ops::Range<i64>,
}

impl LocalDay {
    /// The day `at` falls on in `tz` (days of 23 or 25 hours included).
    fn of(at: &jiff::Zoned, tz: &TimeZone) -> LocalDay {
        let date = at.with_time_zone(tz.clone()).date();
        let start = |d: Date| d.to_zoned(tz.clone()).map(|z| z.timestamp().as_millisecond());
        let millis = match (start(date), date.tomorrow().map(start)) {
            (Ok(s), Ok(Ok(e))) => s..e,
            _ => 0..0,
        };
        LocalDay { date, millis }
    }
}

/// A callee's zone and what follows from it for a plan.
struct Zone {
    name: String,
    /// The local day of the plan's first call.
    day: LocalDay,
    /// What the local hours say of the send windows there (nothing when they fit).
    hours: Vec<String>,
}

impl Zone {
    /// The zone of a row's callee (its zone column, else the longest prefix, else the
    /// default), or why there is none (with `{number}` for the masked number).
    fn new(
        rule: &LocalHours,
        zone_cell: Option<&str>,
        number: &str,
        windows: &[(Time, Time)],
        day: Date,
        server: &TimeZone,
        first_call: &jiff::Zoned,
    ) -> Result<Zone, String> {
        let (name, tz) = if let Some(name) = zone_cell.filter(|z| !z.is_empty()) {
            (name.to_owned(), zone(name).ok_or_else(|| format!("{name:?} is not an IANA time zone"))?)
        } else if let Some((_, name, tz)) = rule.zones.iter().find(|(p, ..)| number.starts_with(p.as_str())) {
            (name.clone(), tz.clone())
        } else if let Some((name, tz)) = &rule.default_zone {
            (name.clone(), tz.clone())
        } else {
            return Err("{number}: no time zone for this number (no zone prefix matches, and the policy has no default_zone)".to_owned());
        };
        let hours = local_hours(rule, windows, day, server, &tz, &name);
        Ok(Zone { day: LocalDay::of(first_call, &tz), name, hours })
    }
}

/// What a row's zone is decided by, as a key of the per-zone cache: its zone column, else the
/// prefix that matches, else the default (a number matching no prefix without a default is
/// its own key, so the message names it).
fn zone_key<'a>(rule: &'a LocalHours, zone_cell: Option<&'a str>, number: &'a str) -> &'a str {
    if let Some(name) = zone_cell.filter(|z| !z.is_empty()) {
        return name;
    }
    match rule.zones.iter().find(|(p, ..)| number.starts_with(p.as_str())) {
        Some((_, name, _)) => name,
        None => match &rule.default_zone {
            Some((name, _)) => name,
            None => "",
        },
    }
}

/// Each send window turned into the callee's zone on the planned day, with what breaks the
/// local hours.
fn local_hours(
    rule: &LocalHours,
    windows: &[(Time, Time)],
    day: Date,
    server: &TimeZone,
    tz: &TimeZone,
    zone_name: &str,
) -> Vec<String> {
    let allowed = format!("{}-{}", hhmm(rule.from), hhmm(rule.to));
    if windows.is_empty() {
        return vec![format!(
            "no allowSendTime: the task may call at any hour, and {zone_name} allows {allowed}"
        )];
    }
    let mut out = Vec::new();
    for &(start, end) in windows {
        let on = |t: Time, next: bool| {
            let date: Date = if next { day.tomorrow().unwrap_or(day) } else { day };
            date.to_datetime(t).to_zoned(server.clone()).map(|z| z.with_time_zone(tz.clone()))
        };
        let (Ok(s), Ok(e)) = (on(start, false), on(end, end < start)) else { continue };
        let server_text = format!("{}-{}", hhmm(start), hhmm(end));
        let local = format!("{}-{}", hhmm(s.time()), hhmm(e.time()));
        let offset = itnio_voice::LocalDateTime::UTC_OFFSET_SECONDS / 3600;
        let head =
            format!("allowSendTime {server_text} (server time, UTC{offset:+}) is {local} in {zone_name}");
        if s.date() != e.date() {
            out.push(format!("{head}, across midnight; {zone_name} allows {allowed}"));
        } else if s.time() < rule.from {
            out.push(format!("{head}, before {}", hhmm(rule.from)));
        } else if e.time() > rule.to {
            out.push(format!("{head}, after {}", hhmm(rule.to)));
        }
    }
    out
}
