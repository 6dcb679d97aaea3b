//! Errors of the generator. A spec mistake names the YAML file, the path inside it and the
//! problem, so it can be fixed without reading the generator.

use std::fmt;
use std::path::PathBuf;

/// A mistake in the spec: which file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file, relative to the spec directory (e.g. `types.yaml`).
    pub file: String,
    /// Where in the file, as a dotted path with indices (e.g. `constrained[3].chars.max`).
    /// Empty when the problem is the file as a whole.
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

impl SpecError {
    pub(crate) fn new(file: &str, path: impl Into<String>, problem: impl Into<String>) -> Self {
        SpecError { file: file.to_owned(), path: path.into(), problem: problem.into() }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "spec/{}: {}", self.file, self.problem)
        } else {
            write!(f, "spec/{}: at `{}`: {}", self.file, self.path, self.problem)
        }
    }
}

impl std::error::Error for SpecError {}

/// Everything wrong with a spec. Checking goes on after the first mistake, so one run lists
/// them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// Why `regen` failed.
#[derive(Debug)]
pub enum RegenError {
    /// The spec has mistakes.
    Spec(SpecErrors),
    /// Emitted code did not parse as Rust (a generator bug).
    Emit { file: String, problem: String },
    /// A file could not be read or written.
    Io { path: PathBuf, source: std::io::Error },
    /// Check mode: these generated files differ from what the spec gives.
    Stale(Vec<PathBuf>),
}

impl fmt::Display for RegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegenError::Spec(errors) => write!(f, "the spec has mistakes:\n{errors}"),
            RegenError::Emit { file, problem } => {
                write!(f, "generator bug: emitted {file} is not valid Rust: {problem}")
            }
            RegenError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            RegenError::Stale(paths) => {
                writeln!(f, "generated files are stale; run `cargo xtask regen`:")?;
                for p in paths {
                    writeln!(f, "  {}", p.display())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RegenError {}

impl From<SpecErrors> for RegenError {
    fn from(e: SpecErrors) -> Self {
        RegenError::Spec(e)
    }
}
