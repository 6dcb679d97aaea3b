//! Reads the spec directory into [`RawSpec`]. Syntax and shape errors name the file and the
//! path inside it (with line and column from the YAML parser).

use crate::error::{SpecError, SpecErrors};
use crate::raw::RawSpec;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The spec files every spec has, in the order [`load_texts`] takes them; operations come from
/// `operations/*.yaml` and pushes from `pushes/*.yaml`.
pub const FIXED_FILES: [&str; 7] = [
    "types.yaml",
    "call_information.yaml",
    "status_codes.yaml",
    "intents.yaml",
    "scenarios.yaml",
    "quirks.yaml",
    "api.yaml",
];

/// Reads every spec file below `dir`: the fixed files, `operations/*.yaml` and `pushes/*.yaml`.
pub fn load_dir(dir: &Path) -> Result<RawSpec, SpecErrors> {
    let mut errors = Vec::new();
    let mut read = |name: &str| -> Option<String> {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => Some(text),
            Err(e) => {
                errors.push(SpecError::new(name, "", format!("cannot read: {e}")));
                None
            }
        }
    };
    let fixed: Vec<String> = FIXED_FILES.iter().map(|f| read(f).unwrap_or_default()).collect();
    let mut listed = |sub: &str| -> Vec<(String, String)> {
        let mut names: Vec<String> = match std::fs::read_dir(dir.join(sub)) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml"))
                .collect(),
            Err(e) => {
                errors.push(SpecError::new(sub, "", format!("cannot list: {e}")));
                Vec::new()
            }
        };
        names.sort();
        names
            .into_iter()
            .filter_map(|n| {
                let rel = format!("{sub}/{n}");
                match std::fs::read_to_string(dir.join(&rel)) {
                    Ok(text) => Some((rel, text)),
                    Err(e) => {
                        errors.push(SpecError::new(&rel, "", format!("cannot read: {e}")));
                        None
                    }
                }
            })
            .collect()
    };
    let operations = listed("operations");
    let pushes = listed("pushes");
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    load_texts(std::array::from_fn(|i| fixed[i].as_str()), borrow(&operations), borrow(&pushes))
}

/// Parses spec texts given in memory: the seven fixed files in the order of [`FIXED_FILES`], then
/// the operation and push files with their names. Tests use it to feed deliberately broken
/// specs.
pub fn load_texts(
    fixed: [&str; 7],
    operations: Vec<(&str, &str)>,
    pushes: Vec<(&str, &str)>,
) -> Result<RawSpec, SpecErrors> {
    let digest = digest(
        FIXED_FILES
            .iter()
            .copied()
            .zip(fixed)
            .chain(operations.iter().copied())
            .chain(pushes.iter().copied()),
    );
    let mut errors = Vec::new();
    let types = parse(FIXED_FILES[0], fixed[0], &mut errors);
    let call_information = parse(FIXED_FILES[1], fixed[1], &mut errors);
    let status_codes = parse(FIXED_FILES[2], fixed[2], &mut errors);
    let intents = parse(FIXED_FILES[3], fixed[3], &mut errors);
    let scenarios = parse(FIXED_FILES[4], fixed[4], &mut errors);
    let quirks = parse(FIXED_FILES[5], fixed[5], &mut errors);
    let api = parse(FIXED_FILES[6], fixed[6], &mut errors);
    let ops: Vec<_> = operations
        .into_iter()
        .filter_map(|(name, text)| parse(name, text, &mut errors).map(|op| (name.to_owned(), op)))
        .collect();
    let pushes: Vec<_> = pushes
        .into_iter()
        .filter_map(|(name, text)| parse(name, text, &mut errors).map(|p| (name.to_owned(), p)))
        .collect();
    match (types, call_information, status_codes, intents, scenarios, quirks, api) {
        (Some(t), Some(c), Some(s), Some(i), Some(sc), Some(q), Some(a)) if errors.is_empty() => {
            Ok(RawSpec {
                digest,
                types: (FIXED_FILES[0].into(), t),
                operations: ops,
                pushes,
                call_information: (FIXED_FILES[1].into(), c),
                status_codes: (FIXED_FILES[2].into(), s),
                intents: (FIXED_FILES[3].into(), i),
                scenarios: (FIXED_FILES[4].into(), sc),
                quirks: (FIXED_FILES[5].into(), q),
                api: (FIXED_FILES[6].into(), a),
            })
        }
        _ => Err(SpecErrors(errors)),
    }
}

/// SHA-256 over each file's name and text, in the order given (the fixed files, then the
/// operations and pushes by name), with CRLF read as LF so that a checkout's line endings do
/// not change it: the spec's identity in the generated code and the exported documents.
fn digest<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    use sha2::{Digest, Sha256};
    let mut files: Vec<_> = files.collect();
    files[FIXED_FILES.len()..].sort();
    let mut hash = Sha256::new();
    for (name, text) in files {
        let text = text.replace("\r\n", "\n");
        for part in [name.as_bytes(), text.as_bytes()] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn borrow(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect()
}

fn parse<T: DeserializeOwned>(file: &str, text: &str, errors: &mut Vec<SpecError>) -> Option<T> {
    let de = serde_yaml::Deserializer::from_str(text);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => Some(v),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let message = e.into_inner().to_string();
            // serde_yaml starts its message with the same path; say it once.
            let message = message.strip_prefix(&format!("{path}: ")).map(str::to_owned).unwrap_or(message);
            errors.push(SpecError::new(file, path, message));
            None
        }
    }
}
