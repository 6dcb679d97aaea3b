//! Plans over real files: the campaign file's checks, the CSV as RFC 4180 writes it, every
//! problem by row and column header, and the split past the limit.

use itnio_campaign::{MAX_CALLEES, Place, Plan, Severity, part_name, part_sizes};
use itnio_voice::TaskName;
use proptest::prelude::*;

const CAMPAIGN: &str = "\
name: March reminders
scenario: debt-collection
task:
  appId: 2Xql9RBI
  agentId: 41
  maxRingingTime: 60
  recallFlow: {recallType: 1, recallInterval: 30, recallNum: 2}
columns:
  calleeNumber: phone
  callInformation: {name: full name, borrow_total_money: amount, due_date: due}
  text1: note
";

fn plan(campaign: &str, csv: &str) -> Plan {
    Plan::build("campaign.yaml", campaign, "debtors.csv", csv.as_bytes())
        .unwrap_or_else(|p| panic!("{}", p.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))
}

fn problems(campaign: &str, csv: &[u8]) -> Vec<String> {
    match Plan::build("campaign.yaml", campaign, "debtors.csv", csv) {
        Ok(plan) => plan.problems.iter().map(ToString::to_string).collect(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_csv_as_rfc_4180_writes_it_is_read_field_by_field() {
    // A byte-order mark, CRLF line ends, a quoted field with a comma, a quote and a line break.
    let csv = "\u{feff}phone,full name,amount,due,note\r\n\
               6281234567890,\"Doe, \"\"Jo\"\"\",5000,2026-03-01,\"two\r\nlines\"\r\n\
               6281234567891,Ann,700,2026-03-02,\r\n";
    let plan = plan(CAMPAIGN, csv);
    assert!(plan.is_sendable(), "{:?}", plan.problems);
    let request = plan.request(&plan.parts[0]);
    let callees = request.number_info_list.as_ref().unwrap();
    assert_eq!(callees.len(), 2);
    let info = callees[0].call_information.as_ref().unwrap();
    assert_eq!(info["name"], "Doe, \"Jo\"");
    assert_eq!(callees[0].text1.as_deref(), Some("two\r\nlines"));
    assert_eq!(callees[1].text1, None, "an empty cell is not sent");
    // The second record starts on line 4: the first spans lines 2 and 3.
    assert_eq!(plan.parts[0].lines, (2, 4));
    assert_eq!(plan.campaign.worst_case_calls(), 3);
    assert!(
        plan.summary().contains("worst case: 3 call(s) per callee (the first call and 2 recall round(s))"),
        "{}",
        plan.summary()
    );
}

#[test]
fn every_problem_of_every_row_is_reported_at_its_line_and_column() {
    let csv = "phone,full name,amount,due,note\n\
               6281234567890,Ann,5000,2026-03-01,ok\n\
               12345,Bob,700,2026-03-02,ok\n\
               6281234567892,Cy,700,,ok\n\
               6281234567890,Dee,100,2026-03-03,ok\n";
    let plan = plan(CAMPAIGN, csv);
    assert!(!plan.is_sendable());
    let shown: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "debtors.csv:3 phone: must be 6 to 18 digits long, not 5",
            "debtors.csv:4 due: is required by the debt-collection scenario",
            "debtors.csv:5 phone: warning: the same callee number is already in this task (first at line 2)",
        ],
        "{shown:#?}"
    );
}

#[test]
fn the_campaign_file_is_checked_with_the_requests_rules_and_named_by_its_keys() {
    let bad = CAMPAIGN
        .replace("maxRingingTime: 60", "maxRingingTime: 5\n  numberInfoList: []")
        .replace("name: March reminders", "name: M");
    let shown = problems(&bad, b"phone\n");
    assert!(
        shown.contains(
            &"campaign.yaml: task.numberInfoList: cannot be set here: the callees come from the CSV"
                .to_owned()
        ),
        "{shown:#?}"
    );
    assert!(shown.iter().any(|p| p.starts_with("campaign.yaml: task.maxRingingTime: must be")), "{shown:#?}");
    assert!(
        shown.iter().any(|p| p.starts_with("campaign.yaml: name: must be 2 to 64 characters")),
        "{shown:#?}"
    );

    let unknown = CAMPAIGN.replace("scenario: debt-collection", "scenario: debt");
    assert_eq!(
        problems(&unknown, b"phone\n"),
        [
            "campaign.yaml: scenario: must be one of debt-collection, emergency-contact, marketing, not \"debt\""
        ]
    );
    let unmapped = CAMPAIGN.replace(", due_date: due", "");
    assert_eq!(
        problems(&unmapped, b"phone\n"),
        [
            "campaign.yaml: columns.callInformation: the debt-collection scenario requires `due_date`: map it to a column"
        ]
    );
    let typo = CAMPAIGN.replace("text1: note", "text11: note");
    assert_eq!(
        problems(&typo, b"phone\n"),
        [
            "campaign.yaml: columns.text11: is not a callee member (calleeNumber, callInformation, text1..text10) or zone"
        ]
    );
    assert!(
        problems("name: [", b"")[0].starts_with("campaign.yaml: not YAML (line 2, column 1)"),
        "{:?}",
        problems("name: [", b"")
    );
}

#[test]
fn a_csv_that_cannot_be_read_as_mapped_is_refused_whole() {
    let header = "phone,full name,amount,due,note\n";
    // A mapped column the file lacks, named by the campaign's key.
    let shown = problems(CAMPAIGN, b"phone,name,amount,due,note\n6281234567890,A,1,2026-01-01,x\n");
    assert_eq!(
        shown,
        [
            "campaign.yaml: columns.callInformation.name: debtors.csv has no column \"full name\" (its columns: \"phone\", \"name\", \"amount\", \"due\", \"note\")"
        ]
    );
    // Latin-1 text: which line, which byte, and what it probably is.
    let latin1 = [header.as_bytes(), b"6281234567890,Jos\xe9,1,2026-01-01,x\n"].concat();
    assert_eq!(
        problems(CAMPAIGN, &latin1),
        [
            "debtors.csv:2: is not UTF-8: byte 0xE9 (it looks like Windows-1252 or ISO-8859-1 text); save the file as UTF-8 (CSV UTF-8)"
        ]
    );
    assert_eq!(
        problems(CAMPAIGN, b"\xff\xfep\0h\0"),
        ["debtors.csv: is UTF-16 text; save it as UTF-8 (CSV UTF-8)"]
    );
    let twice = "phone,full name,amount,due,note,phone\n";
    assert_eq!(problems(CAMPAIGN, twice.as_bytes()), ["debtors.csv: the header \"phone\" appears twice"]);
    // A row with a field too many is an error of its row; the others are read.
    let ragged = format!("{header}6281234567890,A,1,2026-01-01,x,extra\n6281234567891,B,1,2026-01-01,x\n");
    let plan = plan(CAMPAIGN, &ragged);
    assert_eq!(plan.problems[0].to_string(), "debtors.csv:2: has 6 fields; the header has 5");
    assert_eq!(plan.callees(), 1);
    assert!(!plan.is_sendable());
    // No rows at all.
    assert_eq!(
        problems(CAMPAIGN, header.as_bytes()),
        ["debtors.csv: has no rows: a task needs at least one callee"]
    );
}

#[test]
fn past_the_apis_limit_the_plan_splits_into_parts_that_fit() {
    let rows = MAX_CALLEES + 1;
    let mut csv = String::with_capacity(rows * 48);
    csv.push_str("phone,full name,amount,due,note\n");
    for i in 0..rows {
        csv.push_str(&format!("62{:011},N{i},100,2026-03-01,\n", i));
    }
    let long_name = CAMPAIGN.replace("name: March reminders", &format!("name: {}", "x".repeat(64)));
    let plan = plan(&long_name, &csv);
    assert!(plan.is_sendable(), "{:?}", &plan.problems[..plan.problems.len().min(3)]);
    let sizes: Vec<usize> = plan.parts.iter().map(|p| p.callees()).collect();
    assert_eq!(sizes, [MAX_CALLEES / 2 + 1, MAX_CALLEES / 2]);
    assert_eq!(plan.parts[0].name, format!("{} (1/2)", "x".repeat(58)));
    assert_eq!(plan.parts[1].lines.1, rows as u64 + 1);
    let mut next = 0;
    for part in &plan.parts {
        assert!(TaskName::check(&part.name).is_ok(), "{}", part.name);
        let request = plan.request(part);
        assert!(request.validate(Some(plan.campaign.scenario)).errors.is_empty());
        // Every row once, in file order, whichever part it is in.
        for callee in request.number_info_list.iter().flatten() {
            assert_eq!(callee.callee_number.as_deref(), Some(format!("62{next:011}").as_str()));
            next += 1;
        }
    }
    assert_eq!(next, rows);
}

#[test]
fn a_smaller_limit_makes_smaller_tasks_deterministically() {
    let csv = "phone,full name,amount,due,note\n6281234567890,A,1,2026-01-01,\n6281234567891,B,1,2026-01-01,\n6281234567892,C,1,2026-01-01,\n";
    let build =
        || Plan::build_with_limit("campaign.yaml", CAMPAIGN, "debtors.csv", csv.as_bytes(), 2).unwrap();
    let plan = build();
    let names: Vec<_> = plan.parts.iter().map(|p| (p.name.as_str(), p.callees())).collect();
    assert_eq!(names, [("March reminders (1/2)", 2), ("March reminders (2/2)", 1)]);
    assert_eq!(build(), plan, "the same input gives the same plan");
    assert_eq!(plan.problems.iter().filter(|p| p.severity == Severity::Error).count(), 0);
    assert!(matches!(plan.problems.first().map(|p| &p.place), None | Some(Place::Row { .. })));
}

proptest! {
    /// Every row lands in exactly one part, no part exceeds the limit, there are as few parts
    /// as the limit allows, and their sizes differ by at most one.
    #[test]
    fn parts_cover_every_row_once_within_the_limit(rows in 0usize..2_000_000, limit in 1usize..300_000) {
        let sizes = part_sizes(rows, limit);
        prop_assert_eq!(sizes.iter().sum::<usize>(), rows);
        prop_assert!(sizes.iter().all(|&s| s <= limit));
        prop_assert_eq!(sizes.len(), rows.div_ceil(limit).max(1));
        let (min, max) = (sizes.iter().min().copied().unwrap_or(0), sizes.iter().max().copied().unwrap_or(0));
        prop_assert!(max - min <= 1);
    }

    /// Every part's name is a valid task name, and no two parts share one.
    #[test]
    fn part_names_are_valid_and_unique(name in "[a-zA-Z0-9 ()/é漢]{2,80}", count in 2usize..40) {
        let name: String = name.chars().take(64).collect();
        prop_assume!(TaskName::check(name.trim_end()).is_ok() && name.trim() == name);
        let names: Vec<String> = (1..=count).map(|i| part_name(&name, i, count)).collect();
        for n in &names {
            prop_assert!(TaskName::check(n).is_ok(), "{:?}", n);
        }
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        prop_assert_eq!(unique.len(), names.len());
    }
}

#[test]
fn violating_rows_can_be_left_out_explicitly_and_are_given_back_as_written() {
    let csv = "phone,full name,amount,due,note\r\n\
               6281234567890,Ann,5000,2026-03-01,ok\r\n\
               12345,\"Bob,\r\nJr\",700,2026-03-02,ok\r\n\
               6281234567892,Cy,700,,ok\r\n\
               6281234567893,Dee,100,2026-03-03,ok\r\n";
    let options = itnio_campaign::Options { exclude_violating: true, ..Default::default() };
    let plan = Plan::build_with("campaign.yaml", CAMPAIGN, "debtors.csv", csv.as_bytes(), options).unwrap();
    assert!(plan.is_sendable(), "{:?}", plan.problems);
    assert_eq!(plan.callees(), 2);
    let excluded = plan.excluded.as_ref().unwrap();
    assert_eq!(excluded.rows, 2);
    assert_eq!(
        String::from_utf8(excluded.csv.clone()).unwrap(),
        "phone,full name,amount,due,note\r\n12345,\"Bob,\r\nJr\",700,2026-03-02,ok\r\n6281234567892,Cy,700,,ok\r\n"
    );
    let why: Vec<String> = excluded.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        why,
        [
            "debtors.csv:3 phone: must be 6 to 18 digits long, not 5",
            "debtors.csv:5 due: is required by the debt-collection scenario"
        ]
    );
    // Lines stay the file's own.
    assert_eq!(plan.parts[0].lines, (2, 6));
    // The part's request is read again from the file, past the rows left out.
    let request = plan.request(&plan.parts[0]);
    let names: Vec<_> = request
        .number_info_list
        .iter()
        .flatten()
        .map(|c| (c.callee_number.clone().unwrap(), c.call_information.as_ref().unwrap()["name"].clone()))
        .collect();
    assert_eq!(names, [("6281234567890".into(), "Ann".into()), ("6281234567893".into(), "Dee".into())]);
    // Without the option the same file is refused.
    assert!(!plan_without_exclusion(csv).is_sendable());
}

fn plan_without_exclusion(csv: &str) -> Plan {
    Plan::build("campaign.yaml", CAMPAIGN, "debtors.csv", csv.as_bytes()).unwrap()
}

#[test]
fn a_part_is_written_callee_by_callee_as_its_request_serializes() {
    // Quotes, a line break inside a text, an empty cell, a row left out between two kept
    // ones, two parts, and a member of the task the spec does not know (kept and sent).
    let campaign =
        CAMPAIGN.replace("  maxRingingTime: 60\n", "  maxRingingTime: 60\n  futureMember: {a: [1, 2]}\n");
    let csv = "phone,full name,amount,due,note\r\n\
               6281234567890,\"Doe, \"\"Jo\"\"\",5000,2026-03-01,\"two\r\nlines\"\r\n\
               12345,Bob,700,2026-03-02,ok\r\n\
               6281234567891,Ann,700,2026-03-02,\r\n\
               6281234567892,Cy,100,2026-03-03,ok\r\n";
    let options = itnio_campaign::Options { exclude_violating: true, limit: 2, ..Default::default() };
    let plan = Plan::build_with("campaign.yaml", &campaign, "debtors.csv", csv.as_bytes(), options).unwrap();
    assert_eq!(plan.parts.iter().map(|p| p.callees()).collect::<Vec<_>>(), [2, 1]);
    // A warning of the campaign file is printed with the plan and stops nothing.
    assert!(plan.is_sendable());
    let shown: Vec<String> = plan.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "campaign.yaml: task.futureMember: warning: is not a field of the API; it is kept and sent as it is"
        ]
    );
    for part in &plan.parts {
        let mut written = Vec::new();
        plan.write_request(part, &mut written).unwrap();
        let expected = serde_json::to_vec_pretty(&plan.request(part)).unwrap();
        assert!(String::from_utf8_lossy(&expected).contains("\"futureMember\""));
        assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());
    }
    // A part without callees (a file of no rows is an error, but its plan can still be shown).
    let empty = Plan::build(
        "campaign.yaml",
        &campaign,
        "debtors.csv",
        "phone,full name,amount,due,note\n".as_bytes(),
    )
    .unwrap();
    let mut written = Vec::new();
    empty.write_request(&empty.parts[0], &mut written).unwrap();
    assert_eq!(written, serde_json::to_vec_pretty(&empty.request(&empty.parts[0])).unwrap());
}
