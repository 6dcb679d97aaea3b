//! Writes the files of the campaign benchmark into a directory: `campaign.yaml`,
//! `debtors.csv` (N rows), `policy.yaml`, `dnc.txt` (10,000 numbers) and `ledger.sqlite` (5,000,000
//! reported calls to 1,000,000 numbers, the first N of them the CSV's), for measuring
//! `itnio campaign plan` as a whole process (`scripts/measure-campaign.sh`).
//!
//! `gen-campaign-files DIR [N]` (default N: 250,000).

use itnio_bench::{CAMPAIGN_YAML, POLICY_YAML, campaign_csv, ledger_with_calls};
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "target/bench-data/campaign".to_owned()));
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(250_000);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("campaign.yaml"), CAMPAIGN_YAML)?;
    std::fs::write(dir.join("policy.yaml"), POLICY_YAML)?;
    std::fs::write(dir.join("debtors.csv"), campaign_csv(n))?;
    let dnc: String = (0..10_000).map(|i| format!("62{i:011}\n")).collect();
    std::fs::write(dir.join("dnc.txt"), dnc)?;
    ledger_with_calls(&dir.join("ledger.sqlite"), 1_000_000, 5_000_000, n);
    Ok(())
}
