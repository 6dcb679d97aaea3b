//! Checks a [`RawSpec`] and resolves it into the [`Api`] model. Every mistake found is reported
//! (not only the first), each naming its file and path.

use crate::error::{SpecError, SpecErrors};
use crate::model::*;
use crate::naming;
use crate::raw::{self, RawSpec};
use std::collections::BTreeMap;

mod api_facts;

/// The most fields a request struct may have: the runtime's object reader
/// (`itnio_runtime::object::MAX_MEMBERS`) records the members it has seen in one `u128`. The
/// generator does not depend on the runtime; `tests/spec_errors.rs` holds the two equal.
pub const MAX_MEMBERS: usize = 128;

/// Checks `raw` and resolves it.
pub fn check(raw: RawSpec) -> Result<Api, SpecErrors> {
    let mut c = Checker { errors: Vec::new() };
    let api = c.api(raw);
    if c.errors.is_empty() { Ok(api) } else { Err(SpecErrors(c.errors)) }
}

struct Checker {
    errors: Vec<SpecError>,
}

impl Checker {
    fn err(&mut self, file: &str, path: impl Into<String>, problem: impl Into<String>) {
        self.errors.push(SpecError::new(file, path, problem));
    }

    /// The doc text, or an error when it is missing or blank.
    fn doc(&mut self, file: &str, path: &str, doc: &Option<String>) -> String {
        match doc.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => d.to_owned(),
            _ => {
                self.err(file, format!("{path}.doc"), "missing doc text: every item needs one");
                String::new()
            }
        }
    }

    fn type_name(&mut self, file: &str, path: &str, name: &str) {
        if !naming::is_type_name(name) {
            self.err(file, path, format!("`{name}` is not an UpperCamelCase name"));
        }
    }

    fn unique<K: Ord + std::fmt::Display>(
        &mut self,
        file: &str,
        what: &str,
        items: impl IntoIterator<Item = (String, K)>,
    ) {
        let mut seen = BTreeMap::new();
        for (path, key) in items {
            match seen.get(&key) {
                Some(first) => {
                    let problem = format!("duplicate {what} `{key}` (first at `{first}`)");
                    self.err(file, path, problem);
                }
                None => {
                    seen.insert(key, path);
                }
            }
        }
    }

    fn api(&mut self, raw: RawSpec) -> Api {
        let spec_digest = raw.digest;
        let (tf, types) = raw.types;
        let constrained: Vec<Constrained> =
            types.constrained.iter().enumerate().map(|(i, c)| self.constrained(&tf, i, c)).collect();
        let enums: Vec<EnumType> =
            types.enums.iter().enumerate().map(|(i, e)| self.int_enum(&tf, i, e)).collect();
        let names = constrained
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("constrained[{i}].name"), c.name.as_str()))
            .chain(enums.iter().enumerate().map(|(i, e)| (format!("enums[{i}].name"), e.name.as_str())));
        self.unique(&tf, "type name", names);
        let macros = constrained
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("constrained[{i}].macro"), c.macro_name.as_str()));
        self.unique(&tf, "macro name", macros);

        let (sf, scenarios) = raw.scenarios;
        let (itf, intents) = raw.intents;
        let (cf, call_information) = raw.call_information;
        let (stf, status) = raw.status_codes;
        let (qf, quirks) = raw.quirks;
        let (af, facts) = raw.api;
        self.api_facts(&af, &facts);

        self.scenarios(&sf, &scenarios.scenarios, &intents.tables);
        self.intents(&itf, &intents.tables, &scenarios.scenarios);
        self.call_information(&cf, &call_information, &scenarios.scenarios);
        self.status(&stf, &status);
        if !status.codes.iter().any(|c| c.code == scenarios.mismatch_code) {
            self.err(
                &sf,
                "mismatch_code",
                format!("{} is not a status code of {stf}", scenarios.mismatch_code),
            );
        }
        self.quirks(&qf, &quirks.quirks);
        if intents.reading.trim().is_empty() {
            self.err(&itf, "reading", "say how the unheaded tables were read");
        }

        let mut operations = Vec::new();
        for (file, op) in &raw.operations {
            operations.push(self.operation(file, op, &constrained, &enums));
            if let Some(code) = op.duplicate_code
                && !status.codes.iter().any(|c| c.code == code)
            {
                self.err(file, "duplicate_code", format!("{code} is not a status code of {stf}"));
            }
        }
        for (i, (file, op)) in raw.operations.iter().enumerate() {
            match facts.envelope.spellings.iter().position(|s| s.id == op.response.envelope) {
                Some(at) => operations[i].response.envelope = SpellingId(at),
                None => {
                    let known: Vec<&str> = facts.envelope.spellings.iter().map(|s| s.id.as_str()).collect();
                    self.err(
                        file,
                        "response.envelope",
                        format!(
                            "`{}` is not an envelope spelling of {af} ({})",
                            op.response.envelope,
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        self.unique(
            "operations",
            "operation name",
            raw.operations.iter().map(|(f, o)| (f.clone(), o.name.as_str())),
        );
        for (i, (file, op)) in raw.operations.iter().enumerate() {
            if let Some(r) = &op.recovery {
                operations[i].recovery = self.recovery(file, i, r, &operations, &constrained);
            }
        }

        let pushes: Vec<Push> =
            raw.pushes.iter().map(|(file, p)| self.push(file, p, &constrained, &enums)).collect();
        self.unique("pushes", "push name", raw.pushes.iter().map(|(f, p)| (f.clone(), p.name.as_str())));

        let op_files: Vec<&str> = raw.operations.iter().map(|(f, _)| f.as_str()).collect();
        let push_files: Vec<&str> = raw.pushes.iter().map(|(f, _)| f.as_str()).collect();
        self.crate_root_names(
            (&tf, &constrained, &enums),
            (&sf, &scenarios.scenarios),
            (&op_files, &operations),
            (&push_files, &pushes),
        );

        let quirk_places = quirks
            .quirks
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let found = Found { constrained: &constrained, enums: &enums, operations: &operations, pushes: &pushes };
                q.applies_to
                    .iter()
                    .enumerate()
                    .filter_map(|(j, place)| {
                        let at = format!("quirks[{i}].applies_to[{j}]");
                        found.quirk_place(place).or_else(|| {
                            self.err(&qf, at, format!("`{place}` names no operation, push, struct, field, type or table (status_codes, intents, call_information)"));
                            None
                        })
                    })
                    .collect()
            })
            .collect();

        Api {
            constrained,
            enums,
            operations,
            pushes,
            call_information,
            categories: status.categories,
            status_codes: status.codes,
            intent_reading: intents.reading,
            intent_tables: intents.tables,
            scenarios: scenarios.scenarios,
            scenario_mismatch_code: scenarios.mismatch_code,
            quirks: quirks.quirks,
            quirk_places,
            facts,
            spec_digest,
        }
    }

    /// One naming registry for everything the generated crate puts at its root (every module is
    /// re-exported there) and into its `wire` module and `Client`: a name given twice, or one
    /// the runtime or the fixed generated files already use, is an error naming both places.
    fn crate_root_names(
        &mut self,
        (tf, constrained, enums): (&str, &[Constrained], &[EnumType]),
        (sf, scenarios): (&str, &[raw::Scenario]),
        (op_files, operations): (&[&str], &[Operation]),
        (push_files, pushes): (&[&str], &[Push]),
    ) {
        // name → where it was first given: (file, path, what).
        let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut claim = |checker: &mut Self, name: String, file: &str, path: String| {
            let problem = if naming::is_runtime_name(&name) {
                Some(format!("`{name}` is a name the crate root takes from the runtime"))
            } else if naming::FIXED_GENERATED_NAMES.contains(&name.as_str()) {
                Some(format!(
                    "`{name}` is a name every generated crate has (status codes, intents, scenarios, the client)"
                ))
            } else if naming::NOT_RAW.contains(&name.as_str()) {
                Some(format!("`{name}` is a Rust keyword that cannot be used as a name"))
            } else {
                seen.get(&name).map(|(ff, fp)| {
                    format!(
                        "`{name}` is already generated from spec/{ff} at `{fp}`; names share the crate root"
                    )
                })
            };
            match problem {
                Some(p) => checker.err(file, path, p),
                None => {
                    seen.insert(name, (file.to_owned(), path));
                }
            }
        };
        for (i, c) in constrained.iter().enumerate() {
            claim(self, c.name.clone(), tf, format!("constrained[{i}].name"));
            claim(self, format!("{}!", c.macro_name), tf, format!("constrained[{i}].macro"));
        }
        for (i, e) in enums.iter().enumerate() {
            claim(self, e.name.clone(), tf, format!("enums[{i}].name"));
        }
        for (i, s) in scenarios.iter().enumerate() {
            let p = format!("scenarios[{i}].type");
            claim(self, s.ty.clone(), sf, p.clone());
            claim(self, naming::call_information_struct(&s.ty), sf, p.clone());
            claim(self, naming::recall_intent_enum(&s.ty), sf, p);
        }
        // The client's methods and the wire module's types have namespaces of their own.
        let mut methods: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut wire: BTreeMap<String, (String, String)> = BTreeMap::new();
        let own = |checker: &mut Self,
                   map: &mut BTreeMap<String, (String, String)>,
                   name: String,
                   file: &str,
                   path: &str| {
            if let Some((ff, fp)) = map.get(&name) {
                checker.err(file, path, format!("`{name}` is already generated from spec/{ff} at `{fp}`"));
            } else if naming::CLIENT_METHODS.contains(&name.as_str()) {
                checker.err(
                    file,
                    path,
                    format!("`Client::{name}` is a method the runtime gives every client"),
                );
            } else {
                map.insert(name, (file.to_owned(), path.to_owned()));
            }
        };
        for (file, op) in op_files.iter().copied().zip(operations) {
            claim(self, op.name.clone(), file, "name".into());
            claim(self, naming::operation_type(&op.name), file, "name".into());
            own(self, &mut methods, naming::client_method(&op.name), file, "name");
            if op.request.is_some() {
                own(self, &mut methods, naming::client_wire_method(&op.name), file, "name");
            }
            if op.paging.is_some() {
                own(
                    self,
                    &mut methods,
                    format!("{}_all_pages", naming::client_method(&op.name)),
                    file,
                    "name",
                );
            }
            for (i, s) in op.structs.iter().enumerate() {
                let p = format!("structs[{i}].name");
                own(self, &mut wire, s.name.clone(), file, &p);
                match s.scenario_use {
                    ScenarioUse::PerScenario => {
                        claim(self, naming::scenario_trait(&s.name), file, p.clone());
                        for sc in scenarios {
                            claim(self, naming::scenario_struct(&sc.ty, &s.name), file, p.clone());
                        }
                    }
                    ScenarioUse::Generic if op.request == Some(StructId(i)) => {
                        claim(self, s.name.clone(), file, p.clone());
                        for sc in scenarios {
                            claim(self, naming::scenario_struct(&sc.ty, &s.name), file, p.clone());
                        }
                    }
                    _ => claim(self, s.name.clone(), file, p),
                }
            }
            for (i, s) in op.response_structs.iter().enumerate() {
                claim(self, s.name.clone(), file, format!("response_structs[{i}].name"));
            }
            for (i, r) in op.rules.iter().enumerate() {
                if let Rule::RequiredWhenEquals { mode: Some(mode), .. } = r {
                    claim(self, mode.clone(), file, format!("rules[{i}].mode"));
                }
            }
        }
        for (file, push) in push_files.iter().copied().zip(pushes) {
            claim(self, push.name.clone(), file, "name".into());
            claim(self, naming::push_parser(&push.name), file, "name".into());
            for (i, s) in push.structs.iter().enumerate() {
                claim(self, s.name.clone(), file, format!("structs[{i}].name"));
            }
        }
    }

    fn constrained(&mut self, f: &str, i: usize, c: &raw::Constrained) -> Constrained {
        let p = format!("constrained[{i}]");
        self.type_name(f, &format!("{p}.name"), &c.name);
        let doc = self.doc(f, &p, &c.doc);
        let macro_name = match &c.macro_ {
            Some(m) if naming::is_snake(m) => m.clone(),
            Some(m) => {
                self.err(f, format!("{p}.macro"), format!("`{m}` is not a snake_case macro name"));
                m.clone()
            }
            None => naming::snake(&c.name),
        };
        let given: Vec<&str> = [
            c.chars.map(|_| "chars"),
            c.digits.map(|_| "digits"),
            c.range.map(|_| "range"),
            c.format.as_ref().map(|_| "format"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if given.len() != 1 {
            self.err(
                f,
                &p,
                format!(
                    "give exactly one of chars, digits, range, format (found {})",
                    if given.is_empty() { "none".to_owned() } else { given.join(", ") }
                ),
            );
        }
        let is_string = c.base == raw::Base::String;
        let mut kind = ConstraintKind::Chars { min: 0, max: None };
        // After a mistake in the constraint itself, the default is not checked against it.
        let mut sound = true;
        let fits = |checker: &mut Self, name: &str, wants_string: bool| -> bool {
            if wants_string != is_string {
                let problem = format!("`{name}` does not fit base type `{}`", c.base);
                checker.err(f, format!("{p}.{name}"), problem);
                return false;
            }
            true
        };
        if let Some(b) = c.chars {
            sound &= fits(self, "chars", true);
            let (min, max) = self.bounds_u32(f, &format!("{p}.chars"), b);
            kind = ConstraintKind::Chars { min: min.unwrap_or(0), max };
        } else if let Some(b) = c.digits {
            sound &= fits(self, "digits", true);
            let (min, max) = self.bounds_u32(f, &format!("{p}.digits"), b);
            match max {
                Some(max) => kind = ConstraintKind::Digits { min: min.unwrap_or(0), max },
                None => self.err(f, format!("{p}.digits.max"), "digits need a max"),
            }
        } else if let Some(b) = c.range {
            sound &= fits(self, "range", false);
            match b.min {
                Some(min) => {
                    if let Some(max) = b.max.filter(|&max| max < min) {
                        self.err(f, format!("{p}.range"), format!("min {min} is greater than max {max}"));
                        sound = false;
                    }
                    // The docs' types are Java types: an Integer is 32 bits (quirk `java_integer`),
                    // so a range the docs leave open ends there.
                    let integer = i64::from(i32::MIN)..=i64::from(i32::MAX);
                    if !integer.contains(&min) || b.max.is_some_and(|m| !integer.contains(&m)) {
                        self.err(
                            f,
                            format!("{p}.range"),
                            "the docs' Integer is 32 bits: a bound must be from -2147483648 to 2147483647",
                        );
                        sound = false;
                    }
                    kind = ConstraintKind::Range { min, max: Some(b.max.unwrap_or(i64::from(i32::MAX))) };
                }
                None => self.err(f, format!("{p}.range.min"), "an integer range needs a min"),
            }
        } else if let Some(fmt) = c.format {
            sound &= fits(self, "format", true);
            kind = match fmt {
                raw::Format::ClockTime => ConstraintKind::ClockTime,
                raw::Format::DateTime => ConstraintKind::DateTime,
                raw::Format::Decimal => ConstraintKind::Decimal,
            };
        }
        let default = match &c.default {
            None => None,
            Some(_) if !sound => None,
            Some(v) => match (kind, v.as_i64()) {
                (ConstraintKind::Range { min, max }, Some(d)) => {
                    if d < min || max.is_some_and(|m| d > m) {
                        self.err(f, format!("{p}.default"), format!("default {d} is outside the range"));
                    }
                    Some(d)
                }
                _ => {
                    self.err(
                        f,
                        format!("{p}.default"),
                        "a default is supported for integer ranges only, and must be an integer",
                    );
                    None
                }
            },
        };
        if c.utc_offset_seconds.is_some_and(|o| kind != ConstraintKind::DateTime || o.abs() > 14 * 3600) {
            self.err(
                f,
                format!("{p}.utc_offset_seconds"),
                "a zone offset belongs to a date-time format, within ±14 hours",
            );
        }
        Constrained {
            name: c.name.clone(),
            doc,
            macro_name,
            kind,
            default,
            utc_offset_seconds: c.utc_offset_seconds,
        }
    }

    fn bounds_u32(&mut self, f: &str, p: &str, b: raw::Bounds) -> (Option<u32>, Option<u32>) {
        let mut conv = |v: Option<i64>, end: &str| -> Option<u32> {
            let v = v?;
            match u32::try_from(v) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.err(f, format!("{p}.{end}"), format!("{v} is not a length (0 to {})", u32::MAX));
                    None
                }
            }
        };
        let (min, max) = (conv(b.min, "min"), conv(b.max, "max"));
        if let (Some(a), Some(z)) = (min, max)
            && a > z
        {
            self.err(f, p, format!("min {a} is greater than max {z}"));
        }
        (min, max)
    }

    fn int_enum(&mut self, f: &str, i: usize, e: &raw::EnumDef) -> EnumType {
        let p = format!("enums[{i}]");
        self.type_name(f, &format!("{p}.name"), &e.name);
        let doc = self.doc(f, &p, &e.doc);
        let base = match e.base {
            raw::Base::Integer => EnumBase::Integer,
            raw::Base::String => EnumBase::String,
        };
        if e.values.is_empty() {
            self.err(f, format!("{p}.values"), "an enum needs at least one value");
        }
        let mut values = Vec::new();
        for (j, v) in e.values.iter().enumerate() {
            let vp = format!("{p}.values[{j}]");
            self.type_name(f, &format!("{vp}.variant"), &v.variant);
            let doc = self.doc(f, &vp, &v.doc);
            match (&v.value, base) {
                (EnumCode::Int(_), EnumBase::Integer) | (EnumCode::Str(_), EnumBase::String) => {}
                (_, EnumBase::Integer) => {
                    self.err(f, format!("{vp}.value"), "the enum's base is integer: the value must be one")
                }
                (_, EnumBase::String) => {
                    self.err(f, format!("{vp}.value"), "the enum's base is string: quote the value")
                }
            }
            values.push(EnumValue {
                code: v.value.clone(),
                variant: v.variant.clone(),
                doc,
                is_final: v.final_,
            });
        }
        self.unique(
            f,
            "enum value",
            e.values.iter().enumerate().map(|(j, v)| (format!("{p}.values[{j}].value"), v.value.to_string())),
        );
        self.unique(
            f,
            "enum variant",
            e.values
                .iter()
                .enumerate()
                .map(|(j, v)| (format!("{p}.values[{j}].variant"), v.variant.as_str())),
        );
        if let Some(d) = &e.default
            && !e.values.iter().any(|v| &v.variant == d)
        {
            self.err(f, format!("{p}.default"), format!("default `{d}` is not a variant of {}", e.name));
        }
        EnumType { name: e.name.clone(), doc, base, default: e.default.clone(), values }
    }

    fn scenarios(&mut self, f: &str, scenarios: &[raw::Scenario], tables: &[raw::IntentTable]) {
        for (i, s) in scenarios.iter().enumerate() {
            let p = format!("scenarios[{i}]");
            self.doc(f, &p, &s.doc);
            self.type_name(f, &format!("{p}.type"), &s.ty);
            self.type_name(f, &format!("{p}.intent_prefix"), &s.intent_prefix);
            if !naming::is_snake(&s.id) {
                self.err(f, format!("{p}.id"), format!("`{}` is not a snake_case id", s.id));
            }
            for (j, t) in s.intent_tables.iter().enumerate() {
                match tables.iter().find(|x| &x.id == t) {
                    None => {
                        self.err(f, format!("{p}.intent_tables[{j}]"), format!("unknown intent table `{t}`"))
                    }
                    Some(x) => {
                        if x.scenario.as_ref().is_some_and(|o| o != &s.id) {
                            self.err(
                                f,
                                format!("{p}.intent_tables[{j}]"),
                                format!(
                                    "intent table `{t}` belongs to scenario `{}`",
                                    x.scenario.as_deref().unwrap_or("")
                                ),
                            );
                        }
                    }
                }
            }
        }
        self.unique(
            f,
            "scenario id",
            scenarios.iter().enumerate().map(|(i, s)| (format!("scenarios[{i}].id"), s.id.as_str())),
        );
        self.unique(
            f,
            "scenario type",
            scenarios.iter().enumerate().map(|(i, s)| (format!("scenarios[{i}].type"), s.ty.as_str())),
        );
        self.unique(
            f,
            "scenario cli name",
            scenarios.iter().enumerate().map(|(i, s)| (format!("scenarios[{i}].cli"), s.cli.as_str())),
        );
    }

    fn intents(&mut self, f: &str, tables: &[raw::IntentTable], scenarios: &[raw::Scenario]) {
        // code → (variant, scenario, table, path): one code is one intent everywhere.
        let mut codes: BTreeMap<&str, (&str, Option<&str>, usize, String)> = BTreeMap::new();
        for (i, t) in tables.iter().enumerate() {
            let p = format!("tables[{i}]");
            if let Some(s) = &t.scenario
                && !scenarios.iter().any(|x| &x.id == s)
            {
                self.err(f, format!("{p}.scenario"), format!("unknown scenario `{s}`"));
            }
            let detail = t.level == raw::Level::Detail;
            if t.intents.is_empty() {
                self.err(f, format!("{p}.intents"), "an intent table needs at least one intent");
            }
            self.unique(
                f,
                "intent code in one table",
                t.intents
                    .iter()
                    .enumerate()
                    .map(|(j, x)| (format!("{p}.intents[{j}].code"), x.code.as_str())),
            );
            for (j, x) in t.intents.iter().enumerate() {
                let xp = format!("{p}.intents[{j}]");
                if x.code.is_empty() || !x.code.bytes().all(|b| b.is_ascii_digit()) {
                    self.err(
                        f,
                        format!("{xp}.code"),
                        format!("intent code `{}` is not a string of digits", x.code),
                    );
                }
                self.type_name(f, &format!("{xp}.variant"), &x.variant);
                if x.name.trim().is_empty() {
                    self.err(f, format!("{xp}.name"), "missing intent name");
                }
                match (detail, &x.group) {
                    (true, None) => {
                        self.err(f, format!("{xp}.group"), "an intent of a detailed table needs its group")
                    }
                    (true, Some(g)) => {
                        if naming::intent_group_of(&x.name) != Some(g.as_str()) {
                            self.err(
                                f,
                                format!("{xp}.group"),
                                format!("group `{g}` does not match the name `{}`", x.name),
                            );
                        }
                    }
                    (false, Some(_)) => {
                        self.err(f, format!("{xp}.group"), "only intents of detailed tables have a group")
                    }
                    (false, None) => {}
                }
                match codes.get(x.code.as_str()) {
                    // A repeat within one table is reported as a duplicate above.
                    Some((_, _, table, _)) if *table == i => {}
                    Some((v, s, _, first)) if *v != x.variant || *s != t.scenario.as_deref() => {
                        self.err(
                            f,
                            format!("{xp}.code"),
                            format!(
                                "code `{}` is already intent `{v}` at `{first}`; one code is one intent",
                                x.code
                            ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        codes.insert(&x.code, (&x.variant, t.scenario.as_deref(), i, xp.clone()));
                    }
                }
            }
        }
        self.unique(
            f,
            "intent table id",
            tables.iter().enumerate().map(|(i, t)| (format!("tables[{i}].id"), t.id.as_str())),
        );
        // Within a scenario, a variant names one code.
        let mut variants: BTreeMap<(Option<&str>, &str), &str> = BTreeMap::new();
        for (i, t) in tables.iter().enumerate() {
            for (j, x) in t.intents.iter().enumerate() {
                let key = (t.scenario.as_deref(), x.variant.as_str());
                match variants.get(&key) {
                    Some(code) if *code != x.code => self.err(
                        f,
                        format!("tables[{i}].intents[{j}].variant"),
                        format!("variant `{}` already names code `{code}` in this scenario", x.variant),
                    ),
                    _ => {
                        variants.insert(key, &x.code);
                    }
                }
            }
        }
    }

    fn call_information(&mut self, f: &str, ci: &raw::CallInformationFile, scenarios: &[raw::Scenario]) {
        for (i, c) in ci.columns.iter().enumerate() {
            if !scenarios.iter().any(|s| &s.id == c) {
                self.err(f, format!("columns[{i}]"), format!("unknown scenario `{c}`"));
            }
        }
        for (i, k) in ci.keys.iter().enumerate() {
            let p = format!("keys[{i}]");
            self.doc(f, &p, &k.doc);
            if !naming::is_snake(&k.key) {
                self.err(f, format!("{p}.key"), format!("`{}` is not a snake_case key", k.key));
            }
            let n = k.variable.strip_prefix("text").and_then(|n| n.parse::<u32>().ok());
            if !matches!(n, Some(1..=10)) {
                self.err(
                    f,
                    format!("{p}.variable"),
                    format!("`{}` is not a text variable text1..text10", k.variable),
                );
            }
            for (j, s) in k.required_in.iter().enumerate() {
                if !ci.columns.contains(s) {
                    self.err(
                        f,
                        format!("{p}.required_in[{j}]"),
                        format!("`{s}` is not a column of this table"),
                    );
                }
            }
        }
        self.unique(
            f,
            "callInformation key",
            ci.keys.iter().enumerate().map(|(i, k)| (format!("keys[{i}].key"), k.key.as_str())),
        );
        self.unique(
            f,
            "text variable",
            ci.keys.iter().enumerate().map(|(i, k)| (format!("keys[{i}].variable"), k.variable.as_str())),
        );
    }

    fn status(&mut self, f: &str, s: &raw::StatusCodesFile) {
        for (i, c) in s.categories.iter().enumerate() {
            self.doc(f, &format!("categories[{i}]"), &c.doc);
            self.type_name(f, &format!("categories[{i}].variant"), &c.variant);
        }
        self.unique(
            f,
            "category",
            s.categories.iter().enumerate().map(|(i, c)| (format!("categories[{i}].id"), c.id.as_str())),
        );
        for (i, c) in s.codes.iter().enumerate() {
            let p = format!("codes[{i}]");
            self.type_name(f, &format!("{p}.variant"), &c.variant);
            if c.message.trim().is_empty() {
                self.err(f, format!("{p}.message"), "missing message");
            }
            match &c.category {
                Some(cat) if !s.categories.iter().any(|x| &x.id == cat) => {
                    self.err(f, format!("{p}.category"), format!("unknown category `{cat}`"));
                }
                None if c.code != 0 => {
                    self.err(f, format!("{p}.category"), "only success (0) has no category")
                }
                _ => {}
            }
            if c.code == 0 && c.retry != raw::RetryClass::Never {
                self.err(f, format!("{p}.retry"), "success is never retried: write `retry: never`");
            }
        }
        self.unique(
            f,
            "status code",
            s.codes.iter().enumerate().map(|(i, c)| (format!("codes[{i}].code"), c.code)),
        );
        self.unique(
            f,
            "status variant",
            s.codes.iter().enumerate().map(|(i, c)| (format!("codes[{i}].variant"), c.variant.as_str())),
        );
        if !s.codes.iter().any(|c| c.code == 0) {
            self.err(f, "codes", "the success code 0 is missing");
        }
    }

    fn quirks(&mut self, f: &str, quirks: &[raw::Quirk]) {
        for (i, q) in quirks.iter().enumerate() {
            for (name, text) in [("problem", &q.problem), ("handling", &q.handling), ("source", &q.source)] {
                if text.trim().is_empty() {
                    self.err(f, format!("quirks[{i}].{name}"), format!("missing {name}"));
                }
            }
        }
        self.unique(
            f,
            "quirk id",
            quirks.iter().enumerate().map(|(i, q)| (format!("quirks[{i}].id"), q.id.as_str())),
        );
    }

    fn operation(
        &mut self,
        f: &str,
        op: &raw::OperationFile,
        constrained: &[Constrained],
        enums: &[EnumType],
    ) -> Operation {
        let doc = self.doc(f, "", &op.doc);
        let response_doc = self.doc(f, "response", &op.response.doc);
        if !naming::is_snake(&op.name) {
            self.err(f, "name", format!("`{}` is not a snake_case operation name", op.name));
        }
        if !op.path.starts_with('/') {
            self.err(f, "path", "the path must start with /");
        }
        // Resolved against api.yaml's spellings by `api`, once operations are read.
        let envelope = SpellingId::default();
        let placement = op.response.placement;
        let response_names: Vec<&str> = op.response_structs.iter().map(|s| s.name.as_str()).collect();
        let data = match op.response.data.as_str() {
            "none" => ResponseData::None,
            "integer" => ResponseData::Integer,
            name if response_names.contains(&name) => ResponseData::Struct(StructId(
                response_names.iter().position(|n| *n == name).unwrap_or_default(),
            )),
            name if constrained.iter().any(|c| c.name == name) => {
                ResponseData::Scalar(constrained.iter().position(|c| c.name == name).unwrap_or_default())
            }
            other => {
                self.err(
                    f,
                    "response.data",
                    format!("unknown response data `{other}` (expected integer, none, a constrained type of types.yaml or a response struct of this file)"),
                );
                ResponseData::None
            }
        };
        if placement == Placement::Body && !matches!(data, ResponseData::Struct(_)) {
            self.err(f, "response.placement", "only a response struct can sit in the body");
        }
        let struct_names: Vec<&str> = op.structs.iter().map(|s| s.name.as_str()).collect();
        let scope = Scope { constrained, enums, structs: &struct_names };
        self.unique(
            f,
            "struct name",
            op.structs
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("structs[{i}].name"), s.name.as_str()))
                .chain(
                    op.response_structs
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (format!("response_structs[{i}].name"), s.name.as_str())),
                ),
        );
        let mut structs = Vec::new();
        for (i, s) in op.structs.iter().enumerate() {
            let p = format!("structs[{i}]");
            self.type_name(f, &format!("{p}.name"), &s.name);
            if constrained.iter().any(|c| c.name == s.name) || enums.iter().any(|e| e.name == s.name) {
                self.err(f, format!("{p}.name"), format!("`{}` is already a type of types.yaml", s.name));
            }
            let sdoc = self.doc(f, &p, &s.doc);
            let mut fields = Vec::new();
            for (j, fd) in s.fields.iter().enumerate() {
                fields.push(self.field(f, &format!("{p}.fields[{j}]"), fd, &scope));
            }
            self.unique(
                f,
                "field",
                s.fields.iter().enumerate().map(|(j, x)| (format!("{p}.fields[{j}].wire"), x.wire.as_str())),
            );
            // The runtime's object reader records the members it has seen in one u128.
            if s.fields.len() > MAX_MEMBERS {
                self.err(
                    f,
                    format!("{p}.fields"),
                    format!("a struct has at most {MAX_MEMBERS} fields, not {}", s.fields.len()),
                );
            }
            structs.push(Struct { name: s.name.clone(), doc: sdoc, fields, scenario_use: ScenarioUse::None });
        }
        let request = match op.request.as_str() {
            "none" => {
                if op.method == raw::Method::Post {
                    self.err(f, "request", "a POST needs a request struct");
                }
                None
            }
            name => {
                if op.method == raw::Method::Get {
                    self.err(f, "request", "a GET has no body: write `request: none`");
                }
                match struct_names.iter().position(|s| *s == name) {
                    Some(i) => Some(StructId(i)),
                    None => {
                        self.err(f, "request", format!("unknown request struct `{name}`"));
                        None
                    }
                }
            }
        };
        resolve_scenario_use(&mut structs);
        let response_structs =
            self.response_structs(f, "response_structs", &op.response_structs, constrained, enums);
        let paging =
            op.paging.as_ref().and_then(|pg| self.paging(f, pg, request, &structs, &data, &response_structs));
        let idempotency_key = op.idempotency_key.as_ref().and_then(|key| {
            let fields = &structs[request?.0].fields;
            let Some(i) = fields.iter().position(|f| &f.wire == key) else {
                self.err(f, "idempotency_key", format!("`{key}` is not a field of {}", op.request));
                return None;
            };
            let fd = &fields[i];
            if !fd.required.is_required() || !matches!(fd.ty, FieldType::String | FieldType::Constrained(_)) {
                self.err(f, "idempotency_key", format!("`{key}` must be a required string field"));
            }
            Some(FieldId(i))
        });
        match (&op.idempotency_key, op.duplicate_code) {
            (None, Some(_)) => self.err(
                f,
                "duplicate_code",
                "a duplicate code needs an `idempotency_key` to be the duplicate of",
            ),
            (Some(_), None) => self.err(
                f,
                "duplicate_code",
                "an operation with an idempotency key names the status code that answers a duplicate",
            ),
            _ => {}
        }
        let rules = op
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| self.rule(f, i, r, &structs, (constrained, enums)))
            .collect();
        Operation {
            name: op.name.clone(),
            method: op.method,
            path: op.path.clone(),
            doc,
            request,
            idempotency_key,
            duplicate_code: op.duplicate_code,
            safe_to_repeat: op.safe_to_repeat,
            response: ResponseShape { envelope, data, placement, doc: response_doc },
            paging,
            recovery: None,
            structs,
            response_structs,
            rules,
        }
    }

    /// Resolves an operation's `recovery` against the other operations, once all are checked.
    fn recovery(
        &mut self,
        f: &str,
        op: usize,
        raw: &raw::Recovery,
        operations: &[Operation],
        constrained: &[Constrained],
    ) -> Option<Recovery> {
        let this = &operations[op];
        let doc = self.doc(f, "recovery", &Some(raw.doc.clone()));
        // (A missing duplicate_code is reported on its own.)
        if this.idempotency_key.is_none() {
            self.err(f, "recovery", "a recovery needs the operation's idempotency_key");
        }
        let Some(lookup) = operations.iter().position(|o| o.name == raw.lookup) else {
            self.err(f, "recovery.lookup", format!("unknown operation `{}`", raw.lookup));
            return None;
        };
        let target = &operations[lookup];
        let (Some(request), Some(paging)) = (target.request, target.paging.as_ref()) else {
            self.err(f, "recovery.lookup", format!("`{}` is not a paged list query", raw.lookup));
            return None;
        };
        let mut set = Vec::new();
        let mut resolve = |checker: &mut Self, at: &str, path: &str, value: RecoveryValue| {
            let mut st = request;
            let mut ids = Vec::new();
            let parts: Vec<&str> = path.split('.').collect();
            for (i, part) in parts.iter().copied().enumerate() {
                let s = &target.structs[st.0];
                let Some(id) = s.fields.iter().position(|x| x.wire == part) else {
                    checker.err(f, at, format!("`{part}` is not a member of {}", s.name));
                    return;
                };
                ids.push(FieldId(id));
                match (&s.fields[id].ty, i + 1 < parts.len()) {
                    (FieldType::Struct(next), true) => st = *next,
                    (_, true) => {
                        checker.err(f, at, format!("`{part}` of {} is not an object", s.name));
                        return;
                    }
                    (ty, false) => {
                        let fits = match (&value, ty) {
                            (RecoveryValue::Key, FieldType::String) => true,
                            // A member of the window must be a date-time whose zone the spec states.
                            (RecoveryValue::From | RecoveryValue::To, FieldType::Constrained(c)) => {
                                constrained[*c].utc_offset_seconds.is_some()
                            }
                            (RecoveryValue::Integer(_), FieldType::Integer | FieldType::Constrained(_)) => {
                                true
                            }
                            _ => false,
                        };
                        if !fits {
                            checker.err(
                                f,
                                at,
                                format!("`{path}` cannot hold the value the recovery gives it"),
                            );
                            return;
                        }
                    }
                }
            }
            set.push((ids, value));
        };
        resolve(self, "recovery.key", &raw.key, RecoveryValue::Key);
        resolve(self, "recovery.from", &raw.from, RecoveryValue::From);
        resolve(self, "recovery.to", &raw.to, RecoveryValue::To);
        for (path, value) in &raw.set {
            resolve(self, &format!("recovery.set.{path}"), path, RecoveryValue::Integer(*value));
        }
        let item = &target.response_structs[paging.item.0];
        let member = |checker: &mut Self, at: &str, wire: &str| {
            let found = item.fields.iter().position(|x| x.wire == wire);
            if found.is_none() {
                checker.err(f, at, format!("`{wire}` is not a member of {}", item.name));
            }
            found.map(FieldId)
        };
        let matches = member(self, "recovery.match", &raw.match_);
        let answer = member(self, "recovery.answer", &raw.answer);
        if let (Some(m), Some(a)) = (matches, answer) {
            if item.fields[m.0].ty != ResponseType::String {
                self.err(f, "recovery.match", "the matched member must be text, as the idempotency key is");
            }
            let answers = match (&item.fields[a.0].ty, &this.response.data) {
                (ResponseType::Constrained(x), ResponseData::Scalar(y)) => x == y,
                (ResponseType::Integer, ResponseData::Integer) => true,
                _ => false,
            };
            if !answers {
                self.err(f, "recovery.answer", "the member must have the type of the operation's answer");
            }
        }
        Some(Recovery {
            doc,
            lookup,
            set,
            window_minutes: raw.window_minutes,
            matches: matches?,
            answer: answer?,
        })
    }

    /// Objects read from the server: names, docs and field types (which may be structs of the
    /// same list, and also intents and push times).
    fn response_structs(
        &mut self,
        f: &str,
        list: &str,
        raw: &[raw::ResponseStruct],
        constrained: &[Constrained],
        enums: &[EnumType],
    ) -> Vec<ResponseStruct> {
        let names: Vec<&str> = raw.iter().map(|s| s.name.as_str()).collect();
        let scope = Scope { constrained, enums, structs: &names };
        let mut out = Vec::new();
        for (i, s) in raw.iter().enumerate() {
            let p = format!("{list}[{i}]");
            self.type_name(f, &format!("{p}.name"), &s.name);
            if constrained.iter().any(|c| c.name == s.name) || enums.iter().any(|e| e.name == s.name) {
                self.err(f, format!("{p}.name"), format!("`{}` is already a type of types.yaml", s.name));
            }
            let doc = self.doc(f, &p, &s.doc);
            let mut fields = Vec::new();
            for (j, fd) in s.fields.iter().enumerate() {
                let fp = format!("{p}.fields[{j}]");
                let fdoc = self.doc(f, &fp, &fd.doc);
                if !naming::is_ident(&fd.wire) {
                    self.err(f, format!("{fp}.wire"), format!("`{}` is not a plain JSON name", fd.wire));
                }
                if let Some(why) = naming::reserved_field(&fd.wire) {
                    self.err(f, format!("{fp}.wire"), why);
                } else if let Some(why) = naming::unusable_name(&naming::snake(&fd.wire)) {
                    self.err(
                        f,
                        format!("{fp}.wire"),
                        format!("`{}` gives the Rust field `{}`: {why}", fd.wire, naming::snake(&fd.wire)),
                    );
                }
                if fd.table.as_ref().is_some_and(|t| t.required.is_some()) {
                    self.err(f, format!("{fp}.table.required"), "response tables have no Required column");
                }
                let tp = format!("{fp}.type");
                let ty =
                    self.type_expr(f, &tp, &fd.ty).and_then(|expr| self.response_type(f, &tp, &expr, &scope));
                fields.push(ResponseField {
                    wire: fd.wire.clone(),
                    rust: naming::snake(&fd.wire),
                    ty: ty.unwrap_or(ResponseType::String),
                    doc: fdoc,
                });
            }
            self.unique(
                f,
                "field",
                s.fields.iter().enumerate().map(|(j, x)| (format!("{p}.fields[{j}].wire"), x.wire.as_str())),
            );
            out.push(ResponseStruct { name: s.name.clone(), doc, fields });
        }
        out
    }

    fn paging(
        &mut self,
        f: &str,
        pg: &raw::Paging,
        request: Option<StructId>,
        structs: &[Struct],
        data: &ResponseData,
        response_structs: &[ResponseStruct],
    ) -> Option<Paging> {
        let request = &structs[request?.0];
        let page = request.fields.iter().position(|x| x.wire == pg.page);
        match page.map(|i| &request.fields[i]) {
            Some(x)
                if matches!(x.ty, FieldType::Constrained(_) | FieldType::Integer)
                    && x.required.is_required() => {}
            _ => self.err(
                f,
                "paging.page",
                format!("`{}` is not a required integer field of {}", pg.page, request.name),
            ),
        }
        let ResponseData::Struct(answer) = data else {
            self.err(f, "paging", "a paged operation answers with a response struct");
            return None;
        };
        let answer = &response_structs[answer.0];
        let records = answer.fields.iter().position(|x| x.wire == pg.records);
        let item = match records.map(|i| &answer.fields[i].ty) {
            Some(ResponseType::List(item)) => match item.as_ref() {
                ResponseType::Struct(id) => Some(*id),
                _ => None,
            },
            _ => None,
        };
        if item.is_none() {
            self.err(
                f,
                "paging.records",
                format!("`{}` is not a list of objects in {}", pg.records, answer.name),
            );
        }
        let pages = answer.fields.iter().position(|x| x.wire == pg.pages);
        if !pages.is_some_and(|i| answer.fields[i].ty == ResponseType::Integer) {
            self.err(f, "paging.pages", format!("`{}` is not an integer field of {}", pg.pages, answer.name));
        }
        Some(Paging { page: FieldId(page?), records: FieldId(records?), item: item?, pages: FieldId(pages?) })
    }

    fn push(
        &mut self,
        f: &str,
        push: &raw::PushFile,
        constrained: &[Constrained],
        enums: &[EnumType],
    ) -> Push {
        let doc = self.doc(f, "", &push.doc);
        if !naming::is_snake(&push.name) {
            self.err(f, "name", format!("`{}` is not a snake_case push name", push.name));
        }
        let structs = self.response_structs(f, "structs", &push.structs, constrained, enums);
        let item = match TypeExpr::parse(&push.body) {
            Ok(TypeExpr::List(item)) => match *item {
                TypeExpr::Named(n) => structs.iter().position(|s| s.name == n),
                TypeExpr::List(_) => None,
            },
            _ => None,
        };
        let item = item.map(StructId).unwrap_or_else(|| {
            self.err(f, "body", format!("`{}` is not list<S> of a struct S of this file", push.body));
            StructId(0)
        });
        Push { name: push.name.clone(), doc, file: f.to_owned(), item, structs }
    }

    fn field(&mut self, f: &str, p: &str, fd: &raw::Field, scope: &Scope<'_>) -> Field {
        let doc = self.doc(f, p, &fd.doc);
        if !naming::is_ident(&fd.wire) {
            self.err(f, format!("{p}.wire"), format!("`{}` is not a plain JSON name", fd.wire));
        } else if let Some(why) = naming::unusable_name(&naming::snake(&fd.wire)) {
            self.err(
                f,
                format!("{p}.wire"),
                format!("`{}` gives the Rust field `{}`: {why}", fd.wire, naming::snake(&fd.wire)),
            );
        }
        if let Some(why) = naming::reserved_field(&fd.wire) {
            self.err(f, format!("{p}.wire"), why);
        }
        let required = fd.required;
        let from_table = fd.source == raw::Source::Table;
        if from_table && fd.table.is_none() {
            self.err(f, format!("{p}.table"), "a field from the request table needs its `table` columns");
        }
        let ty = self.field_type(f, &format!("{p}.type"), &fd.ty, scope).unwrap_or(FieldType::String);
        match (&ty, fd.items) {
            (FieldType::List { item, .. }, Some(b)) => {
                let (min, max) = self.bounds_u32(f, &format!("{p}.items"), b);
                let ty = FieldType::List { item: item.clone(), min: min.unwrap_or(0), max };
                return self.finish_field(f, p, fd, ty, required, doc, from_table, scope.constrained);
            }
            (_, Some(_)) => self.err(f, format!("{p}.items"), "`items` bounds fit list types only"),
            _ => {}
        }
        self.finish_field(f, p, fd, ty, required, doc, from_table, scope.constrained)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_field(
        &mut self,
        f: &str,
        p: &str,
        fd: &raw::Field,
        ty: FieldType,
        required: Required,
        doc: String,
        from_table: bool,
        constrained: &[Constrained],
    ) -> Field {
        let warn_over_chars = fd.warn_over_chars.and_then(|n| {
            if ty != FieldType::String {
                self.err(f, format!("{p}.warn_over_chars"), "`warn_over_chars` fits string fields only");
            }
            match u32::try_from(n) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    self.err(f, format!("{p}.warn_over_chars"), format!("{n} is not a positive length"));
                    None
                }
            }
        });
        if fd.lenient_string && !matches!(ty, FieldType::Constrained(i) if !constrained[i].kind.is_string()) {
            self.err(
                f,
                format!("{p}.lenient_string"),
                "`lenient_string` fits constrained integer fields only",
            );
        }
        if fd.fixed.is_some() && (ty != FieldType::Integer || required != Required::Yes) {
            self.err(f, format!("{p}.fixed"), "`fixed` fits required plain integer fields only");
        }
        Field {
            wire: fd.wire.clone(),
            rust: naming::snake(&fd.wire),
            ty,
            required,
            doc,
            warn_over_chars,
            lenient_string: fd.lenient_string,
            fixed: fd.fixed,
            from_table,
        }
    }

    /// The type of a request field.
    fn field_type(&mut self, f: &str, p: &str, text: &str, scope: &Scope<'_>) -> Option<FieldType> {
        let expr = self.type_expr(f, p, text)?;
        self.request_type(f, p, &expr, scope)
    }

    fn type_expr(&mut self, f: &str, p: &str, text: &str) -> Option<TypeExpr> {
        TypeExpr::parse(text).map_err(|problem| self.err(f, p, problem)).ok()
    }

    fn request_type(&mut self, f: &str, p: &str, expr: &TypeExpr, scope: &Scope<'_>) -> Option<FieldType> {
        let name = match expr {
            TypeExpr::List(inner) => {
                let item = self.request_type(f, p, inner, scope)?;
                if matches!(item, FieldType::List { .. } | FieldType::CallInformation) {
                    self.err(f, p, format!("`{inner}` cannot be a list item"));
                }
                return Some(FieldType::List { item: Box::new(item), min: 0, max: None });
            }
            TypeExpr::Named(name) => name.as_str(),
        };
        Some(match self.named_type(f, p, name, scope)? {
            Named::String => FieldType::String,
            Named::Integer => FieldType::Integer,
            Named::CallInformation => FieldType::CallInformation,
            Named::RecallIntent => FieldType::RecallIntent,
            Named::Constrained(i) => FieldType::Constrained(i),
            Named::Enum(i) => FieldType::Enum(i),
            Named::Struct(id) => FieldType::Struct(id),
            Named::Intent | Named::PushTime => {
                self.err(f, p, format!("`{name}` is a type of responses and pushes only"));
                return None;
            }
        })
    }

    fn response_type(
        &mut self,
        f: &str,
        p: &str,
        expr: &TypeExpr,
        scope: &Scope<'_>,
    ) -> Option<ResponseType> {
        let name = match expr {
            TypeExpr::List(inner) => {
                let item = self.response_type(f, p, inner, scope)?;
                if matches!(item, ResponseType::List(_)) {
                    self.err(f, p, format!("`{inner}` cannot be a list item"));
                }
                return Some(ResponseType::List(Box::new(item)));
            }
            TypeExpr::Named(name) => name.as_str(),
        };
        Some(match self.named_type(f, p, name, scope)? {
            Named::String => ResponseType::String,
            Named::Integer => ResponseType::Integer,
            Named::Intent => ResponseType::Intent,
            Named::PushTime => ResponseType::PushTime,
            Named::Constrained(i) => ResponseType::Constrained(i),
            Named::Enum(i) => ResponseType::Enum(i),
            Named::Struct(id) => ResponseType::Struct(id),
            Named::CallInformation | Named::RecallIntent => {
                self.err(f, p, "request-only type in a response");
                return None;
            }
        })
    }

    /// What a type name names: a primitive, a type of types.yaml, or a struct of the same list.
    fn named_type(&mut self, f: &str, p: &str, name: &str, scope: &Scope<'_>) -> Option<Named> {
        let Scope { constrained, enums, structs } = *scope;
        Some(match name {
            "string" => Named::String,
            "integer" => Named::Integer,
            "call_information" => Named::CallInformation,
            "recall_intent" => Named::RecallIntent,
            "intent" => Named::Intent,
            "push_time" => Named::PushTime,
            name => {
                if let Some(i) = constrained.iter().position(|c| c.name == name) {
                    Named::Constrained(i)
                } else if let Some(i) = enums.iter().position(|e| e.name == name) {
                    Named::Enum(i)
                } else if let Some(i) = structs.iter().position(|s| *s == name) {
                    Named::Struct(StructId(i))
                } else {
                    self.err(f, p, format!("unknown type `{name}` (not a primitive, a type of types.yaml, or a struct of this file)"));
                    return None;
                }
            }
        })
    }

    fn rule(
        &mut self,
        f: &str,
        i: usize,
        r: &raw::Rule,
        structs: &[Struct],
        (constrained, enums): (&[Constrained], &[EnumType]),
    ) -> Option<Rule> {
        let p = format!("rules[{i}]");
        let (id, severity, struct_name, message) = r.common();
        let warning = severity == raw::Severity::Warning;
        let Some(owner) = structs.iter().position(|s| s.name == struct_name) else {
            self.err(f, format!("{p}.struct"), format!("unknown struct `{struct_name}`"));
            return None;
        };
        let s = &structs[owner];
        let owner = StructId(owner);
        let field = |checker: &mut Self, name: &str, what: &str, wire: &str| -> Option<(FieldId, &Field)> {
            match s.fields.iter().position(|x| x.wire == wire) {
                Some(i) => Some((FieldId(i), &s.fields[i])),
                None => {
                    checker.err(
                        f,
                        format!("{p}.{name}"),
                        format!("`{wire}` is not a field of {} ({what})", s.name),
                    );
                    None
                }
            }
        };
        let (id, message) = (id.to_owned(), message.to_owned());
        match r {
            raw::Rule::RequiredWhenEquals { when, require, mode, .. } => {
                let when_field = field(self, "when.field", "condition", &when.field);
                let require = field(self, "require", "required field", require);
                let ((when_id, when_field), (require, require_field)) = (when_field?, require?);
                if let Some(mode) = mode {
                    self.type_name(f, &format!("{p}.mode"), mode);
                    let equals_a_value = match &when_field.ty {
                        FieldType::Enum(e) => {
                            enums[*e].values.iter().any(|v| v.code == EnumCode::Int(when.equals))
                        }
                        _ => false,
                    };
                    if !equals_a_value || !when_field.required.is_required() {
                        self.err(
                            f,
                            format!("{p}.mode"),
                            "a mode joins a required enum field, one of whose values is `equals`",
                        );
                    }
                    if !matches!(require_field.ty, FieldType::List { .. })
                        || require_field.required.is_required()
                    {
                        self.err(f, format!("{p}.mode"), "a mode carries an optional list field");
                    }
                }
                if !matches!(
                    when_field.ty,
                    FieldType::Enum(_) | FieldType::Integer | FieldType::Constrained(_)
                ) {
                    self.err(
                        f,
                        format!("{p}.when.field"),
                        "the condition field must be an integer or an enum",
                    );
                }
                Some(Rule::RequiredWhenEquals {
                    id,
                    warning,
                    owner,
                    when_field: when_id,
                    equals: when.equals,
                    require,
                    message,
                    mode: mode.clone(),
                })
            }
            raw::Rule::Unique { list, key, .. } => {
                let (list, list_field) = field(self, "list", "list", list)?;
                let FieldType::List { item, .. } = &list_field.ty else {
                    self.err(f, format!("{p}.list"), format!("`{}` is not a list", list_field.wire));
                    return None;
                };
                let FieldType::Struct(item) = item.as_ref() else {
                    self.err(f, format!("{p}.list"), "`unique` needs a list of objects");
                    return None;
                };
                let item_struct = &structs[item.0];
                let Some(key_id) = item_struct.fields.iter().position(|x| &x.wire == key) else {
                    self.err(
                        f,
                        format!("{p}.key"),
                        format!("`{key}` is not a field of {}", item_struct.name),
                    );
                    return None;
                };
                let key = &item_struct.fields[key_id];
                if !matches!(key.ty, FieldType::Constrained(_) | FieldType::String)
                    || !key.required.is_required()
                {
                    self.err(f, format!("{p}.key"), "the key must be a required string field");
                }
                Some(Rule::Unique { id, warning, owner, list, item: *item, key: FieldId(key_id), message })
            }
            raw::Rule::NotAfter { field: earlier, limit, .. } => {
                let first = field(self, "field", "earlier date-time", earlier);
                let limit = field(self, "limit", "later date-time", limit);
                let ((first, first_field), (limit, limit_field)) = (first?, limit?);
                for (name, x) in [("field", first_field), ("limit", limit_field)] {
                    let is_date_time = matches!(x.ty, FieldType::Constrained(i) if constrained[i].kind == ConstraintKind::DateTime);
                    if !is_date_time || !x.required.is_required() {
                        self.err(
                            f,
                            format!("{p}.{name}"),
                            format!("`{}` must be a required date-time field", x.wire),
                        );
                    }
                }
                Some(Rule::NotAfter { id, warning, owner, field: first, limit, message })
            }
        }
    }
}

/// Marks which structs depend on the scenario: directly through callInformation (one struct per
/// scenario) or recall intents, or through a nested struct that does (generic).
fn resolve_scenario_use(structs: &mut [Struct]) {
    fn direct(ty: &FieldType) -> Option<ScenarioUse> {
        match ty {
            FieldType::CallInformation => Some(ScenarioUse::PerScenario),
            FieldType::RecallIntent => Some(ScenarioUse::Generic),
            FieldType::List { item, .. } => direct(item),
            _ => None,
        }
    }
    fn nested(ty: &FieldType) -> Option<StructId> {
        match ty {
            FieldType::Struct(n) => Some(*n),
            FieldType::List { item, .. } => nested(item),
            _ => None,
        }
    }
    for s in structs.iter_mut() {
        for fd in &s.fields {
            match direct(&fd.ty) {
                Some(ScenarioUse::PerScenario) => s.scenario_use = ScenarioUse::PerScenario,
                Some(ScenarioUse::Generic) if s.scenario_use == ScenarioUse::None => {
                    s.scenario_use = ScenarioUse::Generic
                }
                _ => {}
            }
        }
    }
    // Propagate through nesting until nothing changes (the struct graph is small).
    loop {
        let mut changed = false;
        for i in 0..structs.len() {
            if structs[i].scenario_use != ScenarioUse::None {
                continue;
            }
            let depends = structs[i]
                .fields
                .iter()
                .filter_map(|fd| nested(&fd.ty))
                .any(|n| structs.get(n.0).is_some_and(|s| s.scenario_use != ScenarioUse::None));
            if depends {
                structs[i].scenario_use = ScenarioUse::Generic;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// A type as the spec writes it (`TaskName`, `list<Callee>`), parsed once; names are resolved
/// against the spec's types afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A primitive (`string`, `integer`, ...), a type of types.yaml or a struct.
    Named(String),
    /// `list<T>`.
    List(Box<TypeExpr>),
}

impl TypeExpr {
    /// Parses `text`; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("list<") {
            let Some(inner) = rest.strip_suffix('>') else {
                return Err(format!("`{text}` does not close its `list<`"));
            };
            return Ok(TypeExpr::List(Box::new(TypeExpr::parse(inner)?)));
        }
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{text}` is not a type name or `list<T>`"));
        }
        Ok(TypeExpr::Named(text.to_owned()))
    }
}

impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeExpr::Named(n) => f.write_str(n),
            TypeExpr::List(item) => write!(f, "list<{item}>"),
        }
    }
}

/// What type names can name in one file: the types of types.yaml and the file's structs (of the
/// same list: request structs, or response structs, or push structs).
#[derive(Clone, Copy)]
struct Scope<'s> {
    constrained: &'s [Constrained],
    enums: &'s [EnumType],
    structs: &'s [&'s str],
}

/// What a type name of the spec names, before it is known whether a request or an answer uses
/// it.
enum Named {
    String,
    Integer,
    CallInformation,
    RecallIntent,
    Intent,
    PushTime,
    Constrained(usize),
    Enum(usize),
    Struct(StructId),
}

/// What a quirk's `applies_to` may name.
struct Found<'a> {
    constrained: &'a [Constrained],
    enums: &'a [EnumType],
    operations: &'a [Operation],
    pushes: &'a [Push],
}

impl Found<'_> {
    /// `place`: a table, a type, an operation or push, or `<operation or push>.<Struct>[.<field>]`.
    fn quirk_place(&self, place: &str) -> Option<QuirkPlace> {
        match place {
            "status_codes" => return Some(QuirkPlace::StatusCodes),
            "intents" => return Some(QuirkPlace::Intents),
            "call_information" => return Some(QuirkPlace::CallInformation),
            _ => {}
        }
        if let Some(i) = self.constrained.iter().position(|c| c.name == place) {
            return Some(QuirkPlace::Constrained(i));
        }
        if let Some(i) = self.enums.iter().position(|e| e.name == place) {
            return Some(QuirkPlace::Enum(i));
        }
        let mut parts = place.splitn(3, '.');
        let owner = parts.next()?;
        let (st, field) = (parts.next(), parts.next());
        /// The struct named `st` among `names`, and its field `field` among its wire names.
        fn member<'n>(
            mut names: impl Iterator<Item = (&'n str, Vec<&'n str>)>,
            st: &str,
            field: Option<&str>,
        ) -> Option<(StructId, Option<FieldId>)> {
            let (id, (_, wires)) = names.by_ref().enumerate().find(|(_, (n, _))| *n == st)?;
            match field {
                None => Some((StructId(id), None)),
                Some(f) => wires.iter().position(|w| *w == f).map(|j| (StructId(id), Some(FieldId(j)))),
            }
        }
        if let Some(i) = self.operations.iter().position(|o| o.name == owner) {
            let op = &self.operations[i];
            let Some(st) = st else { return Some(QuirkPlace::Operation(i)) };
            let request = op
                .structs
                .iter()
                .map(|s| (s.name.as_str(), s.fields.iter().map(|f| f.wire.as_str()).collect()));
            if let Some((s, f)) = member(request, st, field) {
                return Some(QuirkPlace::Request(i, s, f));
            }
            let response = op
                .response_structs
                .iter()
                .map(|s| (s.name.as_str(), s.fields.iter().map(|f| f.wire.as_str()).collect()));
            return member(response, st, field).map(|(s, f)| QuirkPlace::Response(i, s, f));
        }
        let i = self.pushes.iter().position(|p| p.name == owner)?;
        let Some(st) = st else { return Some(QuirkPlace::Push(i)) };
        let structs = self.pushes[i]
            .structs
            .iter()
            .map(|s| (s.name.as_str(), s.fields.iter().map(|f| f.wire.as_str()).collect()));
        member(structs, st, field).map(|(s, f)| QuirkPlace::PushStruct(i, s, f))
    }
}

#[cfg(test)]
mod tests {
    use super::TypeExpr;

    #[test]
    fn type_expressions_parse_once_into_a_tree() {
        let list = |t| TypeExpr::List(Box::new(t));
        let named = |n: &str| TypeExpr::Named(n.to_owned());
        assert_eq!(TypeExpr::parse("TaskName"), Ok(named("TaskName")));
        assert_eq!(TypeExpr::parse(" list<Callee> "), Ok(list(named("Callee"))));
        assert_eq!(TypeExpr::parse("list<list<x>>"), Ok(list(list(named("x")))));
        assert_eq!(TypeExpr::parse("list<list<x>>").unwrap().to_string(), "list<list<x>>");
        assert!(TypeExpr::parse("list<Callee").unwrap_err().contains("does not close"));
        assert!(TypeExpr::parse("map<a,b>").unwrap_err().contains("not a type name"));
        assert!(TypeExpr::parse("").is_err());
    }
}
