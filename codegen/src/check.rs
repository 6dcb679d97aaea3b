//! Checks a [`RawSpec`] and resolves it into the [`Api`] model. Every mistake found is reported
//! (not only the first), each naming its file and path. One file a concern below `check/`; this
//! one holds the `Checker`, its helpers, and `api`, which runs the rest in order.

use crate::error::{SpecError, SpecErrors};
use crate::model::*;
use crate::naming;
use crate::raw::{self, RawSpec};
use std::collections::BTreeMap;

mod api_facts;
mod fields;
mod names;
mod operations;
mod quirks;
mod rules;
mod scenario_use;
mod tables;
mod types;

use fields::Scope;
pub use fields::TypeExpr;
use quirks::Found;
use scenario_use::resolve_scenario_use;

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
        if !status.codes.iter().any(|c| c.code == status.invalid_request) {
            self.err(
                &stf,
                "invalid_request",
                format!("{} is not a status code of {stf}", status.invalid_request),
            );
        }
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

        let found =
            Found { constrained: &constrained, enums: &enums, operations: &operations, pushes: &pushes };
        let quirk_places = self.quirk_places(&qf, &quirks.quirks, &found);

        let table_ids: Vec<String> = intents.tables.iter().map(|t| t.id.clone()).collect();
        Api {
            constrained,
            enums,
            operations,
            pushes,
            call_information,
            status_codes: status
                .codes
                .into_iter()
                .map(|c| StatusCode {
                    category: c
                        .category
                        .and_then(|id| status.categories.iter().position(|x| x.id == id))
                        .map(CategoryId),
                    code: c.code,
                    variant: c.variant,
                    message: c.message,
                    source: c.source,
                    retry: c.retry,
                    note: c.note,
                })
                .collect(),
            categories: status.categories,
            intent_reading: intents.reading,
            intent_tables: intents
                .tables
                .into_iter()
                .map(|t| IntentTable {
                    scenario: t
                        .scenario
                        .and_then(|id| scenarios.scenarios.iter().position(|s| s.id == id))
                        .map(ScenarioId),
                    id: t.id,
                    level: t.level,
                    header: t.header,
                    intents: t.intents,
                })
                .collect(),
            scenarios: scenarios
                .scenarios
                .into_iter()
                .map(|s| Scenario {
                    intent_tables: s
                        .intent_tables
                        .iter()
                        .filter_map(|id| table_ids.iter().position(|t| t == id).map(TableId))
                        .collect(),
                    id: s.id,
                    ty: s.ty,
                    cli: s.cli,
                    intent_prefix: s.intent_prefix,
                    doc: s.doc,
                })
                .collect(),
            scenario_mismatch_code: scenarios.mismatch_code,
            invalid_request_code: status.invalid_request,
            quirks: quirks.quirks,
            quirk_places,
            facts,
            spec_digest,
        }
    }
}
