//! `service.rs`: the server side of the spec, for stand-ins of ITNIO (the itnio-mock crate): a
//! trait with one method per operation, taking the operation's wire request and returning its
//! typed answer, and the router that decodes a body and calls the method. A new operation in
//! the spec is a new trait method, so every stand-in fails to compile until it handles it.

use super::{doc, inner_doc, lit};
use crate::model::{Api, Placement, ResponseData};
use crate::naming::{self, ident};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    let header = inner_doc(
        "The server side of the spec, for a stand-in of ITNIO such as the itnio-mock crate: [`Service`](crate::service::Service) has one method per operation, and [`serve`](crate::service::serve) routes a request to it. A new operation in the spec is a new method, so a stand-in does not compile until it handles it.",
    );
    let invalid =
        api.status_codes.iter().find(|c| c.code == api.invalid_request_code).map(|c| ident(&c.variant));
    let mut methods = Vec::new();
    let mut arms = Vec::new();
    let mut routes = Vec::new();
    for op in &api.operations {
        let name = ident(&naming::client_method(&op.name));
        let answer = match &op.response.data {
            ResponseData::None => quote!(()),
            ResponseData::Integer => quote!(i64),
            ResponseData::Scalar(i) => {
                let n = ident(&api.constrained[*i].name);
                quote!(#n)
            }
            ResponseData::Struct(id) => {
                let n = ident(&op.response_struct(*id).name);
                quote!(#n)
            }
        };
        let d = doc(&format!("`{} {}`: {}\n\nAnswers: {}", op.method, op.path, op.doc, op.response.doc));
        let (method, path) = (lit(op.method.as_str()), lit(&op.path));
        let place = match op.response.placement {
            Placement::Body => quote!(PayloadPlace::Body),
            Placement::Data => quote!(PayloadPlace::Data),
        };
        let spelling = op.response.envelope.0;
        let op_name = lit(&op.name);
        let has_body = op.request.is_some();
        routes.push(quote! {
            (#method, #path) => Some(Route::new(#op_name, #spelling, #place, #has_body)),
        });
        match op.request {
            Some(request) => {
                let request = ident(&op.request_struct(request).name);
                methods.push(quote! {
                    #d
                    fn #name(&self, request: wire::#request) -> Result<#answer, Refusal>;
                });
                arms.push(quote! {
                    #op_name => served::<wire::#request, _>(body, |r| service.#name(r)),
                });
            }
            None => {
                methods.push(quote! {
                    #d
                    fn #name(&self) -> Result<#answer, Refusal>;
                });
                arms.push(quote! {
                    #op_name => Ok(Served::new(service.#name())),
                });
            }
        }
    }
    // Only a spec with a request body reads one.
    let served_helper = api.operations.iter().any(|op| op.request.is_some()).then(|| {
        quote! {
            /// Reads `body` as the wire request `R`, refuses it if it breaks a rule every scenario
            /// shares, and otherwise answers with `handle`.
            fn served<R, T>(body: &[u8], handle: impl FnOnce(R) -> Result<T, Refusal>) -> Result<Served, ParseError>
            where
                R: crate::object::WireObject + crate::validate::Validate,
                T: serde::Serialize,
            {
                let request: R = crate::object::read_document(body)?;
                let report = crate::ScenarioKind::validator(None).report_on(&request);
                Ok(Served::new(refused(&report).map_or_else(|| handle(request), Err)))
            }
        }
    });
    quote! {
        #header
        use crate::parse::ParseError;
        use crate::*;

        /// An error answer of a stand-in: the status code, and what is wrong in words.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Refusal {
            /// The status code answered.
            pub code: crate::StatusCode,
            /// What is wrong (the answer's message is the code's documented message, then this).
            pub detail: String,
        }

        impl Refusal {
            /// A refusal with `code` because of `detail`.
            pub fn new(code: crate::StatusCode, detail: impl std::fmt::Display) -> Self {
                Refusal { code, detail: detail.to_string() }
            }
        }

        /// The refusal of a request whose report has errors: the first of them, with the code for
        /// a request that breaks a rule of the docs.
        fn refused(report: &crate::Report) -> Option<Refusal> {
            report.errors.first().map(|first| Refusal::new(crate::StatusCode::#invalid, first))
        }

        /// What every operation of the spec does, in a server that stands in for ITNIO. Each
        /// method gets a request that breaks none of the rules every scenario shares (`serve`
        /// refuses it first, naming its first violation by JSON Pointer); what depends on the
        /// agent's scenario is the method's to check.
        pub trait Service {
            #( #methods )*
        }

        /// The outcome of one served request, before the envelope is written (its spelling and
        /// where the payload sits are the request's [`Route`]'s).
        #[derive(Clone, Debug, PartialEq)]
        pub struct Served {
            /// The success's payload as JSON, or the refusal.
            pub outcome: Result<serde_json::Value, Refusal>,
        }

        /// Where an answer's payload sits.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum PayloadPlace {
            /// In the envelope's data member.
            Data,
            /// Beside the code, in the body itself (its members are the payload's).
            Body,
        }

        /// What a stand-in needs to know of a request before it reads the body: which
        /// operation the method and path name, and the envelope its answers are spelled in,
        /// refusals before routing (signature, timestamp, content type) included.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Route {
            /// The operation's name in the spec (`agent_send`).
            pub operation: &'static str,
            /// The envelope spelling the operation's page documents.
            pub spelling: &'static crate::envelope::Spelling,
            /// Where a successful answer's payload goes.
            pub payload: PayloadPlace,
            /// Whether the operation takes a JSON body.
            pub has_body: bool,
        }

        impl Route {
            const fn new(operation: &'static str, spelling: usize, payload: PayloadPlace, has_body: bool) -> Self {
                let spelling = &crate::api::ENVELOPE.spellings[spelling];
                Route { operation, spelling, payload, has_body }
            }
        }

        /// The operation that `method` and `path` name, if any.
        pub fn route(method: &str, path: &str) -> Option<Route> {
            match (method, path) {
                #( #routes )*
                _ => None,
            }
        }

        impl Served {
            fn new<T: serde::Serialize>(outcome: Result<T, Refusal>) -> Self {
                let outcome = outcome.map(|answer| serde_json::to_value(answer).unwrap_or(serde_json::Value::Null));
                Served { outcome }
            }
        }

        /// Serves one request: the operation of `method` and `path` reads `body` with its wire
        /// type and answers. `None` when no operation has that route; `Some(Err(_))` when the
        /// body does not read as the operation's request.
        pub fn serve<S: Service + ?Sized>(
            service: &S,
            method: &str,
            path: &str,
            body: &[u8],
        ) -> Option<Result<Served, ParseError>> {
            // A GET has no body; whatever was sent is ignored.
            let _ = body;
            let served = match route(method, path)?.operation {
                #( #arms )*
                _ => return None,
            };
            Some(served)
        }

        #served_helper
    }
}
