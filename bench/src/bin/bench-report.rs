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
    // (measured group/function, baseline group/function, sizes, target, check: ratio -> met)
    type Check = fn(f64) -> bool;
    const ALL: &[usize] = &[1_000, 20_000, 200_000];
    const LARGE: &[usize] = &[20_000, 200_000];
    let rows: [(&str, &str, &[usize], &str, Check); 11] = [
        ("typed/build_validate_serialize", "typed/baseline_plain_build_serialize", ALL, "≤ 1.20×", |r| {
            r <= 1.20
        }),
        ("typed/validate_serialize", "typed/baseline_plain_serialize", ALL, "(for reference)", |_| true),
        ("wire/validate_json_streaming", "wire/baseline_plain_deserialize", ALL, "≤ 1.00×", |r| r <= 1.0),
        ("wire/parse_validate", "wire/baseline_plain_deserialize", ALL, "≤ 1.25×", |r| r <= 1.25),
        (
            "wire/validate_json_streaming",
            "wire/baseline_jsonschema",
            LARGE,
            "≥ 5× faster (ratio ≤ 0.20)",
            |r| r <= 0.2,
        ),
        ("wire/validate_json_streaming", "wire/baseline_jsonschema", &[1_000], "(for reference)", |_| true),
        ("wire/validate_parsed", "wire/baseline_jsonschema_validate_parsed", ALL, "(for reference)", |_| {
            true
        }),
        ("cli/validate_process", "wire/validate_json_streaming", &[200_000], "≤ 1.10×", |r| r <= 1.10),
        ("cli/validate_process", "wire/validate_json_streaming", &[20_000], "(for reference)", |_| true),
        (
            "send/client_sign_validate_serialize",
            "send/baseline_reqwest_preserialized",
            &[20_000],
            "≤ 1.15×",
            |r| r <= 1.15,
        ),
        (
            "send/client_typed_sign_validate_serialize",
            "send/baseline_reqwest_preserialized",
            &[20_000],
            "≤ 1.15×",
            |r| r <= 1.15,
        ),
    ];
    let mut missed = Vec::new();
    for (measured, baseline, sizes, target, check) in rows {
        let split = |id: &'static str| id.split_once('/').expect("group/function");
        let ((mg, mf), (bg, bf)) = (split(measured), split(baseline));
        for &n in sizes {
            let (Some(m), Some(b)) = (median(&root, mg, mf, Some(n)), median(&root, bg, bf, Some(n))) else {
                continue;
            };
            let ratio = m / b;
            let met = if check(ratio) { "" } else { " **missed**" };
            if !met.is_empty() {
                missed.push(format!("{measured} vs {baseline} at {n}"));
            }
            println!(
                "| {measured} | {n} | {} | {baseline} | {} | {ratio:.2}× | {target}{met} |",
                human(m),
                human(b)
            );
        }
    }
    if let Some(m) = median(&root, "codegen", "load_check_emit_format", None) {
        let met = if m < 100e6 { "" } else { " **missed**" };
        println!("| codegen/load_check_emit_format | – | {} | – | – | – | < 100 ms{met} |", human(m));
    }
    if !missed.is_empty() {
        println!("\nmissed: {}", missed.join(", "));
    }
}
