//! Load on the status-report receiver: concurrent senders post batches of 100 reports over
//! loopback to `itnio_receiver::router` with durable commits (SQLite, WAL, synchronous=FULL),
//! for a fixed time; prints reports per second and the median and p99 acknowledgement latency,
//! against a same-run baseline whose store acknowledges without writing anything.
//!
//! Usage: `receiver-load [SECONDS] [SENDERS]` (defaults 10 s, 16 senders).

use itnio_receiver::{Push, ReceiverConfig, SqliteStore, Store, StoreError, Stored, router};
use std::time::{Duration, Instant};

/// The baseline: reads the push as the real store's caller does, stores nothing.
struct Discard;

impl Store for Discard {
    async fn store(&self, push: Push) -> Result<Stored, StoreError> {
        Ok(Stored { new: push.reports.map_or(0, |r| r.len()), ..Stored::default() })
    }
}

fn batch(sender: usize, n: usize) -> String {
    let reports: Vec<serde_json::Value> = (0..100)
        .map(|i| {
            serde_json::json!({
                "voiceId": format!("s{sender}-{n}-{i}"), "callee": "4915112345678", "intent": "205",
                "terminationCode": "0", "terminationReason": "ok", "aiAgentChargedDuration": 42,
                "cost": "0.1000", "aiAgentQuoteFee": "0.0150", "callTime": "20261125120000",
                "hangupTime": "20261125120142", "scriptId": 41,
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

async fn load<S: Store>(store: S, seconds: u64, senders: usize) -> Load {
    let app = router(store, "/push", ReceiverConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}/push", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for sender in 0..senders {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::new();
            let mut n = 0;
            while Instant::now() < deadline {
                let body = batch(sender, n);
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

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let senders = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let dir = std::env::temp_dir().join(format!("itnio-receiver-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let db = dir.join("reports.db");
    let baseline = load(Discard, seconds, senders).await;
    let durable = load(SqliteStore::open(&db).expect("the store opens"), seconds, senders).await;
    let totals = SqliteStore::totals(&db).expect("totals");
    println!("| store | senders | reports/s | ack median | ack p99 |");
    println!("|---|---:|---:|---:|---:|");
    for (name, r) in
        [("none (baseline: read, acknowledge)", &baseline), ("SQLite, durable (group commit)", &durable)]
    {
        println!(
            "| {name} | {senders} | {:.0} | {:.1} ms | {:.1} ms |",
            r.reports_per_second,
            r.median.as_secs_f64() * 1000.0,
            r.p99.as_secs_f64() * 1000.0
        );
    }
    println!(
        "\nstored {} reports in {}; durable/baseline throughput {:.2}",
        totals.reports,
        db.display(),
        durable.reports_per_second / baseline.reports_per_second
    );
    let _ = std::fs::remove_dir_all(&dir);
}
