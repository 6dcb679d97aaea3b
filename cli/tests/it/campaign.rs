//! `itnio campaign plan` and `send` from the library over real files (a campaign file, a CSV, a
//! state file and the written requests) and real HTTP to the mock; the requests `--out` writes
//! pass `itnio validate`.

use clap::Parser;
use itnio_cli::campaign::{self, Campaign};
use itnio_cli::lifecycle::Console;
use itnio_mock::MockServer;
use itnio_voice::{Client, ScenarioKind};
use std::path::PathBuf;

#[derive(Parser)]
enum Line {
    #[command(subcommand)]
    Campaign(Campaign),
}

/// Runs `campaign WORDS...`: exit code, stdout, stderr.
async fn run(client: Option<&Client>, words: &[&str]) -> (u8, String, String) {
    let Line::Campaign(command) =
        Line::try_parse_from(["itnio", "campaign"].into_iter().chain(words.iter().copied())).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let code = match command {
        Campaign::Plan { input, out } => campaign::plan(&input, out.as_deref(), &mut console),
        Campaign::Send { input, state } => {
            campaign::send(client.expect("a client"), &input, state.as_deref(), &mut console).await
        }
    };
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// A fresh directory with `campaign.yaml` and `debtors.csv`.
fn files(test: &str, csv: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("campaign-cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("campaign.yaml"),
        "name: March reminders\nscenario: debt-collection\ntask: {appId: 2Xql9RBI, agentId: 41}\ncolumns:\n  calleeNumber: phone\n  callInformation: {name: name, borrow_total_money: amount, due_date: due}\n",
    )
    .unwrap();
    std::fs::write(dir.join("debtors.csv"), csv).unwrap();
    dir
}

const GOOD: &str = "phone,name,amount,due\n6281234567890,Ann,5000,2026-03-01\n6281234567891,Bob,700,2026-03-02\n6281234567892,Cy,70,2026-03-03\n";

#[tokio::test]
async fn plan_prints_the_parts_and_writes_requests_that_validate() {
    let dir = files("plan", GOOD);
    let (campaign, csv, out) = (dir.join("campaign.yaml"), dir.join("debtors.csv"), dir.join("out"));
    let words = [
        campaign.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--max-callees",
        "2",
        "--out",
        out.to_str().unwrap(),
    ];
    let (code, stdout, stderr) =
        run(None, &["plan", words[0], words[1], words[2], words[3], words[4], words[5]]).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("3 callee(s) in 2 task(s) (at most 2 callees a task)"), "{stdout}");
    assert!(stdout.contains("  March reminders (1/2): 2 callee(s), CSV lines 2-3"), "{stdout}");
    assert!(
        stderr.contains("no contact ledger given (--ledger FILE): no cross-task check was made"),
        "{stderr}"
    );
    for i in 1..=2 {
        let bytes = std::fs::read(out.join(format!("part-{i}.json"))).unwrap();
        let outcome = itnio_cli::validate_request(
            "part.json",
            &bytes,
            Some(ScenarioKind::DebtCollection),
            itnio_cli::Format::Text,
        );
        assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    }
}

#[tokio::test]
async fn a_plan_with_errors_writes_and_sends_nothing() {
    let dir =
        files("errors", "phone,name,amount,due\n123,Ann,5000,2026-03-01\n6281234567891,,700,2026-03-02\n");
    let (campaign, csv, out) = (dir.join("campaign.yaml"), dir.join("debtors.csv"), dir.join("out"));
    let (code, stdout, stderr) = run(
        None,
        &["plan", campaign.to_str().unwrap(), csv.to_str().unwrap(), "--out", out.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 1);
    let csv_name = csv.display().to_string();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!("{csv_name}:2 phone: must be 6 to 18 digits long, not 3"),
            format!("{csv_name}:3 name: is required by the debt-collection scenario"),
        ]
    );
    assert!(stderr.contains("2 error(s), 0 warning(s); nothing was written or sent"), "{stderr}");
    assert!(!out.exists(), "nothing written");

    let mock = MockServer::start().await.unwrap();
    let client = mock.client().build().unwrap();
    let (code, ..) = run(Some(&client), &["send", campaign.to_str().unwrap(), csv.to_str().unwrap()]).await;
    assert_eq!((code, mock.requests()), (1, 0), "nothing sent");
}

#[tokio::test]
async fn send_creates_each_part_once_and_a_run_again_prints_the_same_ids() {
    let dir = files("send", GOOD);
    let (campaign, csv) = (dir.join("campaign.yaml"), dir.join("debtors.csv"));
    let mock = MockServer::start().await.unwrap();
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build().unwrap();
    let words = ["send", campaign.to_str().unwrap(), csv.to_str().unwrap(), "--max-callees", "2"];
    let (code, first, stderr) = run(Some(&client), &words).await;
    assert_eq!(code, 0, "{first}{stderr}");
    let ids: Vec<i64> = mock.tasks().iter().map(|t| t.task_id).collect();
    assert!(first.contains(&format!("March reminders (1/2): task {} (created)", ids[0])), "{first}");
    assert!(first.contains(&format!("March reminders (2/2): task {} (created)", ids[1])), "{first}");
    assert!(dir.join("campaign.state.json").exists(), "the default state file sits beside the campaign");

    let (code, again, _) = run(Some(&client), &words).await;
    assert_eq!(code, 0);
    assert_eq!(mock.tasks().len(), 2, "nothing sent twice");
    assert!(again.contains(&format!("March reminders (2/2): task {} (created earlier)", ids[1])), "{again}");
}

#[tokio::test]
async fn violating_rows_are_left_out_only_when_asked_and_written_aside() {
    let csv = "phone,name,amount,due\n123,Ann,5000,2026-03-01\n6281234567891,Bob,700,2026-03-02\n";
    let dir = files("exclude", csv);
    let (campaign, csv_path, aside) =
        (dir.join("campaign.yaml"), dir.join("debtors.csv"), dir.join("violating.csv"));
    let words = [
        "plan",
        campaign.to_str().unwrap(),
        csv_path.to_str().unwrap(),
        "--exclude-violating",
        aside.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = run(None, &words).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.starts_with(&format!(
            "excluded: {}:2 phone: must be 6 to 18 digits long, not 3",
            csv_path.display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("1 callee(s) in 1 task(s)"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&aside).unwrap(), "phone,name,amount,due\n123,Ann,5000,2026-03-01\n");
    assert!(stderr.contains("1 violating row(s) left out"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ledger_records_what_send_creates_and_answers_for_a_number() {
    let dir = files("ledger", GOOD);
    let (campaign, csv, ledger) =
        (dir.join("campaign.yaml"), dir.join("debtors.csv"), dir.join("ledger.sqlite"));
    let mock = MockServer::start().await.unwrap();
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build().unwrap();
    let (c, l) = (campaign.to_str().unwrap(), ledger.to_str().unwrap());
    let (code, _, stderr) = run(Some(&client), &["send", c, csv.to_str().unwrap(), "--ledger", l]).await;
    assert_eq!(code, 0, "{stderr}");
    let id = mock.tasks()[0].task_id;

    // The same numbers planned again: the ledger counts their calls.
    let (code, out, _) = run(None, &["plan", c, csv.to_str().unwrap(), "--ledger", l]).await;
    assert_eq!(code, 0);
    assert!(out.contains("3 of 3 callee(s) in tasks of the last 7 days, 3 call(s) to them"), "{out}");

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let show = itnio_cli::ledger::LedgerCommand::Show {
        ledger: itnio_cli::ledger::LedgerFile { path: ledger.clone() },
        number: "6281234567890".into(),
    };
    assert_eq!(itnio_cli::ledger::run(show, &mut console).await, 0);
    let shown = String::from_utf8(out).unwrap();
    assert!(
        shown.starts_with(&format!("tasks of 6281234567890: 1\n  task {id}\tMarch reminders\trecorded ")),
        "{shown}"
    );

    // The calls a receiver on PostgreSQL stored replace the estimate.
    let pg = tokio::task::spawn_blocking(|| itnio_test_postgres::Postgres::start("cli-ledger"))
        .await
        .unwrap()
        .unwrap();
    let store = itnio_receiver::PostgresStore::connect(&pg.url(), Default::default()).await.unwrap();
    let report = format!(
        r#"[{{"voiceId": "v-1", "taskId": {id}, "callee": "6281234567890", "callTime": "20260102030405", "terminationCode": "0"}}]"#
    );
    itnio_receiver::Store::store(&store, itnio_receiver::Push::read(report.into(), 0)).await.unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let import = itnio_cli::ledger::LedgerCommand::Import {
        ledger: itnio_cli::ledger::LedgerFile { path: ledger.clone() },
        reports: pg.url(),
    };
    assert_eq!(itnio_cli::ledger::run(import, &mut console).await, 0, "{}", String::from_utf8_lossy(&err));
    assert!(String::from_utf8(err).unwrap().contains("1 reported call(s)"));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let show = itnio_cli::ledger::LedgerCommand::Show {
        ledger: itnio_cli::ledger::LedgerFile { path: ledger.clone() },
        number: "6281234567890".into(),
    };
    assert_eq!(itnio_cli::ledger::run(show, &mut console).await, 0);
    let shown = String::from_utf8(out).unwrap();
    assert!(
        shown.contains(&format!("calls reported: 1\n  2026-01-02 03:04:05\ttask {id}\tconnected\tv-1")),
        "{shown}"
    );

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let prune = itnio_cli::ledger::LedgerCommand::Prune {
        ledger: itnio_cli::ledger::LedgerFile { path: ledger.clone() },
        before: "2999-01-01".into(),
    };
    assert_eq!(itnio_cli::ledger::run(prune, &mut console).await, 0);
    assert!(String::from_utf8(err).unwrap().contains("removed 1 task(s) and 1 call(s)"));
}

#[tokio::test]
async fn a_policy_refuses_what_it_forbids_by_row_with_the_number_masked() {
    let dir = files("policy", GOOD);
    std::fs::write(dir.join("dnc.txt"), "6281234567891\n").unwrap();
    std::fs::write(
        dir.join("policy.yaml"),
        "do_not_call: {file: dnc.txt}\nlocal_hours:\n  from: \"08:00\"\n  to: \"20:00\"\n  default_zone: Asia/Jakarta\n",
    )
    .unwrap();
    let campaign = dir.join("campaign.yaml");
    let text = std::fs::read_to_string(&campaign)
        .unwrap()
        .replace("agentId: 41}", "agentId: 41, allowSendTime: [{strTime: \"08:00\", endTime: \"10:00\"}]}");
    std::fs::write(&campaign, text).unwrap();
    let (csv, policy) = (dir.join("debtors.csv"), dir.join("policy.yaml"));
    let (code, out, err) = run(
        None,
        &["plan", campaign.to_str().unwrap(), csv.to_str().unwrap(), "--policy", policy.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 1, "{out}{err}");
    let csv_name = csv.display().to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{csv_name}:2 phone: allowSendTime 08:00-10:00 (server time, UTC+8) is 07:00-09:00 in Asia/Jakarta, before 08:00"
        )
    );
    assert!(
        lines.contains(
            &format!("{csv_name}:3 phone: 6281****7891 is on the do-not-call list (dnc.txt)").as_str()
        ),
        "{out}"
    );
    assert!(!out.contains("6281234567891"), "the number is masked: {out}");

    std::fs::write(&policy, "local_hours: {from: \"20:00\", to: \"08:00\"}\n").unwrap();
    let (code, out, _) = run(
        None,
        &["plan", campaign.to_str().unwrap(), csv.to_str().unwrap(), "--policy", policy.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 1);
    assert!(out.contains("local_hours: from 20:00 is not before to 08:00"), "{out}");
}
