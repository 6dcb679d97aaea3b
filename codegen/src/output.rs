//! What every emitter produces, whatever its language: a file's path and text. `regen` writes
//! them or compares them with what is on disk.

/// One generated file: its path below its output directory (`generated-client/src/generated/`
/// or `openapi/`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The file's text, preamble or generated marker included.
    pub contents: String,
}
