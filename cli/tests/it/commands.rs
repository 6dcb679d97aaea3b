//! The `itnio` binary: exit codes, JSON Pointers in messages, nothing sent when validation
//! fails, sending to the mock, and the mock subcommand.

use itnio_mock::{Fault, MOCK_API_KEY, MOCK_API_SECRET, MockConfig, MockServer};
use itnio_tests::{example_as_sent, example_body};
use itnio_voice::ScenarioKind;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Output, Stdio};

use crate::common::{file, itnio, run, text};

#[test]
fn the_docs_example_validates_as_it_is() {
    let path = file("example", example_body().as_bytes());
    for args in [vec![], vec!["--scenario", "debt-collection"]] {
        let out = run(itnio().arg("validate").args(&args).arg(&path));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty());
        assert!(text(&out.stderr).contains("valid"));
    }
}

#[test]
fn violations_are_one_line_each_starting_with_the_pointer() {
    let mut doc = example_as_sent();
    doc["numberInfoList"] = json!([
        {"calleeNumber": "463200000007", "callInformation": {"name": "A", "borrow_total_money": "1"}},
        {"calleeNumber": "12"},
    ]);
    doc["maxRingingTime"] = json!(5);
    doc["numberInfoList"][0]["text1"] = json!("x".repeat(40));
    let path = file("violations", &serde_json::to_vec(&doc).unwrap());
    let out = run(itnio().args(["validate", "--scenario", "debt-collection"]).arg(&path));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        vec![
            "/maxRingingTime: must be from 10 to 120, not 5",
            "/numberInfoList/0/callInformation/due_date: is required by the debt-collection scenario",
            "/numberInfoList/1/callInformation: is required by the debt-collection scenario (keys name, borrow_total_money, due_date)",
            "/numberInfoList/1/calleeNumber: must be 6 to 18 digits long, not 2",
        ]
    );
    assert!(
        text(&out.stderr).contains("warning: /numberInfoList/0/text1: is 40 characters long"),
        "{}",
        text(&out.stderr)
    );
    // Without a scenario, the callInformation keys are not required.
    let out = run(itnio().arg("validate").arg(&path));
    assert_eq!(text(&out.stdout).lines().count(), 2);
}

#[test]
fn a_wrong_json_type_is_a_violation_with_its_pointer() {
    let path = file("wrong-type", br#"{"appId": "a", "maxCalls": "300"}"#);
    let out = run(itnio().arg("validate").arg(&path));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("/maxCalls: must be an integer, not the string \"300\"\n"), "{stdout}");
    // The reading went on: the other violations are there too.
    assert!(stdout.contains("/taskName: is required\n"), "{stdout}");
}

#[test]
fn not_json_or_unreadable_is_exit_2_with_file_line_and_column() {
    let path = file("not-json", b"{\n  \"appId\": \"a\",\n  oops\n}");
    let out = run(itnio().arg("validate").arg(&path));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{}:3:3: not JSON", path.display())), "{err}");

    for (name, bytes) in [
        ("empty", &b""[..]),
        ("garbage", &[0xff, 0xfe, 0x00, 0x01][..]),
        ("utf8", &b"{\"appId\": \"\xff\"}"[..]),
    ] {
        let out = run(itnio().arg("validate").arg(file(name, bytes)));
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
    }
    let out = run(itnio().args(["validate", "/nonexistent/request.json"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read /nonexistent/request.json"));
    let out = run(itnio().args(["validate", "--scenario", "debt"]).arg(&path));
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(text(&out.stderr).contains("unknown scenario `debt`"));
}

#[test]
fn deep_nesting_and_huge_numbers_are_clean_errors() {
    let deep = format!("{{\"appId\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let out = run(itnio().arg("validate").arg(file("deep", deep.as_bytes())));
    assert!(matches!(out.status.code(), Some(1 | 2)), "{}", text(&out.stderr));
    let out = run(itnio().arg("validate").arg(file("big-number", br#"{"agentId": 123456789012345678901}"#)));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("/agentId:"), "{}", text(&out.stdout));
}

#[test]
fn send_needs_credentials_and_a_dry_run_sends_nothing() {
    let path = file("dry-run", example_body().as_bytes());
    let out = run(itnio().args(["send", "--dry-run"]).arg(&path));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let out = run(itnio().arg("send").arg(&path));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ITNIO_API_KEY"));
}

#[tokio::test(flavor = "multi_thread")]
async fn send_creates_the_task_and_prints_its_id() {
    let mock = MockServer::start().await.unwrap();
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let path = file("send", example_body().as_bytes());
    let send = |path: PathBuf| {
        let url = mock.base_url();
        async move {
            tokio::task::spawn_blocking(move || {
                run(itnio()
                    .args(["send", "--scenario", "debt-collection"])
                    .arg(path)
                    .env("ITNIO_API_KEY", MOCK_API_KEY)
                    .env("ITNIO_API_SECRET", MOCK_API_SECRET)
                    .env("ITNIO_BASE_URL", url))
            })
            .await
            .unwrap()
        }
    };
    let out = send(path.clone()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), mock.tasks()[0].task_id.to_string());

    // The same name again: the API's -41, exit 1 with the code and message.
    let out = send(path).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error -41"), "{}", text(&out.stderr));

    // An invalid file: exit 1, and the mock saw nothing.
    let before = mock.requests();
    let mut doc = example_as_sent();
    doc["numberInfoList"][0]["calleeNumber"] = json!("12");
    let out = send(file("send-invalid", &serde_json::to_vec(&doc).unwrap())).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("/numberInfoList/0/calleeNumber:"));
    assert!(text(&out.stderr).contains("nothing was sent"));
    assert_eq!(mock.requests(), before);
    assert_eq!(mock.tasks().len(), 1);

    // The answer is lost after the task was created: the retry is answered -41, the task list
    // gives the task's ID, which is printed; exit 0, and one task of that name.
    let mut doc = example_as_sent();
    doc["taskName"] = json!("answer lost");
    mock.inject(Fault::DropAfterBody);
    let out = send(file("send-lost", &serde_json::to_vec(&doc).unwrap())).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let named: Vec<_> =
        mock.tasks().into_iter().filter(|t| t.request.task_name.as_deref() == Some("answer lost")).collect();
    assert_eq!(named.len(), 1);
    assert_eq!(text(&out.stdout).trim(), named[0].task_id.to_string());
    assert_eq!(mock.tasks().len(), 2, "the example's task and this one");
}

#[test]
fn the_mock_subcommand_serves_until_killed() {
    let mut child = itnio()
        .args(["mock", "--port", "0", "--agent", "41=debt-collection"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
    let url = url.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let out = run(itnio()
        .args(["send", "--scenario", "debt-collection"])
        .arg(file("mock-cmd", example_body().as_bytes()))
        .env("ITNIO_API_KEY", MOCK_API_KEY)
        .env("ITNIO_API_SECRET", MOCK_API_SECRET)
        .env("ITNIO_BASE_URL", &url));
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim().parse::<i64>().is_ok());
}

/// `itnio mock` in a child process; killed on drop.
struct MockProcess {
    child: std::process::Child,
    url: String,
}

impl MockProcess {
    fn start(args: &[&str]) -> MockProcess {
        let mut child = itnio()
            .args(["mock", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut url = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
        MockProcess { child, url: url.trim().to_owned() }
    }

    fn itnio(&self, args: &[&str]) -> Output {
        run(itnio()
            .args(args)
            .env("ITNIO_API_KEY", MOCK_API_KEY)
            .env("ITNIO_API_SECRET", MOCK_API_SECRET)
            .env("ITNIO_BASE_URL", &self.url))
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn tasks_list_cancel_and_wait() {
    let mock = MockProcess::start(&["--agent", "41=debt-collection", "--finish-after-polls", "3"]);
    let mut ids = Vec::new();
    for name in ["CLI task one", "CLI task two"] {
        let mut doc = example_as_sent();
        doc["taskName"] = json!(name);
        let path = file(&name.replace(' ', "-"), &serde_json::to_vec(&doc).unwrap());
        let out = mock.itnio(&["send", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        ids.push(text(&out.stdout).trim().to_owned());
    }

    let out = mock.itnio(&["tasks", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    for id in &ids {
        assert!(listed.lines().any(|l| l.starts_with(id.as_str()) && l.contains("Calling")), "{listed}");
    }
    assert!(text(&out.stderr).contains("2 tasks"));
    let out = mock.itnio(&["tasks", "list", "--status", "finished"]);
    assert_eq!(text(&out.stdout).lines().count(), 1, "header only: {}", text(&out.stdout));
    let out = mock.itnio(&["tasks", "list", "--status", "7"]);
    assert_eq!(out.status.code(), Some(2), "an undocumented status is a usage error");
    let out = mock.itnio(&["tasks", "list", "--from", "2026-02-30 00:00:00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("yyyy-MM-dd HH:mm:ss"), "{}", text(&out.stderr));

    let out = mock.itnio(&["tasks", "cancel", &ids[1]]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), format!("cancelled {}", ids[1]));
    let out = mock.itnio(&["tasks", "cancel", &ids[1]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error -54"), "{}", text(&out.stderr));

    let out = mock.itnio(&["tasks", "wait", &ids[0], "--interval-ms", "10"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), format!("{} finished", ids[0]));
    assert!(text(&out.stderr).contains("called"), "progress is shown: {}", text(&out.stderr));
    let out = mock.itnio(&["tasks", "wait", &ids[1], "--interval-ms", "10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("ended: Canceled"), "{}", text(&out.stdout));
    let out = mock.itnio(&["tasks", "wait", "424242", "--interval-ms", "10", "--timeout-secs", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did not end"), "{}", text(&out.stderr));

    let out = run(itnio().args(["tasks", "list"]));
    assert_eq!(out.status.code(), Some(2), "no credentials");
}

#[test]
fn recall_list_show_update_cancel_and_balance() {
    let mock = MockProcess::start(&["--agent", "41=debt-collection"]);
    let path = file("recall", example_body().as_bytes());
    let out = mock.itnio(&["send", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let task = text(&out.stdout).trim().to_owned();

    let out = mock.itnio(&["recall", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let row = text(&out.stdout).lines().nth(1).unwrap_or_default().to_owned();
    assert!(row.starts_with(&format!("1\t{task}\tPending")), "{row}");

    let out = mock.itnio(&["recall", "show", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("recall flow 1: Pending"), "{}", text(&out.stdout));

    let out = mock.itnio(&[
        "recall",
        "update",
        "1",
        "--interval",
        "60",
        "--count",
        "2",
        "--type",
        "1",
        "--node",
        "41",
        "--node",
        "42",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&mock.itnio(&["recall", "show", "1"]).stdout);
    assert!(shown.contains("every 60 min, 2 rounds"), "{shown}");
    assert_eq!(shown.lines().filter(|l| l.trim_start().starts_with("node")).count(), 2, "{shown}");

    // Refused before sending: out of range (usage), and by intent without intents (invalid).
    let out = mock.itnio(&["recall", "update", "1", "--interval", "0", "--count", "1", "--type", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = mock.itnio(&["recall", "update", "1", "--interval", "5", "--count", "1", "--type", "3"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/recallIntent"), "{}", text(&out.stderr));

    let out = mock.itnio(&["recall", "cancel", "--flow", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = mock.itnio(&["recall", "cancel", "--flow", "1"]);
    assert_eq!(out.status.code(), Some(1), "no longer pending");
    let out = mock.itnio(&["recall", "cancel", "--task", "99"]);
    assert_eq!(out.status.code(), Some(1));
    let out = mock.itnio(&["recall", "cancel"]);
    assert_eq!(out.status.code(), Some(2));

    let out = mock.itnio(&["balance"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "balance\t1250.75\ngift\t20.00\ncredit\t0\n");
}

#[test]
fn reports_parse_prints_a_summary_per_intent() {
    let body = json!([
        {"voiceId": "1", "terminationCode": "0", "intent": "205"},
        {"voiceId": "2", "terminationCode": "0", "intent": "205", "newField": true},
        {"voiceId": "3", "terminationCode": "1", "intent": "99999"},
        {"voiceId": "4", "terminationCode": "0", "intent": "31337"},
        {"voiceId": "5", "terminationCode": "1"}
    ]);
    let path = file("reports", &serde_json::to_vec(&body).unwrap());
    let out = run(itnio().args(["reports", "parse"]).arg(&path));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "5 reports: 3 calls succeeded, 2 failed\n\
         205\t2\tPromise to pay: On time\n\
         31337\t1\t(undocumented intent)\n\
         99999\t1\tCalled but not connected\n\
         -\t1\t(no intent)\n"
    );
    assert!(text(&out.stderr).contains("note: 1 report carries an intent code"), "{}", text(&out.stderr));

    let out = run(itnio().args(["reports", "parse"]).arg(file("reports-bad", b"\x00\xff")));
    assert_eq!(out.status.code(), Some(2));
    // A value a field cannot hold is kept and warned about; the report still counts.
    let out = run(itnio()
        .args(["reports", "parse"])
        .arg(file("reports-shape", br#"[{"ringDuration": [], "terminationCode": "0"}]"#)));
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("1 report: 1 call succeeded"), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("warning: /0/ringDuration: must be an integer; a part of it cannot be read; kept as it was received"),
        "{}",
        text(&out.stderr)
    );
    let out = run(itnio().args(["reports", "parse"]).arg(file("reports-not-objects", b"[1]")));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/0"), "{}", text(&out.stderr));
}

#[test]
fn the_secret_never_shows_in_cli_output() {
    const SECRET: &str = "CLI-S3CRET-OKAPI-42";
    let mock = MockProcess::start(&[]);
    let path = file("secret", example_body().as_bytes());
    for (url, args) in [
        (mock.url.as_str(), vec!["balance"]),
        (mock.url.as_str(), vec!["tasks", "list"]),
        (mock.url.as_str(), vec!["send", path.to_str().unwrap()]),
        ("http://127.0.0.1:9", vec!["balance"]),
        ("not a url", vec!["tasks", "cancel", "1"]),
    ] {
        let out = run(itnio()
            .args(&args)
            .env("ITNIO_API_KEY", MOCK_API_KEY)
            .env("ITNIO_API_SECRET", SECRET)
            .env("ITNIO_BASE_URL", url)
            .env("RUST_LOG", "trace"));
        assert_ne!(out.status.code(), Some(0), "{args:?}: the mock refuses the wrong secret");
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!said.is_empty());
        assert!(!said.contains(SECRET), "{args:?}: {said}");
    }
}

/// `--format json` writes one JSON document whose members the README documents; this pins it.
#[test]
fn format_json_is_one_document_for_machines() {
    let mut doc = example_as_sent();
    doc["maxRingingTime"] = json!(5);
    doc["numberInfoList"][0]["text1"] = json!("x".repeat(40));
    let path = file("machine", &serde_json::to_vec(&doc).unwrap());
    let out = run(itnio().args(["validate", "--format", "json", "--scenario", "debt-collection"]).arg(&path));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report,
        json!({
            "file": path.display().to_string(),
            "scenario": "debt-collection",
            "valid": false,
            "errors": [
                {"pointer": "/maxRingingTime", "rule": "ringing_seconds.range", "message": "must be from 10 to 120, not 5"},
            ],
            "warnings": [
                {"pointer": "/numberInfoList/0/text1", "rule": "text.truncated", "message": "is 40 characters long; the server truncates it to 30"},
            ],
            "not_checked": [],
        })
    );

    // Without a scenario: valid, and the checks that need one are named; the whole document's
    // pointer stays the empty string.
    let path = file("machine-valid", example_body().as_bytes());
    let out = run(itnio().args(["validate", "--format", "json"]).arg(&path));
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["scenario"], serde_json::Value::Null);
    assert_eq!(report["not_checked"].as_array().unwrap().len(), 3);
    let path = file("machine-list", b"[]");
    let report: serde_json::Value =
        serde_json::from_slice(&run(itnio().args(["validate", "--format", "json"]).arg(&path)).stdout)
            .unwrap();
    assert_eq!(report["errors"][0]["pointer"], "");
    assert_eq!(report["errors"][0]["rule"], "json.type");

    // Not JSON: exit 2, and still one document, with where it fails.
    let path = file("machine-not-json", b"{\n  oops");
    let out = run(itnio().args(["validate", "--format", "json"]).arg(&path));
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["valid"].clone(), report["not_json"]["line"].clone()), (json!(false), json!(2)));
}

/// People read the whole document's pointer as `(document)`, counts in the right plural, and
/// which checks a missing `--scenario` left out.
#[test]
fn text_output_reads_as_english() {
    let path = file("plural", b"[]");
    let out = run(itnio().arg("validate").arg(&path));
    assert_eq!(text(&out.stdout), "(document): must be an object, not a list\n");
    let err = text(&out.stderr);
    assert!(err.contains("invalid for the rules every scenario shares (1 violation, 0 warnings)"), "{err}");
    assert!(
        err.contains("without --scenario, not checked: recall intents of other scenarios (-68), the callInformation keys the scenario requires, callInformation the scenario ignores"),
        "{err}"
    );
}

/// `tasks wait` reads the task list's pages only until it first finds the task; after that,
/// one short page per poll (the tasks submitted in its second, under its name).
#[tokio::test(flavor = "multi_thread")]
async fn tasks_wait_does_not_read_every_page_each_poll() {
    let mock = MockServer::start_with(MockConfig { finish_after_polls: Some(3), ..MockConfig::default() })
        .await
        .unwrap();
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build().unwrap();
    let body = |name: String| {
        let mut doc = example_as_sent();
        doc["taskName"] = json!(name);
        itnio_voice::wire::AgentSendRequest::from_json(&serde_json::to_vec(&doc).unwrap()).unwrap()
    };
    // 150 tasks: two pages of 100, the first task (the oldest) on the second.
    let first = client.agent_send_wire(&body("wait 0".into()), None).await.unwrap();
    for i in 1..150 {
        client.agent_send_wire(&body(format!("wait {i}")), None).await.unwrap();
    }
    let before = mock.requests();
    let url = mock.base_url();
    let out = tokio::task::spawn_blocking(move || {
        run(itnio()
            .args(["tasks", "wait", &first.to_string(), "--interval-ms", "10"])
            .env("ITNIO_API_KEY", MOCK_API_KEY)
            .env("ITNIO_API_SECRET", MOCK_API_SECRET)
            .env("ITNIO_BASE_URL", url))
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), format!("{first} finished"));
    // Poll 1 reads pages 1 and 2; polls 2 and 3 read one page each (reading every page each
    // time would be 6 requests).
    assert_eq!(mock.requests() - before, 4);
    // Not a terminal: plain lines, one per change.
    assert!(text(&out.stderr).lines().all(|l| l.starts_with(&first.to_string())), "{}", text(&out.stderr));
}

/// `--version` names the crate version and the spec the SDK was generated from: the digest of
/// the YAML files in spec/ as the generator computes it now.
#[test]
fn version_names_the_spec_it_was_generated_from() {
    let out = itnio().arg("--version").output().unwrap();
    assert!(out.status.success());
    let api = codegen::load_spec(&itnio_tests::spec_dir()).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("itnio {} (spec sha256:{})\n", env!("CARGO_PKG_VERSION"), api.spec_digest)
    );
}

/// An unknown `--format` is refused by the argument parser, which lists the formats there are.
#[test]
fn an_unknown_format_is_refused_with_the_choices() {
    let path = file("format-choices", b"{}");
    let out = run(itnio().args(["validate", "--format", "yaml"]).arg(&path));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("yaml") && stderr.contains("text") && stderr.contains("json"), "{stderr}");
}
