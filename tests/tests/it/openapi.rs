//! The exported OpenAPI document and JSON Schemas (`openapi/`, written by `cargo xtask regen`)
//! against the Rust validator: the document is OpenAPI 3.1, and on every request the suite has
//! (fuzz seeds and regressions, the golden files, mutations of them by proptest) the schema and
//! the validator agree, for every operation and scenario, except for the rules no JSON Schema
//! can state, which the export lists (`x-itnio-rules` with `"in_schema": false`) and the README
//! names. The same documents hold the two reading paths of a request with large lists to
//! identical reports (`validate_json`, which reads every item into one struct, and `from_json`
//! then `validate`).

use itnio_mock::MockServer;
use itnio_tests::root;
use itnio_voice::validate::Report;
use itnio_voice::{ScenarioKind, wire};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Rules the Rust validator checks that no JSON Schema can state: besides the spec rules the
/// export marks `"in_schema": false`, a member given twice (a schema sees the parsed value,
/// which keeps one of them).
const ALSO_NOT_IN_SCHEMA: &[&str] = &["json.duplicate"];

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn document() -> &'static Value {
    itnio_tests::contract::document()
}

/// Every operation with a request body: its schema's name, its per-scenario schema files (if
/// its request depends on the scenario), the Rust validator of its wire form, its path, and
/// whether the mock answers -22 only for an invalid body (the recall pages also use it for a
/// record that does not exist, quirk `missing_record_codes`).
struct Operation {
    schema: &'static str,
    per_scenario: Option<&'static str>,
    validate: fn(&[u8], Option<ScenarioKind>) -> Option<Report>,
    path: &'static str,
    refuses_only_invalid: bool,
}

fn via<T>(
    parsed: Result<T, itnio_voice::validate::ParseError>,
    validate: impl Fn(&T) -> Report,
) -> Option<Report> {
    parsed.ok().map(|r| validate(&r))
}

const OPERATIONS: &[Operation] = &[
    Operation {
        schema: "AgentSendRequest",
        per_scenario: Some("agent-send"),
        validate: |b, s| wire::AgentSendRequest::validate_json(b, s).ok(),
        path: itnio_voice::AgentSend::PATH,
        refuses_only_invalid: true,
    },
    Operation {
        schema: "RecallUpdateRequest",
        per_scenario: Some("recall-update"),
        validate: |b, s| wire::RecallUpdateRequest::validate_json(b, s).ok(),
        path: itnio_voice::RecallUpdate::PATH,
        refuses_only_invalid: false,
    },
    Operation {
        schema: "RecallCancelRequest",
        per_scenario: None,
        validate: |b, s| via(wire::RecallCancelRequest::from_json(b), |r| r.validate(s)),
        path: itnio_voice::RecallCancel::PATH,
        refuses_only_invalid: false,
    },
    Operation {
        schema: "RecallQueryDetailRequest",
        per_scenario: None,
        validate: |b, s| via(wire::RecallQueryDetailRequest::from_json(b), |r| r.validate(s)),
        path: itnio_voice::RecallQueryDetail::PATH,
        refuses_only_invalid: false,
    },
    Operation {
        schema: "RecallQueryPageRequest",
        per_scenario: None,
        validate: |b, s| via(wire::RecallQueryPageRequest::from_json(b), |r| r.validate(s)),
        path: itnio_voice::RecallQueryPage::PATH,
        refuses_only_invalid: true,
    },
    Operation {
        schema: "TaskCancelRequest",
        per_scenario: None,
        validate: |b, s| via(wire::TaskCancelRequest::from_json(b), |r| r.validate(s)),
        path: itnio_voice::TaskCancel::PATH,
        refuses_only_invalid: true,
    },
    Operation {
        schema: "TaskQueryRequest",
        per_scenario: None,
        validate: |b, s| via(wire::TaskQueryRequest::from_json(b), |r| r.validate(s)),
        path: itnio_voice::TaskQuery::PATH,
        refuses_only_invalid: true,
    },
];

const SCENARIOS: [(ScenarioKind, &str); 3] = [
    (ScenarioKind::DebtCollection, "debt-collection"),
    (ScenarioKind::EmergencyContact, "emergency-contact"),
    (ScenarioKind::Marketing, "marketing"),
];

/// One schema and the Rust check it must agree with.
struct Pair {
    name: String,
    schema: jsonschema::Validator,
    operation: &'static Operation,
    scenario: Option<ScenarioKind>,
}

fn pairs() -> &'static [Pair] {
    static PAIRS: LazyLock<Vec<Pair>> = LazyLock::new(|| {
        let mut out = Vec::new();
        for op in OPERATIONS {
            out.push(Pair {
                name: format!("itnio.openapi.json {}", op.schema),
                // The component, as a schema over the whole document so that its references
                // resolve.
                schema: itnio_tests::contract::validator_at(&format!("/components/schemas/{}", op.schema)),
                operation: op,
                scenario: None,
            });
            let Some(prefix) = op.per_scenario else { continue };
            for (kind, cli) in SCENARIOS {
                let file = format!("openapi/{prefix}.{cli}.schema.json");
                out.push(Pair {
                    schema: jsonschema::validator_for(&read(&file)).expect("the scenario schema compiles"),
                    name: file,
                    operation: op,
                    scenario: Some(kind),
                });
            }
        }
        out
    });
    &PAIRS
}

/// The rules the export says it cannot state, and the validator's own.
fn not_in_schema() -> &'static BTreeSet<String> {
    static RULES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut out: BTreeSet<String> = ALSO_NOT_IN_SCHEMA.iter().map(|s| s.to_string()).collect();
        for schema in document()["components"]["schemas"].as_object().unwrap().values() {
            for rule in schema["x-itnio-rules"].as_array().into_iter().flatten() {
                if rule["in_schema"] == json!(false) && rule["severity"] == json!("error") {
                    out.insert(rule["id"].as_str().unwrap().to_owned());
                }
            }
        }
        out
    });
    &RULES
}

/// The two ways of reading a request with large lists: `validate_json` (each item of the
/// large lists read into the same struct and checked as it is read) and `from_json` then
/// `validate` (every item kept). Their reports must be identical.
fn streamed_and_whole_differ(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for scenario in [None].into_iter().chain(SCENARIOS.map(|(kind, _)| Some(kind))) {
        let streamed = wire::AgentSendRequest::validate_json(bytes, scenario).ok();
        let whole = wire::AgentSendRequest::from_json(bytes).ok().map(|r| r.validate(scenario));
        if streamed != whole {
            out.push(format!("AgentSendRequest, {scenario:?}: streamed {streamed:#?}\nwhole {whole:#?}"));
        }
        let streamed = wire::RecallUpdateRequest::validate_json(bytes, scenario).ok();
        let whole = wire::RecallUpdateRequest::from_json(bytes).ok().map(|r| r.validate(scenario));
        if streamed != whole {
            out.push(format!("RecallUpdateRequest, {scenario:?}: streamed {streamed:#?}\nwhole {whole:#?}"));
        }
    }
    out
}

/// Mocks to ask for verdicts: one that knows no agent's scenario, and one per scenario that is
/// told the scenario of the agent each body names.
struct Mocks {
    runtime: tokio::runtime::Runtime,
    plain: MockServer,
    by_scenario: Vec<(ScenarioKind, MockServer)>,
    http: reqwest::Client,
}

fn mocks() -> &'static Mocks {
    static MOCKS: LazyLock<Mocks> = LazyLock::new(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the mocks");
        let start = || runtime.block_on(MockServer::start()).expect("the mock starts");
        let plain = start();
        let by_scenario = SCENARIOS.iter().map(|(kind, _)| (*kind, start())).collect();
        Mocks { plain, by_scenario, http: reqwest::Client::new(), runtime }
    });
    &MOCKS
}

/// Whether `mock` refuses `body` at `path` as a bad request (-22, or -68 for a recall intent of
/// another scenario); other answers (a fresh task, a reused name, a missing task) take the body
/// as valid.
fn mock_refuses(mock: &MockServer, path: &str, body: &[u8]) -> bool {
    let mocks = mocks();
    let timestamp = itnio_voice::now_epoch_seconds().to_string();
    let request = mocks
        .http
        .post(format!("{}{path}", mock.base_url()))
        .header("Api-Key", mock.api_key())
        .header("Sign", itnio_voice::sign_text(mock.api_key(), mock.api_secret(), &timestamp))
        .header("Timestamp", timestamp)
        .header("Content-Type", "application/json;charset=UTF-8")
        .body(body.to_vec());
    let answer: Value = mocks.runtime.block_on(async {
        let r = request.send().await.expect("the mock answers");
        serde_json::from_slice(&r.bytes().await.expect("a body")).expect("JSON")
    });
    let code = answer["code"].as_str().expect("a code");
    assert!(!["-1", "-16"].contains(&code), "the verdict mock refused the signature: {answer}");
    ["-22", "-68"].contains(&code)
}

/// Where the mock's verdict on `value` differs from the pair's: it must refuse exactly the
/// bodies the validator refuses (the schema's verdict, plus the rules no schema can state;
/// their agreement is checked beside). Where a -22 may also mean a missing record, only
/// "accepted implies valid" and "invalid implies refused" can be held.
fn mock_disagrees(pair: &Pair, bytes: &[u8], value: &Value, report: &Report) -> Option<String> {
    let mocks = mocks();
    let mock = match pair.scenario {
        None => &mocks.plain,
        Some(kind) => {
            let (_, mock) = mocks.by_scenario.iter().find(|(k, _)| *k == kind)?;
            // The scenario is the agent's: only a creation names its agent.
            let agent = value.get("agentId").and_then(Value::as_i64)?;
            if pair.operation.schema != "AgentSendRequest" {
                return None;
            }
            mock.register_agent(agent, kind);
            mock
        }
    };
    let invalid = !report.errors.is_empty();
    let refused = mock_refuses(mock, pair.operation.path, bytes);
    let agrees = match pair.operation.refuses_only_invalid {
        true => refused == invalid,
        false => refused || !invalid,
    };
    (!agrees).then(|| {
        format!(
            "{}: the mock {} the body, the validator {:?}",
            pair.name,
            if refused { "refuses" } else { "accepts" },
            report.errors.iter().map(|v| format!("{} {}", v.pointer, v.message)).collect::<Vec<_>>()
        )
    })
}

/// Checks one document against every pair, the mock's verdict against each, and the two
/// reading paths against each other; returns the disagreements.
fn disagreements(bytes: &[u8]) -> Vec<String> {
    let mut out = streamed_and_whole_differ(bytes);
    // What serde_json cannot read (not JSON, `1e400`, half a surrogate pair) no JSON Schema
    // validator can be given.
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else { return out };
    for pair in pairs() {
        let Some(report) = (pair.operation.validate)(bytes, pair.scenario) else { continue };
        out.extend(mock_disagrees(pair, bytes, &value, &report));
        let stated: Vec<_> = report.errors.iter().filter(|v| !not_in_schema().contains(v.rule)).collect();
        let schema_valid = pair.schema.is_valid(&value);
        if schema_valid != stated.is_empty() {
            let schema_errors: Vec<String> =
                pair.schema.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect();
            out.push(format!(
                "{}: the schema says {}, the validator {:?}; schema errors {schema_errors:?}",
                pair.name,
                if schema_valid { "valid" } else { "invalid" },
                stated
                    .iter()
                    .map(|v| format!("{} {} ({})", v.pointer, v.message, v.rule))
                    .collect::<Vec<_>>()
            ));
        }
    }
    out
}

/// Every request document the suite keeps: fuzz seeds and regressions of the request and CLI
/// targets, and the golden files.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let dirs = [
        "fuzz/seeds/request_validator",
        "fuzz/regressions/request_validator",
        "fuzz/seeds/cli_file",
        "fuzz/regressions/cli_file",
        "tests/golden",
    ];
    for dir in dirs {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".keep") {
                continue;
            }
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn the_document_is_openapi_3_1_with_every_operation_and_the_push() {
    let text = std::fs::read_to_string(root().join("openapi/itnio.openapi.json")).unwrap();
    let spec = oas3::from_json(&text).expect("parses as OpenAPI 3.1");
    assert!(spec.openapi.starts_with("3.1"), "{}", spec.openapi);
    let api = codegen::load_spec(&itnio_tests::spec_dir()).unwrap();
    let paths = spec.paths.as_ref().expect("paths");
    for op in &api.operations {
        let item = paths.get(&op.path).unwrap_or_else(|| panic!("{} is missing", op.path));
        let operation = match op.method.to_string().as_str() {
            "GET" => item.get.as_ref(),
            _ => item.post.as_ref(),
        };
        let operation = operation.unwrap_or_else(|| panic!("{} {} is missing", op.method, op.path));
        assert_eq!(operation.operation_id.as_deref(), Some(op.name.as_str()));
    }
    for push in &api.pushes {
        assert!(spec.webhooks.contains_key(&push.name), "the push {} is missing", push.name);
    }
    assert_eq!(
        document()["info"]["x-itnio-spec-digest"],
        json!(format!("sha256:{}", api.spec_digest)),
        "the document names the spec it was generated from"
    );
}

/// The differential tests cover every operation with a request body: a new operation must be
/// added to `OPERATIONS`.
#[test]
fn every_request_of_the_spec_is_compared() {
    let api = codegen::load_spec(&itnio_tests::spec_dir()).unwrap();
    let requests: BTreeSet<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.request.map(|id| op.request_struct(id).name.as_str()))
        .collect();
    let compared: BTreeSet<&str> = OPERATIONS.iter().map(|op| op.schema).collect();
    assert_eq!(compared, requests);
}

/// Every quirk of the spec is in the export, where it applies or at the document's root.
#[test]
fn every_quirk_is_exported() {
    let api = codegen::load_spec(&itnio_tests::spec_dir()).unwrap();
    let mut found = BTreeSet::new();
    fn walk(v: &Value, found: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "x-itnio-quirks" {
                        for q in v.as_array().unwrap() {
                            found.insert(q["id"].as_str().unwrap().to_owned());
                        }
                    }
                    walk(v, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    walk(document(), &mut found);
    let all: BTreeSet<String> = api.quirks.iter().map(|q| q.id.clone()).collect();
    assert_eq!(found, all);
}

#[test]
fn the_schemas_and_the_validator_agree_on_every_kept_request() {
    let corpus = corpus();
    assert!(corpus.len() >= 15, "{}", corpus.len());
    let mut problems = Vec::new();
    for (name, bytes) in &corpus {
        for d in disagreements(bytes) {
            problems.push(format!("{name}: {d}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The README names every rule the schemas cannot state.
#[test]
fn the_readme_lists_what_the_schemas_cannot_state() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for rule in not_in_schema() {
        assert!(readme.contains(&format!("`{rule}`")), "README.md does not name `{rule}`");
    }
}

/// Values that break, or just meet, the constraints of the spec's fields.
fn value_pool() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1),
        json!(3),
        json!(9),
        json!(10),
        json!(120),
        json!(121),
        json!(999),
        json!(1000),
        json!(1440),
        json!(1441),
        json!(2147483647),
        json!(2147483648_i64),
        json!(-2147483649_i64),
        json!(1.5),
        json!(300.0),
        json!(""),
        json!("a"),
        json!("ab"),
        json!("41"),
        json!("0041"),
        json!("-0"),
        json!("2147483648"),
        json!("12345"),
        json!("123456"),
        json!("123456789012345678"),
        json!("1234567890123456789"),
        json!("12a456"),
        json!("x".repeat(64)),
        json!("x".repeat(65)),
        json!("é".repeat(31)),
        json!("23:59"),
        json!("24:00"),
        json!("9:30"),
        json!("2026-02-28 10:00:00"),
        json!("2026-02-29 10:00:00"),
        json!("2024-02-29 23:59:59"),
        json!("1900-02-29 10:00:00"),
        json!("2000-02-29 10:00:00"),
        json!("0000-01-01 00:00:00"),
        json!("2026-13-01 10:00:00"),
        json!("2026-01-01T10:00:00"),
        json!("12.50"),
        json!("-0.5"),
        json!("1."),
        json!("202"),
        json!("301"),
        json!("401"),
        json!("99998"),
        json!("101"),
        json!([]),
        json!([1]),
        json!(["202"]),
        json!(["301", "99999"]),
        json!([{}]),
        json!([{"agentId": "41"}]),
        json!([{"scriptId": 0}]),
        json!({}),
        json!({"name": "", "borrow_total_money": "1", "due_date": "2026-01-01"}),
        json!({"name": "A", "borrow_total_money": "1", "due_date": "2026-01-01"}),
        json!({"name": "A", "borrow_total_money": "1", "due_date": "2026-01-01", "emergency_contact_name": "B"}),
        json!({"calleeNumber": "4600000001"}),
    ]
}

/// Every member name of a request struct of the export, to add where none is.
fn member_names() -> Vec<String> {
    let mut names = BTreeSet::new();
    for schema in document()["components"]["schemas"].as_object().unwrap().values() {
        if schema["type"] == json!("object") {
            for key in schema["properties"].as_object().into_iter().flatten().map(|(k, _)| k) {
                names.insert(key.clone());
            }
        }
    }
    names.into_iter().collect()
}

/// The pointers of every value in `v`, containers included.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Applies one edit: replace a value, delete a member, or add a member to an object.
fn edit(doc: &mut Value, pick: u32, what: u32, value: u8) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let at = all[pick as usize % all.len()].clone();
    let pool = value_pool();
    let value = pool[usize::from(value) % pool.len()].clone();
    match what % 3 {
        0 => {
            if let Some(slot) = doc.pointer_mut(&at) {
                *slot = value;
            }
        }
        1 => {
            let (parent, key) = at.rsplit_once('/').unwrap_or(("", ""));
            if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                map.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
        }
        _ => {
            let names = member_names();
            if let Some(Value::Object(map)) = doc.pointer_mut(&at) {
                map.insert(names[what as usize / 3 % names.len()].clone(), value);
            }
        }
    }
}

/// The kept requests the mutations start from: all but the large ones. A change to one member
/// of the 1,000-callee campaign tests nothing that the same change to a small request does not
/// (the list's length edges are `constraint_edges`'), at some thirty times the cost of each case; the
/// campaign itself is checked as kept by `the_schemas_and_the_validator_agree_on_every_kept_request`.
fn bases() -> &'static [Value] {
    const LARGE: usize = 16 * 1024;
    static BASES: LazyLock<Vec<Value>> = LazyLock::new(|| {
        corpus()
            .into_iter()
            .filter(|(_, bytes)| bytes.len() <= LARGE)
            .filter_map(|(_, bytes)| serde_json::from_slice::<Value>(&bytes).ok())
            .filter(Value::is_object)
            .collect()
    });
    &BASES
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Mutations of the kept requests: a value replaced by one that breaks or just meets a
    /// constraint, a member removed, a member added; the schema and the validator agree.
    #[test]
    fn the_schemas_and_the_validator_agree_on_mutated_requests(
        base in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<u32>(), any::<u32>(), any::<u8>()), 1..4),
    ) {
        let mut doc = base.get(bases()).clone();
        for (pick, what, value) in edits {
            edit(&mut doc, pick, what, value);
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        let problems = disagreements(&bytes);
        prop_assert!(problems.is_empty(), "{}\n{}", serde_json::to_string(&doc).unwrap(), problems.join("\n"));
    }
}

/// Edges where the two could drift apart, each in the docs' example: digit strings for an
/// Integer the example sends as text, Integers written with a zero fraction or beyond 32 bits,
/// calendar dates, callInformation per scenario, intents of other scenarios, `null` members.
#[test]
fn the_schemas_and_the_validator_agree_on_the_edges() {
    let example = read("fuzz/seeds/request_validator/example.json");
    let edges: &[(&str, Value)] = &[
        ("/recallFlow/nodeList/0/agentId", json!("2147483648")),
        ("/recallFlow/nodeList/0/agentId", json!("2147483647")),
        ("/recallFlow/nodeList/0/agentId", json!("0041")),
        ("/recallFlow/nodeList/0/agentId", json!("0")),
        ("/recallFlow/nodeList/0/agentId", json!("-0")),
        ("/recallFlow/nodeList/0/agentId", json!(" 41")),
        ("/maxCalls", json!(300.0)),
        ("/maxCalls", json!(300.5)),
        ("/agentId", json!(2147483648_i64)),
        ("/sendTime", Value::Null),
        ("/sendTime", json!("2024-02-29 12:00:00")),
        ("/sendTime", json!("2100-02-29 12:00:00")),
        ("/sendTime", json!("2000-02-29 12:00:00")),
        ("/appId", Value::Null),
        ("/numberInfoList/0/callInformation", Value::Null),
        ("/numberInfoList/0/callInformation/name", json!("")),
        ("/numberInfoList/0/callInformation/extra_key", json!("x")),
        ("/numberInfoList/0/callInformation/name", json!(5)),
        ("/recallFlow/recallIntent", json!(["301"])),
        ("/recallFlow/recallIntent", json!(["4011"])),
        ("/recallFlow/recallIntent", json!([])),
        ("/recallFlow/recallIntent", Value::Null),
        ("/recallFlow/recallType", json!(3.0)),
        ("/numberInfoList/0/text1", json!("x".repeat(40))),
    ];
    let mut problems = Vec::new();
    for (at, value) in edges {
        let mut doc = example.clone();
        let (parent, key) = at.rsplit_once('/').unwrap();
        match doc.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.insert(key.to_owned(), value.clone());
            }
            Some(Value::Array(items)) => items[key.parse::<usize>().unwrap()] = value.clone(),
            _ => panic!("{parent} is not in the example"),
        }
        for d in disagreements(&serde_json::to_vec(&doc).unwrap()) {
            problems.push(format!("{at} = {value}: {d}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
