//! `<operation>.rs`: one operation's typed request (checked at compile time, generic over the
//! scenario), its untyped `wire` twin (checked at run time), and the validators of both.
//!
//! One concern a file: `client` (the operation's description and `Client` methods), `typed`
//! (typed structs, scenario traits, their checks), `wire` (the untyped form and its checks),
//! `rules` (rules over several fields, lowered once and rendered for either form), `stream`
//! (`validate_json`, which checks large lists item by item). This file holds the entry point
//! and what they share.

use super::{SerdeStruct, doc, inner_doc, lit};
use crate::model::{
    Api, EnumBase, EnumCode, Field, FieldType, Operation, ResponseData, Rule, Scenario, ScenarioUse, Struct,
    StructId,
};
use crate::naming::{self, ident};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

mod client;
mod mode;
mod recovery;
mod rules;
mod stream;
mod typed;
mod wire;

/// Lists at most this long get a typed newtype built from arrays, so that going over the limit
/// does not compile.
const SMALL_LIST: u32 = 8;

/// Which scenario a typed struct is emitted for.
#[derive(Clone, Copy)]
enum Ctx<'a> {
    /// The struct does not depend on the scenario.
    Plain,
    /// Generic over `S: Scenario`.
    Generic,
    /// One concrete struct for this scenario.
    Concrete(&'a Scenario),
}

struct Gen<'a> {
    api: &'a Api,
    op: &'a Operation,
}

pub fn emit(api: &Api, op: &Operation) -> TokenStream {
    let g = Gen { api, op };
    let header = inner_doc(&format!(
        "`{} {}`: {}\n\nGenerated from spec/operations/{}.yaml.",
        op.method, op.path, op.doc, op.name
    ));
    let marker = g.marker();
    let client = g.client_methods();
    let mut typed = Vec::new();
    for st in &op.structs {
        match st.scenario_use {
            ScenarioUse::None => typed.push(g.typed_struct(st, Ctx::Plain)),
            ScenarioUse::Generic => {
                typed.push(g.typed_struct(st, Ctx::Generic));
                if g.is_request(st) {
                    typed.push(g.scenario_aliases(st));
                }
            }
            ScenarioUse::PerScenario => {
                typed.push(g.scenario_trait(st));
                for s in &api.scenarios {
                    typed.push(g.typed_struct(st, Ctx::Concrete(s)));
                }
            }
        }
    }
    let lists = g.bounded_lists();
    let modes = g.mode_enums();
    let wire_structs: Vec<_> = op.structs.iter().map(|st| g.wire_struct(st)).collect();
    let responses = super::response::structs(api, &op.response_structs);
    let from_data = g.payload_impl();
    let lenient = op.structs.iter().flat_map(|s| &s.fields).any(|f| f.lenient_string);
    let lenient_import = lenient.then(|| {
        quote!(
            use crate::lenient::IntegerOrString;
        )
    });
    let wire_module = (!op.structs.is_empty()).then(|| {
        quote! {
            /// The untyped form of this operation's request: the API's JSON as it is, every field
            /// optional, checked at run time by `validate`.
            pub mod wire {
                #lenient_import
                use crate::object::MemberValue;
                use crate::validate::{Path, Validate, Validator};
                use crate::*;
                use serde::Serialize;
                use std::collections::BTreeMap;

                #( #wire_structs )*
            }
        }
    });
    let imports = if op.structs.is_empty() {
        // The answer's `FromData` names the status type.
        match op.response.data {
            ResponseData::Struct(_) => quote!(
                use crate::StatusCode;
            ),
            _ => quote!(),
        }
    } else {
        quote! {
            use crate::validate::Validate;
            use crate::*;
            use serde::{Deserialize, Serialize};
        }
    };
    quote! {
        #header
        #imports

        #marker
        #client
        #( #typed )*
        #modes
        #( #lists )*
        #responses
        #from_data
        #wire_module
    }
}

impl<'a> Gen<'a> {
    /// The request struct, if the operation has a body.
    pub(super) fn request(&self) -> Option<&'a Struct> {
        self.op.request.map(|r| self.op.request_struct(r))
    }

    pub(super) fn is_request(&self, st: &Struct) -> bool {
        self.request().is_some_and(|r| std::ptr::eq(r, st))
    }

    pub(super) fn find(&self, id: StructId) -> &'a Struct {
        self.op.request_struct(id)
    }

    /// Whether `st` is the struct `id` (the emitters walk the structs by reference).
    pub(super) fn is(&self, st: &Struct, id: StructId) -> bool {
        std::ptr::eq(self.find(id), st)
    }

    /// A list short enough for a typed array-built newtype.
    pub(super) fn small_list(&self, ty: &FieldType) -> Option<&'a Struct> {
        match ty {
            FieldType::List { item, max: Some(max), .. } if *max <= SMALL_LIST => match item.as_ref() {
                FieldType::Struct(n) if self.find(*n).scenario_use == ScenarioUse::None => {
                    Some(self.find(*n))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Typed,
    Wire,
}

/// The doc of a field: its spec text plus where it comes from and whether it is required.
fn field_doc(f: &Field) -> String {
    let req = match f.required {
        crate::model::Required::Yes => "Required.",
        crate::model::Required::No => "Optional.",
        crate::model::Required::IfParentPresent => "Required whenever the enclosing object is sent.",
    };
    let src = if f.from_table { "" } else { " Not in the docs' request table (example only)." };
    format!("`{}`: {}\n\n{req}{src}", f.wire, f.doc)
}

/// A typed field's checks: for a required field straight on the value, for an optional one
/// when present.
/// The one-line check of a text member with a length the server truncates at, in either form
/// (`value` is an `Option<&str>` expression); `None` for any other member.
fn text_limit_line(f: &Field, value: TokenStream) -> Option<TokenStream> {
    let limit = f.warn_over_chars.filter(|_| f.ty == FieldType::String)?;
    let limit = proc_macro2::Literal::usize_unsuffixed(limit as usize);
    let wire = lit(&f.wire);
    Some(quote!(v.optional_text_limit(&path.field(#wire), #value, #limit);))
}

fn wrap_field(f: &Field, required: bool, check: TokenStream) -> TokenStream {
    let name = ident(&f.rust);
    let wire = lit(&f.wire);
    if required {
        quote! {
            {
                let p = path.field(#wire);
                let value = &self.#name;
                #check
            }
        }
    } else {
        quote! {
            if let Some(value) = &self.#name {
                let p = path.field(#wire);
                #check
            }
        }
    }
}

fn list_len(min: u32, max: Option<u32>, value: &TokenStream) -> Option<TokenStream> {
    if min == 0 && max.is_none() {
        return None;
    }
    let min = proc_macro2::Literal::usize_unsuffixed(min as usize);
    let max = match max {
        Some(m) => {
            let m = proc_macro2::Literal::usize_unsuffixed(m as usize);
            quote!(Some(#m))
        }
        None => quote!(None),
    };
    Some(quote!(v.list_len(&p, #value.len(), #min, #max);))
}
