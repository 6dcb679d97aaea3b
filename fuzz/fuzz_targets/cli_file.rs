//! Arbitrary bytes as the CLI's input file; the properties are in
//! `itnio_tests::fuzz_checks::cli_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| itnio_tests::fuzz_checks::cli_file(data));
