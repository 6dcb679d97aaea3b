#![deny(missing_docs)]
//! Typed Rust SDK for ITNIO's AI Agent voice-campaign API.
//!
//! Requests are generated from the YAML spec in `spec/` (see `ARCHITECTURE.md`). Two forms of
//! every request exist:
//!
//! - the typed form, e.g. [`AgentSendRequest<DebtCollection>`](AgentSendRequest): constrained
//!   newtypes ([`TaskName`], [`CalleeNumber`], ...) and builders make most invalid requests
//!   fail to compile, including a recall intent of another scenario or a callee without a key
//!   its scenario requires;
//! - the untyped [`wire`] form, for data only known at run time, whose `validate` reports every
//!   violation with its JSON Pointer.
//!
//! ```
//! use itnio_voice::*;
//!
//! let callee = DebtCollectionCallee::builder()
//!     .callee_number(callee_number!("463200000007"))
//!     .call_information(
//!         DebtCollectionCallInformation::builder()
//!             .name("Name")
//!             .borrow_total_money("5000")
//!             .due_date("2026-02-02")
//!             .build(),
//!     )
//!     .build();
//! let request = AgentSendRequest::<DebtCollection>::builder()
//!     .app_id(app_id!("2Xql9RBI"))
//!     .task_name(task_name!("I want to test Agent API-16"))
//!     .agent_id(agent_id!(41))
//!     .number_info_list(vec![callee])
//!     .build();
//! assert!(request.validate().is_valid());
//! ```

pub mod client;
pub mod constraint;
pub mod envelope;
mod error;
#[rustfmt::skip]
mod generated;
pub mod lenient;
#[cfg(feature = "mock")]
pub mod mock;
mod sign;
pub mod validate;

pub use client::{Client, ClientBuilder, RetryPolicy};
pub use constraint::ConstraintError;
pub use error::{ApiError, Error};
pub use generated::*;
pub use sign::{ApiSecret, Credentials, sign};
pub use validate::{Report, ValidationError, Violation};
