//! The one entry point: spec directory → files, written or checked.

use crate::emit::{self, GeneratedFile};
use crate::error::{RegenError, SpecErrors};
use crate::model::Api;
use std::path::{Path, PathBuf};

/// Whether [`regen`] writes the files or only checks that they are up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write changed files and delete generated files the spec no longer gives.
    Write,
    /// Write nothing; fail naming every stale, missing or extra file.
    Check,
}

/// Loads and checks the spec in `spec_dir`.
pub fn load_spec(spec_dir: &Path) -> Result<Api, SpecErrors> {
    crate::check::check(crate::load::load_dir(spec_dir)?)
}

/// Everything the spec in `spec_dir` generates.
pub fn generate(spec_dir: &Path) -> Result<Vec<GeneratedFile>, RegenError> {
    let api = load_spec(spec_dir)?;
    emit::emit(&api)
}

/// Generates from `spec_dir` into `out_dir`. Returns the paths written (none in check mode).
pub fn regen(spec_dir: &Path, out_dir: &Path, mode: Mode) -> Result<Vec<PathBuf>, RegenError> {
    let files = generate(spec_dir)?;
    let mut changed = Vec::new();
    for file in &files {
        let path = out_dir.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(file.contents.as_str()) {
            changed.push(path);
        }
    }
    // Generated files the spec no longer gives.
    let mut extra = Vec::new();
    if let Ok(entries) = std::fs::read_dir(out_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !files.iter().any(|f| f.path == name) {
                extra.push(e.path());
            }
        }
    }
    extra.sort();
    match mode {
        Mode::Check => {
            changed.extend(extra);
            if changed.is_empty() { Ok(Vec::new()) } else { Err(RegenError::Stale(changed)) }
        }
        Mode::Write => {
            std::fs::create_dir_all(out_dir)
                .map_err(|source| RegenError::Io { path: out_dir.to_owned(), source })?;
            for path in &changed {
                let file =
                    files.iter().find(|f| out_dir.join(&f.path) == *path).expect("changed comes from files");
                std::fs::write(path, &file.contents)
                    .map_err(|source| RegenError::Io { path: path.clone(), source })?;
            }
            for path in &extra {
                std::fs::remove_file(path).map_err(|source| RegenError::Io { path: path.clone(), source })?;
            }
            changed.extend(extra);
            Ok(changed)
        }
    }
}
