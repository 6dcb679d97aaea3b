//! Project tasks. `cargo xtask regen` writes the generated code and the OpenAPI export from spec/;
//! `cargo xtask regen --check` writes nothing and fails when the generated files are stale.

use codegen::Mode;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask regen [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["regen"] => Mode::Write,
        ["regen", "--check"] => Mode::Check,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    match codegen::regen(&root.join("spec"), &outputs(&root), mode) {
        Ok(written) => {
            match mode {
                Mode::Check => println!("generated code is up to date"),
                Mode::Write if written.is_empty() => {
                    println!("generated code is up to date; nothing written")
                }
                Mode::Write => {
                    for p in written {
                        println!("wrote {}", p.strip_prefix(&root).unwrap_or(&p).display());
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_owned()
}

/// Where the generated code and the exported documents go.
fn outputs(root: &Path) -> codegen::Outputs {
    codegen::Outputs { rust: root.join("generated-client/src/generated"), openapi: root.join("openapi") }
}

#[cfg(test)]
mod tests {
    /// Plain `cargo test` fails when someone edits the spec or the generator without running
    /// `cargo xtask regen`.
    #[test]
    fn generated_code_is_up_to_date() {
        let root = super::workspace_root();
        if let Err(e) = codegen::regen(&root.join("spec"), &super::outputs(&root), codegen::Mode::Check) {
            panic!("{e}");
        }
    }
}
