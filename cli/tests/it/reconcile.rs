//! The loop from the command line, every part a process over real HTTP on 127.0.0.1:
//! `itnio receive` into a SQLite file, `itnio mock --push-to` it with a lost push, `itnio send`,
//! `itnio tasks wait`, `itnio reports summary`, and `itnio reports reconcile`, whose exit status
//! tells a cron job that reports are missing.

use crate::common::{itnio, text};
use itnio_mock::{MOCK_API_KEY, MOCK_API_SECRET};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `command` and returns it with the first line it prints (it goes on serving after
/// the pipe of the lines it prints next is closed).
fn spawn(command: &mut Command) -> (Child, String) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line.trim().to_owned())
}

struct Killed(Vec<Child>);

impl Drop for Killed {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn send_receive_summary_and_reconcile_find_the_push_that_was_lost() {
    let dir = std::env::temp_dir().join(format!("itnio-cli-loop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("reports.db").display().to_string();
    let (receiver, push_url) =
        spawn(itnio().args(["receive", "--listen", "127.0.0.1:0", "--path", "/hooks/x7f3", "--db", &db]));
    let (mock, base_url) = spawn(itnio().args([
        "mock",
        "--agent",
        "41=debt-collection",
        "--finish-after-polls",
        "2",
        "--push-to",
        &push_url,
        "--push-batch",
        "10",
        "--push-fault",
        "lose",
        "--push-fault",
        "repeat",
    ]));
    let _running = Killed(vec![receiver, mock]);
    let with_credentials = |c: &mut Command| {
        c.env("ITNIO_API_KEY", MOCK_API_KEY)
            .env("ITNIO_API_SECRET", MOCK_API_SECRET)
            .env("ITNIO_BASE_URL", &base_url);
    };

    // 25 callees: the task list shows 12 called, then all 25; pushes of 10, 2, 10, 3 reports,
    // the first lost, the second delivered twice.
    let mut request = itnio_tests::example_as_sent();
    let first = request["numberInfoList"][0].clone();
    request["numberInfoList"] = (0..25)
        .map(|i| {
            let mut callee = first.clone();
            callee["calleeNumber"] = format!("62812{i:07}").into();
            callee
        })
        .collect();
    let file = dir.join("request.json");
    std::fs::write(&file, serde_json::to_vec(&request).unwrap()).unwrap();
    let mut send = itnio();
    with_credentials(send.args(["send", "--scenario", "debt-collection"]).arg(&file));
    let out = send.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let task = text(&out.stdout).trim().to_owned();

    let mut wait = itnio();
    with_credentials(wait.args(["tasks", "wait", &task, "--interval-ms", "10"]));
    let out = wait.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The last push may still be on its way when the task is listed as finished.
    let deadline = Instant::now() + Duration::from_secs(10);
    let summary = loop {
        let out = itnio().args(["reports", "summary", "--db", &db]).output().unwrap();
        let summary = format!("{}{}", text(&out.stdout), text(&out.stderr));
        if summary.contains("15 calls") || Instant::now() > deadline {
            break summary;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(summary.starts_with(&format!("task {task}\n  15 calls: ")), "{summary}");

    let mut reconcile = itnio();
    with_credentials(reconcile.args(["reports", "reconcile", "--db", &db, "--task", &task]));
    let out = reconcile.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));
    let table = text(&out.stdout);
    assert_eq!(
        table,
        format!(
            "taskId\tstatus\tcalled\treceived\tsucceeded (listed/received)\tverdict\tname\n\
             {task}\tFinished\t25\t15\t23/14\t10 reports missing\t{}\n",
            request["taskName"].as_str().unwrap()
        )
    );
    let mut json = itnio();
    with_credentials(json.args(["reports", "reconcile", "--db", &db, "--format", "json"]));
    let out = json.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let document: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(document["tasks"][0]["missing"], 10);
    assert_eq!(document["reportsMissing"], true);

    // Errors are exit 2: a task not in the list, a store that does not exist, no credentials.
    let mut unknown = itnio();
    with_credentials(unknown.args(["reports", "reconcile", "--db", &db, "--task", "42"]));
    let out = unknown.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no task 42"), "{}", text(&out.stderr));
    let mut missing = itnio();
    with_credentials(missing.args(["reports", "reconcile", "--db"]).arg(dir.join("nothing.db")));
    assert_eq!(missing.output().unwrap().status.code(), Some(2));
    let out = itnio().args(["reports", "reconcile", "--db", &db]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ITNIO_API_KEY"), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_push_fault_that_is_not_one_is_refused_with_the_choices() {
    let out =
        itnio().args(["mock", "--push-to", "http://127.0.0.1:1/x", "--push-fault", "drop"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("lose, repeat, reorder or delay=MILLISECONDS"),
        "{}",
        text(&out.stderr)
    );
}
