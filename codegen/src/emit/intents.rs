//! `intents.rs`: the flat `Intent` enum, intent groups, and one closed recall-intent enum per
//! scenario.

use super::{doc, inner_doc, lit};
use crate::model::{Api, IntentRow, Scenario};
use crate::naming::{self, ident};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// One intent code with everything the enums need.
struct Entry<'a> {
    row: &'a IntentRow,
    /// Variant in the flat `Intent` enum.
    flat: String,
    scenario: Option<&'a Scenario>,
    /// Group, from the detailed table row of the same code.
    group: Option<&'a str>,
}

/// Every distinct intent code, in page order; a code shared by two tables takes the first
/// table's row, and its group from the detailed one.
fn entries(api: &Api) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for t in &api.intent_tables {
        let scenario = t.scenario.map(|s| api.scenario(s));
        for row in &t.intents {
            if let Some(e) = out.iter_mut().find(|e| e.row.code == row.code) {
                if e.group.is_none() {
                    e.group = row.group.as_deref();
                }
                continue;
            }
            let flat = naming::intent_variant(scenario.map(|s| s.intent_prefix.as_str()), &row.variant);
            out.push(Entry { row, flat, scenario, group: row.group.as_deref() });
        }
    }
    out
}

pub fn emit(api: &Api) -> TokenStream {
    let header = inner_doc(&format!(
        "Intent codes, from spec/intents.yaml.\n\nHow the unheaded tables of the docs were read: {}",
        api.intent_reading
    ));
    let entries = entries(api);

    let groups: Vec<&str> = {
        let mut seen = BTreeSet::new();
        entries.iter().filter_map(|e| e.group).filter(|g| seen.insert(*g)).collect()
    };
    let group_variants: Vec<_> = groups.iter().map(|g| ident(&naming::pascal(g))).collect();
    let group_names: Vec<_> = groups.iter().map(|g| lit(g)).collect();
    let group_docs: Vec<_> = groups.iter().map(|g| doc(&format!("\"Connected - {g}\" intents."))).collect();

    let variants: Vec<_> = entries.iter().map(|e| ident(&e.flat)).collect();
    let codes: Vec<_> = entries.iter().map(|e| lit(&e.row.code)).collect();
    let names: Vec<_> = entries.iter().map(|e| lit(&e.row.name)).collect();
    let docs: Vec<_> = entries
        .iter()
        .map(|e| {
            let owner = e.scenario.map_or("every scenario (general recall code)".to_owned(), |s| {
                format!("the {} scenario", s.cli)
            });
            let mut text = format!("`{}`: {}. Intent of {owner}.", e.row.code, e.row.name);
            if let Some(r) = &e.row.remarks {
                text.push_str(&format!(" {r}."));
            }
            doc(&text)
        })
        .collect();
    // Scenario, group and remarks are listed for the intents that have one; the rest fall
    // through to `None`.
    let (scenario_variants, scenario_of): (Vec<_>, Vec<_>) =
        entries.iter().filter_map(|e| Some((ident(&e.flat), ident(&e.scenario?.ty)))).unzip();
    let (grouped, group_of): (Vec<_>, Vec<_>) =
        entries.iter().filter_map(|e| Some((ident(&e.flat), ident(&naming::pascal(e.group?))))).unzip();
    let (remarked, remarks): (Vec<_>, Vec<_>) =
        entries.iter().filter_map(|e| Some((ident(&e.flat), lit(e.row.remarks.as_deref()?)))).unzip();

    let recall_enums = api.scenarios.iter().map(|s| recall_enum(api, s, &entries));

    quote! {
        #header
        use crate::ScenarioKind;
        use std::fmt;

        /// The group of a detailed intent ("Connected - Group: Detail").
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum IntentGroup {
            #( #group_docs #group_variants, )*
        }

        impl IntentGroup {
            /// The group's name as the docs print it.
            pub const fn name(self) -> &'static str {
                match self {
                    #( Self::#group_variants => #group_names, )*
                }
            }
        }

        impl fmt::Display for IntentGroup {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        /// The intent a call ended with, as a code of the intent tables. Codes the docs do not
        /// list are kept in [`Intent::Unknown`].
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Intent {
            #( #docs #variants, )*
            /// A code the docs do not list, kept as it was received.
            Unknown(String),
        }

        impl Intent {
            /// Every documented intent, in page order.
            pub const DOCUMENTED: &'static [Intent] = &[#( Self::#variants ),*];

            /// The documented intent with this code, without allocating.
            pub fn lookup(code: &str) -> Option<Self> {
                crate::codes::find(Self::DOCUMENTED, code, Self::code)
            }

            /// The intent for a code; unknown codes are kept in [`Intent::Unknown`].
            pub fn from_code(code: &str) -> Self {
                Self::lookup(code).unwrap_or_else(|| Self::Unknown(code.to_owned()))
            }

            /// The code, as sent in `recallIntent`.
            pub fn code(&self) -> &str {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Unknown(code) => code,
                }
            }

            /// The documented name (`None` for an unknown code). A code printed in two tables
            /// takes the first table's wording.
            pub const fn name(&self) -> Option<&'static str> {
                Some(match self {
                    #( Self::#variants => #names, )*
                    Self::Unknown(_) => return None,
                })
            }

            /// The documented remarks, if any.
            pub const fn remarks(&self) -> Option<&'static str> {
                match self {
                    #( Self::#remarked => Some(#remarks), )*
                    _ => None,
                }
            }

            /// The scenario whose tables list this intent; `None` for the general recall codes
            /// (valid in every scenario) and for unknown codes.
            pub const fn scenario(&self) -> Option<ScenarioKind> {
                Some(match self {
                    #( Self::#scenario_variants => ScenarioKind::#scenario_of, )*
                    _ => return None,
                })
            }

            /// The group, for intents of the detailed tables.
            pub const fn group(&self) -> Option<IntentGroup> {
                Some(match self {
                    #( Self::#grouped => IntentGroup::#group_of, )*
                    _ => return None,
                })
            }

            /// Whether the docs do not list this code.
            pub const fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        itnio_runtime::newtype::open_code_enum!(Intent, "intent");

        #( #recall_enums )*
    }
}

/// The enum of what one scenario's agent may recall by: the general codes plus the scenario's
/// own tables, and, only when asked for by name, a code no table lists (`Undocumented`).
fn recall_enum(api: &Api, s: &Scenario, entries: &[Entry<'_>]) -> TokenStream {
    let name = ident(&naming::recall_intent_enum(&s.ty));
    let tables: Vec<_> = api.tables_of(s).collect();
    let mine: Vec<&Entry<'_>> = entries
        .iter()
        .filter(|e| tables.iter().any(|t| t.intents.iter().any(|r| r.code == e.row.code)))
        .collect();
    let variants: Vec<_> = mine.iter().map(|e| ident(&e.row.variant)).collect();
    let codes: Vec<_> = mine.iter().map(|e| lit(&e.row.code)).collect();
    let docs: Vec<_> = mine.iter().map(|e| doc(&format!("`{}`: {}.", e.row.code, e.row.name))).collect();
    let n = mine.len();
    let scenario = ident(&s.ty);
    let doc = doc(&format!(
        "An intent a {} agent may recall by: the general recall codes and the intents of its own tables ({}). An intent of another scenario is a different type, so it does not compile here (the server would answer {}).",
        s.cli,
        tables.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", "),
        api.scenario_mismatch_code
    ));
    let not_allowed = lit(&format!("intent {{}} is not allowed for a {} agent", s.cli));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #docs #variants, )*
            /// A code that no intent table lists, sent as it is (quirk `undocumented_intent_codes`):
            /// validation warns that the agent may not know it, and refuses a code a table lists for
            /// another scenario (-68).
            Undocumented(crate::UndocumentedIntent),
        }

        impl #name {
            /// Every intent the tables allow.
            pub const ALL: [Self; #n] = [#( Self::#variants ),*];
            /// The scenario these intents belong to.
            pub const SCENARIO: ScenarioKind = ScenarioKind::#scenario;

            /// The code, as sent in `recallIntent`.
            pub const fn code(self) -> &'static str {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Undocumented(code) => code.code(),
                }
            }

            /// The intent the tables allow with this code.
            pub fn from_code(code: &str) -> Option<Self> {
                crate::codes::find(&Self::ALL, code, |intent| intent.code())
            }

            /// The same intent in the flat [`Intent`] enum.
            pub fn intent(self) -> Intent {
                Intent::from_code(self.code())
            }
        }

        itnio_runtime::newtype::closed_code_enum!(#name, Intent, #not_allowed);
    }
}
