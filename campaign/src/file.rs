//! The campaign file (YAML): the task's settings, in the request's own member names, and which
//! CSV column fills each member of a callee. Checked with the SDK's validator, so its messages
//! are the request's.
//!
//! ```yaml
//! name: March reminders            # the task's name (parts get " (1/3)" and so on)
//! scenario: debt-collection        # the agent's scenario
//! task:                            # every member of the request but taskName and numberInfoList
//!   appId: 2Xql9RBI
//!   agentId: 41
//!   allowSendTime: [{strTime: "09:00", endTime: "18:00"}]
//!   recallFlow: {recallType: 1, recallInterval: 30, recallNum: 2}
//! columns:                         # callee member: CSV column header
//!   calleeNumber: phone
//!   callInformation: {name: full_name, borrow_total_money: amount, due_date: due}
//!   text1: greeting
//! ```

use crate::problem::{Place, Problem};
use itnio_voice::{CallInformationKey, ScenarioKind, wire};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The callee members a CSV column can fill besides `calleeNumber` and `callInformation`.
pub const TEXT_MEMBERS: [&str; 10] =
    ["text1", "text2", "text3", "text4", "text5", "text6", "text7", "text8", "text9", "text10"];

/// A checked campaign file.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// The task's name.
    pub name: String,
    pub scenario: ScenarioKind,
    /// The request's members other than `taskName` and `numberInfoList`, as JSON.
    pub task: Map<String, Value>,
    pub columns: Columns,
    /// The file's warnings (never errors: a file with one is refused), which a plan lists
    /// among its problems.
    pub warnings: Vec<Problem>,
}

/// Which CSV column (by header) fills each member of a callee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub callee_number: String,
    /// callInformation key → column.
    pub call_information: BTreeMap<String, String>,
    /// `text1`..`text10` → column.
    pub texts: BTreeMap<String, String>,
    /// The column naming a callee's IANA time zone, for a contact policy's local hours where
    /// one country has several zones (`zone:` in the file); not sent.
    pub zone: Option<String>,
}

impl Columns {
    /// The column of a callee's member, as the validator's pointer below the callee names it
    /// (`calleeNumber`, `callInformation/due_date`, `text1`).
    pub fn column_of(&self, member: &str) -> Option<&str> {
        match member.split_once('/') {
            Some(("callInformation", key)) => self.call_information.get(key).map(String::as_str),
            Some(_) => None,
            None if member == "calleeNumber" => Some(&self.callee_number),
            None => self.texts.get(member).map(String::as_str),
        }
    }

    /// Every mapped column with the key that maps it, in the file's terms.
    pub fn all(&self) -> Vec<(String, &str)> {
        let mut out = vec![("columns.calleeNumber".to_owned(), self.callee_number.as_str())];
        for (key, column) in &self.call_information {
            out.push((format!("columns.callInformation.{key}"), column));
        }
        for (member, column) in &self.texts {
            out.push((format!("columns.{member}"), column));
        }
        if let Some(zone) = &self.zone {
            out.push(("columns.zone".to_owned(), zone));
        }
        out
    }
}

impl Campaign {
    /// Reads and checks a campaign file; `file` is how messages name it. Every problem is
    /// reported, not only the first.
    pub fn parse(file: &str, text: &str) -> Result<Campaign, Vec<Problem>> {
        let key = |k: &str| Place::Key(k.to_owned());
        let yaml: serde_yaml::Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let at = e
                    .location()
                    .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                    .unwrap_or_default();
                return Err(vec![Problem::error(file, key(""), format!("not YAML{at}: {e}"))]);
            }
        };
        let json: Value = match serde_json::to_value(&yaml) {
            Ok(v) => v,
            Err(e) => {
                return Err(vec![Problem::error(file, key(""), format!("cannot be read as data: {e}"))]);
            }
        };
        let Value::Object(top) = json else {
            return Err(vec![Problem::error(
                file,
                key(""),
                "must be a mapping with name, scenario, task and columns",
            )]);
        };
        let mut problems = Vec::new();
        for k in top.keys().filter(|k| !["name", "scenario", "task", "columns"].contains(&k.as_str())) {
            problems.push(Problem::error(
                file,
                key(k),
                "is not a key of a campaign file (name, scenario, task, columns)",
            ));
        }
        let name = match top.get("name") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                problems.push(Problem::error(file, key("name"), "must be text"));
                String::new()
            }
            None => {
                problems.push(Problem::error(file, key("name"), "is required: the task's name"));
                String::new()
            }
        };
        let scenario = match top.get("scenario") {
            Some(Value::String(s)) => ScenarioKind::from_cli_name(s).or_else(|| {
                let names: Vec<_> = ScenarioKind::ALL.iter().map(|s| s.cli_name()).collect();
                problems.push(Problem::error(
                    file,
                    key("scenario"),
                    format!("must be one of {}, not {s:?}", names.join(", ")),
                ));
                None
            }),
            _ => {
                problems.push(Problem::error(
                    file,
                    key("scenario"),
                    "is required: the agent's scenario, e.g. debt-collection",
                ));
                None
            }
        };
        let task = match top.get("task") {
            Some(Value::Object(task)) => task.clone(),
            None => Map::new(),
            Some(_) => {
                problems.push(Problem::error(
                    file,
                    key("task"),
                    "must be a mapping of the request's members",
                ));
                Map::new()
            }
        };
        for (member, why) in
            [("taskName", "the task's name is `name`"), ("numberInfoList", "the callees come from the CSV")]
        {
            if task.contains_key(member) {
                problems.push(Problem::error(
                    file,
                    key(&format!("task.{member}")),
                    format!("cannot be set here: {why}"),
                ));
            }
        }
        let columns = columns(file, top.get("columns"), scenario, &mut problems);
        if let Some(scenario) = scenario {
            problems.extend(check_task(file, &name, &task, scenario));
        }
        // Warnings (a member the spec does not know, kept and sent) are the plan's to print;
        // only errors refuse the file.
        match (scenario, columns, problems.iter().any(Problem::is_error)) {
            (Some(scenario), Some(columns), false) => {
                Ok(Campaign { name, scenario, task, columns, warnings: problems })
            }
            _ => Err(problems),
        }
    }

    /// The request of a part: the task's settings, its name and its callees.
    pub fn request(&self, name: &str, callees: Vec<wire::Callee>) -> wire::AgentSendRequest {
        let mut body = self.task.clone();
        body.insert("taskName".to_owned(), Value::String(name.to_owned()));
        body.insert("numberInfoList".to_owned(), Value::Array(Vec::new()));
        let bytes = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();
        let mut request = wire::AgentSendRequest::from_json(&bytes).unwrap_or_default();
        request.number_info_list = Some(callees);
        request
    }

    /// The worst-case number of calls to each callee: the first, and every recall round.
    pub fn worst_case_calls(&self) -> u32 {
        worst_case_calls(self.task.get("recallFlow").and_then(|f| f.get("recallNum")).and_then(Value::as_i64))
    }
}

/// The task's settings checked as a request: every violation outside `numberInfoList`, named by
/// the file's own keys (`task.maxRingingTime`; `name` for the task's name).
fn check_task(file: &str, name: &str, task: &Map<String, Value>, scenario: ScenarioKind) -> Vec<Problem> {
    let mut body = task.clone();
    body.insert("taskName".to_owned(), Value::String(name.to_owned()));
    let bytes = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();
    let report = match wire::AgentSendRequest::from_json(&bytes) {
        Ok(request) => request.validate(Some(scenario)),
        Err(e) => return vec![Problem::error(file, Place::Key("task".to_owned()), e.to_string())],
    };
    let problems = report.errors.iter().map(|v| (crate::problem::Severity::Error, v));
    let warnings = report.warnings.iter().map(|v| (crate::problem::Severity::Warning, v));
    problems
        .chain(warnings)
        .filter(|(_, v)| !v.pointer.starts_with("/numberInfoList"))
        .map(|(severity, v)| Problem::new(severity, file, Place::Key(key_of(&v.pointer)), v.message.clone()))
        .collect()
}

/// A request pointer in the campaign file's terms: `/taskName` is `name`, `/a/0/b` is
/// `task.a[0].b`.
fn key_of(pointer: &str) -> String {
    if pointer == "/taskName" {
        return "name".to_owned();
    }
    let mut out = "task".to_owned();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        match segment.parse::<usize>() {
            Ok(i) => out.push_str(&format!("[{i}]")),
            Err(_) => {
                out.push('.');
                out.push_str(&segment);
            }
        }
    }
    out
}

/// `columns`: which column fills each callee member. The scenario's required callInformation
/// keys must be mapped, and a scenario without callInformation maps none.
fn columns(
    file: &str,
    value: Option<&Value>,
    scenario: Option<ScenarioKind>,
    problems: &mut Vec<Problem>,
) -> Option<Columns> {
    let key = |k: &str| Place::Key(k.to_owned());
    let Some(Value::Object(map)) = value else {
        problems.push(Problem::error(
            file,
            key("columns"),
            "is required: which CSV column fills calleeNumber, callInformation and text1..text10",
        ));
        return None;
    };
    let before = problems.len();
    let column = |k: &str, v: &Value, problems: &mut Vec<Problem>| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => {
            problems.push(Problem::error(file, key(k), "must be a CSV column header"));
            None
        }
    };
    let callee_number = match map.get("calleeNumber") {
        Some(v) => column("columns.calleeNumber", v, problems),
        None => {
            problems.push(Problem::error(
                file,
                key("columns.calleeNumber"),
                "is required: the column of the number to call",
            ));
            None
        }
    };
    let mut call_information = BTreeMap::new();
    let mut texts = BTreeMap::new();
    let mut zone = None;
    for (k, v) in map {
        match k.as_str() {
            "calleeNumber" => {}
            "callInformation" => match v {
                Value::Object(keys) => {
                    for (ci, v) in keys {
                        let at = format!("columns.callInformation.{ci}");
                        if !CallInformationKey::ALL.iter().any(|known| known.key() == ci) {
                            let known: Vec<_> = CallInformationKey::ALL.iter().map(|k| k.key()).collect();
                            problems.push(Problem::error(
                                file,
                                key(&at),
                                format!("is not a callInformation key ({})", known.join(", ")),
                            ));
                        } else if let Some(c) = column(&at, v, problems) {
                            call_information.insert(ci.clone(), c);
                        }
                    }
                }
                _ => problems.push(Problem::error(
                    file,
                    key("columns.callInformation"),
                    "must map callInformation keys to columns",
                )),
            },
            "zone" => zone = column("columns.zone", v, problems),
            t if TEXT_MEMBERS.contains(&t) => {
                if let Some(c) = column(&format!("columns.{t}"), v, problems) {
                    texts.insert(t.to_owned(), c);
                }
            }
            other => problems.push(Problem::error(
                file,
                key(&format!("columns.{other}")),
                "is not a callee member (calleeNumber, callInformation, text1..text10) or zone",
            )),
        }
    }
    if let Some(scenario) = scenario {
        if !scenario.uses_call_information() && !call_information.is_empty() {
            problems.push(Problem::error(
                file,
                key("columns.callInformation"),
                format!("the {} scenario takes no callInformation", scenario.cli_name()),
            ));
        }
        for required in scenario.required_call_information_keys() {
            if !call_information.contains_key(required.key())
                && map.get("callInformation").is_none_or(Value::is_object)
            {
                problems.push(Problem::error(
                    file,
                    key("columns.callInformation"),
                    format!(
                        "the {} scenario requires `{}`: map it to a column",
                        scenario.cli_name(),
                        required.key()
                    ),
                ));
            }
        }
    }
    match (callee_number, problems.len() == before) {
        (Some(callee_number), true) => Some(Columns { callee_number, call_information, texts, zone }),
        _ => None,
    }
}

/// The calls a task may make to each callee with `recallNum` rounds of recall: the first call
/// and one a round.
pub(crate) fn worst_case_calls(recall_num: Option<i64>) -> u32 {
    1 + recall_num.and_then(|n| u32::try_from(n).ok()).unwrap_or(0).min(u32::MAX - 1)
}
