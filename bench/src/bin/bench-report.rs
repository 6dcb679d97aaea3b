//! Reads criterion's medians from `target/criterion` and prints the BENCHMARKS.md table: each
//! measurement beside its same-run baseline, the ratio, and the target.

use std::path::{Path, PathBuf};

/// The median of one benchmark, in nanoseconds.
fn median(root: &Path, group: &str, function: &str, param: Option<usize>) -> Option<f64> {
    let mut dir = root.join(group).join(function);
    if let Some(p) = param {
        dir = dir.join(p.to_string());
    }
    let text = std::fs::read_to_string(dir.join("new/estimates.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn human(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

fn main() {
    let root = std::env::args().nth(1).map_or_else(|| PathBuf::from("target/criterion"), PathBuf::from);
    println!("| measurement | callees | median | baseline | baseline median | ratio | target |");
    println!("|---|---:|---:|---|---:|---:|---|");
    // (group, measured, baseline, target description, check: ratio -> met)
    type Check = fn(f64) -> bool;
    let rows: [(&str, &str, &str, &str, Check); 7] = [
        ("typed", "build_validate_serialize", "baseline_plain_build_serialize", "≤ 1.20×", |r| r <= 1.20),
        ("typed", "validate_serialize", "baseline_plain_serialize", "(for reference)", |_| true),
        ("wire", "parse_validate", "baseline_plain_deserialize", "≤ 1.25×", |r| r <= 1.25),
        ("wire", "validate_json_streaming", "baseline_plain_deserialize", "≤ 1.25×", |r| r <= 1.25),
        ("wire", "validate_json_streaming", "baseline_jsonschema", "≥ 3× faster (ratio ≤ 0.33)", |r| {
            r <= 1.0 / 3.0
        }),
        ("wire", "parse_validate", "baseline_jsonschema", "≥ 3× faster (ratio ≤ 0.33)", |r| {
            r <= 1.0 / 3.0
        }),
        (
            "wire",
            "validate_parsed",
            "baseline_jsonschema_validate_parsed",
            "≥ 3× faster (ratio ≤ 0.33)",
            |r| r <= 1.0 / 3.0,
        ),
    ];
    let mut missed = Vec::new();
    for (group, measured, baseline, target, check) in rows {
        for n in [1_000, 20_000, 200_000] {
            let (Some(m), Some(b)) =
                (median(&root, group, measured, Some(n)), median(&root, group, baseline, Some(n)))
            else {
                continue;
            };
            let ratio = m / b;
            let met = if check(ratio) { "" } else { " **missed**" };
            if !met.is_empty() {
                missed.push(format!("{group}/{measured} vs {baseline} at {n}"));
            }
            println!(
                "| {group}/{measured} | {n} | {} | {baseline} | {} | {ratio:.2}× | {target}{met} |",
                human(m),
                human(b)
            );
        }
    }
    if let Some(m) = median(&root, "codegen", "load_check_emit_format", None) {
        let met = if m < 100e6 { "" } else { " **missed**" };
        println!("| codegen/load_check_emit_format | – | {} | – | – | – | < 100 ms{met} |", human(m));
    }
    for (measured, baseline) in [("client_sign_validate_serialize", "baseline_reqwest_preserialized")] {
        let (Some(m), Some(b)) =
            (median(&root, "send", measured, Some(20_000)), median(&root, "send", baseline, Some(20_000)))
        else {
            continue;
        };
        println!(
            "| send/{measured} | 20000 | {} | {baseline} | {} | {:.2}× | (overhead, for reference) |",
            human(m),
            human(b),
            m / b
        );
    }
    if !missed.is_empty() {
        println!("\nmissed: {}", missed.join(", "));
    }
}
