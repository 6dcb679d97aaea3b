#![deny(missing_docs)]
//! The hand-written runtime of [`itnio-voice`](https://docs.rs/itnio-voice): signing,
//! transport, the retry policy by retry class, the request reader and validator helpers, and
//! the lenient reading of answers and pushes.
//!
//! It knows no endpoint, status code, scenario, intent, header, URL or envelope member of
//! ITNIO's API: those come from the spec through the generated crate, which implements this
//! crate's traits
//! ([`retry::ApiStatus`], [`client::ApiClient`], [`client::Operation`], [`client::FromData`],
//! [`validate::Docs`], [`validate::ScenarioRules`], [`object::WireObject`]) and passes the
//! API's facts in ([`client::ApiFacts`]). This crate depends on nothing generated, so the
//! compiler keeps that boundary.
//!
//! Use it through `itnio-voice`, which re-exports what users need; its items are public
//! because generated code calls them, not as an API of their own.

pub mod client;
pub mod codes;
pub mod constraint;
pub mod envelope;
pub mod error;
mod fixed;
pub mod lenient;
pub mod mode;
#[doc(hidden)]
pub mod newtype;
mod non_empty;
pub mod object;
mod open;
pub mod parse;
pub mod pointer;
pub mod push;
mod push_time;
pub mod received;
pub mod recovery;
mod repair;
pub mod repeats;
pub mod report;
pub mod retry;
mod sign;
pub mod stream;
#[cfg(test)]
mod test_status;
mod undocumented;
pub mod validate;

pub use client::{ApiClient, ApiFacts, ClientBuilder, RetryPolicy};
pub use constraint::ConstraintError;
pub use fixed::Fixed;
pub use non_empty::{EmptyList, NonEmpty};
pub use open::{Open, WireEnum};
pub use push_time::{CivilDateTime, PushInstant, PushTime};
/// Leaves every `None` field out when a struct is serialized; generated structs use it instead
/// of an attribute on each optional field.
#[doc(hidden)]
pub use serde_with_macros::skip_serializing_none;
pub use sign::{ApiSecret, Credentials, SigningExample, now_epoch_seconds, sign, sign_text};
pub use undocumented::UndocumentedIntent;
pub use validate::{Report, ValidationError, Violation};
