//! `cargo xtask spec-diff`: the checked model of `spec/` at a base (a git revision or a
//! directory) against the working tree's, the version bump the changes need, and whether the
//! working tree's crate versions carry it.

use codegen::diff::{AFFECTED_CRATES, Bump, Report, Version};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the base spec comes from.
pub enum Base {
    /// A git revision of this repository.
    Rev(String),
    /// A directory holding the spec's YAML files.
    Dir(PathBuf),
}

impl Base {
    /// `--base VALUE`: an existing directory, else a git revision.
    pub fn parse(value: &str) -> Base {
        match Path::new(value).is_dir() {
            true => Base::Dir(PathBuf::from(value)),
            false => Base::Rev(value.to_owned()),
        }
    }

    /// The default base: `HEAD` when `spec/` has uncommitted changes (the edit in progress),
    /// else the parent of the last commit that changed `spec/` (the change last committed).
    pub fn default(root: &Path) -> Result<Base, String> {
        let dirty = git(root, &["status", "--porcelain", "--", "spec"])?;
        if !dirty.trim().is_empty() {
            return Ok(Base::Rev("HEAD".to_owned()));
        }
        let last = git(root, &["log", "-1", "--format=%H", "--", "spec"])?;
        // The short hash, as people quote it; twelve digits do not collide in practice.
        let last = last.trim();
        if last.is_empty() {
            return Err("no commit has changed spec/; name a base with --base".to_owned());
        }
        Ok(Base::Rev(format!("{}^", &last[..last.len().min(12)])))
    }

    /// The base in words, for the report.
    pub fn describe(&self) -> String {
        match self {
            Base::Rev(rev) => format!("git revision {rev}"),
            Base::Dir(dir) => format!("{}", dir.display()),
        }
    }
}

/// Runs git in `root`, giving its standard output.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The report and the versions: everything `spec-diff` prints.
pub struct Outcome {
    pub base: String,
    pub report: Report,
    /// Per affected crate: its version at the base (if known) and now.
    pub versions: Vec<(&'static str, Option<Version>, Version)>,
}

impl Outcome {
    /// Whether every affected crate's version carries the bump the changes need. Against a
    /// directory the base versions are unknown, so only an empty report passes.
    pub fn bumped_enough(&self) -> bool {
        let needed = self.report.needed();
        self.versions.iter().all(|(_, base, now)| match base {
            Some(base) => base.carries(*now, needed),
            None => needed == Bump::None,
        })
    }

    /// The report for people, with the versions and a changelog fragment.
    pub fn text(&self) -> String {
        let mut out = format!("Spec changes since {}\n\n{}", self.base, self.report.text());
        if self.report.is_empty() {
            return out;
        }
        let needed = self.report.needed();
        out.push_str(&format!("\nNeeded: a {} bump of {}.\n", needed.id(), AFFECTED_CRATES.join(", ")));
        for (name, base, now) in &self.versions {
            let line = match base {
                Some(base) if base.carries(*now, needed) => format!("  {name} {base} → {now}: enough"),
                Some(base) => format!("  {name} {base} → {now}: not enough, at least {}", base.next(needed)),
                None => format!(
                    "  {name} {now}: the base's version is unknown (a directory); at least {}",
                    now.next(needed)
                ),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("\nChangelog fragment:\n\n");
        out.push_str(&self.report.changelog());
        out
    }

    /// The report as JSON.
    pub fn json(&self) -> String {
        let versions: Vec<codegen::openapi::Json> = self
            .versions
            .iter()
            .map(|(name, base, now)| {
                codegen::openapi::Json::object()
                    .with("crate", *name)
                    .with_some("base", base.map(|v| v.to_string()))
                    .with("now", now.to_string())
                    .with("enough", base.is_some_and(|b| b.carries(*now, self.report.needed())))
            })
            .collect();
        self.report
            .json()
            .with("base", &self.base)
            .with("versions", codegen::openapi::Json::Array(versions))
            .with("bumped_enough", self.bumped_enough())
            .with("changelog", self.report.changelog())
            .to_pretty()
    }
}

/// The crates' directories, for their versions.
fn crate_dir(name: &str) -> &'static str {
    match name {
        "itnio-voice" => "generated-client",
        "itnio-mock" => "mock",
        "itnio-receiver" => "receiver",
        "itnio-campaign" => "campaign",
        _ => "cli",
    }
}

/// The `version` of a Cargo.toml's `[package]`.
fn package_version(manifest: &str) -> Option<Version> {
    let package = manifest.split("\n[").next()?;
    let line = package.lines().find(|l| l.trim_start().starts_with("version"))?;
    Version::parse(line.split_once('=')?.1.trim().trim_matches('"'))
}

/// Compares the spec at `base` with the working tree's.
pub fn run(root: &Path, base: &Base) -> Result<Outcome, String> {
    let now = codegen::load_spec(&root.join("spec")).map_err(|e| format!("the working tree's spec: {e}"))?;
    let (old, base_versions) = match base {
        Base::Dir(dir) => {
            let old = codegen::load_spec(dir).map_err(|e| format!("the base spec: {e}"))?;
            (old, vec![None; AFFECTED_CRATES.len()])
        }
        Base::Rev(rev) => {
            let temp = extract(root, rev)?;
            let old =
                codegen::load_spec(&temp.0.join("spec")).map_err(|e| format!("the spec at {rev}: {e}"))?;
            let versions = AFFECTED_CRATES
                .iter()
                .map(|name| {
                    git(root, &["show", &format!("{rev}:{}/Cargo.toml", crate_dir(name))])
                        .ok()
                        .and_then(|text| package_version(&text))
                })
                .collect();
            (old, versions)
        }
    };
    let mut versions = Vec::new();
    for (name, base) in AFFECTED_CRATES.iter().zip(base_versions) {
        let manifest = root.join(crate_dir(name)).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
        let now =
            package_version(&text).ok_or_else(|| format!("{}: no package version", manifest.display()))?;
        versions.push((*name, base, now));
    }
    Ok(Outcome { base: base.describe(), report: codegen::diff::diff(&old, &now), versions })
}

/// `spec/` at `rev`, written into a temporary directory.
fn extract(root: &Path, rev: &str) -> Result<TempDir, String> {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let dir = TempDir(std::env::temp_dir().join(format!("itnio-spec-diff-{}-{nanos}", std::process::id())));
    let files = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "spec"])?;
    for path in files.lines().filter(|p| p.ends_with(".yaml")) {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["show", &format!("{rev}:{path}")])
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!("git show {rev}:{path}: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        let target = dir.0.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, out.stdout).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    if files.trim().is_empty() {
        return Err(format!("{rev} has no spec/"));
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_against_its_own_directory_needs_no_bump() {
        let root = crate::workspace_root();
        let outcome = run(&root, &Base::Dir(root.join("spec"))).expect("compares");
        assert!(outcome.report.is_empty(), "{}", outcome.text());
        assert!(outcome.bumped_enough());
        assert!(outcome.json().contains("\"bumped_enough\": true"), "{}", outcome.json());
        assert_eq!(outcome.versions.len(), AFFECTED_CRATES.len());
    }

    #[test]
    fn the_spec_against_head_reads_the_base_versions_from_git() {
        let root = crate::workspace_root();
        // A clean clone has HEAD; a tree without git (a packaged source) has nothing to compare.
        if git(&root, &["rev-parse", "HEAD"]).is_err() {
            return;
        }
        let outcome = run(&root, &Base::Rev("HEAD".to_owned())).expect("compares");
        assert!(outcome.versions.iter().all(|(_, base, _)| base.is_some()), "{:?}", outcome.versions);
    }

    #[test]
    fn a_package_version_is_read_from_its_own_section() {
        let manifest =
            "[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[dependencies]\nversion = \"9.9.9\"\n";
        assert_eq!(package_version(manifest), Version::parse("0.3.1"));
        assert_eq!(package_version("[package]\nname = \"x\"\n"), None);
    }
}
