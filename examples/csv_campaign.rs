//! A campaign read from a CSV file (calleeNumber plus callInformation columns) into the untyped
//! request, validated, and sent to the embedded mock. Rows that break the rules are reported by
//! JSON Pointer and left out before sending, and so are repeated numbers.
//!
//! `cargo run --example csv_campaign [FILE]` (default: examples/data/campaign.csv).

use itnio_examples::campaign_from_csv;
use itnio_mock::MockServer;
use itnio_voice::{ScenarioKind, wire};
use std::collections::{BTreeSet, HashSet};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/campaign.csv"),
        std::path::PathBuf::from,
    );
    let mut request = campaign_from_csv(&path, "CSV reminders", 41)?;
    let scenario = Some(ScenarioKind::DebtCollection);

    let report = request.validate(scenario);
    for w in &report.warnings {
        println!("warning: {w}");
    }
    // Leave out the callees with errors (their index is the second pointer segment).
    let bad: BTreeSet<usize> = report
        .errors
        .iter()
        .inspect(|e| println!("skipped: {e}"))
        .filter_map(|e| e.pointer.strip_prefix("/numberInfoList/")?.split('/').next()?.parse().ok())
        .collect();
    // Never call a debtor twice: keep the first row of each number.
    let mut numbers = HashSet::new();
    let callees: Vec<wire::Callee> = request.number_info_list.take().unwrap_or_default();
    let before = callees.len();
    request.number_info_list = Some(
        callees
            .into_iter()
            .enumerate()
            .filter(|(i, c)| !bad.contains(i) && numbers.insert(c.callee_number.clone()))
            .map(|(_, c)| c)
            .collect(),
    );

    let mock = MockServer::start().await?;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build()?;
    let task_id = client.agent_send_wire(&request, scenario).await?;
    let sent = request.number_info_list.as_ref().map_or(0, Vec::len);
    println!(
        "created task {task_id} with {sent} of {before} rows ({} invalid, {} repeated)",
        bad.len(),
        before - sent - bad.len()
    );
    Ok(())
}
