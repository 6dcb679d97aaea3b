//! The one entry point: spec directory → files, written or checked.

use crate::GeneratedFile;
use crate::emit;
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

/// Where the outputs go.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The Rust code (`generated-client/src/generated/`).
    pub rust: PathBuf,
    /// The OpenAPI document and JSON Schemas (`openapi/`).
    pub openapi: PathBuf,
}

/// Everything the spec generates: the Rust files and the exported documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Paths relative to [`Outputs::rust`].
    pub rust: Vec<GeneratedFile>,
    /// Paths relative to [`Outputs::openapi`].
    pub openapi: Vec<GeneratedFile>,
}

/// Loads and checks the spec in `spec_dir`.
pub fn load_spec(spec_dir: &Path) -> Result<Api, SpecErrors> {
    crate::check::check(crate::load::load_dir(spec_dir)?)
}

/// Everything the spec in `spec_dir` generates.
pub fn generate(spec_dir: &Path) -> Result<Generated, RegenError> {
    let api = load_spec(spec_dir)?;
    Ok(Generated { rust: emit::emit(&api)?, openapi: crate::openapi::emit(&api) })
}

/// Generates from `spec_dir` into `out`. Returns the paths written (none in check mode).
pub fn regen(spec_dir: &Path, out: &Outputs, mode: Mode) -> Result<Vec<PathBuf>, RegenError> {
    let generated = generate(spec_dir)?;
    let mut changed = Vec::new();
    for (dir, files, ext) in
        [(&out.rust, &generated.rust, ".rs"), (&out.openapi, &generated.openapi, ".json")]
    {
        changed.extend(sync(dir, files, ext, mode)?);
    }
    match mode {
        Mode::Check if !changed.is_empty() => Err(RegenError::Stale(changed)),
        _ => Ok(changed),
    }
}

/// Compares (or writes) the files of one output directory; files there with extension `ext`
/// that the spec no longer gives are stale (or deleted).
fn sync(dir: &Path, files: &[GeneratedFile], ext: &str, mode: Mode) -> Result<Vec<PathBuf>, RegenError> {
    let mut changed = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(file.contents.as_str()) {
            changed.push(path);
        }
    }
    let mut extra = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(ext) && !files.iter().any(|f| f.path == name) {
                extra.push(e.path());
            }
        }
    }
    extra.sort();
    if mode == Mode::Write {
        std::fs::create_dir_all(dir).map_err(|source| RegenError::Io { path: dir.to_owned(), source })?;
        for path in &changed {
            let file = files.iter().find(|f| dir.join(&f.path) == *path).expect("changed comes from files");
            std::fs::write(path, &file.contents)
                .map_err(|source| RegenError::Io { path: path.clone(), source })?;
        }
        for path in &extra {
            std::fs::remove_file(path).map_err(|source| RegenError::Io { path: path.clone(), source })?;
        }
    }
    changed.extend(extra);
    Ok(changed)
}
