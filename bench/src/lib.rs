//! The benchmark workload and its baselines: a campaign of N callees (12-digit numbers,
//! callInformation with name, borrow_total_money and due_date, three text fields), the same
//! data as plain serde structs with no validation, and the exported JSON Schema of the request.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One source row, as a user's database would hand it over.
#[derive(Clone, Debug)]
pub struct Row {
    /// 12 digits.
    pub number: String,
    /// callInformation `name`.
    pub name: String,
    /// callInformation `borrow_total_money`.
    pub amount: String,
    /// callInformation `due_date`.
    pub due_date: String,
}

/// `n` rows with distinct numbers.
pub fn rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| Row {
            number: format!("46{i:010}"),
            name: format!("Debtor {i}"),
            amount: format!("{}.50", 100 + i % 900),
            due_date: "2026-12-01".to_owned(),
        })
        .collect()
}

/// The three text fields every callee carries.
pub const TEXTS: [&str; 3] = ["Anna", "Reminder", "Thank you"];

/// The baseline request: the same wire shape, plain types, no validation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainRequest {
    /// appId
    pub app_id: String,
    /// taskName
    pub task_name: String,
    /// agentId
    pub agent_id: i64,
    /// numberInfoList
    pub number_info_list: Vec<PlainCallee>,
}

/// The baseline callee.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainCallee {
    /// calleeNumber
    pub callee_number: String,
    /// callInformation
    pub call_information: BTreeMap<String, String>,
    /// text1
    pub text1: Option<String>,
    /// text2
    pub text2: Option<String>,
    /// text3
    pub text3: Option<String>,
}

/// The baseline: build the plain request from rows.
pub fn plain_request(rows: &[Row]) -> PlainRequest {
    PlainRequest {
        app_id: "2Xql9RBI".to_owned(),
        task_name: "Benchmark campaign".to_owned(),
        agent_id: 41,
        number_info_list: rows
            .iter()
            .map(|r| PlainCallee {
                callee_number: r.number.clone(),
                call_information: BTreeMap::from([
                    ("name".to_owned(), r.name.clone()),
                    ("borrow_total_money".to_owned(), r.amount.clone()),
                    ("due_date".to_owned(), r.due_date.clone()),
                ]),
                text1: Some(TEXTS[0].to_owned()),
                text2: Some(TEXTS[1].to_owned()),
                text3: Some(TEXTS[2].to_owned()),
            })
            .collect(),
    }
}

/// The typed path: build with the typed API (every value checked by its constructor).
pub fn typed_request(rows: &[Row]) -> itnio_voice::AgentSendRequest<itnio_voice::DebtCollection> {
    use itnio_voice::*;
    let callees: Vec<_> = rows
        .iter()
        .map(|r| {
            DebtCollectionCallee::builder()
                .callee_number(CalleeNumber::new(r.number.clone()).expect("generated numbers are valid"))
                .call_information(
                    DebtCollectionCallInformation::builder()
                        .name(r.name.clone())
                        .borrow_total_money(r.amount.clone())
                        .due_date(r.due_date.clone())
                        .build(),
                )
                .text1(TEXTS[0])
                .text2(TEXTS[1])
                .text3(TEXTS[2])
                .build()
        })
        .collect();
    AgentSendRequest::<DebtCollection>::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("Benchmark campaign"))
        .agent_id(agent_id!(41))
        .number_info_list(NonEmpty::try_from(callees).expect("a campaign has at least one row"))
        .build()
}

/// The request body of `n` callees, as JSON bytes.
pub fn campaign_json(n: usize) -> Vec<u8> {
    serde_json::to_vec(&plain_request(&rows(n))).expect("plain structs serialize")
}

/// The JSON Schema (draft 2020-12) the generator exports for a debt-collection agent's
/// creation request (`openapi/agent-send.debt-collection.schema.json`): every constraint of the
/// request a schema can state, as the SDK's validator checks them.
pub fn json_schema() -> serde_json::Value {
    serde_json::from_str(include_str!("../../openapi/agent-send.debt-collection.schema.json"))
        .expect("the exported schema is JSON")
}

/// The campaign file of the campaign benchmarks: the same task as [`plain_request`], its
/// callee members mapped from the columns of [`campaign_csv`].
pub const CAMPAIGN_YAML: &str = "\
name: Benchmark campaign
scenario: debt-collection
task:
  appId: 2Xql9RBI
  agentId: 41
  allowSendTime: [{strTime: \"16:00\", endTime: \"22:00\"}]
  recallFlow: {recallType: 1, recallInterval: 60, recallNum: 2}
columns:
  calleeNumber: number
  callInformation: {name: name, borrow_total_money: amount, due_date: due}
  text1: text1
  text2: text2
  text3: text3
";

/// The contact policy of the campaign benchmarks: every rule, a do-not-call list of 10,000
/// numbers (written beside it as `dnc.txt`), local hours by prefix.
pub const POLICY_YAML: &str = "\
max_calls: {calls: 12, days: 7}
one_task_per_day: {severity: warning}
local_hours:
  from: \"08:00\"
  to: \"20:00\"
  zones: [{prefix: \"46\", zone: Europe/Stockholm}, {prefix: \"62\", zone: Asia/Jakarta}]
  default_zone: Asia/Jakarta
do_not_call: {file: dnc.txt, severity: warning}
";

/// The rows of [`rows`] as a CSV file, with a header.
pub fn campaign_csv(n: usize) -> Vec<u8> {
    let mut out = String::from("number,name,amount,due,text1,text2,text3\n");
    for r in rows(n) {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            r.number, r.name, r.amount, r.due_date, TEXTS[0], TEXTS[1], TEXTS[2]
        ));
    }
    out.into_bytes()
}

/// A ledger at `path` holding `calls` reported calls to `numbers` distinct numbers (five each
/// by default), the first `overlap` of them the numbers of [`rows`], and one recorded task per
/// 10,000 of those numbers; built once and kept (a benchmark fixture, written with SQL into the
/// schema `Ledger::open` creates).
pub fn ledger_with_calls(path: &std::path::Path, numbers: usize, calls: usize, overlap: usize) {
    if path.exists() {
        return;
    }
    let partial = path.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    drop(itnio_campaign::Ledger::open(&partial).expect("a new ledger"));
    let mut conn = rusqlite::Connection::open(&partial).expect("the ledger opens");
    let tx = conn.transaction().expect("a transaction");
    {
        let now = i64::try_from(itnio_voice::now_epoch_seconds()).unwrap_or(0) * 1000;
        let number = |i: usize| if i < overlap { format!("46{i:010}") } else { format!("62{i:011}") };
        let mut call = tx
            .prepare("INSERT INTO calls (voice_id, number, task_id, call_ms, connected) VALUES (?1, ?2, ?3, ?4, ?5)")
            .expect("insert");
        for c in 0..calls {
            let i = c % numbers;
            let at = now - ((c / numbers) as i64 + 1) * 3 * 86_400_000;
            call.execute(rusqlite::params![format!("v{c}"), number(i), (i / 10_000) as i64, at, c % 3 == 0])
                .expect("a call");
        }
        let mut task = tx
            .prepare("INSERT INTO tasks (name, task_id, recorded_ms, worst_case_calls, send_windows, campaign) VALUES (?1, ?2, ?3, 3, '[]', 'earlier')")
            .expect("insert");
        let mut callee = tx.prepare("INSERT INTO callees (task, number) VALUES (?1, ?2)").expect("insert");
        for t in 0..overlap.div_ceil(10_000) {
            let name = format!("Earlier {t}");
            task.execute(rusqlite::params![name, t as i64, now - 86_400_000]).expect("a task");
            for i in t * 10_000..((t + 1) * 10_000).min(overlap) {
                callee.execute(rusqlite::params![name, number(i)]).expect("a callee");
            }
        }
    }
    tx.commit().expect("the commit");
    drop(conn);
    std::fs::rename(&partial, path).expect("the ledger is kept");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_is_valid_and_both_paths_give_the_same_json() {
        let rows = rows(50);
        let typed = typed_request(&rows);
        assert!(typed.validate().errors.is_empty());
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            serde_json::to_value(plain_request(&rows)).unwrap()
        );
        let bytes = campaign_json(50);
        let report = itnio_voice::wire::AgentSendRequest::validate_json(
            &bytes,
            Some(itnio_voice::ScenarioKind::DebtCollection),
        )
        .unwrap();
        assert!(report.is_valid());
    }
}
