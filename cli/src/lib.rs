//! What `itnio` does with a file's bytes, apart from the process around it: the checks behind
//! `validate`, `send` and `reports parse`. Each returns an [`Outcome`] (exit code and the text
//! for stdout and stderr) instead of printing, so that the binary, the tests and the fuzz
//! targets run the same code.
//!
//! Exit codes: 0 success; 1 the content is invalid; 2 the bytes are not JSON.
//!
//! ```
//! use itnio_cli::{Format, validate_request};
//! use itnio_voice::ScenarioKind;
//!
//! let body = br#"{"appId": "2Xql9RBI", "taskName": "March", "agentId": 41,
//!                 "numberInfoList": [{"calleeNumber": "12345"}]}"#;
//! let outcome = validate_request("campaign.json", body, Some(ScenarioKind::Marketing), Format::Text);
//! assert_eq!(outcome.code, 1);
//! assert!(outcome.stdout.starts_with("/numberInfoList/0/calleeNumber: must be 6 to 18 digits long"));
//! ```

pub mod campaign;
pub mod dashboard;
pub mod ledger;
pub mod lifecycle;
pub mod logging;
pub mod reports;

/// What `itnio --version` prints after the name: the crate's version and the spec the SDK was
/// generated from (`itnio_voice::SPEC_DIGEST`), so that a bug report says which transcription
/// of ITNIO's docs the binary followed.
pub fn version() -> &'static str {
    static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("{} (spec {})", env!("CARGO_PKG_VERSION"), itnio_voice::SPEC_DIGEST)
    });
    &VERSION
}

use itnio_voice::SCENARIO_CHECKS;
use itnio_voice::validate::{ParseError, count};
use itnio_voice::{Report, ScenarioKind, StatusReport, Violation, wire};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::time::Duration;

/// What a command prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The exit code: 0, 1 or 2.
    pub code: u8,
    /// For stdout: one line per violation, starting with its JSON Pointer.
    pub stdout: String,
    /// For stderr: warnings and the summary line.
    pub stderr: String,
}

/// How `itnio validate` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: one line per error on stdout (pointer first), warnings and a summary on
    /// stderr.
    #[default]
    Text,
    /// For machines: one JSON document on stdout (see the README).
    Json,
}

/// `itnio validate`: checks a request body, reading the callees as they are parsed without
/// keeping them (memory stays near the input's size). `name` is how messages name the file.
pub fn validate_request(name: &str, bytes: &[u8], scenario: Option<ScenarioKind>, format: Format) -> Outcome {
    let started = std::time::Instant::now();
    let result = wire::AgentSendRequest::validate_json(bytes, scenario);
    captured(|out, err| write_validation(name, scenario, format, result, started.elapsed(), out, err))
}

/// Writes the outcome of [`wire::AgentSendRequest::validate_json`] (the binary calls it after
/// dropping the file's bytes, so memory holds only the report) and gives the exit code: 0
/// valid, 1 invalid, 2 not JSON.
pub fn write_validation(
    name: &str,
    scenario: Option<ScenarioKind>,
    format: Format,
    result: Result<Report, ParseError>,
    took: Duration,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match (format, result) {
        (Format::Text, Ok(report)) => write_report(name, scenario, &report, took, out, err),
        (Format::Text, Err(e)) => write_parse_failure(name, e, out, err),
        (Format::Json, result) => write_json_report(name, scenario, result, out),
    }
}

/// The machine form of a validation: one JSON document (the README pins its members).
fn write_json_report(
    name: &str,
    scenario: Option<ScenarioKind>,
    result: Result<Report, ParseError>,
    out: &mut dyn Write,
) -> u8 {
    let list = |v: &[Violation]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|v| serde_json::json!({"pointer": v.pointer, "rule": v.rule, "message": v.message}))
            .collect()
    };
    let not_checked: &[&str] = if scenario.is_some() { &[] } else { SCENARIO_CHECKS };
    let (code, report, not_json) = match result {
        Ok(report) => (u8::from(!report.is_valid()), report, None),
        Err(e) if e.is_syntax() => (
            2,
            Report::default(),
            Some(serde_json::json!({"line": e.line, "column": e.column, "message": e.message})),
        ),
        Err(e) => (1, Report { errors: vec![e.into_violation()], warnings: Vec::new() }, None),
    };
    let mut doc = serde_json::json!({
        "file": name,
        "scenario": scenario.map(|s| s.to_string()),
        "valid": code == 0,
        "errors": list(&report.errors),
        "warnings": list(&report.warnings),
        "not_checked": not_checked,
    });
    if let Some(not_json) = not_json {
        doc["not_json"] = not_json;
    }
    let _ = serde_json::to_writer_pretty(&mut *out, &doc);
    let _ = writeln!(out);
    code
}

/// `itnio send`: parses and checks a request body, keeping it to send. On failure, the outcome
/// to print (exit 1 invalid, 2 not JSON).
pub fn load_request(
    name: &str,
    bytes: &[u8],
    scenario: Option<ScenarioKind>,
) -> Result<(wire::AgentSendRequest, Outcome), Outcome> {
    let started = std::time::Instant::now();
    let request = match wire::AgentSendRequest::from_json(bytes) {
        Ok(r) => r,
        Err(e) => return Err(captured(|out, err| write_parse_failure(name, e, out, err))),
    };
    let report = request.validate(scenario);
    let outcome = captured(|out, err| write_report(name, scenario, &report, started.elapsed(), out, err));
    if report.errors.is_empty() { Ok((request, outcome)) } else { Err(outcome) }
}

/// Runs a writer-based step into strings.
fn captured(step: impl FnOnce(&mut dyn Write, &mut dyn Write) -> u8) -> Outcome {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = step(&mut out, &mut err);
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Exit 2 for bytes that are not JSON; exit 1, with the violation, for JSON the reader cannot
/// follow (nested too deep).
pub fn write_parse_failure(name: &str, e: ParseError, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if e.is_syntax() {
        let _ = writeln!(err, "itnio: {name}:{}:{}: not JSON: {}", e.line, e.column, e.message);
        return 2;
    }
    let _ = writeln!(out, "{}", e.into_violation());
    let _ = writeln!(err, "{name}: invalid (1 violation)");
    1
}

/// What the summary says was checked: a scenario's rules, or those every scenario shares and,
/// by name, the checks that need `--scenario`.
fn scope(scenario: Option<ScenarioKind>) -> (String, String) {
    match scenario {
        Some(s) => (format!("for scenario {s}"), String::new()),
        None => (
            "for the rules every scenario shares".to_owned(),
            format!("; without --scenario, not checked: {}", SCENARIO_CHECKS.join(", ")),
        ),
    }
}

/// Errors on `out` (one line each, pointer first), warnings and the summary on `err`; the exit
/// code.
pub fn write_report(
    name: &str,
    scenario: Option<ScenarioKind>,
    report: &Report,
    took: Duration,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    for w in &report.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    let (checked, not_checked) = scope(scenario);
    let warnings = count(report.warnings.len(), "warning");
    if report.errors.is_empty() {
        let _ = writeln!(err, "{name}: valid {checked} ({warnings}, {took:.2?}){not_checked}");
        return 0;
    }
    for e in &report.errors {
        let _ = writeln!(out, "{e}");
    }
    let errors = count(report.errors.len(), "violation");
    let _ = writeln!(err, "{name}: invalid {checked} ({errors}, {warnings}){not_checked}");
    1
}

/// `itnio reports parse`: a per-intent summary of a saved status-report push body. A value a
/// report's field cannot hold is kept (it is in the report's `extra`) and named in a warning.
pub fn summarize_reports(name: &str, bytes: &[u8]) -> Outcome {
    match itnio_voice::parse_status_reports(bytes) {
        Ok(reports) => {
            let mut out = Outcome { stdout: summarize(&reports), ..Outcome::default() };
            for (i, r) in reports.iter().enumerate() {
                for u in &r.unread {
                    let _ = writeln!(
                        out.stderr,
                        "warning: /{i}/{}: {}; kept as it was received",
                        u.member.replace('~', "~0").replace('/', "~1"),
                        u.why
                    );
                }
            }
            let unknown =
                reports.iter().filter(|r| r.intent.as_ref().is_some_and(|i| i.is_unknown())).count();
            if unknown > 0 {
                let verb = if unknown == 1 { "carries" } else { "carry" };
                let reports = count(unknown, "report");
                let _ = writeln!(
                    out.stderr,
                    "note: {reports} {verb} an intent code the intent tables do not list"
                );
            }
            out
        }
        Err(e) if e.is_syntax() => captured(|out, err| write_parse_failure(name, e, out, err)),
        Err(e) => Outcome {
            code: 1,
            stdout: String::new(),
            stderr: format!("itnio: {name}: {}\n", e.into_violation()),
        },
    }
}

/// Counts per intent, in code order; reports without an intent are counted apart.
pub fn summarize(reports: &[StatusReport]) -> String {
    let mut per_intent: BTreeMap<String, (Option<&'static str>, usize)> = BTreeMap::new();
    let (mut none, mut ok, mut failed) = (0, 0, 0);
    for r in reports {
        match r.termination_code.as_deref() {
            Some("0") => ok += 1,
            Some(_) => failed += 1,
            None => {}
        }
        match &r.intent {
            Some(i) => per_intent.entry(i.code().to_owned()).or_insert((i.name(), 0)).1 += 1,
            None => none += 1,
        }
    }
    let mut out =
        format!("{}: {} succeeded, {failed} failed\n", count(reports.len(), "report"), count(ok, "call"));
    for (code, (name, n)) in &per_intent {
        let name = name.map_or_else(|| "(undocumented intent)".to_owned(), str::to_owned);
        let _ = writeln!(out, "{code}\t{n}\t{name}");
    }
    if none > 0 {
        let _ = writeln!(out, "-\t{none}\t(no intent)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_bytes() {
        assert_eq!(validate_request("f", b"", None, Format::Text).code, 2);
        assert_eq!(validate_request("f", b"[]", None, Format::Text).code, 1);
        let o = validate_request("f", br#"{"taskName": 5}"#, None, Format::Text);
        assert_eq!(o.code, 1);
        assert!(o.stdout.contains("/taskName: must be a string, not the number 5\n"), "{o:?}");
        assert_eq!(o.stdout.lines().count(), 4, "every violation, not only the first: {o:?}");
        assert!(o.stderr.contains("(4 violations, 0 warnings)"), "{o:?}");
        assert_eq!(summarize_reports("f", b"[]").stdout, "0 reports: 0 calls succeeded, 0 failed\n");
    }
}
