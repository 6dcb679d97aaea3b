//! Campaigns: the CSV read into a plan, the contact policy, the ledger and sending over real
//! HTTP to the mock, built as one test binary.

mod ledger;
mod plan;
mod policy;
mod send;
