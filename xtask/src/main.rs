//! Project tasks. `cargo xtask regen` writes the generated code and the OpenAPI export from spec/
//! and says in one paragraph what changed in the API; `cargo xtask regen --check` writes nothing
//! and fails when the generated files are stale. `cargo xtask spec-diff` reports what changed in
//! the API since a base, what it breaks and the version bump it needs. `cargo xtask test` installs
//! the OS packages the tests run for real (`scripts/provision.sh`: PostgreSQL's server), then runs
//! `cargo test --workspace` with the arguments given.

mod spec_diff;

use codegen::Mode;
use spec_diff::Base;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask regen [--check]
       cargo xtask spec-diff [--base REV|DIR] [--format text|json]
       cargo xtask test [CARGO TEST ARGUMENTS]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["regen"] => regen(&root, Mode::Write),
        ["regen", "--check"] => regen(&root, Mode::Check),
        ["spec-diff", rest @ ..] => match parse_spec_diff(rest) {
            Some((base, json)) => spec_diff(&root, base, json),
            None => usage(),
        },
        ["test", rest @ ..] => test(&root, rest),
        _ => usage(),
    }
}

/// Provisions, then runs the whole test suite; its exit status is cargo's.
fn test(root: &Path, args: &[&str]) -> ExitCode {
    let provision = root.join("scripts/provision.sh");
    match std::process::Command::new("bash").arg(&provision).status() {
        Ok(status) if status.success() => {}
        Ok(status) => {
            eprintln!("error: {} failed ({status})", provision.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", provision.display());
            return ExitCode::from(2);
        }
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    match std::process::Command::new(cargo)
        .current_dir(root)
        .args(["test", "--workspace"])
        .args(args)
        .status()
    {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// `[--base REV|DIR] [--format text|json]`.
fn parse_spec_diff(args: &[&str]) -> Option<(Option<Base>, bool)> {
    let (mut base, mut json) = (None, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--base" => base = Some(Base::parse(args.next()?)),
            "--format" => {
                json = match *args.next()? {
                    "json" => true,
                    "text" => false,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    Some((base, json))
}

/// Exit status 0 when the crates' versions carry the bump the changes need, 1 when they do
/// not, 2 when the comparison cannot be made.
fn spec_diff(root: &Path, base: Option<Base>, json: bool) -> ExitCode {
    let base = match base.map_or_else(|| Base::default(root), Ok) {
        Ok(base) => base,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match spec_diff::run(root, &base) {
        Ok(outcome) => {
            match json {
                true => println!("{}", outcome.json()),
                false => print!("{}", outcome.text()),
            }
            if outcome.bumped_enough() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn regen(root: &Path, mode: Mode) -> ExitCode {
    match codegen::regen(&root.join("spec"), &outputs(root), mode) {
        Ok(written) => {
            match mode {
                Mode::Check => println!("generated code is up to date"),
                Mode::Write if written.is_empty() => {
                    println!("generated code is up to date; nothing written")
                }
                Mode::Write => {
                    for p in written {
                        println!("wrote {}", p.strip_prefix(root).unwrap_or(&p).display());
                    }
                }
            }
            if mode == Mode::Write {
                // What the regenerated code means for users, in one paragraph; a spec that
                // cannot be compared (no git, no earlier spec) is not an error of regen.
                match Base::default(root).and_then(|base| spec_diff::run(root, &base)) {
                    Ok(outcome) => println!("\n{}", outcome.report.summary(&outcome.base)),
                    Err(e) => println!("\n(no comparison with an earlier spec: {e})"),
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
