//! `scenarios.rs`: `ScenarioKind`, the callInformation keys, each scenario's typed
//! callInformation, and the `Scenario` trait with one marker type per scenario.

use super::{doc, inner_doc, lit};
use crate::model::{Api, ScenarioUse};
use crate::naming::{self, ident};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    let header = inner_doc(
        "Agent scenarios and the callInformation keys, from spec/scenarios.yaml and spec/call_information.yaml.",
    );
    let kinds: Vec<_> = api.scenarios.iter().map(|s| ident(&s.ty)).collect();
    let kind_docs: Vec<_> = api.scenarios.iter().map(|s| doc(s.doc.as_deref().unwrap_or_default())).collect();
    let clis: Vec<_> = api.scenarios.iter().map(|s| lit(&s.cli)).collect();
    let mismatch = api.scenario_mismatch_code;
    let checks = lit(&format!("recall intents of other scenarios ({mismatch})"));
    let checks_doc = doc(
        "The checks that depend on the agent's scenario, which a validator without one does not make, in words for a summary.",
    );
    let n = api.scenarios.len();
    let unknown_scenario = lit(&format!(
        "unknown scenario `{{}}` (expected one of {})",
        api.scenarios.iter().map(|s| s.cli.as_str()).collect::<Vec<_>>().join(", ")
    ));

    // Which codes each scenario may recall by: those of its recall intent enum.
    let allowed: Vec<_> = api
        .scenarios
        .iter()
        .map(|s| {
            let recall = ident(&naming::recall_intent_enum(&s.ty));
            quote!(crate::#recall::from_code(code).is_some())
        })
        .collect();

    let keys = &api.call_information.keys;
    let key_variants: Vec<_> =
        keys.iter().map(|k| ident(&naming::call_information_key_variant(&k.key))).collect();
    let key_names: Vec<_> = keys.iter().map(|k| lit(&k.key)).collect();
    let key_vars: Vec<_> = keys.iter().map(|k| lit(&k.variable)).collect();
    let key_descs: Vec<_> = keys.iter().map(|k| lit(k.doc.as_deref().unwrap_or_default())).collect();
    let key_docs: Vec<_> = keys
        .iter()
        .map(|k| {
            doc(&format!(
                "`{}`: {} (template variable {}).",
                k.key,
                k.doc.as_deref().unwrap_or_default(),
                k.variable
            ))
        })
        .collect();
    let n_keys = keys.len();
    let required_keys: Vec<_> = api
        .scenarios
        .iter()
        .map(|s| {
            let req = keys
                .iter()
                .filter(|k| k.required_in.contains(&s.id))
                .map(|k| ident(&naming::call_information_key_variant(&k.key)));
            quote!(&[#( CallInformationKey::#req ),*])
        })
        .collect();
    let required_key_names: Vec<_> = api
        .scenarios
        .iter()
        .map(|s| {
            let req = keys.iter().filter(|k| k.required_in.contains(&s.id)).map(|k| lit(&k.key));
            quote!(&[#( #req ),*])
        })
        .collect();
    let uses_ci: Vec<_> = api.scenarios.iter().map(|s| api.scenario_uses_call_information(&s.id)).collect();
    let ci_users =
        api.scenarios.iter().filter(|s| api.scenario_uses_call_information(&s.id)).map(|s| lit(&s.cli));

    let ci_structs = api.scenarios.iter().filter(|s| api.scenario_uses_call_information(&s.id)).map(|s| {
        let name = ident(&naming::call_information_struct(&s.ty));
        let struct_doc = doc(&format!(
            "The callInformation of a callee of a {} agent. The keys the scenario requires are required fields, so a callee without one does not compile.",
            s.cli
        ));
        let names =
            super::SerdeStruct::new(keys.iter().map(|k| (k.key.as_str(), k.key.as_str(), !k.required_in.contains(&s.id))));
        let (before, after) = (names.before_derive(), names.after_derive());
        let fields = keys.iter().map(|k| {
            let f = ident(&k.key);
            let required = k.required_in.contains(&s.id);
            let fdoc = doc(&format!(
                "{} (template variable {}).{}",
                k.doc.as_deref().unwrap_or_default(),
                k.variable,
                if required { " Required in this scenario." } else { "" }
            ));
            let serde = names.field(&k.key, &k.key, None);
            match required {
                true => quote! { #fdoc #serde pub #f: String, },
                false => quote! { #fdoc #serde pub #f: Option<String>, },
            }
        });
        quote! {
            #struct_doc
            #before
            #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, bon::Builder)]
            #after
            #[builder(on(String, into))]
            pub struct #name {
                #( #fields )*
            }
        }
    });

    // Associated types of the Scenario trait: one per per-scenario struct of every operation.
    let per_scenario: Vec<_> = api
        .operations
        .iter()
        .flat_map(|op| op.structs.iter().filter(|s| s.scenario_use == ScenarioUse::PerScenario))
        .collect();
    let assoc_decls = per_scenario.iter().map(|st| {
        let assoc = ident(&st.name);
        let bound = ident(&naming::scenario_trait(&st.name));
        let d = doc(&format!("This scenario's `{}` type.", st.name));
        quote! { #d type #assoc: crate::#bound; }
    });
    let impls = api.scenarios.iter().map(|s| {
        let ty = ident(&s.ty);
        let d = doc(&format!(
            "Marker type of the {} scenario, for `AgentSendRequest<{}>` and friends.\n\n{}",
            s.cli,
            s.ty,
            s.doc.as_deref().unwrap_or_default()
        ));
        let recall = ident(&naming::recall_intent_enum(&s.ty));
        let assocs = per_scenario.iter().map(|st| {
            let assoc = ident(&st.name);
            let concrete = ident(&naming::scenario_struct(&s.ty, &st.name));
            quote! { type #assoc = crate::#concrete; }
        });
        quote! {
            #d
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            pub struct #ty;

            impl sealed::Sealed for #ty {}

            impl Scenario for #ty {
                const KIND: ScenarioKind = ScenarioKind::#ty;
                type RecallIntent = crate::#recall;
                #( #assocs )*
            }
        }
    });

    quote! {
        #header
        use serde::{Deserialize, Serialize};
        use std::fmt;

        /// The scenario an AI Agent is built for, known at run time.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ScenarioKind {
            #( #kind_docs #kinds, )*
        }

        impl ScenarioKind {
            /// Every scenario.
            pub const ALL: [Self; #n] = [#( Self::#kinds ),*];

            /// The name used on the command line (`debt-collection`, ...).
            pub const fn cli_name(self) -> &'static str {
                match self {
                    #( Self::#kinds => #clis, )*
                }
            }

            /// The scenario with this command-line name.
            pub fn from_cli_name(name: &str) -> Option<Self> {
                crate::codes::find(&Self::ALL, name, |kind| kind.cli_name())
            }

            /// Whether an agent of this scenario accepts `code` in `recallIntent` (the server
            /// answers -68 otherwise).
            pub fn allows_recall_intent(self, code: &str) -> bool {
                match self {
                    #( Self::#kinds => #allowed, )*
                }
            }

            /// The callInformation keys every callee must carry.
            pub const fn required_call_information_keys(self) -> &'static [CallInformationKey] {
                match self {
                    #( Self::#kinds => #required_keys, )*
                }
            }

            /// Whether callees of this scenario carry callInformation at all.
            pub const fn uses_call_information(self) -> bool {
                match self {
                    #( Self::#kinds => #uses_ci, )*
                }
            }
        }

        impl ScenarioKind {
            /// A validator of the docs' rules for an agent of `scenario`, or of the rules every
            /// scenario shares.
            pub fn validator(scenario: Option<ScenarioKind>) -> crate::validate::Validator {
                crate::validate::Validator::new(&DocTables, scenario.map(Self::rules))
            }

            fn rules(self) -> &'static dyn crate::validate::ScenarioRules {
                match self {
                    #( Self::#kinds => &Self::#kinds, )*
                }
            }
        }

        impl crate::validate::ScenarioRules for ScenarioKind {
            fn cli_name(&self) -> &'static str {
                ScenarioKind::cli_name(*self)
            }

            fn allows_recall_intent(&self, code: &str) -> bool {
                ScenarioKind::allows_recall_intent(*self, code)
            }

            fn uses_call_information(&self) -> bool {
                ScenarioKind::uses_call_information(*self)
            }

            fn required_call_information_keys(&self) -> &'static [&'static str] {
                match self {
                    #( Self::#kinds => #required_key_names, )*
                }
            }
        }

        /// The docs' intent and callInformation key tables, as the validator reads them.
        struct DocTables;

        impl crate::validate::Docs for DocTables {
            fn intent(&self, code: &str) -> Option<crate::validate::DocumentedIntent> {
                let intent = crate::Intent::lookup(code)?;
                Some(crate::validate::DocumentedIntent {
                    name: intent.name()?,
                    owner: intent.scenario().map(ScenarioKind::cli_name),
                })
            }

            fn is_call_information_key(&self, key: &str) -> bool {
                CallInformationKey::from_key(key).is_some()
            }

            fn scenario_mismatch_code(&self) -> i64 {
                #mismatch
            }

            fn call_information_scenarios(&self) -> &'static [&'static str] {
                &[#( #ci_users ),*]
            }
        }

        #checks_doc
        pub const SCENARIO_CHECKS: &[&str] = &[#checks, "the callInformation keys the scenario requires", "callInformation the scenario ignores"];

        impl fmt::Display for ScenarioKind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.cli_name())
            }
        }

        /// The error of parsing a [`ScenarioKind`] from an unknown name.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct UnknownScenario(pub String);

        impl fmt::Display for UnknownScenario {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, #unknown_scenario, self.0)
            }
        }

        impl std::error::Error for UnknownScenario {}

        impl std::str::FromStr for ScenarioKind {
            type Err = UnknownScenario;
            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::from_cli_name(name).ok_or_else(|| UnknownScenario(name.to_owned()))
            }
        }

        /// A key of callInformation, from the key table of the docs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum CallInformationKey {
            #( #key_docs #key_variants, )*
        }

        impl CallInformationKey {
            /// Every key, in table order.
            pub const ALL: [Self; #n_keys] = [#( Self::#key_variants ),*];

            /// The key as sent.
            pub const fn key(self) -> &'static str {
                match self {
                    #( Self::#key_variants => #key_names, )*
                }
            }

            /// The template text variable the key fills (`text1`...).
            pub const fn variable(self) -> &'static str {
                match self {
                    #( Self::#key_variants => #key_vars, )*
                }
            }

            /// What the key holds.
            pub const fn description(self) -> &'static str {
                match self {
                    #( Self::#key_variants => #key_descs, )*
                }
            }

            /// The key with this name.
            pub fn from_key(key: &str) -> Option<Self> {
                crate::codes::find(&Self::ALL, key, |k| k.key())
            }
        }

        #( #ci_structs )*

        mod sealed {
            pub trait Sealed {}
        }

        /// An agent scenario as a type. Requests are generic over it, so that a recall intent
        /// of another scenario, or a callee without a key the scenario requires, does not
        /// compile.
        pub trait Scenario: sealed::Sealed + Copy + Default + fmt::Debug + Send + Sync + 'static {
            /// The same scenario as a run-time value.
            const KIND: ScenarioKind;
            /// The intents this scenario may recall by.
            type RecallIntent: Copy + fmt::Debug + PartialEq + Eq + std::hash::Hash + Serialize + serde::de::DeserializeOwned + Into<crate::Intent> + Send + Sync + 'static;
            #( #assoc_decls )*
        }

        #( #impls )*
    }
}
