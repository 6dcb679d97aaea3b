//! The lifecycle operations and the push against the tables of itnio-api-family.md (§3.2-3.9):
//! every field a table lists is in the spec, under the same name, and the spec adds none.

use itnio_tests::{root, tables};
use std::collections::BTreeSet;

/// The text of section `### {number}` of the family document.
fn section(number: &str) -> String {
    let text = std::fs::read_to_string(root().join("spec/source/itnio-api-family.md")).unwrap();
    let start = text.find(&format!("### {number} ")).unwrap_or_else(|| panic!("no section {number}"));
    let rest = &text[start + 4..];
    let end = rest.find("\n### ").or_else(|| rest.find("\n---")).unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// Field names of the section's tables whose header starts with a field column and has (or
/// lacks) a Required column: `↳` nesting, backticks and notes removed; with `envelope`, the
/// top-level envelope members left out; a cell naming several fields gives each.
fn table_fields(section: &str, request: bool, envelope: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in tables(section) {
        if !t.header[0].to_lowercase().contains("field")
            || t.header.iter().any(|h| h == "Required") != request
        {
            continue;
        }
        for row in &t.rows {
            let top_level = !row[0].contains('↳');
            let cell = row[0].replace('↳', "").replace("(probably)", "");
            for name in cell.split(',') {
                let name = name.trim().trim_matches('`').trim();
                let envelope_member =
                    envelope && top_level && ["code", "msg", "status", "reason", "data"].contains(&name);
                if name.is_empty() || name.starts_with('…') || envelope_member {
                    continue;
                }
                out.insert(name.to_owned());
            }
        }
    }
    out
}

fn raw() -> codegen::raw::RawSpec {
    codegen::load::load_dir(&itnio_tests::spec_dir()).unwrap()
}

fn op_fields(op: &codegen::raw::OperationFile, request: bool) -> BTreeSet<String> {
    if request {
        op.structs.iter().flat_map(|s| &s.fields).map(|f| f.wire.clone()).collect()
    } else {
        op.response_structs.iter().flat_map(|s| &s.fields).map(|f| f.wire.clone()).collect()
    }
}

#[test]
fn every_lifecycle_table_is_in_the_spec() {
    let raw = raw();
    let op = |name: &str| &raw.operations.iter().find(|(_, o)| o.name == name).unwrap().1;
    // (section, operation, compare the request table, compare the response table)
    for (number, name, request, response) in [
        ("3.2", "task_query", true, true),
        ("3.3", "task_cancel", true, false),
        ("3.4", "recall_query_page", true, true),
        ("3.5", "recall_query_detail", false, true),
        ("3.6", "recall_update", true, false),
        ("3.7", "recall_cancel", true, false),
        ("3.9", "get_balance", false, true),
    ] {
        let text = section(number);
        let op = op(name);
        if request {
            assert_eq!(
                table_fields(&text, true, true),
                op_fields(op, true),
                "§{number} request fields of {name}"
            );
        }
        if response {
            let mut documented = table_fields(&text, false, true);
            // A page's members live in `data`, named in the table's `data` row.
            if op.paging.is_some() {
                documented.extend(["total", "size", "current", "pages", "records"].map(str::to_owned));
            }
            assert_eq!(documented, op_fields(op, false), "§{number} response fields of {name}");
        }
    }
    // §3.5 gives its one request field in prose.
    assert!(section("3.5").contains("Request: `keyId`"));
    assert_eq!(op_fields(op("recall_query_detail"), true), BTreeSet::from(["keyId".to_owned()]));
}

#[test]
fn the_push_table_is_in_the_spec() {
    let raw = raw();
    let push = &raw.pushes[0].1;
    let spec: BTreeSet<String> =
        push.structs.iter().flat_map(|s| &s.fields).map(|f| f.wire.clone()).collect();
    let mut documented = table_fields(&section("3.8"), false, false);
    // `intentCode` is only guessed at by the document; it is kept in `extra` (quirk
    // `push_undocumented`).
    assert!(documented.remove("intentCode"));
    assert_eq!(documented, spec);
}
