//! Objects read from the server (response payloads and pushes). Every field is optional, since
//! the docs list fields the server may leave out; values are read leniently (an integer sent as a
//! string, a string sent as a number); enums are [`Open`](crate) so an undocumented value is kept;
//! members the spec does not list are kept in `extra`. They also serialize, so the mock server
//! answers with the same types.

use super::{doc, lit};
use crate::model::{Api, FieldType, ResponseField, ResponseStruct};
use crate::naming::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The structs of one operation or push.
pub fn structs(api: &Api, structs: &[ResponseStruct]) -> TokenStream {
    let items = structs.iter().map(|st| one(api, st));
    quote!(#( #items )*)
}

fn one(api: &Api, st: &ResponseStruct) -> TokenStream {
    let name = ident(&st.name);
    let d = doc(&format!(
        "{}\n\nRead from the server: every field is optional, values of the other JSON kind are read when they make sense, and members the spec does not list are kept in `extra`.",
        st.doc
    ));
    let fields = st.fields.iter().map(|f| field(api, f));
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

fn field(api: &Api, f: &ResponseField) -> TokenStream {
    let name = ident(&f.rust);
    let wire = lit(&f.wire);
    let ty = rust_type(api, &f.ty);
    let d = doc(&format!("`{}`: {}", f.wire, f.doc));
    quote! {
        #d
        #[serde(
            rename = #wire,
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "crate::lenient::response_field"
        )]
        pub #name: Option<#ty>,
    }
}

/// The Rust type of a response value.
pub fn rust_type(api: &Api, ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote!(String),
        FieldType::Integer => quote!(i64),
        FieldType::Constrained(i) => {
            let n = ident(&api.constrained[*i].name);
            quote!(crate::#n)
        }
        FieldType::Enum(i) => {
            let n = ident(&api.enums[*i].name);
            quote!(crate::Open<crate::#n>)
        }
        FieldType::Struct(n) => {
            let n = ident(n);
            quote!(#n)
        }
        FieldType::List { item, .. } => {
            let item = rust_type(api, item);
            quote!(Vec<#item>)
        }
        FieldType::Intent => quote!(crate::Intent),
        FieldType::PushTime => quote!(crate::PushTime),
        FieldType::CallInformation | FieldType::RecallIntent => {
            unreachable!("checked: request-only types")
        }
    }
}
