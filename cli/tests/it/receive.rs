//! `itnio receive`: pushes stored in a real SQLite file, durable before they are acknowledged,
//! even when the process is killed with SIGKILL mid-load.

use crate::common::{itnio, text};
use itnio_receiver::SqliteStore;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itnio-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts `itnio receive` on a free port; returns the child and the push URL it printed.
fn start(db: &Path) -> (Child, String) {
    let mut child = itnio()
        .args(["receive", "--listen", "127.0.0.1:0", "--path", "/hooks/x7f3"])
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line.trim().to_owned())
}

fn batch(sender: usize, n: usize) -> (Vec<String>, String) {
    let ids: Vec<String> = (0..100).map(|i| format!("s{sender}-b{n}-{i}")).collect();
    let reports: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| serde_json::json!({"voiceId": id, "intent": "205", "terminationCode": "0", "cost": "0.10"}))
        .collect();
    (ids, serde_json::to_string(&reports).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_load_loses_no_acknowledged_report() {
    let dir = dir("receive-kill");
    let db = dir.join("reports.db");
    let (mut child, url) = start(&db);
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let client = reqwest::Client::new();
    let mut senders = Vec::new();
    for sender in 0..4 {
        let (client, url, acknowledged) = (client.clone(), url.clone(), acknowledged.clone());
        senders.push(tokio::spawn(async move {
            for n in 0.. {
                let (ids, body) = batch(sender, n);
                match client.post(&url).body(body).send().await {
                    Ok(answer) if answer.status() == 200 => acknowledged.lock().unwrap().extend(ids),
                    _ => break,
                }
            }
        }));
    }
    // Let a few hundred batches through, then kill the receiver without warning.
    while acknowledged.lock().unwrap().len() < 20_000 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap();
    let _ = child.wait();
    for s in senders {
        let _ = s.await;
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let stored: BTreeSet<String> =
        SqliteStore::reports(&db).unwrap().into_iter().map(|r| r.voice_id).collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged reports lost, e.g. {:?}", lost.len(), lost.first());

    // Restarted on the same file, a batch delivered again is stored once.
    let (mut child, url) = start(&db);
    let (_, body) = batch(0, 0);
    let answer = reqwest::Client::new().post(&url).body(body).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let totals = SqliteStore::totals(&db).unwrap();
    assert_eq!(totals.replaced, 0);
    assert_eq!(totals.reports as usize, stored.len().max(100));
    child.kill().unwrap();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn receive_refuses_a_path_without_a_slash_and_an_unwritable_db() {
    let out = itnio()
        .args(["receive", "--listen", "127.0.0.1:0", "--db", "/nonexistent/dir/r.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/nonexistent/dir/r.db"), "{}", text(&out.stderr));
    let out = itnio()
        .args(["receive", "--listen", "127.0.0.1:0", "--db", "x.db", "--path", "hooks"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_summary_and_export_read_the_receivers_file() {
    let dir = dir("receive-summary");
    let db = dir.join("reports.db");
    let (mut child, url) = start(&db);
    let pushes = [
        r#"[{"voiceId": "a1", "taskId": 77, "intent": "205", "terminationCode": "0", "aiAgentChargedDuration": 61, "cost": "0.10", "aiAgentQuoteFee": "0.015"},
            {"voiceId": "a2", "taskId": 77, "intent": "205", "terminationCode": "0", "aiAgentChargedDuration": 30, "cost": "0.20"},
            {"voiceId": "a3", "taskId": 77, "intent": "99999", "terminationCode": "1", "cost": "1,000"}]"#,
        r#"{"voiceId": "b1", "scriptId": 41, "callTime": "20260102030405", "intent": "31337", "terminationCode": "0", "callee": "4600, \"x\""}"#,
        r#"[{"voiceId": "a1", "taskId": 77, "intent": "205", "terminationCode": "0", "aiAgentChargedDuration": 61, "cost": "0.10", "aiAgentQuoteFee": "0.015"}]"#,
    ];
    let client = reqwest::Client::new();
    for body in pushes {
        assert_eq!(client.post(&url).body(body).send().await.unwrap().status(), 200);
    }
    child.kill().unwrap();
    let _ = child.wait();

    let out = itnio().args(["reports", "summary", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "agent 41, 2026-01-02\n  1 calls: 1 succeeded, 0 failed; 0 s billed; cost 0, agent fee 0\n  31337\t1\t(undocumented intent)\n\
         task 77\n  3 calls: 2 succeeded, 1 failed; 91 s billed; cost 0.30, agent fee 0.015\n  205\t2\tPromise to pay: On time\n  99999\t1\tCalled but not connected\n"
    );
    assert!(text(&out.stderr).contains("1 amounts are not plain decimals"), "{}", text(&out.stderr));
    let out = itnio().args(["reports", "summary", "--task", "77", "--db"]).arg(&db).output().unwrap();
    assert!(
        text(&out.stdout).starts_with("task 77\n") && !text(&out.stdout).contains("agent 41"),
        "{}",
        text(&out.stdout)
    );

    let out = itnio().args(["reports", "export", "--format", "jsonl", "--db"]).arg(&db).output().unwrap();
    let lines: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4, "a1 delivered twice is stored once");
    assert_eq!(lines[2]["cost"], "1,000", "kept as received");
    let out = itnio().args(["reports", "export", "--format", "csv", "--db"]).arg(&db).output().unwrap();
    let csv = text(&out.stdout);
    assert!(csv.starts_with("voiceId,taskId,scriptId,callee,intent,"), "{csv}");
    assert!(csv.contains("\nb1,,41,\"4600, \"\"x\"\"\",31337,0,,,20260102030405,,1\n"), "{csv}");

    let out = itnio().args(["reports", "summary", "--db"]).arg(dir.join("missing.db")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
