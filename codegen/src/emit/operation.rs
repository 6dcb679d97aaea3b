//! `<operation>.rs`: one operation's typed request (checked at compile time, generic over the
//! scenario), its untyped `wire` twin (checked at run time), and the validators of both.

use super::{doc, inner_doc, lit};
use crate::model::{
    Api, EnumBase, Field, FieldType, Operation, ResponseData, Rule, Scenario, ScenarioUse, Struct, StructId,
};
use crate::naming::{self, ident};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
                use crate::validate::{Path, Report, Validate, Validator};
                use crate::*;
                use serde::{Deserialize, Serialize};
                use std::collections::BTreeMap;

                #( #wire_structs )*
            }
        }
    });
    let imports = if op.structs.is_empty() {
        quote!()
    } else {
        quote! {
            use crate::validate::{Path, Report, Validate, Validator};
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
        #( #lists )*
        #responses
        #from_data
        #wire_module
    }
}

impl<'a> Gen<'a> {
    fn marker(&self) -> TokenStream {
        let op = self.op;
        let name = ident(&naming::operation_type(&op.name));
        let d = doc(&format!(
            "The `{}` operation: `{} {}`.\n\n{}\n\nSuccess returns: {}",
            op.name, op.method, op.path, op.doc, op.response.doc
        ));
        let (method, path, op_name) = (lit(op.method.as_str()), lit(&op.path), lit(&op.name));
        let safe = op.safe_to_repeat;
        let duplicate = match op.duplicate_code {
            Some(code) => {
                let code = proc_macro2::Literal::i64_unsuffixed(code);
                quote!(Some(#code))
            }
            None => quote!(None),
        };
        let answer = self.data_type();
        quote! {
            #d
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct #name;

            impl #name {
                /// The HTTP method.
                pub const METHOD: &'static str = #method;
                /// The path below the base URL.
                pub const PATH: &'static str = #path;
            }

            impl crate::client::Operation for #name {
                type Answer = #answer;
                const INFO: crate::client::OperationInfo = crate::client::OperationInfo {
                    name: #op_name,
                    method: #method,
                    path: #path,
                    safe_to_repeat: #safe,
                    duplicate_code: #duplicate,
                };
            }
        }
    }

    /// `type DebtCollectionAgentSendRequest = AgentSendRequest<DebtCollection>;` and so on.
    fn scenario_aliases(&self, st: &Struct) -> TokenStream {
        let base = ident(&st.name);
        let aliases = self.api.scenarios.iter().map(|s| {
            let alias = ident(&naming::scenario_struct(&s.ty, &st.name));
            let ty = ident(&s.ty);
            let d = doc(&format!("[`{}`] for an agent of the {} scenario.", st.name, s.cli));
            quote! { #d pub type #alias = #base<#ty>; }
        });
        quote!(#( #aliases )*)
    }

    /// `Client::<op>` (typed) and `Client::<op>_wire` (untyped): thin wrappers over
    /// `Client::call`, which validates, logs warnings, sends under the retry policy and decodes;
    /// for a request without a body, one method that sends at once.
    fn client_methods(&self) -> TokenStream {
        let op = self.op;
        let marker = ident(&naming::operation_type(&op.name));
        let typed_fn = ident(&naming::client_method(&op.name));
        let data = self.data_type();
        let key = match (op.request, op.idempotency_key) {
            (Some(r), Some(k)) => Some(op.request_struct(r).field(k)),
            _ => None,
        };
        let retry_note = match (key, op.safe_to_repeat) {
            (Some(key), _) => format!("Retries follow the crate's policy; `{}` is the idempotency key.", key.wire),
            (None, true) => "Retries follow the crate's policy; the call may be repeated safely, so an attempt whose outcome is unknown is retried too.".to_owned(),
            (None, false) => "Retries follow the crate's policy; an attempt whose outcome is unknown is not retried.".to_owned(),
        };
        let Some(st) = self.request() else {
            let d = doc(&format!(
                "`{} {}`: {}\n\nReturns: {}\n\n{retry_note}",
                op.method, op.path, op.doc, op.response.doc
            ));
            return quote! {
                impl crate::Client {
                    #d
                    pub async fn #typed_fn(&self) -> Result<#data, crate::Error> {
                        self.call::<#marker, _>(crate::Report::default(), None::<&()>, None).await
                    }
                }
            };
        };
        let wire_fn = ident(&naming::client_wire_method(&op.name));
        let request = ident(&st.name);
        let (typed_key, wire_key) = match key {
            Some(f) => {
                let n = ident(&f.rust);
                (quote!(Some(request.#n.as_str())), quote!(request.#n.as_deref()))
            }
            None => (quote!(None), quote!(None)),
        };
        let (generics, typed_ty) = match st.scenario_use {
            ScenarioUse::None => (quote!(), quote!(#request)),
            _ => (quote!(<S: Scenario>), quote!(#request<S>)),
        };
        let typed_doc = doc(&format!(
            "`{} {}`: {}\n\nValidates the request first: an invalid one is never sent ([`crate::Error::Invalid`]). Returns: {}\n\n{retry_note}",
            op.method, op.path, op.doc, op.response.doc
        ));
        let scenario_dependent = op.structs.iter().any(|s| s.scenario_use != ScenarioUse::None);
        let wire_doc = doc(&if scenario_dependent {
            format!(
                "Like [`Client::{}`] for the untyped form: validated against `scenario` (or the rules of every scenario) before anything is sent.",
                naming::client_method(&op.name)
            )
        } else {
            format!(
                "Like [`Client::{}`] for the untyped form: validated before anything is sent.",
                naming::client_method(&op.name)
            )
        });
        let (scenario_param, scenario_arg) = if scenario_dependent {
            (quote!(scenario: Option<ScenarioKind>,), quote!(scenario))
        } else {
            (quote!(), quote!(None))
        };
        let all_pages = self.all_pages(st, &generics, &typed_ty);
        quote! {
            impl crate::Client {
                #typed_doc
                pub async fn #typed_fn #generics(&self, request: &#typed_ty) -> Result<#data, crate::Error> {
                    self.call::<#marker, _>(request.validate(), Some(request), #typed_key).await
                }

                #wire_doc
                pub async fn #wire_fn(
                    &self,
                    request: &wire::#request,
                    #scenario_param
                ) -> Result<#data, crate::Error> {
                    self.call::<#marker, _>(request.validate(#scenario_arg), Some(request), #wire_key).await
                }

                #all_pages
            }
        }
    }

    /// The Rust type of a success's payload.
    fn data_type(&self) -> TokenStream {
        match &self.op.response.data {
            ResponseData::None => quote!(()),
            ResponseData::Integer => quote!(i64),
            ResponseData::Scalar(i) => {
                let n = ident(&self.api.constrained[*i].name);
                quote!(#n)
            }
            ResponseData::Struct(id) => {
                let n = ident(&self.op.response_struct(*id).name);
                quote!(#n)
            }
        }
    }

    /// `impl FromData` for the payload struct: read from `data` or from the body itself.
    fn payload_impl(&self) -> TokenStream {
        let ResponseData::Struct(id) = self.op.response.data else { return quote!() };
        let n = ident(&self.op.response_struct(id).name);
        let read = match self.op.response.placement {
            crate::model::Placement::Data => quote!(crate::client::payload_from_data(envelope)),
            crate::model::Placement::Body => quote!(crate::client::payload_from_body(envelope)),
        };
        let d = doc(&format!(
            "Reads the payload of a `{}` success{}.",
            self.op.name,
            match self.op.response.placement {
                crate::model::Placement::Data => " from `data`",
                crate::model::Placement::Body => " from the body, where it sits beside the code",
            }
        ));
        quote! {
            impl crate::client::FromData<crate::StatusCode> for #n {
                #d
                fn from_data(envelope: crate::envelope::Envelope<crate::StatusCode>) -> Result<Self, crate::Error> {
                    #read
                }
            }
        }
    }

    /// `Client::<op>_all_pages` for a paged operation: every page from the request's on.
    fn all_pages(&self, st: &Struct, generics: &TokenStream, typed_ty: &TokenStream) -> TokenStream {
        let Some(paging) = &self.op.paging else { return quote!() };
        let ResponseData::Struct(answer) = self.op.response.data else { return quote!() };
        let answer = self.op.response_struct(answer);
        let item = ident(&self.op.response_struct(paging.item).name);
        let (records, pages) = (answer.field(paging.records), answer.field(paging.pages));
        let (records, pages_wire, pages) = (ident(&records.rust), &pages.wire, ident(&pages.rust));
        let page_field = st.field(paging.page);
        let page_name = ident(&page_field.rust);
        let (get, set) = match &page_field.ty {
            FieldType::Constrained(i) => {
                let t = ident(&self.api.constrained[*i].name);
                (
                    quote!(request.#page_name.get()),
                    quote!(#t::new(next).map_err(|e| crate::Error::Config(format!("page {next}: {e}")))?),
                )
            }
            _ => (quote!(request.#page_name), quote!(next)),
        };
        let method = ident(&format!("{}_all_pages", naming::client_method(&self.op.name)));
        let single = ident(&naming::client_method(&self.op.name));
        let d = doc(&format!(
            "Every record of [`Client::{single}`], page after page from the request's `{}` on, until a page is empty or the last page (`{}`) is read; at most [`MAX_PAGES`](crate::client::MAX_PAGES) pages.",
            page_field.wire, pages_wire
        ));
        quote! {
            #d
            pub async fn #method #generics(&self, request: &#typed_ty) -> Result<Vec<#item>, crate::Error> {
                let mut request = request.clone();
                let mut out = Vec::new();
                for _ in 0..crate::client::MAX_PAGES {
                    let page = self.#single(&request).await?;
                    let records = page.#records.unwrap_or_default();
                    let done = records.is_empty() || #get >= page.#pages.unwrap_or(0);
                    out.extend(records);
                    if done {
                        break;
                    }
                    let next = #get + 1;
                    request.#page_name = #set;
                }
                Ok(out)
            }
        }
    }

    /// The request struct, if the operation has a body.
    fn request(&self) -> Option<&'a Struct> {
        self.op.request.map(|r| self.op.request_struct(r))
    }

    fn is_request(&self, st: &Struct) -> bool {
        self.request().is_some_and(|r| std::ptr::eq(r, st))
    }

    fn find(&self, id: StructId) -> &'a Struct {
        self.op.request_struct(id)
    }

    /// Whether `st` is the struct `id` (the emitters walk the structs by reference).
    fn is(&self, st: &Struct, id: StructId) -> bool {
        std::ptr::eq(self.find(id), st)
    }

    /// A list short enough for a typed array-built newtype.
    fn small_list(&self, ty: &FieldType) -> Option<&'a Struct> {
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

    fn typed_type(&self, ty: &FieldType, ctx: Ctx<'_>) -> TokenStream {
        match ty {
            FieldType::String => quote!(String),
            FieldType::Integer => quote!(i64),
            FieldType::Constrained(i) => {
                let n = ident(&self.api.constrained[*i].name);
                quote!(#n)
            }
            FieldType::Enum(i) => {
                let n = ident(&self.api.enums[*i].name);
                quote!(#n)
            }
            FieldType::Struct(id) => {
                let st = self.find(*id);
                let name = &st.name;
                let n = ident(name);
                match (st.scenario_use, ctx) {
                    (ScenarioUse::None, _) => quote!(#n),
                    (ScenarioUse::Generic, Ctx::Concrete(s)) => {
                        let s = ident(&s.ty);
                        quote!(#n<#s>)
                    }
                    (ScenarioUse::Generic, _) => quote!(#n<S>),
                    (ScenarioUse::PerScenario, Ctx::Concrete(s)) => {
                        let c = ident(&naming::scenario_struct(&s.ty, name));
                        quote!(#c)
                    }
                    (ScenarioUse::PerScenario, _) => quote!(S::#n),
                }
            }
            FieldType::List { item, .. } => match self.small_list(ty) {
                Some(st) => {
                    let n = ident(&naming::bounded_list(&st.name));
                    quote!(#n)
                }
                None => {
                    let item = self.typed_type(item, ctx);
                    quote!(Vec<#item>)
                }
            },
            FieldType::CallInformation => match ctx {
                Ctx::Concrete(s) => {
                    let n = ident(&naming::call_information_struct(&s.ty));
                    quote!(#n)
                }
                // `check` makes a struct with callInformation one struct per scenario, so the
                // field is only ever emitted for a concrete scenario.
                _ => quote!(compile_error!("callInformation outside a per-scenario struct")),
            },
            FieldType::RecallIntent => match ctx {
                Ctx::Concrete(s) => {
                    let n = ident(&naming::recall_intent_enum(&s.ty));
                    quote!(#n)
                }
                _ => quote!(S::RecallIntent),
            },
        }
    }

    /// Whether the typed struct for `ctx` has this field, and whether it is required there.
    fn typed_presence(&self, f: &Field, ctx: Ctx<'_>) -> Option<bool> {
        match (&f.ty, ctx) {
            (FieldType::CallInformation, Ctx::Concrete(s)) => {
                if !self.api.scenario_uses_call_information(&s.id) {
                    return None;
                }
                Some(self.api.call_information.keys.iter().any(|k| k.required_in.contains(&s.id)))
            }
            _ => Some(f.required.is_required()),
        }
    }

    fn typed_name(&self, st: &Struct, ctx: Ctx<'_>) -> (TokenStream, TokenStream) {
        match ctx {
            Ctx::Plain => {
                let n = ident(&st.name);
                (quote!(#n), quote!(#n))
            }
            Ctx::Generic => {
                let n = ident(&st.name);
                (quote!(#n<S: Scenario>), quote!(#n<S>))
            }
            Ctx::Concrete(s) => {
                let n = ident(&naming::scenario_struct(&s.ty, &st.name));
                (quote!(#n), quote!(#n))
            }
        }
    }

    fn typed_struct(&self, st: &Struct, ctx: Ctx<'_>) -> TokenStream {
        let (decl, used) = self.typed_name(st, ctx);
        let struct_doc = match ctx {
            Ctx::Plain => doc(&st.doc),
            Ctx::Generic => doc(&format!(
                "{}\n\nGeneric over the agent's scenario `S` ([`DebtCollection`], [`EmergencyContact`], [`Marketing`]), which fixes the recall intents and callee type that compile. Build it with `::builder()`: a missing required field does not compile.",
                st.doc
            )),
            Ctx::Concrete(s) => doc(&format!(
                "{}\n\nThe {} scenario's form: build it with `::builder()`; a missing required field does not compile.",
                st.doc, s.cli
            )),
        };
        let mut fields = Vec::new();
        let mut checks = Vec::new();
        for f in &st.fields {
            let Some(required) = self.typed_presence(f, ctx) else { continue };
            let name = ident(&f.rust);
            let wire = lit(&f.wire);
            if let Some(value) = f.fixed {
                let value = proc_macro2::Literal::i64_unsuffixed(value);
                let fdoc = doc(&field_doc(f));
                fields.push(quote! {
                    #fdoc
                    #[serde(rename = #wire)]
                    #[builder(skip)]
                    pub #name: crate::Fixed<#value>,
                });
                continue;
            }
            let ty = self.typed_type(&f.ty, ctx);
            let fdoc = doc(&field_doc(f));
            let mut serde_args = vec![quote!(rename = #wire)];
            if !required {
                serde_args.push(quote!(default));
                serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
            }
            if f.lenient_string {
                let helper = if required {
                    "crate::lenient::integer_or_string::deserialize"
                } else {
                    "crate::lenient::integer_or_string::deserialize_option"
                };
                serde_args.push(quote!(deserialize_with = #helper));
            }
            let builder = if f.ty == FieldType::String || self.small_list(&f.ty).is_some() {
                quote!(#[builder(into)])
            } else {
                quote!()
            };
            let full_ty = if required { ty } else { quote!(Option<#ty>) };
            fields.push(quote! {
                #fdoc
                #[serde(#( #serde_args ),*)]
                #builder
                pub #name: #full_ty,
            });
            if let Some(check) = self.typed_check(f, &f.ty, quote!(value)) {
                checks.push(wrap_field(f, required, check));
            }
        }
        checks.extend(self.unique_rules(st, Form::Typed));
        checks.extend(self.conditional_rules(st, Form::Typed, ctx));
        let generic_attrs = match ctx {
            Ctx::Generic => quote!(#[serde(bound(serialize = "", deserialize = ""))]),
            _ => quote!(),
        };
        let impl_head = match ctx {
            Ctx::Generic => quote!(impl<S: Scenario>),
            _ => quote!(impl),
        };
        let body = if checks.is_empty() { quote!(let _ = (path, v);) } else { quote!(#( #checks )*) };
        let entry = if self.is_request(st) {
            let kind = match ctx {
                Ctx::Generic => quote!(Some(S::KIND)),
                Ctx::Concrete(s) => {
                    let t = ident(&s.ty);
                    quote!(Some(ScenarioKind::#t))
                }
                Ctx::Plain => quote!(None),
            };
            quote! {
                #impl_head #used {
                    /// Checks what the types cannot: list sizes, rules over several fields, and
                    /// what the server would silently change (warnings).
                    pub fn validate(&self) -> Report {
                        let mut v = ScenarioKind::validator(#kind);
                        self.validate_at(&Path::Root, &mut v);
                        v.finish()
                    }
                }
            }
        } else {
            quote!()
        };
        let scenario_impl = match ctx {
            Ctx::Concrete(_) => self.scenario_trait_impl(st, &used),
            _ => quote!(),
        };
        quote! {
            #struct_doc
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bon::Builder)]
            #generic_attrs
            pub struct #decl {
                #( #fields )*
            }

            #entry

            #impl_head Validate for #used {
                fn validate_at(&self, path: &Path<'_>, v: &mut Validator) {
                    #body
                }
            }

            #scenario_impl
        }
    }

    /// Fields every scenario's form of a per-scenario struct shares (not callInformation).
    fn shared_fields<'s>(&self, st: &'s Struct) -> impl Iterator<Item = &'s Field> {
        st.fields.iter().filter(|f| {
            !matches!(
                f.ty,
                FieldType::CallInformation
                    | FieldType::RecallIntent
                    | FieldType::Struct(_)
                    | FieldType::List { .. }
            )
        })
    }

    fn getter_type(&self, f: &Field) -> (TokenStream, TokenStream) {
        let name = ident(&f.rust);
        let ty = self.typed_type(&f.ty, Ctx::Plain);
        match (f.required.is_required(), &f.ty) {
            (true, FieldType::String) => (quote!(&str), quote!(&self.#name)),
            (true, _) => (quote!(&#ty), quote!(&self.#name)),
            (false, FieldType::String) => (quote!(Option<&str>), quote!(self.#name.as_deref())),
            (false, _) => (quote!(Option<&#ty>), quote!(self.#name.as_ref())),
        }
    }

    fn scenario_trait(&self, st: &Struct) -> TokenStream {
        let name = ident(&naming::scenario_trait(&st.name));
        let d = doc(&format!(
            "What every scenario's form of `{}` provides; `Scenario::{}` is one of them.",
            st.name, st.name
        ));
        let methods = self.shared_fields(st).map(|f| {
            let m = ident(&f.rust);
            let (ty, _) = self.getter_type(f);
            let d = doc(&format!("The `{}` field.", f.wire));
            quote! { #d fn #m(&self) -> #ty; }
        });
        quote! {
            #d
            pub trait #name: Validate + Serialize + serde::de::DeserializeOwned + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static {
                #( #methods )*
            }
        }
    }

    fn scenario_trait_impl(&self, st: &Struct, used: &TokenStream) -> TokenStream {
        let name = ident(&naming::scenario_trait(&st.name));
        let methods = self.shared_fields(st).map(|f| {
            let m = ident(&f.rust);
            let (ty, body) = self.getter_type(f);
            quote! { fn #m(&self) -> #ty { #body } }
        });
        quote! {
            impl #name for #used {
                #( #methods )*
            }
        }
    }

    /// Run-time checks a typed value still needs, for a value expression `value` (a reference).
    fn typed_check(&self, f: &Field, ty: &FieldType, value: TokenStream) -> Option<TokenStream> {
        match ty {
            FieldType::String => Self::text_check(f, value),
            FieldType::Struct(_) => Some(quote!(Validate::validate_at(#value, &p, v);)),
            FieldType::List { item, min, max } => {
                if self.small_list(ty).is_some() {
                    return None;
                }
                let len = list_len(*min, *max, &value);
                let inner = self.typed_check(f, item, quote!(value));
                let each = inner.map(|c| {
                    quote! {
                        for (i, value) in #value.iter().enumerate() {
                            let p = p.index(i);
                            #c
                        }
                    }
                });
                if len.is_none() && each.is_none() {
                    return None;
                }
                Some(quote!(#len #each))
            }
            _ => None,
        }
    }

    fn text_check(f: &Field, value: TokenStream) -> Option<TokenStream> {
        f.warn_over_chars.map(|n| {
            let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
            quote!(v.text_limit(&p, #value, #n);)
        })
    }

    /// The `unique` rules on the list field `list` of `st`: (key field, message, severity).
    fn unique_rules_of(&self, st: &Struct, list: &Field) -> Vec<(&'a Field, TokenStream, String)> {
        let mut out = Vec::new();
        for rule in &self.op.rules {
            let Rule::Unique { owner, list: l, item, key, message, warning, .. } = rule else { continue };
            if !self.is(st, *owner) || !std::ptr::eq(st.field(*l), list) {
                continue;
            }
            let kf = self.find(*item).field(*key);
            let severity = if *warning {
                quote!(crate::validate::Severity::Warning)
            } else {
                quote!(crate::validate::Severity::Error)
            };
            out.push((kf, severity, message.clone()));
        }
        out
    }

    /// The checks of `unique` rules on lists of `st`: one pass per list over its items.
    fn unique_rules(&self, st: &Struct, form: Form) -> Vec<TokenStream> {
        let mut out = Vec::new();
        for lf in &st.fields {
            let FieldType::List { item, .. } = &lf.ty else { continue };
            let FieldType::Struct(item) = item.as_ref() else { continue };
            let item_st = self.find(*item);
            let rules = self.unique_rules_of(st, lf);
            if rules.is_empty() {
                continue;
            }
            let list_name = ident(&lf.rust);
            let list_wire = lit(&lf.wire);
            let list_expr = match (form, lf.required.is_required()) {
                (Form::Typed, true) => quote!(Some(&self.#list_name)),
                _ => quote!(self.#list_name.as_ref()),
            };
            let mut setup = Vec::new();
            let mut per_item = Vec::new();
            for (kf, severity, message) in rules {
                let key_name = ident(&kf.rust);
                let key_wire = lit(&kf.wire);
                let seen = format_ident!("seen_{}", kf.rust);
                setup.push(
                    quote!(let mut #seen = crate::validate::Repeats::<&str>::with_capacity(items.len());),
                );
                let check = quote!(#seen.check(v, &list, i, #key_wire, key, #severity, #message););
                per_item.push(match (form, item_st.scenario_use) {
                    (Form::Wire, _) => quote! {
                        if let Some(key) = item.#key_name.as_deref() {
                            #check
                        }
                    },
                    (Form::Typed, ScenarioUse::PerScenario) => {
                        let tr = ident(&naming::scenario_trait(&item_st.name));
                        quote! {
                            let key = #tr::#key_name(item).as_str();
                            #check
                        }
                    }
                    (Form::Typed, _) => quote! {
                        let key = item.#key_name.as_str();
                        #check
                    },
                });
            }
            out.push(quote! {
                if let Some(items) = #list_expr {
                    let list = path.field(#list_wire);
                    #( #setup )*
                    for (i, item) in items.iter().enumerate() {
                        #( #per_item )*
                    }
                }
            });
        }
        out
    }

    /// Lists of the request read item by item by `validate_json`: lists of objects longer than
    /// [`SMALL_LIST`], directly in the request.
    fn streamed_lists(&self) -> Vec<(&'a Field, &'a Struct)> {
        let Some(st) = self.request() else { return Vec::new() };
        st.fields
            .iter()
            .filter_map(|f| match &f.ty {
                FieldType::List { item, max, .. } if max.is_none_or(|m| m > SMALL_LIST) => {
                    match item.as_ref() {
                        FieldType::Struct(n) => Some((f, self.find(*n))),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect()
    }

    /// `validate_json`: parses and checks the request in one pass, checking each item of the big
    /// lists as it is read and then dropping it, so memory stays near the size of the input.
    fn streaming(&self) -> TokenStream {
        let Some(st) = self.request() else { return quote!() };
        if self.streamed_lists().is_empty() {
            return quote!();
        }
        let name = ident(&st.name);
        quote! {
            impl #name {
                /// Parses and validates the API's JSON in one pass, as [`Self::from_json`] then
                /// [`Self::validate`] would, but checks each item of the large lists as it is read
                /// and keeps none of them: memory stays near the size of `bytes`. Use it to check
                /// files that are not sent.
                pub fn validate_json(bytes: &[u8], scenario: Option<ScenarioKind>) -> Result<Report, crate::validate::ParseError> {
                    let mut v = ScenarioKind::validator(scenario);
                    // On a parse error the document is read again into a second validator, to
                    // find where it fails; what either recorded is dropped.
                    let mut retry = ScenarioKind::validator(scenario);
                    let rest: #name = crate::validate::from_json_slice_seed(
                        bytes,
                        crate::object::Streaming::new(&mut v),
                        crate::object::Streaming::new(&mut retry),
                    )?;
                    rest.validate_at(&Path::Root, &mut v);
                    Ok(v.finish())
                }
            }
        }
    }

    /// `WireObject::stream_member` of the request: its large lists are read item by item, each
    /// item validated (and its `unique` keys recorded) and dropped.
    fn stream_member(&self, st: &Struct) -> TokenStream {
        if !self.is_request(st) {
            return quote!();
        }
        let lists = self.streamed_lists();
        if lists.is_empty() {
            return quote!();
        }
        let arms = lists.iter().map(|(lf, item)| {
            let index = st.fields.iter().position(|f| f.wire == lf.wire).unwrap_or_default();
            let wire = lit(&lf.wire);
            let item_ty = ident(&item.name);
            let mut setup = Vec::new();
            let mut per_item = Vec::new();
            for (kf, severity, message) in self.unique_rules_of(st, lf) {
                let key_name = ident(&kf.rust);
                let key_wire = lit(&kf.wire);
                let seen = format_ident!("seen_{}", kf.rust);
                setup.push(quote!(let mut #seen = crate::validate::Repeats::<String>::with_capacity(0);));
                per_item.push(quote! {
                    if let Some(key) = item.#key_name.take() {
                        #seen.check(v, &list, i, #key_wire, key, #severity, #message);
                    }
                });
            }
            quote! {
                #index => {
                    let root = Path::Root;
                    let list = root.field(#wire);
                    #( #setup )*
                    #[allow(unused_mut)]
                    let len = crate::object::stream_list(value, |mut item: #item_ty, i| {
                        Validate::validate_at(&item, &list.index(i), v);
                        #( #per_item )*
                    })?;
                    v.note_streamed(#wire, len);
                    Ok(())
                }
            }
        });
        quote! {
            fn stream_member<'de, D: serde::Deserializer<'de>>(
                &mut self,
                index: usize,
                value: D,
                v: &mut Validator,
            ) -> Result<(), D::Error> {
                match index {
                    #( #arms )*
                    _ => self.read_member(index, value),
                }
            }
        }
    }

    fn conditional_rules(&self, st: &Struct, form: Form, ctx: Ctx<'_>) -> Vec<TokenStream> {
        let mut out = Vec::new();
        for rule in &self.op.rules {
            if !self.is(st, rule.owner()) {
                continue;
            }
            if let Rule::NotAfter { field, limit, message, warning, .. } = rule {
                let (ff, lf) = (st.field(*field), st.field(*limit));
                let (a, b) = (ident(&ff.rust), ident(&lf.rust));
                let report = if *warning { quote!(warning) } else { quote!(error) };
                let fw = lit(&ff.wire);
                // The format sorts as text; in the untyped form, only valid values are compared
                // (invalid ones are reported on their own).
                out.push(match form {
                    Form::Typed => quote! {
                        if self.#a.as_str() > self.#b.as_str() {
                            v.#report(&path.field(#fw), #message);
                        }
                    },
                    Form::Wire => quote! {
                        if let (Some(a), Some(b)) = (&self.#a, &self.#b)
                            && crate::constraint::date_time(a).is_ok()
                            && crate::constraint::date_time(b).is_ok()
                            && a > b
                        {
                            v.#report(&path.field(#fw), #message);
                        }
                    },
                });
                continue;
            }
            let Rule::RequiredWhenEquals { when_field, equals, require, message, warning, .. } = rule else {
                continue;
            };
            let (wf, rf) = (st.field(*when_field), st.field(*require));
            let (wn, rn) = (ident(&wf.rust), ident(&rf.rust));
            let to_int = match &wf.ty {
                FieldType::Enum(_) => quote!(.code()),
                FieldType::Constrained(_) => quote!(.get()),
                _ => quote!(),
            };
            let cond = match (form, self.typed_presence(wf, ctx)) {
                (Form::Typed, Some(true)) => quote!(self.#wn #to_int == #equals),
                (Form::Typed, _) => quote!(self.#wn.map(|x| x #to_int) == Some(#equals)),
                (Form::Wire, _) => quote!(self.#wn == Some(#equals)),
            };
            let is_list = matches!(rf.ty, FieldType::List { .. });
            let missing = match (form, self.typed_presence(rf, ctx), is_list) {
                (Form::Typed, Some(true), true) => quote!(self.#rn.is_empty()),
                (Form::Typed, Some(true), false) => quote!(false),
                (_, _, true) => quote!(self.#rn.as_ref().is_none_or(|x| x.is_empty())),
                (_, _, false) => quote!(self.#rn.is_none()),
            };
            let report = if *warning { quote!(warning) } else { quote!(error) };
            let rw = lit(&rf.wire);
            out.push(quote! {
                if #cond && #missing {
                    v.#report(&path.field(#rw), #message);
                }
            });
        }
        out
    }

    fn bounded_lists(&self) -> Vec<TokenStream> {
        let mut out = Vec::new();
        let mut done = Vec::new();
        for st in &self.op.structs {
            for f in &st.fields {
                let (Some(item), FieldType::List { min, max: Some(max), .. }) =
                    (self.small_list(&f.ty), &f.ty)
                else {
                    continue;
                };
                if done.contains(&item.name) {
                    continue;
                }
                done.push(item.name.clone());
                out.push(bounded_list(&item.name, *min, *max));
            }
        }
        out
    }

    fn wire_type(&self, ty: &FieldType, lenient: bool) -> TokenStream {
        match ty {
            FieldType::String | FieldType::RecallIntent => quote!(String),
            FieldType::Enum(i) if self.api.enums[*i].base == EnumBase::String => quote!(String),
            FieldType::Integer | FieldType::Enum(_) => quote!(i64),
            FieldType::Constrained(_) if lenient => quote!(IntegerOrString),
            FieldType::Constrained(i) if self.api.constrained[*i].kind.is_string() => quote!(String),
            FieldType::Constrained(_) => quote!(i64),
            FieldType::Struct(id) => {
                let n = ident(&self.find(*id).name);
                quote!(#n)
            }
            FieldType::List { item, .. } => {
                let item = self.wire_type(item, lenient);
                quote!(Vec<#item>)
            }
            FieldType::CallInformation => quote!(BTreeMap<String, String>),
        }
    }

    /// Run-time checks of an untyped value `value` (a reference) at path `p`.
    fn wire_check(&self, f: &Field, ty: &FieldType, value: TokenStream) -> Option<TokenStream> {
        match ty {
            FieldType::String => Self::text_check(f, value),
            FieldType::Integer | FieldType::CallInformation => None,
            FieldType::RecallIntent => Some(quote!(v.recall_intent(&p, #value);)),
            FieldType::Constrained(i) => {
                let n = ident(&self.api.constrained[*i].name);
                if f.lenient_string {
                    Some(quote! {
                        match #value.as_integer() {
                            Some(n) => v.constraint(&p, #n::check(n)),
                            None => v.error(&p, "must be an integer (a number or a string of digits)"),
                        }
                    })
                } else if self.api.constrained[*i].kind.is_string() {
                    Some(quote!(v.constraint(&p, #n::check(#value));))
                } else {
                    Some(quote!(v.constraint(&p, #n::check(*#value));))
                }
            }
            FieldType::Enum(i) => {
                let n = ident(&self.api.enums[*i].name);
                let code = match self.api.enums[*i].base {
                    EnumBase::Integer => quote!(*#value),
                    EnumBase::String => quote!(#value.as_str()),
                };
                Some(quote! {
                    if #n::from_code(#code).is_none() {
                        v.error(&p, #n::EXPECTED);
                    }
                })
            }
            FieldType::Struct(_) => Some(quote!(Validate::validate_at(#value, &p, v);)),
            FieldType::List { item, min, max } => {
                let len = list_len(*min, *max, &value);
                let each = self.wire_check(f, item, quote!(value)).map(|c| {
                    quote! {
                        for (i, value) in #value.iter().enumerate() {
                            let p = p.index(i);
                            #c
                        }
                    }
                });
                Some(quote!(#len #each))
            }
        }
    }

    fn wire_struct(&self, st: &Struct) -> TokenStream {
        let name = ident(&st.name);
        let d = doc(&format!(
            "{}\n\nUntyped form: every field is optional and holds what the JSON holds; `validate` reports every violation with its JSON Pointer.",
            st.doc
        ));
        let mut fields = Vec::new();
        let mut checks = Vec::new();
        for f in &st.fields {
            let fname = ident(&f.rust);
            let wire = lit(&f.wire);
            let ty = self.wire_type(&f.ty, f.lenient_string);
            let fdoc = doc(&field_doc(f));
            fields.push(quote! {
                #fdoc
                #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
                pub #fname: Option<#ty>,
            });
            if f.ty == FieldType::CallInformation {
                checks.push(quote! {
                    {
                        let p = path.field(#wire);
                        v.call_information(&p, self.#fname.as_ref());
                    }
                });
                continue;
            }
            let check = match f.fixed {
                Some(n) => Some(quote! {
                    if *value != #n {
                        v.error(&p, format_args!("must be {}, not {value}", #n));
                    }
                }),
                None => self.wire_check(f, &f.ty, quote!(value)),
            };
            let streamed = self.is_request(st) && self.streamed_lists().iter().any(|(l, _)| l.wire == f.wire);
            let missing = match (&f.ty, streamed, f.required.is_required()) {
                (FieldType::List { min, max, .. }, true, required) => {
                    let min = proc_macro2::Literal::usize_unsuffixed(*min as usize);
                    let max = match max {
                        Some(m) => {
                            let m = proc_macro2::Literal::usize_unsuffixed(*m as usize);
                            quote!(Some(#m))
                        }
                        None => quote!(None),
                    };
                    Some(if required {
                        quote! {
                            None => match v.streamed_len(#wire) {
                                Some(len) => v.list_len(&p, len, #min, #max),
                                None => v.missing(&p),
                            },
                        }
                    } else {
                        quote! {
                            None => {
                                if let Some(len) = v.streamed_len(#wire) {
                                    v.list_len(&p, len, #min, #max);
                                }
                            }
                        }
                    })
                }
                (_, _, true) => Some(quote!(None => v.missing(&p),)),
                _ => None,
            };
            match (check, missing) {
                (Some(check), Some(missing)) => checks.push(quote! {
                    {
                        let p = path.field(#wire);
                        match &self.#fname {
                            Some(value) => { #check }
                            #missing
                        }
                    }
                }),
                (Some(check), None) => checks.push(quote! {
                    if let Some(value) = &self.#fname {
                        let p = path.field(#wire);
                        #check
                    }
                }),
                (None, Some(_)) => checks.push(quote! {
                    if self.#fname.is_none() {
                        v.missing(&path.field(#wire));
                    }
                }),
                (None, None) => {}
            }
        }
        checks.extend(self.unique_rules(st, Form::Wire));
        checks.extend(self.conditional_rules(st, Form::Wire, Ctx::Plain));
        let entry = self.is_request(st).then(|| {
            quote! {
                impl #name {
                    /// Parses the API's JSON. A value of the wrong JSON type fails here, named by
                    /// its JSON Pointer; everything else is left to [`Self::validate`].
                    pub fn from_json(bytes: &[u8]) -> Result<Self, crate::validate::ParseError> {
                        crate::validate::from_json_slice(bytes)
                    }

                    /// Checks every rule of the spec and reports every violation (not only the
                    /// first). With a scenario, recall intents and callInformation keys are
                    /// checked against it; without one, only rules that hold for every scenario
                    /// apply, and each recall intent must be a documented code.
                    pub fn validate(&self, scenario: Option<ScenarioKind>) -> Report {
                        let mut v = ScenarioKind::validator(scenario);
                        self.validate_at(&Path::Root, &mut v);
                        v.finish()
                    }
                }
            }
        });
        let body = quote! {
            for key in self.extra.keys() {
                v.warning(&path.key(key), "is not a field of the API; it is kept and sent as it is");
            }
            #( #checks )*
        };
        let deserialize = self.wire_deserialize(st);
        let streaming = if self.is_request(st) { self.streaming() } else { quote!() };
        quote! {
            #d
            #[derive(Clone, Debug, Default, PartialEq, Serialize)]
            pub struct #name {
                #( #fields )*
                /// Members the spec does not know, kept as they were read and sent back unchanged.
                #[serde(flatten)]
                pub extra: BTreeMap<String, serde_json::Value>,
            }

            #entry

            #deserialize

            #streaming

            impl Validate for #name {
                fn validate_at(&self, path: &Path<'_>, v: &mut Validator) {
                    #body
                }
            }
        }
    }

    /// A `Deserialize` that reads known members into their fields and keeps every other member
    /// in `extra`, streaming (no buffering of the whole object, as `serde(flatten)` would do).
    /// A member given twice is an error (a `null` counts as not given).
    /// `Deserialize` through the runtime's generic object reader, and the `WireObject` impl
    /// that tells it the members: one line per member.
    fn wire_deserialize(&self, st: &Struct) -> TokenStream {
        let name = ident(&st.name);
        let wires: Vec<_> = st.fields.iter().map(|f| lit(&f.wire)).collect();
        let fields: Vec<_> = st.fields.iter().map(|f| ident(&f.rust)).collect();
        let indexes = 0..st.fields.len();
        let stream = self.stream_member(st);
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::object::read(deserializer)
                }
            }

            impl crate::object::WireObject for #name {
                const MEMBERS: &'static [&'static str] = &[#( #wires ),*];

                fn read_member<'de, D: serde::Deserializer<'de>>(&mut self, index: usize, value: D) -> Result<(), D::Error> {
                    match index {
                        #( #indexes => self.#fields = Deserialize::deserialize(value)?, )*
                        _ => {
                            serde::de::IgnoredAny::deserialize(value)?;
                        }
                    }
                    Ok(())
                }

                fn extra_mut(&mut self) -> &mut BTreeMap<String, serde_json::Value> {
                    &mut self.extra
                }

                #stream
            }
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

/// A newtype over a short list, built from arrays of `min..=max` items (a longer array does not
/// compile) or checked from a `Vec`.
fn bounded_list(item: &str, min: u32, max: u32) -> TokenStream {
    let name = ident(&naming::bounded_list(item));
    let item_ident = ident(item);
    let d = doc(&format!(
        "{min} to {max} [`{item}`] values. Build it from an array (`[a, b]`): an array of more than {max} does not compile. From a `Vec`, use `TryFrom`, which checks the length."
    ));
    let sizes = (min..=max).map(|n| {
        let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
        quote! {
            impl From<[#item_ident; #n]> for #name {
                fn from(items: [#item_ident; #n]) -> Self {
                    Self(items.into())
                }
            }
        }
    });
    let (min_us, max_us) = (
        proc_macro2::Literal::usize_unsuffixed(min as usize),
        proc_macro2::Literal::usize_unsuffixed(max as usize),
    );
    let err = lit(&format!("must have {min} to {max} items, not {{}}"));
    quote! {
        #d
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(transparent)]
        pub struct #name(Vec<#item_ident>);

        impl #name {
            /// Fewest items.
            pub const MIN: usize = #min_us;
            /// Most items.
            pub const MAX: usize = #max_us;

            /// The items.
            pub fn as_slice(&self) -> &[#item_ident] {
                &self.0
            }
        }

        #( #sizes )*

        impl TryFrom<Vec<#item_ident>> for #name {
            type Error = crate::ConstraintError;
            /// Fails when the length is outside the bounds.
            fn try_from(items: Vec<#item_ident>) -> Result<Self, Self::Error> {
                crate::constraint::int_range(items.len() as i64, #min as i64, Some(#max as i64))?;
                Ok(Self(items))
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let items = Vec::<#item_ident>::deserialize(deserializer)?;
                let n = items.len();
                Self::try_from(items).map_err(|_| serde::de::Error::custom(format_args!(#err, n)))
            }
        }
    }
}
