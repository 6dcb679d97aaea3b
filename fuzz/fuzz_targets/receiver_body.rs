//! Arbitrary bytes as the body of a status-report push; the properties are in
//! `itnio_tests::fuzz_checks::receiver_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| itnio_tests::fuzz_checks::receiver_body(data));
