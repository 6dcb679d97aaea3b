//! `<push>.rs`: a body ITNIO POSTs to the user's own URL: its structs, and the parser a web
//! handler calls.

use super::{doc, inner_doc};
use crate::model::{Api, Push};
use crate::naming::{self, ident};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api, push: &Push) -> TokenStream {
    let header = inner_doc(&format!("{}\n\nGenerated from spec/{}.", push.doc, push.file));
    let structs = super::response::structs(api, &push.structs);
    let item_name = &push.structs[push.item.0].name;
    let item = ident(item_name);
    let parse = ident(&naming::push_parser(&push.name));
    let d = doc(&format!(
        "Reads a `{}` push body: a JSON array of [`{}`] (a single object is read as a list of one). Call it from your web handler (axum, actix, ...) with the raw request body, store the result, then answer HTTP 200. A body that is not such JSON gets an error naming where it fails; members the spec does not list are kept, never rejected.",
        push.name, item_name
    ));
    quote! {
        #header

        #structs

        #d
        pub fn #parse(body: &[u8]) -> Result<Vec<#item>, crate::parse::ParseError> {
            crate::push::parse_batch(body)
        }
    }
}
