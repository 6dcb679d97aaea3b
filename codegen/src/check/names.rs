//! One naming registry for everything the generated crate puts at its root, its `wire`
//! module and its `Client`: a name given twice, or one the runtime or the fixed generated files
//! take, is an error naming both places.

use super::*;

impl Checker {
    /// One naming registry for everything the generated crate puts at its root (every module is
    /// re-exported there) and into its `wire` module and `Client`: a name given twice, or one
    /// the runtime or the fixed generated files already use, is an error naming both places.
    pub(super) fn crate_root_names(
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
}
