//! Run-time validation: JSON Pointer paths, violations, reports, and the helpers the generated
//! validators call.
//!
//! Its parts live in modules of one job each, which depend on nothing here: [`crate::pointer`],
//! [`crate::report`] and [`crate::parse`] (re-exported here, where users name them), and
//! [`crate::repeats`], which reports through the [`Validator`]. This file names no scenario, intent or key: what it needs of the docs'
//! tables comes through [`Docs`] and [`ScenarioRules`], which generated code implements.

pub use crate::parse::{MAX_DEPTH, ParseError, ParseErrorKind, from_json_slice, skip_bom};
pub use crate::pointer::{Path, pointer_of, readable_pointer};
pub use crate::report::{Report, Severity, Unusable, ValidationError, Violation, count};

use crate::report::sort_by_pointer;

/// The rule a recall intent breaks when a table lists it for another scenario: what a server
/// answers with its scenario-mismatch code (-68 for ITNIO), not its invalid-request one.
pub const RECALL_INTENT_OF_ANOTHER_SCENARIO: &str = "recall_intent.scenario";
use std::collections::BTreeMap;
use std::fmt;

/// Something generated validators can check.
pub trait Validate {
    /// Records in `v` every violation of this value, which sits at `path`. By default there is
    /// nothing to check: the value's types hold every rule.
    fn validate_at(&self, path: &Path<'_>, v: &mut Validator) {
        let _ = (path, v);
    }
}

/// The `validate` method of a typed request `$name`, checking it with the validator
/// `$validator` gives. `$name over $bound` is a request generic over one parameter, named `S`,
/// of the trait `$bound` (the agent's scenario).
#[macro_export]
#[doc(hidden)]
macro_rules! typed_request {
    ($name:ident over $bound:ident, $validator:expr) => {
        $crate::typed_request!(@impl [S: $bound] $name<S>, $validator);
    };
    ($name:ident, $validator:expr) => {
        $crate::typed_request!(@impl [] $name, $validator);
    };
    (@impl [$($generics:tt)*] $ty:ty, $validator:expr) => {
        impl<$($generics)*> $ty {
            /// Checks what the types cannot: list sizes, rules over several fields, and what the
            /// server would silently change (warnings).
            pub fn validate(&self) -> $crate::validate::Report {
                $validator.report_on(self)
            }
        }
    };
}

/// A documented intent, as the validator reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedIntent {
    /// The intent's name in the docs' tables.
    pub name: &'static str,
    /// The command-line name of the scenario whose table lists it; `None` for the general codes.
    pub owner: Option<&'static str>,
}

/// The docs' tables that hold for every scenario: which intent codes and callInformation keys
/// exist.
pub trait Docs: Sync + 'static {
    /// The intent with this code, if a table lists it.
    fn intent(&self, code: &str) -> Option<DocumentedIntent>;
    /// Whether the key table lists this callInformation key.
    fn is_call_information_key(&self, key: &str) -> bool;
    /// The status code the server answers for a recall intent of another scenario's table.
    fn scenario_mismatch_code(&self) -> i64;
    /// The command-line names of the scenarios whose callees carry callInformation (the key
    /// table's columns), as messages name them.
    fn call_information_scenarios(&self) -> &'static [&'static str];
}

/// What the agent's scenario decides about a request.
pub trait ScenarioRules: Sync + 'static {
    /// The scenario's command-line name, as messages use it.
    fn cli_name(&self) -> &'static str;
    /// Whether an agent of this scenario accepts `code` in `recallIntent`.
    fn allows_recall_intent(&self, code: &str) -> bool;
    /// Whether callees of this scenario carry callInformation at all.
    fn uses_call_information(&self) -> bool;
    /// The callInformation keys every callee must carry.
    fn required_call_information_keys(&self) -> &'static [&'static str];
}

/// A type whose wire values of type `T` are checked by one rule: a constrained newtype (its
/// constraint) or a documented enum (its values). The runtime's newtype and enum macros
/// implement it.
pub trait Checked<T> {
    /// The rule's id in reports.
    const RULE: &'static str;
    /// What a value that breaks the rule is told.
    type Error: fmt::Display;
    /// Checks a wire value.
    fn check_value(value: T) -> Result<(), Self::Error>;
}

/// Collects violations while the generated validators walk a request.
pub struct Validator {
    docs: &'static dyn Docs,
    scenario: Option<&'static dyn ScenarioRules>,
    report: Report,
    unusable: Vec<Violation>,
    streamed: Vec<(&'static str, usize)>,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("scenario", &self.scenario.map(|s| s.cli_name()))
            .field("report", &self.report)
            .field("unusable", &self.unusable)
            .field("streamed", &self.streamed)
            .finish_non_exhaustive()
    }
}

impl Validator {
    /// A validator against the docs' tables, for an agent of `scenario` or, without one, for
    /// the rules every scenario shares.
    pub fn new(docs: &'static dyn Docs, scenario: Option<&'static dyn ScenarioRules>) -> Self {
        Validator { docs, scenario, report: Report::default(), unusable: Vec::new(), streamed: Vec::new() }
    }

    /// Whether the scenario-dependent checks are made (a scenario was given).
    pub fn has_scenario(&self) -> bool {
        self.scenario.is_some()
    }

    /// Checks `value` as a whole document and reports on it ([`Self::finish`]).
    pub fn report_on(mut self, value: &impl Validate) -> Report {
        value.validate_at(&Path::Root, &mut self);
        self.finish()
    }

    /// The report: every violation in pointer order (list items by index), the same whichever
    /// way the document was read. An unusable value is one error at its pointer; nothing else
    /// is reported at or below that pointer, since the value was not read.
    pub fn finish(self) -> Report {
        let mut report = self.report;
        if !self.unusable.is_empty() {
            let mut covered = std::collections::HashSet::with_capacity(self.unusable.len());
            let mut first = Vec::with_capacity(self.unusable.len());
            for u in self.unusable {
                if covered.insert(u.pointer.clone()) {
                    first.push(u);
                }
            }
            let hidden = |v: &Violation| {
                let p = v.pointer.as_str();
                covered.contains(p) || p.char_indices().any(|(i, c)| c == '/' && covered.contains(&p[..i]))
            };
            report.errors.retain(|v| !hidden(v));
            report.warnings.retain(|v| !hidden(v));
            report.errors.extend(first);
        }
        sort_by_pointer(&mut report.errors);
        sort_by_pointer(&mut report.warnings);
        report
    }

    /// Records an error of `rule` at `path`.
    pub fn error(&mut self, path: &Path<'_>, rule: &'static str, message: impl fmt::Display) {
        self.report.errors.push(Violation { pointer: path.to_pointer(), rule, message: message.to_string() });
    }

    /// Records a warning of `rule` at `path`.
    pub fn warning(&mut self, path: &Path<'_>, rule: &'static str, message: impl fmt::Display) {
        self.report.warnings.push(Violation {
            pointer: path.to_pointer(),
            rule,
            message: message.to_string(),
        });
    }

    /// The start of an untyped object's checks: the values its reader could not use
    /// ([`Validator::unusable`]), and each member the spec does not know, a warning.
    pub fn object<'k>(
        &mut self,
        path: &Path<'_>,
        unusable: &[Unusable],
        unknown: impl IntoIterator<Item = &'k String>,
    ) {
        self.unusable(path, unusable);
        for name in unknown {
            self.warning(
                &path.key(name),
                "unknown_member",
                "is not a field of the API; it is kept and sent as it is",
            );
        }
    }

    /// Checks each item of the list at `path` with `check`, at the item's own pointer.
    pub fn each<T>(&mut self, path: &Path<'_>, items: &[T], mut check: impl FnMut(&mut Self, &Path<'_>, &T)) {
        for (i, item) in items.iter().enumerate() {
            check(self, &path.index(i), item);
        }
    }

    /// Checks each object of the list at `path` at its own index.
    pub fn each_object<T: Validate>(&mut self, path: &Path<'_>, items: &[T]) {
        self.each(path, items, |v, at, item| item.validate_at(at, v));
    }

    /// Records the values the reader could not use in the object at `path` (see
    /// [`Unusable`]): each is one error, and hides every other violation at or
    /// below its pointer.
    pub fn unusable(&mut self, path: &Path<'_>, values: &[Unusable]) {
        if values.is_empty() {
            return;
        }
        let base = path.to_pointer();
        for u in values {
            self.unusable.push(Violation {
                pointer: format!("{base}{}", u.pointer),
                rule: u.rule,
                message: u.message.clone(),
            });
        }
    }

    /// A required field is missing.
    pub fn missing(&mut self, path: &Path<'_>) {
        self.error(path, "required", "is required");
    }

    /// One member of an untyped object: reported missing when `required` and absent, else
    /// checked by `check` (a constrained type's `check`, or an enum's lookup), whose failure is
    /// a violation of `rule`.
    pub fn member<T, E: fmt::Display>(
        &mut self,
        path: &Path<'_>,
        value: Option<T>,
        required: bool,
        rule: &'static str,
        check: impl FnOnce(T) -> Result<(), E>,
    ) {
        match value {
            Some(value) => self.constraint(path, rule, check(value)),
            None if required => self.missing(path),
            None => {}
        }
    }

    /// The required member `name` of the untyped object at `path`, whose whole check is its
    /// type's ([`Checked`]): reported missing when absent, else checked against `C`'s rule.
    pub fn required<C: Checked<T>, T>(&mut self, path: &Path<'_>, name: &'static str, value: Option<T>) {
        self.member(&path.field(name), value, true, C::RULE, C::check_value)
    }

    /// The optional member `name` of the untyped object at `path`, checked against `C`'s rule
    /// when present.
    pub fn optional<C: Checked<T>, T>(&mut self, path: &Path<'_>, name: &'static str, value: Option<T>) {
        self.member(&path.field(name), value, false, C::RULE, C::check_value)
    }

    /// Records the result of a constraint check of `rule`.
    pub fn constraint<E: fmt::Display>(
        &mut self,
        path: &Path<'_>,
        rule: &'static str,
        result: Result<(), E>,
    ) {
        if let Err(e) = result {
            self.error(path, rule, e);
        }
    }

    /// A list has `min..=max` items.
    pub fn list_len(&mut self, path: &Path<'_>, len: usize, min: usize, max: Option<usize>) {
        match max {
            Some(max) if len > max => {
                self.error(path, "list.size", format_args!("must have at most {max} items, not {len}"))
            }
            _ if len < min => self.error(
                path,
                "list.size",
                format_args!("must have at least {}, not {len}", count(min, "item")),
            ),
            _ => {}
        }
    }

    /// Warns when `text` is longer than `limit` characters (the server truncates it).
    pub fn text_limit(&mut self, path: &Path<'_>, text: &str, limit: usize) {
        if text.len() > limit {
            let n = crate::constraint::char_count(text);
            if n > limit {
                self.warning(
                    path,
                    "text.truncated",
                    format_args!("is {n} characters long; the server truncates it to {limit}"),
                );
            }
        }
    }

    /// Like [`Self::text_limit`] for a member that may be absent.
    pub fn optional_text_limit(&mut self, path: &Path<'_>, text: Option<&str>, limit: usize) {
        if let Some(text) = text {
            self.text_limit(path, text, limit);
        }
    }

    /// A recallIntent code. A code some table lists for another scenario is an error (the
    /// server answers -68); a code no table lists is a warning, since the tables skip codes and
    /// the docs' own example sends one of them (quirk `undocumented_intent_codes`).
    pub fn recall_intent(&mut self, path: &Path<'_>, code: &str) {
        let Some(intent) = self.docs.intent(code) else {
            self.warning(
                path,
                "recall_intent.undocumented",
                format_args!(
                    "`{code}` is in no intent table of the docs; it is sent as it is, and the agent may not know it"
                ),
            );
            return;
        };
        if let Some(s) = self.scenario
            && !s.allows_recall_intent(code)
        {
            let owner = intent.owner.unwrap_or("another");
            self.error(
                path,
                RECALL_INTENT_OF_ANOTHER_SCENARIO,
                format_args!(
                    "intent {code} ({}) belongs to the {owner} scenario; {} agent rejects it ({})",
                    intent.name,
                    with_article(s.cli_name()),
                    self.docs.scenario_mismatch_code()
                ),
            );
        }
    }

    /// The callInformation of one callee, against the scenario's required keys. `path` is the
    /// callInformation field itself. A required key given as empty text counts as missing, as
    /// other required text does.
    pub fn call_information(&mut self, path: &Path<'_>, map: Option<&BTreeMap<String, String>>) {
        if let Some(map) = map {
            for key in map.keys() {
                if !self.docs.is_call_information_key(key) {
                    self.warning(
                        &path.key(key),
                        "call_information.unknown_key",
                        "is not a documented callInformation key; the agent's script may not use it",
                    );
                }
            }
        }
        let Some(scenario) = self.scenario else { return };
        if !scenario.uses_call_information() {
            if map.is_some() {
                self.warning(
                    path,
                    "call_information.unused",
                    format_args!(
                        "{}; {} agent ignores it",
                        used_by(self.docs.call_information_scenarios()),
                        with_article(scenario.cli_name())
                    ),
                );
            }
            return;
        }
        let required = scenario.required_call_information_keys();
        match map {
            None if !required.is_empty() => self.error(
                path,
                "call_information.required",
                format_args!(
                    "is required by the {} scenario (keys {})",
                    scenario.cli_name(),
                    KeyList(required)
                ),
            ),
            None => {}
            Some(map) => {
                for key in required {
                    match map.get(*key) {
                        None => self.error(
                            &path.key(key),
                            "call_information.required_key",
                            format_args!("is required by the {} scenario", scenario.cli_name()),
                        ),
                        Some(value) if value.is_empty() => self.error(
                            &path.key(key),
                            "call_information.required_key",
                            format_args!(
                                "is required by the {} scenario and must not be empty",
                                scenario.cli_name()
                            ),
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
    }
}

/// Which scenarios use callInformation, in words: `is used only by first and second agents`.
fn used_by(scenarios: &[&str]) -> String {
    match scenarios.split_last() {
        None => "is used by no scenario".to_owned(),
        Some((last, [])) => format!("is used only by {last} agents"),
        Some((last, init)) => format!("is used only by {} and {last} agents", init.join(", ")),
    }
}

/// `a debt-collection`, `an emergency-contact`: the article a word takes.
pub fn with_article(word: &str) -> String {
    let vowel = word.chars().next().is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

impl Validator {
    /// Records a violation of `rule` and `severity` at `path`.
    pub fn report(
        &mut self,
        severity: Severity,
        path: &Path<'_>,
        rule: &'static str,
        message: impl fmt::Display,
    ) {
        match severity {
            Severity::Error => self.error(path, rule, message),
            Severity::Warning => self.warning(path, rule, message),
        }
    }

    /// Notes that the list member `name` of the document was checked while it was read
    /// (streaming) and had `len` items; the list itself is not kept.
    pub fn note_streamed(&mut self, name: &'static str, len: usize) {
        self.streamed.push((name, len));
    }

    /// The length of a list member of the document checked while it was read, if it was.
    pub fn streamed_len(&self, name: &str) -> Option<usize> {
        self.streamed.iter().find(|(n, _)| *n == name).map(|(_, len)| *len)
    }
}

struct KeyList(&'static [&'static str]);

impl fmt::Display for KeyList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(k)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::Repeats;

    /// Keys of digits are told apart by their leading zeros, and both kinds of key report a
    /// repeat at the second item, naming the first.
    #[test]
    fn repeats_tell_keys_apart_exactly() {
        assert_ne!(crate::repeats::digits_key("046"), crate::repeats::digits_key("46"));
        assert_eq!(crate::repeats::digits_key("999999999999999999"), Some(1_999_999_999_999_999_999));
        assert_eq!(crate::repeats::digits_key("1234567890123456789"), None, "19 digits are held as text");
        assert_eq!(crate::repeats::digits_key(""), None);
        assert_eq!(crate::repeats::digits_key("12a"), None);
        let mut v = Validator::new(&TestDocs, None);
        let mut seen = Repeats::with_capacity(0);
        let list = Path::Root.field("l");
        let keys = ["46", "046", "x", "1234567890123456789", "46", "x", "1234567890123456789", "0046"];
        for (i, key) in keys.iter().enumerate() {
            let unique = crate::repeats::Unique {
                field: "k",
                severity: Severity::Warning,
                rule: "dup",
                message: "again",
            };
            seen.check(&mut v, &list, i, &unique, key);
        }
        let report = v.finish();
        let found: Vec<(&str, &str)> =
            report.warnings.iter().map(|w| (w.pointer.as_str(), w.message.as_str())).collect();
        assert_eq!(
            found,
            [
                ("/l/4/k", "again (first at /l/0/k)"),
                ("/l/5/k", "again (first at /l/2/k)"),
                ("/l/6/k", "again (first at /l/3/k)"),
            ]
        );
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let root = Path::Root;
        let list = root.field("numberInfoList");
        let item = list.index(17);
        assert_eq!(item.field("calleeNumber").to_pointer(), "/numberInfoList/17/calleeNumber");
        assert_eq!(root.key("a/b~c").to_pointer(), "/a~1b~0c");
        assert_eq!(root.to_pointer(), "");
    }

    /// Tables of the test's own: the validator knows no generated intent or scenario.
    struct TestDocs;

    impl Docs for TestDocs {
        fn intent(&self, code: &str) -> Option<DocumentedIntent> {
            match code {
                "1" => Some(DocumentedIntent { name: "general", owner: None }),
                "2" => Some(DocumentedIntent { name: "owned", owner: Some("first") }),
                _ => None,
            }
        }
        fn is_call_information_key(&self, key: &str) -> bool {
            key == "name"
        }
        fn scenario_mismatch_code(&self) -> i64 {
            -68
        }
        fn call_information_scenarios(&self) -> &'static [&'static str] {
            &["second", "third"]
        }
    }

    struct First;

    impl ScenarioRules for First {
        fn cli_name(&self) -> &'static str {
            "first"
        }
        fn allows_recall_intent(&self, code: &str) -> bool {
            code == "1" || code == "2"
        }
        fn uses_call_information(&self) -> bool {
            false
        }
        fn required_call_information_keys(&self) -> &'static [&'static str] {
            &[]
        }
    }

    #[test]
    fn call_information_a_scenario_ignores_is_a_warning_naming_the_scenarios_that_use_it() {
        let mut v = Validator::new(&TestDocs, Some(&First));
        v.call_information(&Path::Root.field("callInformation"), Some(&BTreeMap::new()));
        v.call_information(&Path::Root.field("other"), None);
        let r = v.finish();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let warnings: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["/callInformation: is used only by second and third agents; a first agent ignores it"]
        );
        assert_eq!(r.warnings[0].rule, "call_information.unused");
        assert_eq!(used_by(&[]), "is used by no scenario");
        assert_eq!(used_by(&["a"]), "is used only by a agents");
        assert_eq!(used_by(&["a", "b", "c"]), "is used only by a, b and c agents");
    }

    struct Second;

    impl ScenarioRules for Second {
        fn cli_name(&self) -> &'static str {
            "second"
        }
        fn allows_recall_intent(&self, code: &str) -> bool {
            code == "1"
        }
        fn uses_call_information(&self) -> bool {
            true
        }
        fn required_call_information_keys(&self) -> &'static [&'static str] {
            &["name"]
        }
    }

    #[test]
    fn scenario_rules_come_from_the_tables_given() {
        let mut v = Validator::new(&TestDocs, Some(&Second));
        v.recall_intent(&Path::Root, "1");
        v.recall_intent(&Path::Root, "2");
        v.recall_intent(&Path::Root, "3");
        v.call_information(&Path::Root, Some(&BTreeMap::from([("other".to_owned(), String::new())])));
        let r = v.finish();
        let messages: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "(document): intent 2 (owned) belongs to the first scenario; a second agent rejects it (-68)",
                "/name: is required by the second scenario",
            ]
        );
        let warnings: Vec<(&str, &str)> = r.warnings.iter().map(|w| (w.pointer.as_str(), w.rule)).collect();
        assert_eq!(
            warnings,
            [("", "recall_intent.undocumented"), ("/other", "call_information.unknown_key")]
        );
    }

    #[test]
    fn an_unusable_value_hides_what_lies_at_and_below_it_and_reports_come_in_pointer_order() {
        let mut v = Validator::new(&TestDocs, None);
        let root = Path::Root;
        let (l, a, ab) = (root.field("l"), root.field("a"), root.field("ab"));
        v.error(&l.index(10), "r", "ten");
        v.error(&l.index(9), "r", "nine");
        v.error(&a, "required", "is required");
        v.error(&a.field("b"), "r", "below");
        v.warning(&a, "w", "hidden too");
        v.error(&ab, "r", "a sibling whose name starts the same");
        let unusable = |pointer: &str| Unusable {
            pointer: pointer.to_owned(),
            rule: "json.type",
            message: "must be a string, not the number 5".to_owned(),
        };
        v.unusable(&root, &[unusable("/a"), unusable("/a")]);
        let r = v.finish();
        let errors: Vec<(&str, &str)> = r.errors.iter().map(|e| (e.pointer.as_str(), e.rule)).collect();
        assert_eq!(errors, [("/a", "json.type"), ("/ab", "r"), ("/l/9", "r"), ("/l/10", "r")]);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn list_len_reports_both_ends() {
        let mut v = Validator::new(&TestDocs, None);
        v.list_len(&Path::Root, 0, 1, Some(3));
        v.list_len(&Path::Root, 4, 1, Some(3));
        v.list_len(&Path::Root, 3, 1, Some(3));
        let r = v.finish();
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.errors[0].message, "must have at least 1 item, not 0");
        assert_eq!(r.errors[0].rule, "list.size");
        assert_eq!(r.errors[1].message, "must have at most 3 items, not 4");
    }
}
