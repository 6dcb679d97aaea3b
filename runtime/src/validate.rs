//! Run-time validation: JSON Pointer paths, violations, reports, and the helpers the generated
//! validators call.
//!
//! A [`Path`] lives on the stack and is turned into a JSON Pointer string only when a violation
//! is recorded, so validating 200,000 valid callees allocates nothing per callee. This file
//! names no scenario, intent or key: what it needs of the docs' tables comes through [`Docs`]
//! and [`ScenarioRules`], which generated code implements.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};

/// A location inside a request, built without allocating; [`Path::to_pointer`] renders it as a
/// JSON Pointer (RFC 6901).
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself (pointer `""`).
    Root,
    /// A member of an object.
    Field(&'a Path<'a>, &'static str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
    /// A member of a map with a run-time key.
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    /// The member `name` of this object.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The element `index` of this array.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The member `key` of this map.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The JSON Pointer, e.g. `/numberInfoList/17/calleeNumber`.
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(parent, name) => {
                parent.write(out);
                push_segment(out, name);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                let _ = write!(out, "/{i}");
            }
            Path::Key(parent, key) => {
                parent.write(out);
                push_segment(out, key);
            }
        }
    }
}

/// Appends `/segment` with `~` and `/` escaped as RFC 6901 says.
pub(crate) fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// One broken rule (an error) or one thing the server would silently change (a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer of the offending value (`""` for the whole document, as RFC 6901 says).
    pub pointer: String,
    /// The rule's stable id, e.g. `callee_number.digits` or `json.type` (the README lists the
    /// scheme); machine output carries it so tools need not parse messages.
    pub rule: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", readable_pointer(&self.pointer), self.message)
    }
}

/// A JSON Pointer as a person reads it: the whole document's pointer is the empty string,
/// shown as `(document)`.
pub fn readable_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "(document)" } else { pointer }
}

/// `1 violation`, `2 violations`: a count and its noun, plural when the count is not one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Everything validation found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Broken rules: the server would reject the request (or a check the SDK adds to spare a
    /// round trip).
    pub errors: Vec<Violation>,
    /// Accepted, but the server would silently change or ignore something.
    pub warnings: Vec<Violation>,
}

impl Report {
    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(warnings)` when valid, else every error as a [`ValidationError`].
    pub fn into_result(self) -> Result<Vec<Violation>, ValidationError> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            Err(ValidationError { violations: self.errors })
        }
    }
}

/// A request broke one or more rules; every violation is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The violations, in document order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request is invalid ({})", count(self.violations.len(), "violation"))?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Something generated validators can check.
pub trait Validate {
    /// Records in `v` every violation of this value, which sits at `path`.
    fn validate_at(&self, path: &Path<'_>, v: &mut Validator);
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

    /// Records the values the reader could not use in the object at `path` (see
    /// [`crate::object::Unusable`]): each is one error, and hides every other violation at or
    /// below its pointer.
    pub fn unusable(&mut self, path: &Path<'_>, values: &[crate::object::Unusable]) {
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
                "recall_intent.scenario",
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
                        "is used only by the debt-collection scenarios; {} agent ignores it",
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

/// `a debt-collection`, `an emergency-contact`: the article a word takes.
pub fn with_article(word: &str) -> String {
    let vowel = word.chars().next().is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

/// Sorts violations by pointer, comparing list indexes as numbers, then by message: document
/// order within each list, and one order whichever way the document was read.
fn sort_by_pointer(list: &mut [Violation]) {
    let order = |a: &Violation, b: &Violation| {
        compare_pointers(&a.pointer, &b.pointer).then_with(|| a.message.cmp(&b.message))
    };
    if !list.is_sorted_by(|a, b| order(a, b).is_le()) {
        list.sort_by(order);
    }
}

fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let mut a = a.split('/');
    let mut b = b.split('/');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let o = if numeric(x) && numeric(y) {
                    x.len().cmp(&y.len()).then_with(|| x.cmp(y))
                } else {
                    x.cmp(y)
                };
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

/// Whether a rule's violation is an error or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The request is invalid.
    Error,
    /// The server would silently change or ignore something.
    Warning,
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

/// The values of one field across the items of a list, to report repeats (the `unique` rules).
/// The hash is fast but seeded per process, so crafted input cannot force collisions.
///
/// A key of 1 to 18 ASCII digits (a callee number, which is what a 200,000-item list repeats)
/// is held as one `u64`, so the table of a large list costs 16 bytes an item and no allocation;
/// any other key is held as text.
#[derive(Debug)]
pub struct Repeats {
    digits: HashMap<u64, u32, foldhash::fast::RandomState>,
    text: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
}

/// `key` as a number that no other key of at most 18 ASCII digits gives: the digits after a
/// leading 1, so that leading zeros count (`"046"` is 1046, `"46"` is 146).
fn digits_key(key: &str) -> Option<u64> {
    let bytes = key.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(1u64, |n, b| n * 10 + u64::from(b - b'0')))
}

impl Repeats {
    /// Room for `n` items.
    pub fn with_capacity(n: usize) -> Self {
        Repeats {
            digits: HashMap::with_capacity_and_hasher(n, foldhash::fast::RandomState::default()),
            text: HashMap::with_hasher(foldhash::fast::RandomState::default()),
        }
    }

    /// Records `key`, the `field` of item `index` of `list`. A repeat is reported at that item's
    /// field, naming where the value first appeared.
    #[allow(clippy::too_many_arguments)]
    pub fn check(
        &mut self,
        v: &mut Validator,
        list: &Path<'_>,
        index: usize,
        field: &'static str,
        key: &str,
        severity: Severity,
        rule: &'static str,
        message: &str,
    ) {
        let at = u32::try_from(index).unwrap_or(u32::MAX);
        let first = match digits_key(key) {
            Some(n) => match self.digits.entry(n) {
                Entry::Occupied(first) => *first.get(),
                Entry::Vacant(slot) => {
                    slot.insert(at);
                    return;
                }
            },
            None => match self.text.get(key) {
                Some(first) => *first,
                None => {
                    self.text.insert(key.into(), at);
                    return;
                }
            },
        };
        let first_pointer = list.index(first as usize).field(field).to_pointer();
        v.report(
            severity,
            &list.index(index).field(field),
            rule,
            format_args!("{message} (first at {first_pointer})"),
        );
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

/// A member name read from JSON, borrowed from the input when it holds no escapes. (serde's
/// `Cow<str>` always allocates; the generated readers match member names with this instead.)
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The name as an owned string.
    pub fn into_owned(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Why a document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// JSON Pointer of the value that failed (`""` for the document).
    pub pointer: String,
    /// What failed, with serde_json's line and column.
    pub message: String,
    /// 1-based line of the failure.
    pub line: usize,
    /// 1-based column of the failure.
    pub column: usize,
    /// What kind of failure it is.
    pub kind: ParseErrorKind,
}

/// What kind of [`ParseError`] a document met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The bytes are not JSON (malformed text, end of input, invalid UTF-8).
    Syntax,
    /// Valid JSON that nests deeper than the reader follows ([`MAX_DEPTH`] levels).
    TooDeep,
    /// JSON of the wrong shape for a strict reader (answers and pushes; requests are read
    /// leniently and report such values as violations instead).
    Shape,
}

/// How deep the reader follows nested arrays and objects (serde_json's limit). The API's
/// documents nest a few levels; deeper ones are refused instead of overflowing the stack.
pub const MAX_DEPTH: usize = 128;

impl ParseError {
    /// Whether the bytes are not JSON at all.
    pub fn is_syntax(&self) -> bool {
        self.kind == ParseErrorKind::Syntax
    }

    /// The failure as a violation at its pointer.
    pub fn into_violation(self) -> Violation {
        let rule = match self.kind {
            ParseErrorKind::Syntax => "json.syntax",
            ParseErrorKind::TooDeep => "json.depth",
            ParseErrorKind::Shape => "json.type",
        };
        Violation { pointer: self.pointer, rule, message: self.message }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ParseErrorKind::Syntax => write!(f, "not JSON: {}", self.message),
            _ => write!(f, "{}: {}", readable_pointer(&self.pointer), self.message),
        }
    }
}

impl std::error::Error for ParseError {}

/// The document without a leading UTF-8 byte-order mark, which some editors write and RFC 8259
/// lets a reader ignore.
pub fn skip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Parses a JSON document into `T`, naming where it fails by JSON Pointer. Nesting deeper than
/// [`MAX_DEPTH`] is an error, not a stack overflow. Answers and pushes are read with it.
pub fn from_json_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let bytes = skip_bom(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let fast = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    let first = match fast {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    match tracked {
        Err(e) => Err(path_error(serde_path_to_error::Error::new(track.path(), e))),
        // Only trailing input is left to fail on.
        Ok(_) => Err(plain_error(String::new(), &de.end().err().unwrap_or(first))),
    }
}

pub(crate) fn plain_error(pointer: String, e: &serde_json::Error) -> ParseError {
    let message = e.to_string();
    let kind = if message.starts_with("recursion limit exceeded") {
        ParseErrorKind::TooDeep
    } else if matches!(e.classify(), serde_json::error::Category::Data) {
        ParseErrorKind::Shape
    } else {
        ParseErrorKind::Syntax
    };
    let message = match kind {
        ParseErrorKind::TooDeep => format!(
            "nests deeper than {MAX_DEPTH} levels, the most this reader follows (line {}, column {})",
            e.line(),
            e.column()
        ),
        _ => message,
    };
    ParseError { pointer, message, line: e.line(), column: e.column(), kind }
}

/// The JSON Pointer of a serde path.
pub fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                let _ = write!(pointer, "/{index}");
            }
            serde_path_to_error::Segment::Map { key } => push_segment(&mut pointer, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// The message of an error raised inside a value read on its own (a lenient field, see
/// `lenient`), marked with where inside that value it failed: `@/0/taskId message`. The
/// reader of the whole document turns the mark back into the pointer ([`locate`]).
pub(crate) fn mark_nested(at: &str, message: &str) -> String {
    match message.strip_prefix('@') {
        Some(nested) => format!("@{at}{nested}"),
        None => format!("@{at} {message}"),
    }
}

/// The full JSON Pointer and the message of an error raised at `path`, taking in the mark of
/// [`mark_nested`] when the message carries one.
pub(crate) fn locate(path: &serde_path_to_error::Path, message: String) -> (String, String) {
    let mut pointer = pointer_of(path);
    if let Some(nested) = message.strip_prefix('@')
        && let Some((inner, rest)) = nested.split_once(' ')
    {
        pointer.push_str(inner);
        return (pointer, rest.to_owned());
    }
    (pointer, message)
}

pub(crate) fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> ParseError {
    let mut error = plain_error(String::new(), e.inner());
    let (pointer, message) = locate(e.path(), error.message);
    error.pointer = pointer;
    error.message = message;
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of digits are told apart by their leading zeros, and both kinds of key report a
    /// repeat at the second item, naming the first.
    #[test]
    fn repeats_tell_keys_apart_exactly() {
        assert_ne!(digits_key("046"), digits_key("46"));
        assert_eq!(digits_key("999999999999999999"), Some(1_999_999_999_999_999_999));
        assert_eq!(digits_key("1234567890123456789"), None, "19 digits are held as text");
        assert_eq!(digits_key(""), None);
        assert_eq!(digits_key("12a"), None);
        let mut v = Validator::new(&TestDocs, None);
        let mut seen = Repeats::with_capacity(0);
        let list = Path::Root.field("l");
        let keys = ["46", "046", "x", "1234567890123456789", "46", "x", "1234567890123456789", "0046"];
        for (i, key) in keys.iter().enumerate() {
            seen.check(&mut v, &list, i, "k", key, Severity::Warning, "dup", "again");
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
        let unusable = |pointer: &str| crate::object::Unusable {
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
