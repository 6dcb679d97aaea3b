//! Helpers shared by the examples: where their sample files are.

use std::path::PathBuf;

/// A file of `examples/data/`.
pub fn data_file(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use itnio_campaign::Plan;

    /// The sample the `csv_campaign` example plans: which rows are wrong, and why.
    #[test]
    fn the_sample_campaign_names_each_bad_row_by_line_and_column() {
        let campaign = std::fs::read_to_string(data_file("campaign.yaml")).unwrap();
        let csv = std::fs::read(data_file("campaign.csv")).unwrap();
        let plan = Plan::build("campaign.yaml", &campaign, "campaign.csv", csv).unwrap();
        let shown: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "campaign.csv:4 calleeNumber: must contain only ASCII digits 0-9 (character 1 is not one)",
                "campaign.csv:5 calleeNumber: warning: the same callee number is already in this task (first at line 2)",
                "campaign.csv:6 due_date: is required by the debt-collection scenario",
            ]
        );
    }
}
