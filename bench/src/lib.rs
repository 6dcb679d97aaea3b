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
