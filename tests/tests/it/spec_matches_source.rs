//! The spec against the source page: every request field, callInformation key, status code
//! and intent code of agent-send-api.txt is in the spec, with the same counts and order.

use codegen::load::load_dir;
use itnio_tests::{Table, root, source_page, spec_dir, tables};

fn page_tables() -> Vec<Table> {
    tables(&source_page())
}

fn find<'a>(ts: &'a [Table], header: &[&str]) -> Vec<&'a Table> {
    ts.iter().filter(|t| t.header.iter().map(String::as_str).eq(header.iter().copied())).collect()
}

#[test]
fn the_page_has_the_expected_tables() {
    let ts = page_tables();
    // request, callInformation keys, response, status codes, five intent tables
    assert_eq!(ts.len(), 9, "{:#?}", ts.iter().map(|t| &t.header).collect::<Vec<_>>());
}

#[test]
fn every_request_field_row_is_in_the_spec() {
    let ts = page_tables();
    let request = find(&ts, &["Parameter", "Description", "Required", "Type"]);
    assert_eq!(request.len(), 1);
    let mut page: Vec<(String, String, String)> =
        request[0].rows.iter().map(|r| (r[0].clone(), r[2].clone(), r[3].clone())).collect();
    assert_eq!(page.len(), 31);

    let raw = load_dir(&spec_dir()).expect("spec loads");
    let mut spec = Vec::new();
    let mut example_only = Vec::new();
    for (_, op) in raw.operations.iter().filter(|(_, op)| op.name == "agent_send") {
        for s in &op.structs {
            for f in &s.fields {
                match (&f.table, f.source) {
                    (Some(t), codegen::raw::Source::Table) => {
                        spec.push((f.wire.clone(), t.required.clone().unwrap_or_default(), t.ty.clone()))
                    }
                    (_, codegen::raw::Source::Example) => example_only.push(f.wire.clone()),
                    _ => panic!("field {} has no table columns", f.wire),
                }
            }
        }
    }
    page.sort();
    spec.sort();
    assert_eq!(page, spec, "request table rows (name, Required, Type) differ from the spec");
    assert_eq!(example_only, vec!["calloutRate".to_owned()]);
    assert!(source_page().contains("\"calloutRate\""), "calloutRate is in the example");
}

#[test]
fn every_call_information_key_is_in_the_spec() {
    let ts = page_tables();
    let keys = &ts[1];
    assert_eq!(keys.header[0], "Parameter Name");
    let raw = load_dir(&spec_dir()).expect("spec loads");
    let ci = &raw.call_information.1;
    assert_eq!(keys.rows.len(), 10);
    assert_eq!(keys.rows.len(), ci.keys.len());
    for (row, key) in keys.rows.iter().zip(&ci.keys) {
        assert_eq!(row[0], key.key);
        assert_eq!(row[1].to_lowercase(), key.variable);
        assert_eq!(Some(row[2].as_str()), key.doc.as_deref());
        for (col, scenario) in [(3, "debt_collection"), (4, "emergency_contact")] {
            assert_eq!(
                row[col] == "Yes",
                key.required_in.iter().any(|s| s == scenario),
                "{} in {scenario}",
                key.key
            );
        }
    }
}

#[test]
fn every_status_code_is_in_the_spec() {
    let ts = page_tables();
    let codes = find(&ts, &["code", "Description"]);
    assert_eq!(codes.len(), 1);
    let page: Vec<(i64, &str)> =
        codes[0].rows.iter().map(|r| (r[0].parse().expect("numeric code"), r[1].as_str())).collect();
    let raw = load_dir(&spec_dir()).expect("spec loads");
    let spec: Vec<(i64, &str)> = raw
        .status_codes
        .1
        .codes
        .iter()
        .filter(|c| c.source.is_none())
        .map(|c| (c.code, c.message.as_str()))
        .collect();
    assert_eq!(page.len(), 19);
    assert_eq!(page, spec);
}

/// The codes only the family document lists (§1.9, "Status codes seen") are in the spec with
/// its wording, marked with their source; the call-center pages' codes are not AI Agent codes.
#[test]
fn the_family_documents_agent_codes_are_in_the_spec() {
    let family =
        std::fs::read_to_string(itnio_tests::root().join("spec/source/itnio-api-family.md")).unwrap();
    let raw = load_dir(&spec_dir()).expect("spec loads");
    let codes = &raw.status_codes.1.codes;
    for (code, words) in [
        (-10, "balance insufficient"),
        (-13, "User locked"),
        (-25, "Out of time range"),
        (-54, "The task you submitted is wrong"),
    ] {
        let row = family
            .lines()
            .find(|l| l.starts_with(&format!("| {code} |")))
            .unwrap_or_else(|| panic!("{code}"));
        assert!(row.contains(words), "{row}");
        let spec =
            codes.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("{code} is not in the spec"));
        assert_eq!(spec.source.as_deref(), Some("itnio-api-family.md"));
        assert!(spec.message.contains(words), "{code}: {}", spec.message);
    }
    assert_eq!(codes.iter().filter(|c| c.source.is_some()).count(), 4);
}

#[test]
fn every_intent_table_is_in_the_spec() {
    let ts = page_tables();
    let intent_tables: Vec<&Table> =
        ts.iter().filter(|t| t.header.get(1).is_some_and(|h| h == "Intent Name")).collect();
    let raw = load_dir(&spec_dir()).expect("spec loads");
    let spec = &raw.intents.1.tables;
    assert_eq!(intent_tables.len(), 5);
    assert_eq!(intent_tables.len(), spec.len());
    let mut total = 0;
    for (page, spec) in intent_tables.iter().zip(spec) {
        assert_eq!(page.header, spec.header, "table {}", spec.id);
        let page_rows: Vec<(&str, &str)> = page.rows.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
        let spec_rows: Vec<(&str, &str)> =
            spec.intents.iter().map(|i| (i.code.as_str(), i.name.as_str())).collect();
        assert_eq!(page_rows, spec_rows, "table {}", spec.id);
        for (row, intent) in page.rows.iter().zip(&spec.intents) {
            let remarks = row.get(2).filter(|r| !r.is_empty()).map(String::as_str);
            assert_eq!(remarks, intent.remarks.as_deref(), "remarks of {}", intent.code);
        }
        total += page.rows.len();
    }
    assert_eq!(total, 2 + 9 + 19 + 5 + 12);
}

#[test]
fn source_copies_match_the_shared_reference() {
    let shared = root().join("../shared/reference");
    if !shared.is_dir() {
        eprintln!("no ../shared/reference beside this checkout; nothing to compare");
        return;
    }
    for name in ["agent-send-api.txt", "itnio-api-family.md"] {
        let copy = std::fs::read(spec_dir().join("source").join(name)).expect("copy");
        let original = std::fs::read(shared.join(name)).expect("original");
        assert!(copy == original, "spec/source/{name} differs from ../shared/reference/{name}");
    }
}

/// The API-wide facts of `spec/api.yaml` are the page's: its example request shows the base URL,
/// each header by name and the docs' signature, and the generated client signs the spec's own
/// test vector to that signature.
#[test]
fn the_api_facts_are_the_pages_and_the_test_vector_signs() {
    let page = source_page();
    let facts = itnio_voice::API_FACTS;
    assert!(page.contains(&format!("{}/voice/group/call/send/agent", facts.base_url)), "{}", facts.base_url);
    for header in [facts.api_key_header, facts.timestamp_header, facts.sign_header] {
        assert!(page.lines().any(|l| l.starts_with(&format!("{header}: "))), "{header}");
    }
    assert!(page.contains(&format!("Content-Type: {}", facts.content_type)), "{}", facts.content_type);
    let v = itnio_voice::SIGNING_TEST_VECTOR;
    assert!(page.contains(&format!("{}: {}", facts.sign_header, v.sign)), "{}", v.sign);
    let timestamp = u64::try_from(v.timestamp).unwrap();
    assert_eq!(itnio_voice::sign(v.api_key, &v.api_secret.into(), timestamp), v.sign);
    // The client's default is the spec's base URL.
    let client = itnio_voice::Client::builder("key", "secret").build().unwrap();
    assert_eq!(client.base_url(), itnio_voice::DEFAULT_BASE_URL);
}
