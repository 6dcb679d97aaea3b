//! A campaign from a spreadsheet export: a campaign file (the task's settings and the CSV column
//! of each callee member) and a CSV of debtors, planned with `itnio-campaign`. Every problem is
//! named by line and column; here the rows with errors are left out explicitly (and given back
//! as a CSV of their own), and the rest is sent to the embedded mock, each part exactly once.
//!
//! `cargo run --example csv_campaign [CAMPAIGN.yaml CSV]` (default: the files of examples/data).

use itnio_campaign::{Options, Plan, send};
use itnio_examples::data_file;
use itnio_mock::MockServer;
use itnio_voice::ScenarioKind;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let campaign_path = args.next().map_or_else(|| data_file("campaign.yaml"), Into::into);
    let csv_path = args.next().map_or_else(|| data_file("campaign.csv"), Into::into);
    let campaign = std::fs::read_to_string(&campaign_path)?;
    let csv = std::fs::read(&csv_path)?;

    let options = Options { exclude_violating: true, ..Options::default() };
    let plan = Plan::build_with("campaign.yaml", &campaign, "campaign.csv", csv, options)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    for problem in plan.excluded.iter().flat_map(|e| &e.problems) {
        println!("left out: {problem}");
    }
    for problem in &plan.problems {
        println!("{problem}");
    }
    print!("{}", plan.summary());

    let mock = MockServer::start().await?;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build()?;
    let state = std::env::temp_dir().join(format!("itnio-csv-campaign-{}.state.json", std::process::id()));
    let sent =
        send(&plan, &client, &state, None, |part| println!("{}: task {}", part.name, part.task_id)).await?;
    let _ = std::fs::remove_file(&state);
    println!("{} task(s) created; the mock holds {}", sent.len(), mock.tasks().len());
    Ok(())
}
