//! Replays every fuzz seed (`fuzz/seeds/<target>/`) and every input a fuzzer found a failure
//! with (`fuzz/regressions/<target>/`) through the fuzz targets' own checks, so a fixed crash
//! stays fixed under `cargo test`.

use itnio_tests::fuzz_checks::{self, SPEC_FILES};
use itnio_tests::{root, spec_dir};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = root().join("fuzz").join(kind).join(target);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".keep") {
                continue;
            }
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn replay(target: &str, check: impl Fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "{target} has no seeds");
    for (name, data) in inputs {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data)));
        assert!(outcome.is_ok(), "{target}: {name} fails again");
    }
}

#[test]
fn response_decoder() {
    replay("response_decoder", fuzz_checks::response_decoder);
}

#[test]
fn request_validator() {
    replay("request_validator", fuzz_checks::request_validator);
}

#[test]
fn cli_file() {
    replay("cli_file", fuzz_checks::cli_file);
}

#[test]
fn spec_loader() {
    let owned: Vec<String> =
        SPEC_FILES.iter().map(|f| std::fs::read_to_string(spec_dir().join(f)).unwrap()).collect();
    let texts: [&str; 11] = std::array::from_fn(|i| owned[i].as_str());
    replay("spec_loader", |data| fuzz_checks::spec_loader(&texts, data));
}

/// The regression found by `response_decoder`: serde_json's default float parsing is not
/// exact, so a float in a member the spec does not know changed when written back. With
/// `float_roundtrip` it is kept exactly.
#[test]
fn floats_in_unknown_members_survive_a_round_trip() {
    let body =
        br#"{"code":0,"data":{"records":[{"taskId":9,"x":5.5555555555555555e+63,"y":0.1}],"z":1e-300}}"#;
    let e = itnio_voice::envelope::decode::<itnio_voice::StatusCode>(body).unwrap();
    let page = <itnio_voice::TaskPage as itnio_voice::client::FromData<_>>::from_data(e).unwrap();
    let text = serde_json::to_string(&page).unwrap();
    let again: itnio_voice::TaskPage = serde_json::from_str(&text).unwrap();
    assert_eq!(again, page);
    assert_eq!(page.records.unwrap()[0].extra["x"].as_f64(), Some(5.5555555555555555e+63));
}

#[test]
fn receiver_body() {
    replay("receiver_body", fuzz_checks::receiver_body);
}
