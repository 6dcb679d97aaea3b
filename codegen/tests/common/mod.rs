//! Shared by the generator's tests: the real spec, with edits.

use codegen::error::SpecErrors;
use codegen::load::FIXED_FILES as FIXED;
use codegen::model::Api;
use std::path::PathBuf;

/// The real spec's directory.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The real spec with `edits` applied: (file, text to find, replacement).
pub fn spec_with(edits: &[(&str, &str, &str)]) -> Result<Api, SpecErrors> {
    let read = |name: &str| {
        let mut text = std::fs::read_to_string(spec_dir().join(name)).expect("spec file");
        for (file, from, to) in edits {
            if *file == name {
                assert!(text.contains(from), "{name} does not contain {from:?}");
                text = text.replacen(from, to, 1);
            }
        }
        text
    };
    let fixed: Vec<String> = FIXED.iter().map(|f| read(f)).collect();
    let listed = |sub: &str| -> Vec<(String, String)> {
        let mut names: Vec<String> = std::fs::read_dir(spec_dir().join(sub))
            .expect("spec directory")
            .map(|e| format!("{sub}/{}", e.expect("entry").file_name().to_string_lossy()))
            .collect();
        names.sort();
        names.into_iter().map(|n| (read(&n), n)).map(|(t, n)| (n, t)).collect()
    };
    let ops = listed("operations");
    let pushes = listed("pushes");
    let raw = codegen::load::load_texts(
        std::array::from_fn(|i| fixed[i].as_str()),
        ops.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
        pushes.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
    )?;
    codegen::check::check(raw)
}
