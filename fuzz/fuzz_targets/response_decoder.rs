//! Arbitrary bytes as an HTTP response body; the properties are in
//! `itnio_tests::fuzz_checks::response_decoder`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| itnio_tests::fuzz_checks::response_decoder(data));
