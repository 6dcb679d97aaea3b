//! The receiver over real HTTP on 127.0.0.1, storing into a real SQLite file and a real
//! PostgreSQL server started for the test: every promise holds for both stores.

use itnio_receiver::{Database, PostgresOptions, Receiver, ReceiverConfig, SqliteStore, Totals};
use itnio_test_postgres::Postgres;
use std::path::PathBuf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Served {
    url: String,
    ops: String,
    db: Database,
    _dir: TempDir,
    _server: Option<Postgres>,
}

/// A directory removed when the test ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The test's receiver on each store: a SQLite file, and a PostgreSQL server of its own.
async fn receivers(test: &str, config: ReceiverConfig) -> Vec<Served> {
    let dir = std::env::temp_dir().join(format!("itnio-receiver-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = Database::Sqlite(dir.join("reports.db"));
    let name = test.to_owned();
    let server = tokio::task::spawn_blocking(move || Postgres::start(&name)).await.unwrap().unwrap();
    let postgres = Database::Postgres(server.url());
    vec![
        serve(sqlite, config.clone(), TempDir(dir.clone()), None).await,
        serve(postgres, config, TempDir(dir.join("unused")), Some(server)).await,
    ]
}

async fn serve(db: Database, config: ReceiverConfig, dir: TempDir, server: Option<Postgres>) -> Served {
    let store = db.open(PostgresOptions::default()).await.unwrap();
    let receiver = Receiver::new(store, config);
    let app = receiver.push_router("/push/secret-path").merge(receiver.ops_router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ops = format!("http://{}", listener.local_addr().unwrap());
    let url = format!("{ops}/push/secret-path");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Served { url, ops, db, _dir: dir, _server: server }
}

async fn post(url: &str, body: impl Into<reqwest::Body>) -> (u16, String) {
    let answer = reqwest::Client::new().post(url).body(body).send().await.unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_delivered_twice_is_stored_once_and_a_new_version_replaces_it() {
    for r in receivers("twice", ReceiverConfig::default()).await {
        let batch = r#"[{"voiceId": "v-1", "intent": "205", "terminationCode": "0"}, {"voiceId": "v-2", "intent": "99999"}]"#;
        assert_eq!(post(&r.url, batch).await, (200, "ok\n".to_owned()));
        assert_eq!(post(&r.url, batch).await.0, 200);
        assert_eq!(r.db.totals().await.unwrap(), Totals { reports: 2, replaced: 0, kept_raw: 0 });
        // A later version of v-1 (now with its cost) replaces the earlier one, and is counted.
        assert_eq!(
            post(&r.url, r#"{"voiceId": "v-1", "intent": "205", "terminationCode": "0", "cost": "0.12"}"#)
                .await
                .0,
            200
        );
        assert_eq!(r.db.totals().await.unwrap(), Totals { reports: 2, replaced: 1, kept_raw: 0 });
        let reports = r.db.reports().await.unwrap();
        assert_eq!(reports[0].voice_id, "v-1");
        assert!(reports[0].report.contains(r#""cost":"0.12""#), "{}", reports[0].report);
        assert_eq!(reports[0].versions, 2, "two versions of v-1");

        let (status, text) = get(&format!("{}/healthz", r.ops)).await;
        assert_eq!((status, text.as_str()), (200, "ok\n"), "{}", r.db);
        let (_, metrics) = get(&format!("{}/metrics", r.ops)).await;
        for line in [
            r#"itnio_receiver_pushes_received_total 3"#,
            r#"itnio_receiver_reports_total{outcome="new"} 2"#,
            r#"itnio_receiver_reports_total{outcome="changed"} 1"#,
            r#"itnio_receiver_reports_total{outcome="unchanged"} 2"#,
            r#"itnio_receiver_commit_seconds_count 3"#,
        ] {
            assert!(metrics.lines().any(|l| l == line), "no `{line}` in\n{metrics}");
        }
    }
}

async fn get(url: &str) -> (u16, String) {
    let answer = reqwest::get(url).await.unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_dropped_what_cannot_be_read_is_kept_raw_with_the_reason() {
    for r in receivers("raw", ReceiverConfig::default()).await {
        // Not JSON, invalid UTF-8, not reports: kept raw and acknowledged.
        for body in [&b"not json"[..], b"\xff\xfe{", b"[1, 2]"] {
            assert_eq!(post(&r.url, body.to_vec()).await.0, 200);
        }
        // A report without voiceId is kept raw; one unreadable value keeps its report.
        let batch = r#"[{"intent": "205"}, {"voiceId": "v-9", "ringDuration": "long", "cost": "1,000"}]"#;
        assert_eq!(post(&r.url, batch).await.0, 200);
        assert_eq!(r.db.totals().await.unwrap(), Totals { reports: 1, replaced: 0, kept_raw: 4 });
        let raw = r.db.kept_raw().await.unwrap();
        assert_eq!(raw[0].body, b"not json");
        assert!(raw[0].reason.starts_with("not JSON"), "{}", raw[0].reason);
        assert_eq!(raw[1].body, b"\xff\xfe{");
        assert_eq!(raw[3].reason, "a report without voiceId");
        let stored = &r.db.reports().await.unwrap()[0].report;
        assert!(
            stored.contains(r#""ringDuration":"long""#) && stored.contains(r#""cost":"1,000""#),
            "{stored}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_bodies_get_a_clear_answer_and_store_nothing() {
    let config = ReceiverConfig {
        max_body_bytes: 1024,
        body_timeout: std::time::Duration::from_millis(300),
        ..ReceiverConfig::default()
    };
    for r in receivers("hostile", config).await {
        let (status, _) = post(&r.url, vec![b' '; 4096]).await;
        assert_eq!(status, 413);
        let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert_eq!(post(&r.url, deep).await.0, 200, "valid JSON too deep to read is kept raw");
        // A body that never finishes arriving: 100 bytes announced, 12 sent.
        let address = r.url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
        let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
        let head = format!(
            "POST /push/secret-path HTTP/1.1\r\nHost: {address}\r\nContent-Length: 100\r\n\r\n[{{\"voiceId\":"
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        let mut answer = vec![0; 64];
        let n = socket.read(&mut answer).await.unwrap();
        assert!(
            String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 408"),
            "{}",
            String::from_utf8_lossy(&answer[..n])
        );
        assert_eq!(r.db.totals().await.unwrap(), Totals { reports: 0, replaced: 0, kept_raw: 1 });
        // Only POST at the configured path.
        let other = r.url.replace("secret-path", "guess");
        assert_eq!(post(&other, "[]").await.0, 404);
        let (_, metrics) = get(&format!("{}/metrics", r.ops)).await;
        for line in [
            r#"itnio_receiver_pushes_refused_total{status="413"} 1"#,
            r#"itnio_receiver_pushes_refused_total{status="408"} 1"#,
            r#"itnio_receiver_kept_raw_total 1"#,
        ] {
            assert!(metrics.lines().any(|l| l == line), "no `{line}` in\n{metrics}");
        }
    }
}

/// A store that cannot store: the push is not acknowledged (503), so ITNIO may send it again.
struct Broken;

impl itnio_receiver::Store for Broken {
    async fn store(
        &self,
        _: itnio_receiver::Push,
    ) -> Result<itnio_receiver::Stored, itnio_receiver::StoreError> {
        Err(itnio_receiver::StoreError::new("the disk is full"))
    }
}

#[tokio::test]
async fn a_push_that_could_not_be_stored_is_not_acknowledged() {
    let receiver = Receiver::new(Broken, ReceiverConfig::default());
    let app = receiver.push_router("/push").merge(receiver.ops_router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/push", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let (status, text) = post(&url, r#"[{"voiceId": "v-1"}]"#).await;
    assert_eq!(status, 503);
    assert!(text.contains("send them again"), "{text}");
    // Its probe says yes (the default), but the failure is remembered until a push is stored.
    let (status, text) = get(&url.replace("/push", "/healthz")).await;
    assert_eq!(status, 503);
    assert!(text.starts_with("unavailable: the reports could not be stored: the disk is full"), "{text}");
}

/// Reading a file that is not a receiver's database is refused with the reason, and neither
/// creates the file nor adds the store's tables to it; the database's own error is the source.
#[test]
fn reading_a_file_that_is_not_a_store_is_refused_and_changes_nothing() {
    let dir = std::env::temp_dir().join(format!("itnio-receiver-not-a-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let _guard = TempDir(dir.clone());

    let missing = dir.join("missing.db");
    let e = SqliteStore::totals(&missing).unwrap_err();
    assert!(e.to_string().starts_with("cannot open the file"), "{e}");
    assert!(std::error::Error::source(&e).is_some(), "{e:?}");
    assert!(format!("{e:#}").len() > e.to_string().len(), "{e:#}");
    assert!(!missing.exists(), "reading created the file");

    // An empty file is a valid, empty SQLite database: it has none of the store's tables.
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let e = SqliteStore::reports(&empty).unwrap_err();
    assert!(e.to_string().contains("not a receiver's database"), "{e}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "reading wrote the schema");

    let text = dir.join("notes.txt");
    std::fs::write(&text, "these are not reports, but long enough to look like a header......").unwrap();
    let e = SqliteStore::kept_raw(&text).unwrap_err();
    assert!(format!("{e:#}").contains("not a receiver's database"), "{e:#}");
}
