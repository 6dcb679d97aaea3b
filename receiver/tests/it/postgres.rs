//! Several receivers on one real PostgreSQL server (started for each test on a free port of
//! 127.0.0.1): each report stored once whichever receiver gets it, nothing acknowledged lost
//! when the database stops under load, and the schema created once by receivers started at once.

use itnio_receiver::{Database, PostgresOptions, PostgresStore, Receiver, ReceiverConfig, Store, Totals};
use itnio_test_postgres::Postgres;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn start(test: &str) -> Postgres {
    Postgres::start(test).unwrap_or_else(|e| panic!("{e}"))
}

/// A receiver on `url`, served on a free port; its base URL (push at `/push`, `/healthz`).
async fn serve(store: PostgresStore) -> String {
    let receiver = Receiver::new(store, ReceiverConfig::default());
    let app = receiver.push_router("/push").merge(receiver.ops_router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

fn batch(sender: usize, n: usize) -> (Vec<String>, String) {
    let ids: Vec<String> = (0..100).map(|i| format!("s{sender}-b{n}-{i}")).collect();
    let reports: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| serde_json::json!({"voiceId": id, "intent": "205", "terminationCode": "0", "cost": "0.10"}))
        .collect();
    (ids, serde_json::to_string(&reports).unwrap())
}

async fn schema_versions(url: &str) -> Vec<i32> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    let rows = client.query("SELECT version FROM itnio_receiver_schema ORDER BY version", &[]).await.unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_receivers_on_one_database_store_every_report_once() {
    let pg = start("two-receivers");
    let url = pg.url();
    // Started at once on an empty database: one creates the schema, the other waits for it.
    let (a, b) = tokio::join!(
        PostgresStore::connect(&url, PostgresOptions::default()),
        PostgresStore::connect(&url, PostgresOptions::default())
    );
    let (a, b) = (serve(a.unwrap()).await, serve(b.unwrap()).await);
    assert_eq!(schema_versions(&url).await, vec![1, 2]);

    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let mut senders = Vec::new();
    for sender in 0..8 {
        let (a, b, acknowledged) = (a.clone(), b.clone(), acknowledged.clone());
        senders.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for n in 0..25 {
                let (ids, body) = batch(sender, n);
                // Every third batch goes to both receivers at once (a retry that raced the
                // first delivery); the others alternate, as behind a load balancer.
                let targets = match n % 3 {
                    0 => vec![&a, &b],
                    1 => vec![&a],
                    _ => vec![&b],
                };
                let posts: Vec<_> = targets
                    .iter()
                    .map(|t| tokio::spawn(client.post(format!("{t}/push")).body(body.clone()).send()))
                    .collect();
                for answer in posts {
                    assert_eq!(answer.await.unwrap().unwrap().status(), 200);
                }
                acknowledged.lock().unwrap().extend(ids);
            }
        }));
    }
    for s in senders {
        s.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let db = Database::Postgres(url.clone());
    let stored: Vec<String> = db.reports().await.unwrap().into_iter().map(|r| r.voice_id).collect();
    let unique: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(stored.len(), unique.len(), "a report stored twice");
    assert_eq!(unique, acknowledged, "acknowledged and stored differ");
    assert_eq!(db.totals().await.unwrap(), Totals { reports: 20_000, replaced: 0, kept_raw: 0 });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_database_stopped_under_load_loses_nothing_acknowledged_and_is_written_again_when_back() {
    let mut pg = start("stopped");
    let url = pg.url();
    let options = PostgresOptions { connect_timeout: Duration::from_secs(1), ..PostgresOptions::default() };
    let base = serve(PostgresStore::connect(&url, options).await.unwrap()).await;

    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let refused = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut senders = Vec::new();
    for sender in 0..4 {
        let (base, acknowledged, refused, stop) =
            (base.clone(), acknowledged.clone(), refused.clone(), stop.clone());
        senders.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (ids, body) = batch(sender, n);
                n += 1;
                let status = client.post(format!("{base}/push")).body(body).send().await.unwrap().status();
                match status.as_u16() {
                    200 => acknowledged.lock().unwrap().extend(ids),
                    503 => *refused.lock().unwrap() += 1,
                    other => panic!("answered {other}"),
                }
            }
        }));
    }
    let wait_for = |count: usize| {
        let acknowledged = acknowledged.clone();
        async move {
            while acknowledged.lock().unwrap().len() < count {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    };
    wait_for(5_000).await;
    tokio::task::block_in_place(|| pg.stop());
    let during = acknowledged.lock().unwrap().len();
    // While it is down: pushes are refused, the receiver still answers, and says why.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 503);
    let reason = health.text().await.unwrap();
    assert!(reason.contains("cannot connect to 127.0.0.1"), "{reason}");
    assert!(*refused.lock().unwrap() > 0, "nothing was refused while the database was down");

    tokio::task::block_in_place(|| pg.restart()).unwrap();
    wait_for(during + 5_000).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for s in senders {
        s.await.unwrap();
    }
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200, "{}", health.text().await.unwrap());

    let acknowledged = acknowledged.lock().unwrap().clone();
    let stored: BTreeSet<String> =
        Database::Postgres(url).reports().await.unwrap().into_iter().map(|r| r.voice_id).collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged reports lost, e.g. {:?}", lost.len(), lost.first());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_that_is_not_a_store_or_is_newer_is_refused_and_no_password_is_shown() {
    let pg = start("refused");
    let url = pg.url();
    let e = Database::Postgres(url.clone()).reports().await.unwrap_err();
    assert!(e.to_string().contains("not a receiver's database"), "{e}");

    let store = PostgresStore::connect(&url, PostgresOptions::default()).await.unwrap();
    assert!(store.probe().await.is_ok());
    drop(store);
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client.execute("INSERT INTO itnio_receiver_schema (version) VALUES (99)", &[]).await.unwrap();
    let e = PostgresStore::connect(&url, PostgresOptions::default()).await.unwrap_err();
    assert!(e.to_string().contains("schema is version 99, newer than this receiver knows (2)"), "{e}");
    let e = Database::Postgres(url).totals().await.unwrap_err();
    assert!(e.to_string().contains("version 99"), "{e}");

    // A URL with a password: never in an error, Display or Debug.
    let secret = format!("postgres://itnio:hunter2@127.0.0.1:{}/nowhere", pg.port());
    let e = PostgresStore::connect(&secret, PostgresOptions::default()).await.unwrap_err();
    let db = Database::parse(&secret);
    for shown in [format!("{e:#}"), format!("{e:?}"), db.to_string(), format!("{db:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
    }
    assert_eq!(db.to_string(), format!("127.0.0.1:{}/nowhere", pg.port()));
    let e = PostgresStore::connect("postgres://itnio:hunter2@[::1", PostgresOptions::default())
        .await
        .unwrap_err();
    assert!(!format!("{e:#} {e:?}").contains("hunter2"), "{e:#}");
}

/// A database a receiver of schema version 1 created (before the index on arrival times) is
/// brought to the latest version by the next receiver, its reports kept.
#[tokio::test(flavor = "multi_thread")]
async fn a_database_of_an_earlier_schema_version_is_migrated_in_place() {
    let pg = start("migrate");
    let url = pg.url();
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "CREATE TABLE itnio_receiver_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
             CREATE TABLE itnio_reports (voice_id text PRIMARY KEY, report text NOT NULL, first_received_ms bigint NOT NULL,
                 last_received_ms bigint NOT NULL, versions bigint NOT NULL DEFAULT 1);
             CREATE TABLE itnio_kept_raw (id bigserial PRIMARY KEY, received_ms bigint NOT NULL, reason text NOT NULL, body bytea NOT NULL);
             INSERT INTO itnio_receiver_schema (version) VALUES (1);
             INSERT INTO itnio_reports VALUES ('v-old', '{\"voiceId\":\"v-old\"}', 5, 5, 1);",
        )
        .await
        .unwrap();
    let store = PostgresStore::connect(&url, PostgresOptions::default()).await.unwrap();
    assert_eq!(schema_versions(&url).await, vec![1, 2]);
    let index: bool = client
        .query_one("SELECT to_regclass('itnio_reports_last_received') IS NOT NULL", &[])
        .await
        .unwrap()
        .get(0);
    assert!(index);
    store.store(itnio_receiver::Push::read(r#"{"voiceId": "v-new"}"#.into(), 10)).await.unwrap();
    let db = Database::Postgres(url);
    let ids: Vec<String> = db.reports().await.unwrap().into_iter().map(|r| r.voice_id).collect();
    assert_eq!(ids, ["v-new", "v-old"]);
    let since: Vec<String> =
        db.reports_changed_since(6).await.unwrap().into_iter().map(|r| r.voice_id).collect();
    assert_eq!(since, ["v-new"]);
}
