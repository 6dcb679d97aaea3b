//! Every endpoint of the spec has its client method, types, constants and server-side method
//! generated, and the hand-written runtime holds no per-endpoint code: adding an endpoint is a
//! spec change. (The mock, in its own crate, implements the generated `Service`, so it does not
//! compile until it handles a new endpoint.)

use itnio_tests::{root, spec_dir};

fn api() -> codegen::model::Api {
    codegen::check::check(codegen::load::load_dir(&spec_dir()).expect("spec loads")).expect("spec checks")
}

fn runtime_sources() -> Vec<(String, String)> {
    let dir = root().join("generated-client/src");
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
        assert!(text.contains(&format!("pub const PATH: &'static str = \"{}\";", op.path)), "{}", op.name);
        assert!(
            text.contains(&format!("pub const METHOD: &'static str = \"{}\";", op.method)),
            "{}",
            op.name
        );
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

/// Every item the generator emits at the crate root (types, traits, aliases, free functions,
/// macros), by name.
fn generated_item_names() -> std::collections::BTreeSet<String> {
    let dir = root().join("generated-client/src/generated");
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            // Items at the top of a module, and types of the nested `wire` module; not methods.
            let nested = line.strip_prefix("    ").filter(|l| !l.starts_with(' '));
            let (line, intros): (&str, &[&str]) = match nested {
                Some(l) => (l, &["pub struct ", "pub enum ", "pub trait ", "pub type "]),
                None => (
                    line,
                    &["pub struct ", "pub enum ", "pub trait ", "pub type ", "pub fn ", "macro_rules! "],
                ),
            };
            for intro in intros {
                if let Some(rest) = line.strip_prefix(intro) {
                    let mut name: String =
                        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if intro.starts_with("macro") {
                        name.push('!'); // a macro is named only where it is invoked
                    }
                    names.insert(name);
                }
            }
        }
    }
    assert!(names.contains("StatusCode") && names.contains("ScenarioKind"), "{names:?}");
    assert!(names.contains("parse_status_reports") && !names.contains("validate"), "{names:?}");
    names
}

/// The code of a file without its comments (docs may mention generated items; code may not).
fn code_of(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The generated names that `code` uses as names of its own crate: not as a variant or method
/// of one of the runtime's own items (`ConstraintError::ClockTime`), not where it defines one.
fn generated_names_used(code: &str, generated: &std::collections::BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) || (i > 0 && is_word(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        let after = code[i..].trim_start();
        let word =
            if after.starts_with('!') { format!("{}!", &code[start..i]) } else { code[start..i].to_owned() };
        if !generated.contains(&word) {
            continue;
        }
        let before = code[..start].trim_end();
        let in_use = code[..start].rsplit('\n').next().is_some_and(|l| l.trim_start().starts_with("use "))
            || before.ends_with("use crate::{");
        let qualified_by_other = before.ends_with("::") && !before.ends_with("crate::");
        let member = before.ends_with('.');
        let defines_variant =
            (before.ends_with('{') || before.ends_with(',') || before.is_empty() || before.ends_with('\n'))
                && (after.starts_with(',') || after.starts_with('(') || after.starts_with('{'));
        let line_start = code[..start].rfind('\n').map_or(0, |n| n + 1);
        let variant_line =
            code[line_start..start].trim().is_empty() && (after.starts_with(',') || after.starts_with('('));
        if in_use || !(qualified_by_other || member || defines_variant || variant_line) {
            out.push(word);
        }
    }
    out
}

/// smithy-rs's rule: the runtime depends on nothing generated. Generated code implements the
/// runtime's traits (`ApiStatus`, `Docs`, `ScenarioRules`, `FromData`) and adds methods to its
/// types; no hand-written runtime file names a generated item. (The crate root re-exports the
/// generated module.)
#[test]
fn the_hand_written_runtime_names_no_generated_item() {
    let sources = runtime_sources();
    // The crate root's aliases `Error` and `ApiError` name the runtime's own generic types.
    let defined_by_runtime: std::collections::BTreeSet<&str> = sources
        .iter()
        .flat_map(|(_, text)| {
            let words: Vec<&str> =
                text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
            words
                .windows(2)
                .filter(|w| matches!(w[0], "struct" | "enum" | "trait"))
                .map(|w| w[1])
                .collect::<Vec<_>>()
        })
        .collect();
    let generated: std::collections::BTreeSet<String> =
        generated_item_names().into_iter().filter(|n| !defined_by_runtime.contains(n.as_str())).collect();
    let mut found = Vec::new();
    for (file, text) in sources {
        if file == "lib.rs" {
            continue;
        }
        let code = code_of(&text);
        if code.contains("crate::generated") || code.contains("use crate::*") {
            found.push(format!("{file}: reaches into the generated module"));
        }
        for name in generated_names_used(&code, &generated) {
            found.push(format!("{file}: names `{name}`"));
        }
    }
    found.dedup();
    assert!(found.is_empty(), "the runtime names generated items:\n{}", found.join("\n"));
}

/// The check can fail: a runtime file that named a status code or a scenario would be caught,
/// while a variant of the runtime's own and a comment are not.
#[test]
fn the_generated_item_check_catches_a_named_item() {
    let generated = generated_item_names();
    let code = code_of(
        "use crate::{ScenarioKind, x};\nlet task_name = task_name!(\"x\");\nif e.code == StatusCode::TimestampExpires { ConstraintError::ClockTime } // Intent",
    );
    assert_eq!(generated_names_used(&code, &generated), ["ScenarioKind", "task_name!", "StatusCode"]);
}

/// The generator reserves the names the runtime takes (`naming::RUNTIME_NAMES`,
/// `naming::CLIENT_METHODS`) so that a spec name can never clash with them; the lists must
/// follow the runtime as it grows.
#[test]
fn the_generator_reserves_every_name_the_runtime_takes() {
    let lib = std::fs::read_to_string(root().join("generated-client/src/lib.rs")).unwrap();
    let mut taken: Vec<String> = Vec::new();
    for line in lib.lines() {
        let line = line.trim_start_matches("pub ");
        if let Some(module) = line.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            taken.push(module.to_owned());
        }
        if let Some(rest) = line.strip_prefix("use ").and_then(|r| r.strip_suffix(';'))
            && !rest.ends_with("::*")
        {
            let names = rest.split_once("::").map_or("", |(_, n)| n).trim_matches(|c| c == '{' || c == '}');
            taken.extend(names.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()));
        }
    }
    assert!(taken.len() >= 20, "{taken:?}");
    for name in &taken {
        assert!(codegen::naming::RUNTIME_NAMES.contains(&name.as_str()), "`{name}` is not reserved");
    }

    let client = std::fs::read_to_string(root().join("generated-client/src/client.rs")).unwrap();
    let mut in_client = false;
    let mut methods = Vec::new();
    for line in client.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_client = line == "impl Client {";
        }
        let sig = line.trim_start().trim_start_matches("pub ").trim_start_matches("async ");
        if in_client
            && line.starts_with("    pub ")
            && let Some(rest) = sig.strip_prefix("fn ")
        {
            methods.push(rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap().to_owned());
        }
    }
    assert!(methods.contains(&"call".to_owned()), "{methods:?}");
    for m in &methods {
        assert!(codegen::naming::CLIENT_METHODS.contains(&m.as_str()), "`Client::{m}` is not reserved");
    }
}
