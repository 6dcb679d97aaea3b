//! The docs' tables: scenarios, intents, callInformation keys and status codes, each checked
//! against the others they name.

use super::*;

impl Checker {
    pub(super) fn scenarios(&mut self, f: &str, scenarios: &[raw::Scenario], tables: &[raw::IntentTable]) {
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

    pub(super) fn intents(&mut self, f: &str, tables: &[raw::IntentTable], scenarios: &[raw::Scenario]) {
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

    pub(super) fn call_information(
        &mut self,
        f: &str,
        ci: &raw::CallInformationFile,
        scenarios: &[raw::Scenario],
    ) {
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

    pub(super) fn status(&mut self, f: &str, s: &raw::StatusCodesFile) {
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
}
