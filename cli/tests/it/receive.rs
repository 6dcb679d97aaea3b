//! `itnio receive`: pushes stored in a real SQLite file, durable before they are acknowledged,
//! even when the process is killed with SIGKILL mid-load.

use crate::common::{itnio, text};
use itnio_receiver::SqliteStore;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itnio-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A running `itnio receive`: the child, its push URL and the base URL of /healthz and /metrics.
struct Running {
    child: Child,
    push: String,
    ops: String,
}

/// Starts `itnio receive` on a free port with `extra` arguments; stderr goes to `stderr`.
fn start_with(db: &str, extra: &[&str], stderr: Stdio) -> Running {
    let mut child = itnio()
        .args(["receive", "--listen", "127.0.0.1:0", "--path", "/hooks/x7f3", "--db", db])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().and_then(Result::ok).unwrap_or_default();
    let (push, ops) = (next(), next());
    assert!(push.starts_with("http://"), "itnio receive did not start: {push:?}");
    Running { child, push, ops }
}

/// Starts `itnio receive` on a free port; returns the child and the push URL it printed.
fn start(db: &Path) -> (Child, String) {
    let r = start_with(&db.display().to_string(), &[], Stdio::null());
    (r.child, r.push)
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

/// Two receivers on one real PostgreSQL server, pushed to as behind a load balancer (and some
/// pushes to both at once); one is killed with SIGKILL mid-load and its senders go on with the
/// other, sending again what was not acknowledged. No acknowledged report is missing, none is
/// stored twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_receivers_on_postgres_one_killed_with_sigkill_mid_load_lose_nothing() {
    let pg = tokio::task::spawn_blocking(|| itnio_test_postgres::Postgres::start("cli-kill"))
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));
    let url = pg.url();
    let mut a = start_with(&url, &[], Stdio::null());
    let b = start_with(&url, &[], Stdio::null());
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let client = reqwest::Client::new();
    let mut senders = Vec::new();
    for sender in 0..4 {
        let (client, acknowledged, done) = (client.clone(), acknowledged.clone(), done.clone());
        let (a, b) = (a.push.clone(), b.push.clone());
        senders.push(tokio::spawn(async move {
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let (ids, body) = batch(sender, n);
                // Alternating, and every fifth batch to both at once (a retry racing the first
                // delivery); a receiver that does not answer 200 is left for the other.
                let first = if n % 2 == 0 { &a } else { &b };
                let both = n % 5 == 0;
                let mut stored = false;
                for target in [first, if first == &a { &b } else { &a }] {
                    let answer = client.post(target).body(body.clone()).send().await;
                    stored |= answer.is_ok_and(|r| r.status() == 200);
                    if stored && !both {
                        break;
                    }
                }
                assert!(stored, "neither receiver stored batch {n} of sender {sender}");
                acknowledged.lock().unwrap().extend(ids);
                n += 1;
            }
        }));
    }
    let wait_for = |count: usize| {
        let acknowledged = acknowledged.clone();
        async move {
            while acknowledged.lock().unwrap().len() < count {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }
    };
    wait_for(8_000).await;
    a.child.kill().unwrap();
    let _ = a.child.wait();
    let at_kill = acknowledged.lock().unwrap().len();
    wait_for(at_kill + 5_000).await;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    for s in senders {
        s.await.unwrap();
    }
    let mut b = b;
    b.child.kill().unwrap();
    let _ = b.child.wait();

    let acknowledged = acknowledged.lock().unwrap().clone();
    let db = itnio_receiver::Database::Postgres(url);
    let stored: Vec<String> = db.reports().await.unwrap().into_iter().map(|r| r.voice_id).collect();
    let unique: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(stored.len(), unique.len(), "a report stored twice");
    let lost: Vec<&String> = acknowledged.difference(&unique).collect();
    assert!(lost.is_empty(), "{} acknowledged reports lost, e.g. {:?}", lost.len(), lost.first());
    assert_eq!(db.totals().await.unwrap().replaced, 0, "the same report was counted as changed");

    // `itnio reports` reads the same database by its URL.
    let out =
        itnio().args(["reports", "export", "--format", "jsonl", "--db", &db_url(&db)]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), unique.len());
}

fn db_url(db: &itnio_receiver::Database) -> String {
    match db {
        itnio_receiver::Database::Postgres(url) => url.clone(),
        itnio_receiver::Database::Sqlite(path) => path.display().to_string(),
    }
}

/// What the receiver logs reaches stderr: a refused push at error level with its reason, a
/// stored push at info level with its counts, a value kept by lenient reading as a warning;
/// as human lines, and as JSON lines with `--log-format json`.
#[tokio::test(flavor = "multi_thread")]
async fn refused_pushes_stored_pushes_and_lenient_reading_warnings_are_logged_on_stderr() {
    let dir = dir("receive-logs");
    let client = reqwest::Client::new();
    for json in [false, true] {
        let db = dir.join(format!("reports-{json}.db")).display().to_string();
        let mut args = vec!["--max-body-bytes", "2000"];
        if json {
            args.extend(["--log-format", "json"]);
        }
        let mut r = start_with(&db, &args, Stdio::piped());
        let too_large = client.post(&r.push).body(vec![b' '; 4000]).send().await.unwrap();
        assert_eq!(too_large.status(), 413);
        let lenient = r#"[{"voiceId": "v-1", "aiAgentChargedDuration": "about a minute"}]"#;
        assert_eq!(client.post(&r.push).body(lenient).send().await.unwrap().status(), 200);
        r.child.kill().unwrap();
        let _ = r.child.wait();
        let mut stderr = String::new();
        r.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let find = |level: &str, words: &str| {
            stderr.lines().find(|l| {
                if json {
                    let line: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
                    line["level"] == level && line.to_string().contains(words)
                } else {
                    l.contains(level) && l.contains(words)
                }
            })
        };
        assert!(
            find("ERROR", "push refused: the body is over 2000 bytes").is_some(),
            "json {json}:\n{stderr}"
        );
        assert!(find("WARN", "kept a received value as it was").is_some(), "json {json}:\n{stderr}");
        let stored = find("INFO", "push stored").unwrap_or_else(|| panic!("json {json}:\n{stderr}"));
        assert!(stored.contains("new") && stored.contains('1'), "{stored}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--ops-listen` puts /healthz and /metrics on an address of their own, never on the push
/// listener; without it they share the push listener, and the push path may not be theirs.
#[tokio::test(flavor = "multi_thread")]
async fn health_and_metrics_are_served_apart_from_the_push_path() {
    let dir = dir("receive-ops");
    let db = dir.join("reports.db").display().to_string();
    let client = reqwest::Client::new();
    let mut r = start_with(&db, &["--ops-listen", "127.0.0.1:0"], Stdio::null());
    assert_ne!(r.ops, r.push[..r.push.len() - "/hooks/x7f3".len()], "a listener of its own");
    let health = client.get(format!("{}/healthz", r.ops)).send().await.unwrap();
    assert_eq!((health.status().as_u16(), health.text().await.unwrap()), (200, "ok\n".to_owned()));
    let push_base = r.push.trim_end_matches("/hooks/x7f3");
    assert_eq!(client.get(format!("{push_base}/metrics")).send().await.unwrap().status(), 404);
    assert_eq!(client.post(r.push.replace(push_base, &r.ops)).body("[]").send().await.unwrap().status(), 404);
    assert_eq!(client.post(&r.push).body(r#"{"voiceId": "v"}"#).send().await.unwrap().status(), 200);
    let metrics = client.get(format!("{}/metrics", r.ops)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("itnio_receiver_reports_total{outcome=\"new\"} 1"), "{metrics}");
    r.child.kill().unwrap();
    let _ = r.child.wait();

    let out = itnio()
        .args(["receive", "--listen", "127.0.0.1:0", "--db", &db, "--path", "/metrics"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--path /metrics is where /healthz and /metrics are served"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A script that closes the pipe of what `itnio receive` prints (it read what it needed, or
/// nothing) does not stop the receiver: a line it cannot print is not a reason to stop serving.
#[tokio::test(flavor = "multi_thread")]
async fn the_receiver_goes_on_when_its_stdout_is_closed() {
    let dir = dir("receive-closed-stdout");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = itnio()
        .args(["receive", "--listen", &format!("127.0.0.1:{port}"), "--path", "/hooks/x7f3", "--db"])
        .arg(dir.join("reports.db"))
        .args(["--dashboard", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Closed before anything is printed: every line it prints meets a closed pipe.
    drop(child.stdout.take());
    let url = format!("http://127.0.0.1:{port}/hooks/x7f3");
    let client = reqwest::Client::new();
    let mut status = None;
    for _ in 0..100 {
        if let Ok(answer) = client.post(&url).body(r#"{"voiceId": "v"}"#).send().await {
            status = Some(answer.status().as_u16());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, Some(200), "the receiver did not answer");
    assert!(child.try_wait().unwrap().is_none(), "the receiver stopped");
    child.kill().unwrap();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
