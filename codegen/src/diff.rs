//! The generator's fifth output: what changed between two checked models of the spec (the docs
//! as transcribed before and after ITNIO changed them), each change classified by what it does
//! to users (their Rust code, the requests validation lets through), and the version bump the
//! published crates need. `cargo xtask spec-diff` prints it; `cargo xtask regen` summarises it.
//!
//! Items are matched by their spec names (types, operations, fields by wire name, status codes,
//! intent codes, quirk ids), never by position, so reordering the YAML changes nothing.

mod operations;
mod tables;
mod types;

use crate::model::Api;
use crate::openapi::Json;
use std::fmt;

/// What a change does to users, from the most harmless to the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Documentation text only.
    DocsOnly,
    /// Something new that existing code and requests are unaffected by (or a behaviour of the
    /// client that changes without touching either).
    Additive,
    /// Some request refused before is now accepted.
    Looser,
    /// Some request accepted before is now refused.
    Stricter,
    /// Rust code that compiled may no longer compile.
    Breaking,
}

impl Class {
    /// The class's id in JSON output.
    pub fn id(self) -> &'static str {
        match self {
            Class::DocsOnly => "docs_only",
            Class::Additive => "additive",
            Class::Looser => "looser_validation",
            Class::Stricter => "stricter_validation",
            Class::Breaking => "breaking",
        }
    }

    /// The class in words, as the report prints it.
    pub fn label(self) -> &'static str {
        match self {
            Class::DocsOnly => "docs only",
            Class::Additive => "additive",
            Class::Looser => "looser validation",
            Class::Stricter => "stricter validation",
            Class::Breaking => "breaking for Rust code",
        }
    }

    /// The SemVer level a change of this class needs: breaking Rust code a major one; any
    /// change of behaviour, validation included, a minor one; documentation a patch.
    pub fn bump(self) -> Bump {
        match self {
            Class::Breaking => Bump::Major,
            Class::Stricter | Class::Looser | Class::Additive => Bump::Minor,
            Class::DocsOnly => Bump::Patch,
        }
    }
}

/// A SemVer level, in the terms of a 1.x version (see [`Version::next`] for 0.x).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No change.
    None,
    /// x.y.Z
    Patch,
    /// x.Y.0
    Minor,
    /// X.0.0
    Major,
}

impl Bump {
    /// The level's name.
    pub fn id(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// A crate version, `major.minor.patch` (pre-release and build parts are not used here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    /// Reads `1.2.3`.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
        let version = Version { major: parts.next()??, minor: parts.next()??, patch: parts.next()?? };
        parts.next().is_none().then_some(version)
    }

    /// The first version after this one that carries `bump`. Cargo reads 0.y.z as y the
    /// breaking level and z everything else, so a 0.x crate takes 0.(y+1).0 for a major change
    /// and 0.y.(z+1) for any other.
    pub fn next(self, bump: Bump) -> Version {
        let Version { major, minor, patch } = self;
        match (major, bump) {
            (_, Bump::None) => self,
            (0, Bump::Major) => Version { major: 0, minor: minor + 1, patch: 0 },
            (0, _) => Version { major: 0, minor, patch: patch + 1 },
            (_, Bump::Major) => Version { major: major + 1, minor: 0, patch: 0 },
            (_, Bump::Minor) => Version { major, minor: minor + 1, patch: 0 },
            (_, Bump::Patch) => Version { major, minor, patch: patch + 1 },
        }
    }

    /// Whether going from `self` to `to` carries at least `bump` (in cargo's reading of 0.x).
    pub fn carries(self, to: Version, bump: Bump) -> bool {
        bump == Bump::None || to >= self.next(bump)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A value that tells the two models apart: valid under one, refused under the other (the
/// report names it, and the tests validate it under both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Witness {
    /// An integer value of the field.
    Integer(i64),
    /// A text value of the field.
    Text(String),
    /// A list of this many items.
    Items(u32),
}

impl fmt::Display for Witness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Witness::Integer(n) => write!(f, "{n}"),
            Witness::Text(s) => write!(f, "{s:?}"),
            Witness::Items(n) => write!(f, "a list of {n}"),
        }
    }
}

/// One change between the two models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it belongs to: `operation agent_send`, `type RecallCount`, `status codes`, ...
    pub area: String,
    /// The item within it: a field (`RecallFlow.recallNum`), a code, an intent, a quirk id.
    pub item: String,
    /// What changed, in words (`1 to 10 → 1 to 15`).
    pub what: String,
    pub class: Class,
    /// Why the change has its class, in words.
    pub why: String,
    /// The validation rule whose verdicts change, for stricter and looser changes.
    pub rule: Option<String>,
    /// For stricter changes a value accepted before and refused now; for looser ones the other
    /// way round.
    pub witness: Option<Witness>,
}

impl Change {
    fn new(
        area: impl Into<String>,
        item: impl Into<String>,
        what: impl Into<String>,
        class: Class,
    ) -> Change {
        Change {
            area: area.into(),
            item: item.into(),
            what: what.into(),
            class,
            why: String::new(),
            rule: None,
            witness: None,
        }
    }

    fn why(mut self, why: impl Into<String>) -> Change {
        self.why = why.into();
        self
    }

    fn rule(mut self, rule: impl Into<String>, witness: Option<Witness>) -> Change {
        self.rule = Some(rule.into());
        self.witness = witness;
        self
    }
}

/// Every change between two models, in a stable order (by area, then item).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// The crates a change of the spec reaches: the generated SDK, and the published crates whose
/// API shows its types. The runtime holds no fact of the spec.
pub const AFFECTED_CRATES: [&str; 5] =
    ["itnio-voice", "itnio-mock", "itnio-receiver", "itnio-campaign", "itnio-cli"];

/// Compares two checked models.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    types::compare(old, new, &mut changes);
    operations::compare(old, new, &mut changes);
    tables::compare(old, new, &mut changes);
    changes.sort_by(|a, b| (&a.area, &a.item, &a.what).cmp(&(&b.area, &b.item, &b.what)));
    Report { changes }
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The most severe class among the changes.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).max()
    }

    /// The bump the changes need.
    pub fn needed(&self) -> Bump {
        self.worst().map_or(Bump::None, Class::bump)
    }

    /// How many changes of each class, most severe first, e.g. `1 breaking for Rust code, 2
    /// additive`.
    pub fn counts(&self) -> String {
        let classes = [Class::Breaking, Class::Stricter, Class::Looser, Class::Additive, Class::DocsOnly];
        let parts: Vec<String> = classes
            .iter()
            .filter_map(|&class| {
                let n = self.changes.iter().filter(|c| c.class == class).count();
                (n > 0).then(|| format!("{n} {}", class.label()))
            })
            .collect();
        parts.join(", ")
    }

    /// The report for people: the changes grouped by area, each with its class and reason.
    pub fn text(&self) -> String {
        if self.is_empty() {
            return "No change to the API.\n".to_owned();
        }
        let mut out = String::new();
        let mut area = None;
        for c in &self.changes {
            if area != Some(&c.area) {
                if area.is_some() {
                    out.push('\n');
                }
                out.push_str(&format!("{}\n", c.area));
                area = Some(&c.area);
            }
            out.push_str(&format!("  {}: {}\n    {}: {}\n", c.item, c.what, c.class.label(), c.why));
            if let Some(rule) = &c.rule {
                let witness = c.witness.as_ref().map(|w| format!(" (e.g. {w})")).unwrap_or_default();
                out.push_str(&format!("    rule {rule}{witness}\n"));
            }
        }
        out.push_str(&format!("\n{} change(s): {}.\n", self.changes.len(), self.counts()));
        out
    }

    /// The report as JSON, for CI.
    pub fn json(&self) -> Json {
        let changes: Vec<Json> = self
            .changes
            .iter()
            .map(|c| {
                Json::object()
                    .with("area", &c.area)
                    .with("item", &c.item)
                    .with("what", &c.what)
                    .with("class", c.class.id())
                    .with("why", &c.why)
                    .with_some("rule", c.rule.as_ref())
                    .with_some("witness", c.witness.as_ref().map(|w| w.to_string()))
            })
            .collect();
        Json::object().with("needed_bump", self.needed().id()).with("changes", Json::Array(changes))
    }

    /// A changelog fragment in the style of Keep a Changelog: `### Changed`, `### Added`, ...
    /// sections, breaking changes marked.
    pub fn changelog(&self) -> String {
        let sections: [(&str, &[Class]); 4] = [
            ("Changed (breaking)", &[Class::Breaking]),
            ("Changed", &[Class::Stricter, Class::Looser]),
            ("Added", &[Class::Additive]),
            ("Documentation", &[Class::DocsOnly]),
        ];
        let mut out = String::new();
        for (title, classes) in sections {
            let items: Vec<&Change> = self.changes.iter().filter(|c| classes.contains(&c.class)).collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("### {title}\n\n"));
            for c in items {
                // `type RecallCount` rather than `type RecallCount `RecallCount``.
                let place = match c.area.ends_with(&format!(" {}", c.item)) {
                    true => c.area.clone(),
                    false => format!("{} `{}`", c.area, c.item),
                };
                let example = c.witness.as_ref().map(|w| format!(" (e.g. {w})")).unwrap_or_default();
                out.push_str(&format!(
                    "- {place}: {}. {}\n",
                    c.what,
                    sentence(&format!("{}{example}", c.why))
                ));
            }
            out.push('\n');
        }
        out
    }

    /// One paragraph: how many changes of which class, and the bump they need.
    pub fn summary(&self, base: &str) -> String {
        if self.is_empty() {
            return format!("The API is unchanged since {base}.");
        }
        format!(
            "The API changed since {base}: {} change(s), {}. The crates ({}) need a {} bump. `cargo xtask spec-diff` gives the report.",
            self.changes.len(),
            self.counts(),
            AFFECTED_CRATES.join(", "),
            self.needed().id()
        )
    }
}

/// `text` with a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
