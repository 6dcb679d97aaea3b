//! The contact ledger in a real SQLite file: created owner-only, other files refused, a locked
//! one waited for a bounded time; a campaign's parts recorded before they are sent; calls read
//! from a real `itnio receive` database; estimates replaced by reported calls; prune and export.

use itnio_campaign::{Ledger, Plan, send};
use itnio_mock::MockServer;
use itnio_receiver::{Push, SqliteStore, Store};
use itnio_voice::ScenarioKind;
use std::path::PathBuf;
use std::time::Duration;

fn dir(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ledger").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CAMPAIGN: &str = "\
name: Ledger check
scenario: marketing
task: {appId: 2Xql9RBI, agentId: 43, recallFlow: {recallType: 0, recallInterval: 30, recallNum: 2}, allowSendTime: [{strTime: \"09:00\", endTime: \"12:00\"}]}
columns: {calleeNumber: phone}
";

#[test]
fn a_new_ledger_is_private_and_other_files_are_refused() {
    let dir = dir("open");
    let path = dir.join("ledger.sqlite");
    drop(Ledger::open(&path).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    Ledger::open(&path).expect("a ledger opens again");

    std::fs::write(dir.join("notes.txt"), b"not a database at all, just some text").unwrap();
    let e = Ledger::open(dir.join("notes.txt")).unwrap_err();
    assert!(e.to_string().contains("is not a ledger"), "{e}");

    let other = dir.join("other.sqlite");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let e = Ledger::open(&other).unwrap_err();
    assert!(e.to_string().contains("a SQLite file of something else"), "{e}");
}

#[test]
fn a_ledger_another_process_holds_is_waited_for_then_refused() {
    let dir = dir("locked");
    let path = dir.join("ledger.sqlite");
    drop(Ledger::open(&path).unwrap());
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let started = std::time::Instant::now();
    let e = Ledger::open_waiting(&path, Duration::from_millis(300)).unwrap_err();
    assert!(e.to_string().contains("is locked by another process (waited 0.3 s)"), "{e}");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn parts_are_recorded_and_reported_calls_replace_the_estimates() {
    let dir = dir("record");
    let mock = MockServer::start().await.unwrap();
    mock.register_agent(43, ScenarioKind::Marketing);
    let client = mock.client().build().unwrap();
    let csv = "phone\n6281234567890\n6281234567891\n";
    let plan = Plan::build("campaign.yaml", CAMPAIGN, "people.csv", csv.as_bytes()).unwrap();
    let mut ledger = Ledger::open(dir.join("ledger.sqlite")).unwrap();
    let sent = send(&plan, &client, &dir.join("state.json"), Some(&mut ledger), |_| {}).await.unwrap();

    let history = ledger.history("6281234567890").unwrap();
    assert_eq!(history.tasks.len(), 1);
    assert_eq!(history.tasks[0].name, "Ledger check");
    assert_eq!(history.tasks[0].task_id, Some(sent[0].task_id));
    assert_eq!(history.tasks[0].worst_case_calls, 3, "the first call and two recall rounds");
    assert_eq!(history.tasks[0].send_windows, r#"[{"strTime":"09:00","endTime":"12:00"}]"#);
    assert_eq!(ledger.calls_since("6281234567890", 0).unwrap(), 3, "estimated: the worst case");
    assert_eq!(ledger.history("6200000000000").unwrap(), Default::default());

    // The receiver stored two reports of the task for one number: they replace its estimate.
    let db = dir.join("reports.sqlite");
    let store = SqliteStore::open(&db).unwrap();
    let body = format!(
        r#"[{{"voiceId":"v1","callee":"6281234567890","callTime":"20261202093000","terminationCode":"0","taskId":{id}}},
            {{"voiceId":"v2","callee":"6281234567890","callTime":"20261202100000","terminationCode":"1","taskId":{id}}}]"#,
        id = sent[0].task_id
    );
    store.store(Push::read(body.into(), 0)).await.unwrap();
    drop(store);
    assert_eq!(ledger.import_reports(&db).unwrap(), 2);
    assert_eq!(ledger.import_reports(&db).unwrap(), 2, "importing again changes nothing");
    let history = ledger.history("6281234567890").unwrap();
    assert_eq!(history.calls.len(), 2);
    assert!(history.calls[0].connected && !history.calls[1].connected);
    assert_eq!(history.calls[0].call_ms, Some(1_796_175_000_000), "09:30 at UTC+8");
    assert_eq!(ledger.calls_since("6281234567890", 0).unwrap(), 2, "reported calls, not the estimate");
    assert_eq!(ledger.calls_since("6281234567891", 0).unwrap(), 3, "no report yet: the estimate");

    let mut csv = Vec::new();
    ledger.export(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.starts_with("kind,number,task,task_id,time_ms,detail\ntask,6281234567890,Ledger check,"),
        "{csv}"
    );
    assert!(csv.contains("call,6281234567890,v1,"), "{csv}");

    let (tasks, calls) = ledger.prune(i64::MAX).unwrap();
    assert_eq!((tasks, calls), (1, 2));
    assert_eq!(ledger.history("6281234567890").unwrap(), Default::default());
}

#[test]
fn a_ledger_of_the_first_schema_is_migrated_and_keeps_what_it_holds() {
    let dir = dir("migrate");
    let path = dir.join("ledger.sqlite");
    // The schema version 1 wrote, with one task, one callee and one call.
    let v1 = rusqlite::Connection::open(&path).unwrap();
    v1.execute_batch(
        "CREATE TABLE tasks (name TEXT PRIMARY KEY, task_id INTEGER, recorded_ms INTEGER NOT NULL,
             worst_case_calls INTEGER NOT NULL, send_time TEXT, send_windows TEXT NOT NULL, campaign TEXT NOT NULL);
         CREATE TABLE callees (task TEXT NOT NULL REFERENCES tasks(name) ON DELETE CASCADE, number TEXT NOT NULL,
             PRIMARY KEY (task, number)) WITHOUT ROWID;
         CREATE INDEX callees_by_number ON callees(number);
         CREATE TABLE calls (voice_id TEXT PRIMARY KEY, number TEXT NOT NULL, task_id INTEGER, call_ms INTEGER,
             connected INTEGER NOT NULL);
         CREATE INDEX calls_by_number ON calls(number, call_ms);
         INSERT INTO tasks VALUES ('Old', 7, 1000, 3, NULL, '[]', 'old campaign');
         INSERT INTO callees VALUES ('Old', '6281234567890');
         INSERT INTO calls VALUES ('v1', '6281234567890', 7, 2000, 1);
         INSERT INTO calls VALUES ('v2', '6281234567890', 7, NULL, 0);
         PRAGMA application_id = 1769238124; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(v1);
    let ledger = Ledger::open(&path).expect("a version 1 ledger opens");
    let history = ledger.history("6281234567890").unwrap();
    assert_eq!((history.tasks.len(), history.calls.len()), (1, 2));
    assert_eq!(ledger.calls_since("6281234567890", 0).unwrap(), 2, "the reported calls replace the estimate");
    let mut recent = itnio_campaign::Recent::default();
    ledger.probe(0).unwrap().read("6281234567890", &mut recent).unwrap();
    // A call of no known time counts whatever the window.
    assert_eq!(recent.calls, [(Some(7), Some(2000)), (Some(7), None)]);
    assert_eq!(recent.tasks.len(), 1);
    drop(ledger);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!((version, indexes), (2, vec!["calls_recent".to_owned(), "calls_untimed".to_owned()]));

    // A ledger of a later schema than this program knows is refused, not changed.
    conn.execute_batch("PRAGMA user_version = 9").unwrap();
    drop(conn);
    let e = Ledger::open(&path).unwrap_err();
    assert!(e.to_string().contains("has schema version 9; this program reads version 2"), "{e}");
}
