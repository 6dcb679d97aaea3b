//! Arbitrary text in place of one spec file (the first byte picks which); the properties are in
//! `itnio_tests::fuzz_checks::spec_loader`.
#![no_main]

const TEXTS: [&str; 11] = [
    include_str!("../../spec/types.yaml"),
    include_str!("../../spec/call_information.yaml"),
    include_str!("../../spec/status_codes.yaml"),
    include_str!("../../spec/intents.yaml"),
    include_str!("../../spec/scenarios.yaml"),
    include_str!("../../spec/quirks.yaml"),
    include_str!("../../spec/operations/agent_send.yaml"),
    include_str!("../../spec/operations/recall_update.yaml"),
    include_str!("../../spec/operations/task_query.yaml"),
    include_str!("../../spec/pushes/status_report.yaml"),
    include_str!("../../spec/api.yaml"),
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| itnio_tests::fuzz_checks::spec_loader(&TEXTS, data));
