//! Helpers of the CLI tests: the binary with no credentials in its environment, and input files.

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn itnio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_itnio"));
    c.env_remove("ITNIO_API_KEY").env_remove("ITNIO_API_SECRET").env_remove("ITNIO_BASE_URL");
    c
}

/// A file with `contents` in a fresh directory of this test.
pub fn file(test: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itnio-cli-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("request.json");
    std::fs::write(&path, contents).unwrap();
    path
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn run(c: &mut Command) -> Output {
    c.output().unwrap()
}
