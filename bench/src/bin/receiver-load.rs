//! Load on the status-report receiver: concurrent senders post batches of 100 reports over
//! loopback, for a fixed time, to receivers with durable commits: one on SQLite (WAL,
//! synchronous=FULL), and 1, 2 and 4 receivers sharing one PostgreSQL server (started here on a
//! free port, fsync on); every push is answered only once its reports are committed. Prints
//! durable reports per second and the median and p99 acknowledgement latency, against a
//! same-run baseline whose store acknowledges without writing anything.
//!
//! Usage: `receiver-load [SECONDS] [SENDERS]` (defaults 10 s, 16 senders).

use itnio_receiver::{
    PostgresOptions, PostgresStore, Push, ReceiverConfig, SqliteStore, Store, StoreError, Stored, router,
};
use itnio_test_postgres::Postgres;
use std::time::{Duration, Instant};

/// The baseline: reads the push as the real store's caller does, stores nothing.
struct Discard;

impl Store for Discard {
    async fn store(&self, push: Push) -> Result<Stored, StoreError> {
        Ok(Stored { new: push.reports.map_or(0, |r| r.len()), ..Stored::default() })
    }
}

fn batch(run: &str, sender: usize, n: usize) -> String {
    let reports: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({
                "voiceId": format!("{run}-s{sender}-{n}-{i}"), "callee": "4915112345678", "intent": "205",
                "terminationCode": "0", "terminationReason": "ok", "aiAgentChargedDuration": 42,
                "cost": "0.1000", "aiAgentQuoteFee": "0.0150", "callTime": "20261125120000",
                "hangupTime": "20261125120142", "scriptId": 41, "taskId": 1000001,
            })
        })
        .collect();
    serde_json::to_string(&reports).expect("reports serialize")
}

struct Load {
    reports_per_second: f64,
    median: Duration,
    p99: Duration,
}

/// Serves `store` on a free port of 127.0.0.1; its push URL.
async fn serve<S: Store>(store: S) -> String {
    let app = router(store, "/push", ReceiverConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}/push", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// `senders` senders, sender i posting to `urls[i % urls.len()]` (a load balancer's round
/// robin), each as fast as it is answered, for `seconds`.
async fn load(run: &'static str, urls: Vec<String>, seconds: u64, senders: usize) -> Load {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for sender in 0..senders {
        let url = urls[sender % urls.len()].clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::new();
            let mut n = 0;
            while Instant::now() < deadline {
                let body = batch(run, sender, n);
                let sent = Instant::now();
                let answer = client.post(&url).body(body).send().await.expect("the receiver answers");
                assert_eq!(answer.status(), 200, "every push is acknowledged");
                latencies.push(sent.elapsed());
                n += 1;
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("a sender"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Load { reports_per_second: latencies.len() as f64 * 100.0 / elapsed, median: at(0.5), p99: at(0.99) }
}

async fn postgres_receivers(url: &str, receivers: usize) -> Vec<String> {
    let mut urls = Vec::new();
    for _ in 0..receivers {
        let store =
            PostgresStore::connect(url, PostgresOptions::default()).await.expect("the store connects");
        urls.push(serve(store).await);
    }
    urls
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let senders = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let dir = std::env::temp_dir().join(format!("itnio-receiver-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let db = dir.join("reports.db");
    let pg = tokio::task::spawn_blocking(|| Postgres::start("receiver-load"))
        .await
        .expect("the harness")
        .unwrap_or_else(|e| panic!("{e}"));

    let mut rows = Vec::new();
    let baseline = load("baseline", vec![serve(Discard).await], seconds, senders).await;
    rows.push(("none (baseline: read, acknowledge)".to_owned(), baseline));
    let sqlite =
        load("sqlite", vec![serve(SqliteStore::open(&db).expect("the store opens")).await], seconds, senders)
            .await;
    rows.push(("SQLite, durable (group commit)".to_owned(), sqlite));
    for (run, receivers) in [("pg1", 1), ("pg2", 2), ("pg4", 4)] {
        let urls = postgres_receivers(&pg.url(), receivers).await;
        let result = load(run, urls, seconds, senders).await;
        rows.push((format!("PostgreSQL, {receivers} receiver(s), durable"), result));
    }

    println!("| store | senders | reports/s | ack median | ack p99 | / baseline |");
    println!("|---|---:|---:|---:|---:|---:|");
    let base = rows[0].1.reports_per_second;
    for (name, r) in &rows {
        println!(
            "| {name} | {senders} | {:.0} | {:.1} ms | {:.1} ms | {:.2} |",
            r.reports_per_second,
            r.median.as_secs_f64() * 1000.0,
            r.p99.as_secs_f64() * 1000.0,
            r.reports_per_second / base
        );
    }
    let totals = itnio_receiver::Database::Postgres(pg.url()).totals().await.expect("totals");
    println!(
        "\nPostgreSQL holds {} reports ({} replaced); SQLite file {}",
        totals.reports,
        totals.replaced,
        db.display()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
