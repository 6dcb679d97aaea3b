//! The mock against the document it stands in for: every answer it gives must validate against
//! the answer schema `openapi/itnio.openapi.json` exports for its operation. Tests start the
//! mock through [`start`], and the returned [`CheckedMock`] checks every answer of the test when
//! it is dropped.

use crate::root;
use itnio_mock::{Exchange, Fault, MockConfig, MockServer};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::LazyLock;

/// The exported document.
pub fn document() -> &'static Value {
    static DOC: LazyLock<Value> = LazyLock::new(|| {
        let path = root().join("openapi/itnio.openapi.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    });
    &DOC
}

/// A schema of the whole document that validates the value at `pointer` (so that its
/// references resolve).
pub fn validator_at(pointer: &str) -> jsonschema::Validator {
    let mut whole = document().clone();
    whole["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    whole["$ref"] = json!(format!("#{pointer}"));
    jsonschema::validator_for(&whole).unwrap_or_else(|e| panic!("the schema at {pointer} compiles: {e}"))
}

/// The exported answer schema of the operation at `method` (lowercase) and `path`.
pub fn answer_schema(path: &str, method: &str) -> jsonschema::Validator {
    validator_at(&format!(
        "/paths/{}/{method}/responses/200/content/application~1json/schema",
        path.replace('~', "~0").replace('/', "~1")
    ))
}

/// The answer schema of every operation, by operation name.
fn answer_schemas() -> &'static BTreeMap<String, jsonschema::Validator> {
    static SCHEMAS: LazyLock<BTreeMap<String, jsonschema::Validator>> = LazyLock::new(|| {
        let mut out = BTreeMap::new();
        for (path, item) in document()["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("a path item") {
                let name = op["operationId"].as_str().expect("operationId").to_owned();
                out.insert(name, answer_schema(path, method));
            }
        }
        out
    });
    &SCHEMAS
}

/// Whether a fault makes the answer break the document on purpose: not JSON, not 200, the
/// envelope's other spelling, a padded body, or a success with no payload.
fn deliberately_malformed(fault: &Fault) -> bool {
    match fault {
        Fault::MalformedJson
        | Fault::EmptyBody
        | Fault::BadGateway
        | Fault::HugeBody(_)
        | Fault::StatusReason => true,
        Fault::Answer(code, _) => *code == 0,
        Fault::Delay(_) | Fault::DropBeforeBody | Fault::DropAfterBody | Fault::NumericCode => false,
    }
}

/// The answers among `exchanges` that do not match their operation's exported answer schema,
/// each with why. Answers to paths that name no operation, and those a fault malformed on
/// purpose, are not checked.
pub fn answer_problems(exchanges: &[Exchange]) -> Vec<String> {
    let mut out = Vec::new();
    for x in exchanges {
        let Some(operation) = x.operation else { continue };
        if x.fault.as_ref().is_some_and(deliberately_malformed) {
            continue;
        }
        let schema = &answer_schemas()[operation];
        let what = format!("{} {} ({operation}) answered {}", x.method, x.path, x.body);
        if x.status != 200 {
            out.push(format!("{what}: HTTP {}", x.status));
            continue;
        }
        let body: Value = match serde_json::from_str(&x.body) {
            Ok(v) => v,
            Err(e) => {
                out.push(format!("{what}: not JSON ({e})"));
                continue;
            }
        };
        let errors: Vec<String> =
            schema.iter_errors(&body).map(|e| format!("{}: {e}", e.instance_path())).collect();
        if !errors.is_empty() {
            out.push(format!("{what}: {}", errors.join("; ")));
        }
    }
    out
}

/// A running mock whose answers are checked against the exported document when it is dropped
/// (unless the test is already failing).
#[derive(Debug)]
pub struct CheckedMock(MockServer);

impl Deref for CheckedMock {
    type Target = MockServer;
    fn deref(&self) -> &MockServer {
        &self.0
    }
}

impl Drop for CheckedMock {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let problems = answer_problems(&self.0.exchanges());
        assert!(
            problems.is_empty(),
            "the mock answered outside the exported document:\n{}",
            problems.join("\n")
        );
    }
}

/// Starts a mock with `config` whose answers are checked when it is dropped.
pub async fn start(config: MockConfig) -> CheckedMock {
    CheckedMock(MockServer::start_with(config).await.expect("the mock starts on 127.0.0.1"))
}
