//! Reads the spec directory into [`RawSpec`]. Syntax and shape errors name the file and the
//! path inside it (with line and column from the YAML parser).

use crate::error::{SpecError, SpecErrors};
use crate::raw::RawSpec;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The spec files every spec has, in the order [`load_texts`] takes them; operations come from
/// `operations/*.yaml`.
pub const FIXED_FILES: [&str; 6] = [
    "types.yaml",
    "call_information.yaml",
    "status_codes.yaml",
    "intents.yaml",
    "scenarios.yaml",
    "quirks.yaml",
];

/// Reads every spec file below `dir`.
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
    let files = [
        "types.yaml",
        "call_information.yaml",
        "status_codes.yaml",
        "intents.yaml",
        "scenarios.yaml",
        "quirks.yaml",
    ];
    let texts: Vec<(String, Option<String>)> = files.iter().map(|f| (f.to_string(), read(f))).collect();

    let mut operations = Vec::new();
    let ops_dir = dir.join("operations");
    match std::fs::read_dir(&ops_dir) {
        Ok(entries) => {
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml"))
                .collect();
            names.sort();
            for n in names {
                let rel = format!("operations/{n}");
                if let Some(text) = read(&rel) {
                    operations.push((rel, text));
                }
            }
        }
        Err(e) => errors.push(SpecError::new("operations", "", format!("cannot list: {e}"))),
    }
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    let text = |i: usize| texts[i].1.as_deref().unwrap_or_default();
    load_texts(
        [text(0), text(1), text(2), text(3), text(4), text(5)],
        operations.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
    )
}

/// Parses spec texts given in memory: the six fixed files in the order of [`load_dir`], then the
/// operation files with their names. Tests use it to feed deliberately broken specs.
pub fn load_texts(fixed: [&str; 6], operations: Vec<(&str, &str)>) -> Result<RawSpec, SpecErrors> {
    let mut errors = Vec::new();
    let types = parse("types.yaml", fixed[0], &mut errors);
    let call_information = parse("call_information.yaml", fixed[1], &mut errors);
    let status_codes = parse("status_codes.yaml", fixed[2], &mut errors);
    let intents = parse("intents.yaml", fixed[3], &mut errors);
    let scenarios = parse("scenarios.yaml", fixed[4], &mut errors);
    let quirks = parse("quirks.yaml", fixed[5], &mut errors);
    let ops: Vec<_> = operations
        .into_iter()
        .filter_map(|(name, text)| parse(name, text, &mut errors).map(|op| (name.to_owned(), op)))
        .collect();
    match (types, call_information, status_codes, intents, scenarios, quirks) {
        (Some(t), Some(c), Some(s), Some(i), Some(sc), Some(q)) if errors.is_empty() => Ok(RawSpec {
            types: ("types.yaml".into(), t),
            operations: ops,
            call_information: ("call_information.yaml".into(), c),
            status_codes: ("status_codes.yaml".into(), s),
            intents: ("intents.yaml".into(), i),
            scenarios: ("scenarios.yaml".into(), sc),
            quirks: ("quirks.yaml".into(), q),
        }),
        _ => Err(SpecErrors(errors)),
    }
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
