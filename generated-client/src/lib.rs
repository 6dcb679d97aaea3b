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
//!     .number_info_list([callee])
//!     .build();
//! assert!(request.validate().is_valid());
//! ```
//!
//! # Errors and warnings
//!
//! An error is a rule the docs state, or a deliberate reading of an ambiguity recorded in
//! `spec/quirks.yaml` with the doc line it rests on; a guess is at most a warning. An invalid
//! request is never sent; a warning never stops one. Reading a request is total: a value of the
//! wrong JSON type, an Integer beyond 32 bits, a member given twice, a number beyond any numeric
//! type or a string with half a surrogate pair is one error at its own pointer
//! ([`object::Unusable`]), and the reading goes on; only text that is not JSON fails
//! ([`validate::ParseError`]). Every [`Violation`] has a stable rule id (the README lists the
//! scheme). What stays an error and can be written in code does not compile: lists the docs
//! require are [`NonEmpty`], a recall by intent carries its intents ([`RecallMode`]), and an
//! intent code no table lists is sent only on purpose ([`UndocumentedIntent`], a warning).
//!
//! What the server sends is kept, never refused: a value a field of an answer or a push cannot
//! hold stays in the record's `extra` as it was received, with the reason in its `unread`
//! ([`received::Unread`]), and is logged as a warning.
//!
//! # Sending
//!
//! [`Client`] signs every attempt (`Sign` = MD5 of key + secret + `Timestamp`), validates
//! before any network I/O (an invalid request never leaves the process), decodes the API's
//! inconsistent envelopes, and returns typed outcomes ([`Error`]). The secret ([`ApiSecret`])
//! never appears in `Debug`, errors or logs; each call is a `tracing` span `itnio.call` with the
//! operation, task name, attempt and outcome code.
//!
//! # Retry policy: never a second campaign
//!
//! This is the one description of the policy; README and ARCHITECTURE link here. The task name
//! is unique per account, so it is the idempotency key of task creation. Each status code has a
//! retry class in `spec/status_codes.yaml` ([`StatusCode::retry_class`]), and the client
//! matches on the class, never on a code:
//!
//! - `resign` (-16, timestamp expired): re-signed with a fresh timestamp and sent again at
//!   once. A connection that failed before the request was sent is retried too.
//! - An attempt whose outcome is unknown (timeout, the connection dropped after the body was
//!   sent, or an answer of class `backoff`: -18, the server's program failed, quirk
//!   `system_exception_retry`) is retried after a backoff only when repeating it is harmless:
//!   for reads and updates to given values, and for task creation with the same body, so the
//!   same task name. If such a retry is answered with the operation's duplicate-name code (-41
//!   "task name already exists"), the lost attempt probably created the task: the client looks
//!   it up (the spec's `recovery`: the task list searched by name over a window from 10 minutes
//!   before the first attempt to 10 minutes after the lookup, in the server's zone) and returns
//!   its ID when exactly one task has that name. Only when the lookup cannot decide (no match,
//!   several, or the lookup failed) does the call end with [`Error::MayAlreadyExist`], which
//!   carries what the lookup saw ([`error::Lookup`]). A cancel is never repeated.
//! - `opt_in` (-37, concurrent task limit) is retried with exponential backoff only when
//!   [`RetryPolicy::retry_concurrency_limit`] is set.
//! - `never`: every other answer ends the call, as do unexpected responses and invalid
//!   requests (which are never sent).
//!
//! # After creation
//!
//! The rest of the task lifecycle is generated from the spec the same way:
//! [`Client::task_query`] (and `task_query_all_pages`), [`Client::task_cancel`],
//! [`Client::recall_query_page`], [`Client::recall_query_detail`], [`Client::recall_update`],
//! [`Client::recall_cancel`] and [`Client::get_balance`]. Answers are read leniently: enums in
//! answers are [`Open`] (an undocumented value is kept), members the spec does not list are
//! kept in `extra`, and amounts are exact [`Amount`] text. Reads are retried when their outcome
//! is unknown; cancels are not. [`parse_status_reports`] turns the body of ITNIO's status-report
//! push into [`StatusReport`]s for your web handler.
//!
//! # Structure
//!
//! The hand-written runtime is the crate `itnio-runtime` ([`client`], [`validate`],
//! [`envelope`], [`error`], [`retry`], ... are re-exported here). It depends on nothing
//! generated, so it names no endpoint, status code, scenario, header or URL: generated code
//! implements its traits
//! ([`retry::ApiStatus`], [`validate::Docs`], [`validate::ScenarioRules`],
//! [`client::FromData`]), and [`Error`] and [`ApiError`] are the runtime's generic types with
//! this API's [`StatusCode`].
//!
//! # Testing without credentials
//!
//! The `itnio-mock` crate (a dev-dependency; this crate carries no server) has
//! `itnio_mock::MockServer`, an in-process ITNIO stand-in on 127.0.0.1 driven by the same spec
//! and validators, with fault injection. It implements [`service::Service`], the server side
//! generated from the spec.

// The runtime's modules and items are re-exported by `generated/mod.rs`, from the generator's
// list (`codegen::naming`), so the crate root holds nothing the spec did not name or the list
// does not give.
#[rustfmt::skip]
mod generated;

pub use generated::*;
