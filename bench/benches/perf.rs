//! Benchmarks with their baselines in the same run (these machines are noisy: compare ratios).
//!
//! - `typed/*`: build with the typed API + validate + serialize, vs. building the plain struct +
//!   serializing it.
//! - `wire/*`: parse + validate JSON bytes (materialised, and streaming as `itnio validate`
//!   does), vs. plain deserialization and vs. the `jsonschema` crate on the same bytes; and
//!   validation alone on parsed documents, ours vs. jsonschema's.
//! - `cli/*`: the whole `itnio validate` process on a file (the release binary, `ITNIO_BIN` or
//!   `target/release/itnio`), to compare with `wire/validate_json_streaming` on the same bytes.
//! - `codegen`: spec load, check, emit and format.
//! - `send/*`: the client's send path against the mock on 127.0.0.1 (the untyped `wire` form, and
//!   the typed form), vs. posting pre-serialized bytes with reqwest.
//!
//! `scripts/bench.sh` runs them and writes the table of BENCHMARKS.md.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use itnio_bench::*;
use itnio_voice::{ScenarioKind, wire};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const SIZES: [usize; 3] = [1_000, 20_000, 200_000];

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    group.sample_size(if n >= 200_000 { 10 } else { 20 });
    group.measurement_time(Duration::from_secs(if n >= 200_000 { 8 } else { 3 }));
    group.warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(n as u64));
}

fn typed(c: &mut Criterion) {
    for n in SIZES {
        let rows = rows(n);
        let mut g = c.benchmark_group("typed");
        configure(&mut g, n);
        g.bench_with_input(BenchmarkId::new("baseline_plain_build_serialize", n), &rows, |b, rows| {
            b.iter(|| serde_json::to_vec(&plain_request(black_box(rows))).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("build_validate_serialize", n), &rows, |b, rows| {
            b.iter(|| {
                let request = typed_request(black_box(rows));
                let report = request.validate();
                assert!(report.errors.is_empty());
                serde_json::to_vec(&request).unwrap()
            })
        });
        let plain = plain_request(&rows);
        let request = typed_request(&rows);
        g.bench_with_input(BenchmarkId::new("baseline_plain_serialize", n), &plain, |b, p| {
            b.iter(|| serde_json::to_vec(black_box(p)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("validate_serialize", n), &request, |b, r| {
            b.iter(|| {
                assert!(black_box(r).validate().errors.is_empty());
                serde_json::to_vec(r).unwrap()
            })
        });
        g.finish();
    }
}

fn wire(c: &mut Criterion) {
    let schema = jsonschema::validator_for(&json_schema()).expect("the schema compiles");
    for n in SIZES {
        let bytes = campaign_json(n);
        let mut g = c.benchmark_group("wire");
        configure(&mut g, n);
        g.bench_with_input(BenchmarkId::new("baseline_plain_deserialize", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<PlainRequest>(black_box(bytes)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("baseline_jsonschema", n), &bytes, |b, bytes| {
            b.iter(|| {
                let value: serde_json::Value = serde_json::from_slice(black_box(bytes)).unwrap();
                assert!(schema.is_valid(&value));
            })
        });
        g.bench_with_input(BenchmarkId::new("parse_validate", n), &bytes, |b, bytes| {
            b.iter(|| {
                let request = wire::AgentSendRequest::from_json(black_box(bytes)).unwrap();
                assert!(request.validate(Some(ScenarioKind::DebtCollection)).errors.is_empty());
                request
            })
        });
        g.bench_with_input(BenchmarkId::new("validate_json_streaming", n), &bytes, |b, bytes| {
            b.iter(|| {
                let report = wire::AgentSendRequest::validate_json(
                    black_box(bytes),
                    Some(ScenarioKind::DebtCollection),
                )
                .unwrap();
                assert!(report.errors.is_empty());
            })
        });
        // Validation alone, on documents parsed beforehand: ours on the wire form, jsonschema on
        // a `serde_json::Value`.
        let parsed = wire::AgentSendRequest::from_json(&bytes).unwrap();
        g.bench_with_input(BenchmarkId::new("validate_parsed", n), &parsed, |b, request| {
            b.iter(|| {
                let report = black_box(request).validate(Some(ScenarioKind::DebtCollection));
                assert!(report.errors.is_empty());
            })
        });
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        g.bench_with_input(BenchmarkId::new("baseline_jsonschema_validate_parsed", n), &value, |b, value| {
            b.iter(|| assert!(schema.is_valid(black_box(value))))
        });
        g.finish();
    }
}

fn cli(c: &mut Criterion) {
    let bin = std::env::var_os("ITNIO_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/itnio"));
    if !bin.exists() {
        eprintln!("cli: skipped, no {} (scripts/bench.sh builds it)", bin.display());
        return;
    }
    let dir = std::env::temp_dir().join(format!("itnio-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for n in [20_000, 200_000] {
        let file = dir.join(format!("campaign-{n}.json"));
        std::fs::write(&file, campaign_json(n)).unwrap();
        let mut g = c.benchmark_group("cli");
        configure(&mut g, n);
        g.bench_with_input(BenchmarkId::new("validate_process", n), &file, |b, file| {
            b.iter(|| {
                let out = std::process::Command::new(&bin)
                    .args(["validate", "--scenario", "debt-collection"])
                    .arg(file)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            })
        });
        g.finish();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn codegen(c: &mut Criterion) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut g = c.benchmark_group("codegen");
    g.sample_size(20);
    g.bench_function("load_check_emit_format", |b| b.iter(|| codegen::generate(black_box(&spec)).unwrap()));
    g.finish();
}

fn send(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime.block_on(itnio_mock::MockServer::start()).unwrap();
    let client = mock.client().build().unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}{}", mock.base_url(), itnio_voice::AgentSend::PATH);
    let n = 20_000;
    let request: wire::AgentSendRequest = serde_json::from_slice(&campaign_json(n)).unwrap();
    let bytes = serde_json::to_vec(&request).unwrap();
    // The first send creates the task; every later one (both paths) is parsed, validated and
    // answered -41 by the mock, so the server's work is the same on both sides.
    runtime.block_on(client.agent_send_wire(&request, None)).unwrap();
    let mut g = c.benchmark_group("send");
    configure(&mut g, n);
    g.bench_function(BenchmarkId::new("baseline_reqwest_preserialized", n), |b| {
        b.iter(|| {
            runtime.block_on(async {
                let ts = itnio_voice::now_epoch_seconds();
                let secret = itnio_voice::ApiSecret::new(itnio_mock::MOCK_API_SECRET);
                let response = http
                    .post(&url)
                    .header("Api-Key", mock.api_key())
                    .header("Timestamp", ts.to_string())
                    .header("Sign", itnio_voice::sign(mock.api_key(), &secret, ts))
                    .body(bytes.clone())
                    .send()
                    .await
                    .unwrap();
                response.bytes().await.unwrap()
            })
        })
    });
    g.bench_function(BenchmarkId::new("client_sign_validate_serialize", n), |b| {
        b.iter(|| {
            let result = runtime
                .block_on(client.agent_send_wire(black_box(&request), Some(ScenarioKind::DebtCollection)));
            assert_eq!(result.unwrap_err().status(), Some(itnio_voice::StatusCode::TaskNameExists));
        })
    });
    // The same request in the typed form, as the README's examples build it.
    let typed = typed_request(&rows(n));
    g.bench_function(BenchmarkId::new("client_typed_sign_validate_serialize", n), |b| {
        b.iter(|| {
            let result = runtime.block_on(client.agent_send(black_box(&typed)));
            assert_eq!(result.unwrap_err().status(), Some(itnio_voice::StatusCode::TaskNameExists));
        })
    });
    g.finish();
}

/// `campaign/*`: a plan of 250,000 CSV rows (read, every row validated, split), alone and with
/// the contact policy against a ledger of 5,000,000 calls, vs. validating the same callees as
/// one JSON request (`validate_json`, what `itnio validate` runs).
fn campaign(c: &mut Criterion) {
    let n = 250_000;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let ledger_path = dir.join("ledger-5m.sqlite");
    ledger_with_calls(&ledger_path, 1_000_000, 5_000_000, n);
    let dnc: String = (0..10_000).map(|i| format!("62{i:011}\n")).collect();
    std::fs::write(dir.join("dnc.txt"), dnc).unwrap();
    let policy = itnio_campaign::Policy::parse("policy.yaml", POLICY_YAML, &dir).unwrap();
    let ledger = itnio_campaign::Ledger::open(&ledger_path).unwrap();
    let csv = campaign_csv(n);
    let json = campaign_json(n);
    let mut g = c.benchmark_group("campaign");
    configure(&mut g, n);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_with_input(BenchmarkId::new("baseline_validate_json", n), &json, |b, json| {
        b.iter(|| {
            let report =
                wire::AgentSendRequest::validate_json(black_box(json), Some(ScenarioKind::DebtCollection))
                    .unwrap();
            // 250,000 callees are more than one task takes: that is the only error.
            assert!(report.errors.iter().all(|v| v.rule == "list.size"), "{:?}", report.errors.first());
        })
    });
    // A plan owns the CSV's bytes, as `itnio campaign plan` hands over the file it read: the copy
    // is made outside the measurement, as the baseline's bytes are read outside it.
    g.bench_with_input(BenchmarkId::new("plan_csv", n), &csv, |b, csv| {
        b.iter_batched(
            || csv.clone(),
            |csv| {
                let plan = itnio_campaign::Plan::build(
                    "campaign.yaml",
                    CAMPAIGN_YAML,
                    "debtors.csv",
                    black_box(csv),
                )
                .unwrap();
                assert!(plan.is_sendable());
                plan.parts.len()
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_with_input(BenchmarkId::new("plan_csv_policy_ledger_5m_calls", n), &csv, |b, csv| {
        b.iter_batched(
            || csv.clone(),
            |csv| {
                let options = itnio_campaign::Options {
                    policy: Some(&policy),
                    ledger: Some(&ledger),
                    ..Default::default()
                };
                let plan = itnio_campaign::Plan::build_with(
                    "campaign.yaml",
                    CAMPAIGN_YAML,
                    "debtors.csv",
                    black_box(csv),
                    options,
                )
                .unwrap();
                assert!(plan.is_sendable());
                plan.parts.len()
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, typed, wire, cli, codegen, send, campaign);
criterion_main!(benches);
