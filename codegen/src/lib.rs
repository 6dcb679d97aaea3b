//! The generator of the itnio-voice SDK.
//!
//! Data flows one way: the YAML files of `spec/` are [loaded](load) into their raw form
//! ([`raw`]), [checked](check) and resolved into the [`model`], [emitted](emit) as token
//! streams and formatted into files, and [exported](openapi) as an OpenAPI 3.1 document and
//! per-scenario JSON Schemas; [`regen`] writes them or, in check mode, compares. [`diff`]
//! compares two checked models: what changed in the API, what it breaks, and the version bump.

pub mod check;
pub mod diff;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod naming;
pub mod openapi;
mod output;
pub mod raw;
mod regen;

pub use error::{RegenError, SpecError, SpecErrors};
pub use output::GeneratedFile;
pub use regen::{Generated, Mode, Outputs, generate, load_spec, regen};
