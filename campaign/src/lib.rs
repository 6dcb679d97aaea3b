//! Campaigns for ITNIO's AI Agent: a CSV of callees and a campaign file (YAML) turned into
//! validated tasks, split past the API's limit of callees a task, and sent exactly once.
//!
//! The SDK (`itnio-voice`) checks one request; this crate works on what users hold, a
//! spreadsheet export:
//!
//! - [`Campaign`]: the campaign file, the task's settings in the request's own member names and
//!   the CSV column of each callee member, checked with the request's rules and messages;
//! - [`Plan`]: every row read (RFC 4180, by the `csv` crate) and validated as a callee of the
//!   campaign's request, every problem at once by file, row and column header
//!   (`debtors.csv:1843 due_date: is required by the debt-collection scenario`), and the callees
//!   split into as few tasks as the limit allows, with names that fit the name's limit
//!   (`March reminders (1/2)`);
//! - [`send()`]: the parts sent in order, each exactly once across crashes and lost answers (a
//!   state file records each part before and after it is sent);
//! - [`Ledger`]: the contact ledger, a SQLite file of every task sent (recorded before it is
//!   sent) with its callee numbers, worst-case calls and send windows, and the calls the
//!   status reports list.
//!
//! - [`Policy`]: the contact policy, checked for every row against the ledger: calls per
//!   number in a rolling window, one task per local day, local hours in the callee's own zone,
//!   a do-not-call list.
//!
//! ```
//! use itnio_campaign::Plan;
//!
//! let campaign = "name: March reminders\nscenario: marketing\ntask: {appId: 2Xql9RBI, agentId: 43}\ncolumns: {calleeNumber: phone}\n";
//! let csv = "phone,name\n6281234567890,Ann\n62812345,Bob\n";
//! let plan = Plan::build("campaign.yaml", campaign, "debtors.csv", csv.as_bytes()).unwrap();
//! assert_eq!(plan.callees(), 2);
//! assert!(plan.is_sendable());
//! assert_eq!(plan.parts[0].name, "March reminders");
//! ```

mod file;
mod ledger;
mod numbers;
mod plan;
mod policy;
mod problem;
mod rows;
mod send;

pub use file::{Campaign, Columns, TEXT_MEMBERS};
pub use ledger::{CallEntry, History, LOCK_WAIT, Ledger, LedgerError, Probe, Recent, TaskEntry};
pub use plan::{
    Excluded, LedgerSeen, MAX_CALLEES, OnProgress, Options, Part, Plan, Progress, Stage, part_name,
    part_sizes,
};
pub use policy::{DoNotCall, LocalHours, MaxCalls, Policy, mask};
pub use problem::{Place, Problem, Severity};
pub use send::{PartState, SendError, Sent, State, default_state_path, fingerprint, send};
