//! Arbitrary bytes as a request body; the properties are in
//! `itnio_tests::fuzz_checks::request_validator`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| itnio_tests::fuzz_checks::request_validator(data));
