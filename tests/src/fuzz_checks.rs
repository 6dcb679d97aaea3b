//! The properties the fuzz targets check (`fuzz/`), kept here so that every input a fuzzer ever
//! found (`fuzz/regressions/<target>/`) and every seed is replayed by `cargo test`.

use itnio_voice::client::FromData;
use itnio_voice::*;

/// Arbitrary bytes as an HTTP response body: the envelope decoder, every payload the client
/// reads, and the push parser. Nothing panics; what is read writes back and reads again the
/// same (nothing is lost, unknown members included).
pub fn response_decoder(body: &[u8]) {
    let _ = envelope::body_prefix(body);
    if let Ok(e) = envelope::decode::<StatusCode>(body) {
        assert_eq!(envelope::decode(body).as_ref(), Ok(&e), "decoding is deterministic");
        let _ = i64::from_data(e.clone());
        let _ = <()>::from_data(e.clone());
        payload_round_trip::<Balance>(&e);
        payload_round_trip::<TaskPage>(&e);
        payload_round_trip::<RecallFlowPage>(&e);
        payload_round_trip::<RecallFlowDetail>(&e);
    }
    if let Ok(reports) = parse_status_reports(body) {
        let bytes = serde_json::to_vec(&reports).expect("reports serialize");
        let again = parse_status_reports(&bytes).expect("written reports read again");
        assert_eq!(again, reports, "read, written, read again");
    }
}

fn payload_round_trip<T: FromData<StatusCode> + serde::Serialize + PartialEq + std::fmt::Debug>(
    e: &envelope::Envelope<StatusCode>,
) {
    let Ok(first) = T::from_data(e.clone()) else { return };
    let value = serde_json::to_value(&first).expect("what was read serializes");
    // Payloads in `data`, and the balance's beside the code: offer both.
    let mut body = serde_json::json!({ "code": 0, "data": value.clone() });
    if let (Some(body), Some(members)) = (body.as_object_mut(), value.as_object()) {
        for (k, v) in members {
            body.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let again = T::from_data(envelope::decode(body.to_string().as_bytes()).expect("an envelope"));
    assert_eq!(again.ok().as_ref(), Some(&first), "read, written, read again");
}

/// Arbitrary bytes as a request body: the streaming validator (`itnio validate`) and the
/// materialised one (`send`) give the same report for every scenario, and a valid request, as
/// the untyped form would send it, validates as it did. The other operations' untyped forms are read and validated too.
pub fn request_validator(data: &[u8]) {
    let scenarios = [
        None,
        Some(ScenarioKind::DebtCollection),
        Some(ScenarioKind::EmergencyContact),
        Some(ScenarioKind::Marketing),
    ];
    let kept = wire::AgentSendRequest::from_json(data);
    for scenario in scenarios {
        let streamed = wire::AgentSendRequest::validate_json(data, scenario);
        match (&streamed, &kept) {
            (Ok(a), Ok(request)) => {
                let b = request.validate(scenario);
                assert_eq!(a, &b, "streaming and materialised validation disagree");
                if b.is_valid() {
                    let sent = serde_json::to_vec(request).expect("serializes");
                    let again = wire::AgentSendRequest::from_json(&sent).expect("what is sent reads back");
                    assert_eq!(again.validate(scenario), b, "what is sent validates the same");
                }
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("one form parses, the other does not: {a:?} / {:?}", b.as_ref().err()),
        }
    }
    fn other<T: serde::Serialize>(parsed: Result<T, validate::ParseError>, validate: impl Fn(&T) -> Report) {
        if let Ok(request) = parsed {
            let _ = validate(&request);
            serde_json::to_vec(&request).expect("an untyped request serializes");
        }
    }
    other(wire::TaskQueryRequest::from_json(data), |r| r.validate(None));
    other(wire::TaskCancelRequest::from_json(data), |r| r.validate(None));
    other(wire::RecallQueryPageRequest::from_json(data), |r| r.validate(None));
    other(wire::RecallQueryDetailRequest::from_json(data), |r| r.validate(None));
    other(wire::RecallUpdateRequest::from_json(data), |r| r.validate(Some(ScenarioKind::DebtCollection)));
    other(wire::RecallCancelRequest::from_json(data), |r| r.validate(None));
}

/// The spec files the spec-loader target starts from, in the order its first byte picks them.
pub const SPEC_FILES: [&str; 11] = [
    "types.yaml",
    "call_information.yaml",
    "status_codes.yaml",
    "intents.yaml",
    "scenarios.yaml",
    "quirks.yaml",
    "operations/agent_send.yaml",
    "operations/recall_update.yaml",
    "operations/task_query.yaml",
    "pushes/status_report.yaml",
    "api.yaml",
];

/// Arbitrary text in place of one spec file (`data[0] % 11` picks which of [`SPEC_FILES`], given
/// in `texts`): loading and checking fail with errors, or give a model the emitters turn into
/// files without panicking.
pub fn spec_loader(texts: &[&str; 11], data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let mut texts: [&str; 11] = *texts;
    texts[usize::from(which % 11)] = &text;
    let fixed = [texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[10]];
    let operations = vec![(SPEC_FILES[6], texts[6]), (SPEC_FILES[7], texts[7]), (SPEC_FILES[8], texts[8])];
    let pushes = vec![(SPEC_FILES[9], texts[9])];
    let Ok(raw) = codegen::load::load_texts(fixed, operations, pushes) else { return };
    let Ok(api) = codegen::check::check(raw) else { return };
    if let Ok(files) = codegen::emit::emit(&api) {
        assert!(files.iter().all(|f| f.contents.starts_with(codegen::emit::PREAMBLE)));
    }
}

/// Arbitrary bytes as the file given to `itnio validate`, `send` and `reports parse`: the exit
/// code is 0, 1 or 2 and agrees with what is printed, and `validate` and `send` agree on
/// whether the file may be sent.
pub fn cli_file(data: &[u8]) {
    for scenario in [None, Some(ScenarioKind::DebtCollection), Some(ScenarioKind::Marketing)] {
        let checked = itnio_cli::validate_request("f.json", data, scenario, itnio_cli::Format::Text);
        match checked.code {
            0 => assert!(checked.stdout.is_empty()),
            1 => assert!(checked.stdout.lines().all(|l| l.contains(": ")), "{checked:?}"),
            2 => assert!(checked.stderr.contains("not JSON")),
            other => panic!("exit code {other}"),
        }
        let machine = itnio_cli::validate_request("f.json", data, scenario, itnio_cli::Format::Json);
        assert_eq!(machine.code, checked.code, "the formats disagree on the exit code");
        let doc: serde_json::Value =
            serde_json::from_str(&machine.stdout).expect("--format json writes JSON");
        assert_eq!(doc["valid"], checked.code == 0);
        let errors = doc["errors"].as_array().map_or(0, Vec::len);
        assert_eq!(errors, checked.stdout.lines().count(), "one error per line of the text form");
        match itnio_cli::load_request("f.json", data, scenario) {
            Ok(_) => assert_eq!(checked.code, 0, "send would send what validate refuses"),
            Err(o) => assert_eq!(o.code, checked.code, "validate and send disagree: {checked:?} / {o:?}"),
        }
    }
    assert!(itnio_cli::summarize_reports("push.json", data).code <= 2);
}

/// Arbitrary bytes as the body of a status-report push: the receiver reads it and stores it
/// (into a SQLite file of this process) without panicking or failing, and accounts for every
/// report, or keeps the body raw.
pub fn receiver_body(data: &[u8]) {
    use itnio_receiver::{Push, SqliteStore, Store};
    use std::sync::OnceLock;
    static STORE: OnceLock<(SqliteStore, tokio::runtime::Runtime)> = OnceLock::new();
    let (store, runtime) = STORE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("itnio-fuzz-receiver-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let store = SqliteStore::open(dir.join("reports.db")).expect("the store opens");
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
        (store, runtime)
    });
    let push = Push::read(bytes::Bytes::copy_from_slice(data), 0);
    let expected = match &push.reports {
        Ok(reports) => reports.len(),
        Err(_) => 1,
    };
    let stored = runtime.block_on(store.store(push)).expect("every push is stored");
    assert_eq!(stored.new + stored.changed + stored.unchanged + stored.kept_raw, expected);
}
