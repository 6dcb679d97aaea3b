//! The generator on its own, over small specs of one feature each.
//!
//! Each `fixtures/<case>/` holds the spec files of one case: those of `fixtures/_base/`, which
//! the case may replace, plus its own `operations/` and `pushes/`. What a case is for is in its
//! `README.md`.
//!
//! - An accepted case keeps its output in `fixtures/<case>/expected/` (the OpenAPI export in
//!   `expected/openapi/`): the generated files that
//!   differ from the `base` case's output (`base` keeps them all), so that a generator change
//!   shows up as a small diff in the cases it touches. Every accepted case is also a crate of
//!   its own over the runtime crate, all checked by one `cargo check`.
//! - A rejected case (named `rejected_*`) keeps the generator's errors in
//!   `fixtures/<case>/errors.txt`.
//!
//! `SNAPSHOTS=overwrite cargo test -p itnio-codegen --test fixtures` rewrites the snapshots;
//! read the diff before committing it.

use codegen::error::SpecErrors;
use codegen::load::FIXED_FILES;
use codegen::model::Api;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn overwrite() -> bool {
    std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite")
}

/// Every case, by name, in order.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && fixtures().join(n).is_dir())
        .collect();
    names.sort();
    names
}

/// The YAML files of a directory below `dir`, by path relative to the spec root.
fn yaml_below(dir: &Path, sub: &str) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { return Vec::new() };
    let mut files: Vec<(String, String)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = format!("{sub}/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn borrow(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect()
}

/// Loads and checks a case through the in-memory loader.
fn load(case: &str) -> Result<Api, SpecErrors> {
    let dir = fixtures().join(case);
    let fixed: Vec<String> = FIXED_FILES
        .iter()
        .map(|f| {
            std::fs::read_to_string(dir.join(f))
                .or_else(|_| std::fs::read_to_string(fixtures().join("_base").join(f)))
                .unwrap()
        })
        .collect();
    let ops = yaml_below(&dir, "operations");
    let pushes = yaml_below(&dir, "pushes");
    let raw =
        codegen::load::load_texts(std::array::from_fn(|i| fixed[i].as_str()), borrow(&ops), borrow(&pushes))?;
    codegen::check::check(raw)
}

fn generate(case: &str) -> Result<BTreeMap<String, String>, SpecErrors> {
    let api = load(case)?;
    let files = codegen::emit::emit(&api).unwrap_or_else(|e| panic!("{case}: {e}"));
    let exported =
        codegen::openapi::emit(&api).into_iter().map(|f| (format!("openapi/{}", f.path), f.contents));
    Ok(files.into_iter().map(|f| (f.path, f.contents)).chain(exported).collect())
}

/// Compares `actual` with the file at `path`, or writes it in overwrite mode; returns a
/// complaint when they differ.
fn snapshot(path: &Path, actual: &str) -> Option<String> {
    if overwrite() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => {
            let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
            Some(format!(
                "{}: differs from line {}:\n  kept: {:?}\n   now: {:?}",
                path.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or(""),
                actual.lines().nth(line).unwrap_or("")
            ))
        }
        Err(_) => Some(format!("{}: no snapshot", path.display())),
    }
}

/// The files below `dir`, by path relative to it (one level of folders: `openapi/`).
fn files_below(dir: &Path, prefix: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for e in entries {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.path().is_dir() {
            out.extend(files_below(&e.path(), &format!("{name}/")));
        } else {
            out.push(name);
        }
    }
    out
}

#[test]
fn there_are_fixtures_for_every_feature() {
    let cases = cases();
    assert!(cases.len() >= 10, "{cases:?}");
    for case in &cases {
        assert!(fixtures().join(case).join("README.md").exists(), "{case}: say what the case is for");
    }
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let base = generate("base").expect("the base case is accepted");
    let mut complaints = Vec::new();
    for case in cases() {
        let dir = fixtures().join(&case);
        let result = generate(&case);
        // A case says in its name which way it must go.
        assert_eq!(result.is_err(), case.starts_with("rejected_"), "{case}: {:?}", result.as_ref().err());
        match result {
            Ok(files) => {
                let expected_dir = dir.join("expected");
                let mut kept = files_below(&expected_dir, "");
                if overwrite() {
                    let _ = std::fs::remove_dir_all(&expected_dir);
                    kept.clear();
                }
                for (path, text) in &files {
                    if case != "base" && base.get(path) == Some(text) {
                        continue;
                    }
                    kept.retain(|k| k != path);
                    complaints.extend(snapshot(&expected_dir.join(path), text));
                }
                for stale in kept {
                    complaints.push(format!("{case}/expected/{stale}: the generator no longer differs here"));
                }
            }
            Err(errors) => {
                let text: String = errors.0.iter().map(|e| format!("{e}\n")).collect();
                complaints.extend(snapshot(&dir.join("errors.txt"), &text));
            }
        }
    }
    assert!(complaints.is_empty(), "{}", complaints.join("\n"));
}

/// A fixture crate's manifest: the case's output as the crate's `generated` module, over the
/// prebuilt runtime crate.
fn manifest(case: &str) -> String {
    let runtime = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    format!(
        "[package]\nname = \"fixture-{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\n\n[dependencies]\nitnio-runtime = {{ path = {:?} }}\n\
         bon = \"3\"\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}\n",
        case.replace('_', "-"),
        runtime.display().to_string(),
    )
}

/// Writes `text` to `path` unless it already holds it (an unchanged file keeps its time, so
/// cargo does not check it again).
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

/// Whether a variable is one cargo sets for a package's test process (see
/// `accepted_fixtures_compile_against_the_runtime`).
fn set_for_this_package(name: &str) -> bool {
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_BIN_EXE_")
        || matches!(
            name,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_CRATE_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
        )
}

/// The host's target triple, as `rustc -vV` names it.
fn host_triple() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = std::process::Command::new(rustc).arg("-vV").output().expect("rustc runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc -vV names the host").to_owned()
}

/// A fixture crate's root: what `itnio-voice`'s root does with its generated module.
const FIXTURE_ROOT: &str = "//! A generator fixture.\n#![deny(missing_docs, warnings)]\n#![allow(unused)]\n\
    #[rustfmt::skip]\nmod generated;\npub use generated::*;\n";

/// Every accepted case's output is one crate of a workspace over the runtime crate, and one
/// `cargo check` checks them all: the runtime and the dependencies are compiled once, not once
/// a case.
///
/// It checks in trybuild's target directory with trybuild's flags, so that the
/// dependencies the compile-fail suite (`itnio-ui-tests`) checks are checked once for both:
/// `cargo test` runs one test binary at a time, so the two never hold its lock together, and
/// the outer `cargo test` holds no lock on that directory.
#[test]
fn accepted_fixtures_compile_against_the_runtime() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let mut members = Vec::new();
    for case in cases() {
        let Ok(files) = generate(&case) else { continue };
        let dir = root.join(&case);
        let generated = dir.join("generated");
        std::fs::create_dir_all(&generated).unwrap();
        let rust: Vec<(&String, &String)> = files.iter().filter(|(path, _)| path.ends_with(".rs")).collect();
        // A file no longer generated goes; the others are written only when they change, so
        // that a second run finds nothing to check again.
        for entry in std::fs::read_dir(&generated).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !rust.iter().any(|(path, _)| **path == name) {
                std::fs::remove_file(generated.join(&name)).unwrap();
            }
        }
        for (path, text) in rust {
            write_if_changed(&generated.join(path), text);
        }
        write_if_changed(&dir.join("Cargo.toml"), &manifest(&case));
        write_if_changed(&dir.join("lib.rs"), FIXTURE_ROOT);
        members.push(format!("{case:?}"));
    }
    assert!(members.len() >= 10, "{members:?}");
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    // The project's lock file, so the fixtures build with the versions the project builds with.
    let lock = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../tests/trybuild");
    // The flags and `--target` trybuild checks its cases with (its `cargo.rs`, `build_all_tests`),
    // so that the dependencies' builds are the ones the compile-fail suite reuses.
    let flags = r#"["--cfg", "trybuild", "--verbose", "-A", "dead_code", "--diagnostic-width=140"]"#;
    let mut command = std::process::Command::new(cargo);
    // Without the variables cargo sets for this package's tests, as trybuild's checks run
    // (`ui-tests/tests/ui.rs`, the same list): build scripts that read them would otherwise run
    // again, with everything above them, whenever the other suite ran last.
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(set_for_this_package) {
            command.env_remove(name);
        }
    }
    let out = command
        .args(["check", "--workspace", "--offline", "--quiet", "--message-format=short"])
        .args(["--target", &host_triple()])
        .arg(format!("--config=build.rustflags={flags}"))
        .arg(format!("--config=target.{}.rustflags={flags}", host_triple()))
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the generated code of a fixture does not compile against the runtime:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
