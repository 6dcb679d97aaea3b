//! Objects read from the server (response payloads and pushes). Every field is optional, since
//! the docs list fields the server may leave out; values are read leniently (an integer sent as a
//! string, a string sent as a number); enums are [`Open`](crate) so an undocumented value is kept;
//! members the spec does not list are kept in `extra`. They also serialize, so the mock server
//! answers with the same types.

use super::doc;
use crate::model::{Api, ResponseField, ResponseStruct, ResponseType};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The structs of one operation or push.
pub fn structs(api: &Api, structs: &[ResponseStruct]) -> TokenStream {
    let items = structs.iter().map(|st| one(api, structs, st));
    quote!(#( #items )*)
}

fn one(api: &Api, list: &[ResponseStruct], st: &ResponseStruct) -> TokenStream {
    let name = ident(&st.name);
    let d = doc(&format!(
        "{}\n\nRead from the server: every field is optional, values of the other JSON kind are read when they make sense, and members the spec does not list are kept in `extra`.",
        st.doc
    ));
    let fields = st.fields.iter().map(|f| field(api, list, f));
    quote! {
        #d
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #( #fields )*
            /// Members the spec does not list, kept as they were read.
            #[serde(flatten)]
            pub extra: std::collections::BTreeMap<String, serde_json::Value>,
        }
    }
}

fn field(api: &Api, list: &[ResponseStruct], f: &ResponseField) -> TokenStream {
    let name = ident(&f.rust);
    let ty = rust_type(api, list, &f.ty);
    let d = doc(&format!("`{}`: {}", f.wire, f.doc));
    let serde = super::serde_field(&f.wire, &f.rust, true, Some("crate::lenient::response_field"));
    quote! {
        #d
        #serde
        pub #name: Option<#ty>,
    }
}

/// The Rust type of a response value; structs are those of `list`.
pub fn rust_type(api: &Api, list: &[ResponseStruct], ty: &ResponseType) -> TokenStream {
    match ty {
        ResponseType::String => quote!(String),
        ResponseType::Integer => quote!(i64),
        ResponseType::Constrained(i) => {
            let n = ident(&api.constrained[*i].name);
            quote!(crate::#n)
        }
        ResponseType::Enum(i) => {
            let n = ident(&api.enums[*i].name);
            quote!(crate::Open<crate::#n>)
        }
        ResponseType::Struct(id) => {
            let n = ident(&list[id.0].name);
            quote!(#n)
        }
        ResponseType::List(item) => {
            let item = rust_type(api, list, item);
            quote!(Vec<#item>)
        }
        ResponseType::Intent => quote!(crate::Intent),
        ResponseType::PushTime => quote!(crate::PushTime),
    }
}
