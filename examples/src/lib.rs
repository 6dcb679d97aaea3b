//! Helpers shared by the examples: reading a campaign from a CSV file.

use itnio_voice::wire;
use std::collections::BTreeMap;
use std::path::Path;

/// Why a CSV file could not be read.
#[derive(Debug)]
pub struct CsvError(pub String);

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CsvError {}

/// Reads callees from CSV: a `calleeNumber` column, and one column per callInformation key
/// (`name`, `borrow_total_money`, `due_date`, ...). Empty cells are left out. Values are taken
/// as they are; validation of the request decides what is wrong and says where.
pub fn read_callees(csv_text: &str) -> Result<Vec<wire::Callee>, CsvError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|e| CsvError(format!("header: {e}")))?.clone();
    let number_col = headers
        .iter()
        .position(|h| h == "calleeNumber")
        .ok_or_else(|| CsvError("the header has no calleeNumber column".into()))?;
    let mut callees = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CsvError(format!("row {}: {e}", i + 2)))?;
        let mut info = BTreeMap::new();
        for (col, value) in headers.iter().zip(record.iter()) {
            if col != "calleeNumber" && !value.is_empty() {
                info.insert(col.to_owned(), value.to_owned());
            }
        }
        callees.push(wire::Callee {
            callee_number: record.get(number_col).map(str::to_owned),
            call_information: (!info.is_empty()).then_some(info),
            ..wire::Callee::default()
        });
    }
    Ok(callees)
}

/// A debt-collection campaign request for the callees of a CSV file.
pub fn campaign_from_csv(
    path: &Path,
    task_name: &str,
    agent_id: i64,
) -> Result<wire::AgentSendRequest, CsvError> {
    let text = std::fs::read_to_string(path).map_err(|e| CsvError(format!("{}: {e}", path.display())))?;
    Ok(wire::AgentSendRequest {
        app_id: Some("2Xql9RBI".into()),
        task_name: Some(task_name.into()),
        agent_id: Some(agent_id),
        number_info_list: Some(read_callees(&text)?),
        ..wire::AgentSendRequest::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use itnio_voice::ScenarioKind;

    #[test]
    fn the_sample_csv_reads_and_validation_names_each_bad_row() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/campaign.csv");
        let request = campaign_from_csv(&path, "CSV reminders", 41).unwrap();
        assert_eq!(request.number_info_list.as_ref().unwrap().len(), 5);
        let report = request.validate(Some(ScenarioKind::DebtCollection));
        let errors: Vec<String> = report.errors.iter().map(|v| v.pointer.clone()).collect();
        assert_eq!(errors, ["/numberInfoList/2/calleeNumber", "/numberInfoList/4/callInformation/due_date"]);
        let warnings: Vec<String> = report.warnings.iter().map(|v| v.pointer.clone()).collect();
        assert_eq!(warnings, ["/numberInfoList/3/calleeNumber"], "row 5 repeats row 2's number");
    }

    #[test]
    fn a_csv_without_the_number_column_is_refused() {
        assert!(read_callees("name\nAnna\n").unwrap_err().0.contains("calleeNumber"));
    }
}
