//! Every endpoint of the spec has its client method, types, constants and server-side method
//! generated, and the runtime crate holds no per-endpoint code or fact of the API: adding an
//! endpoint is a spec change. (The mock, in its own crate, implements the generated `Service`, so it does not
//! compile until it handles a new endpoint.)

use itnio_tests::{root, spec_dir};

fn api() -> codegen::model::Api {
    codegen::check::check(codegen::load::load_dir(&spec_dir()).expect("spec loads")).expect("spec checks")
}

/// The runtime crate's sources. (That it names no generated item the compiler enforces: it
/// does not depend on the generated crate.)
fn runtime_sources() -> Vec<(String, String)> {
    let dir = root().join("runtime/src");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".rs") {
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    assert!(out.len() >= 10, "{out:?}");
    out
}

#[test]
fn each_operation_and_push_is_generated_from_the_spec() {
    let api = api();
    assert_eq!(api.operations.len(), 8);
    let generated = root().join("generated-client/src/generated");
    for op in &api.operations {
        let text = std::fs::read_to_string(generated.join(format!("{}.rs", op.name))).unwrap();
        assert!(text.starts_with("// @generated"), "{}", op.name);
        // The marker's `operation!` declaration, wherever the formatter broke its lines.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let declared = format!("name = \"{}\", method = \"{}\", path = \"{}\"", op.name, op.method, op.path);
        assert!(flat.contains(&declared), "{}: no {declared}", op.name);
        let method = |name: &str| {
            text.contains(&format!("pub async fn {name}(")) || text.contains(&format!("pub async fn {name}<"))
        };
        assert!(method(&op.name), "{}: no client method", op.name);
        if op.request.is_some() {
            assert!(method(&format!("{}_wire", op.name)), "{}", op.name);
        }
        if op.paging.is_some() {
            assert!(method(&format!("{}_all_pages", op.name)), "{}", op.name);
        }
        for s in op.structs.iter().map(|s| &s.name).chain(op.response_structs.iter().map(|s| &s.name)) {
            assert!(text.contains(&format!("pub struct {s}")), "{}: {s}", op.name);
        }
    }
    for push in &api.pushes {
        let text = std::fs::read_to_string(generated.join(format!("{}.rs", push.name))).unwrap();
        assert!(text.contains(&format!("pub fn parse_{}s(", push.name)), "{}", push.name);
    }
    let service = std::fs::read_to_string(generated.join("service.rs")).unwrap();
    for op in &api.operations {
        assert!(service.contains(&format!("    fn {}(", op.name)), "{}: no Service method", op.name);
        assert!(service.contains(&format!("(\"{}\", \"{}\")", op.method, op.path)), "{}: no route", op.name);
    }
}

#[test]
fn the_hand_written_runtime_names_no_endpoint() {
    let api = api();
    for (file, text) in runtime_sources() {
        for op in &api.operations {
            assert!(!text.contains(&op.path), "{file} mentions {}", op.path);
            assert!(!text.contains(&format!("fn {}(", op.name)), "{file} defines {}", op.name);
            let marker = codegen::naming::operation_type(&op.name);
            assert!(!text.contains(&format!("{marker}::")), "{file} uses {marker}");
        }
        for push in &api.pushes {
            assert!(
                !text.contains(&format!("fn parse_{}s(", push.name)),
                "{file} defines the {} parser",
                push.name
            );
        }
    }
}
