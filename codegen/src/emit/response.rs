//! Objects read from the server (response payloads and pushes), read by the runtime's
//! `received` reader. Every field is optional, since the docs list fields the server may leave
//! out; values are read leniently (an integer sent as a string, a string sent as a number);
//! enums are [`Open`](crate) so an undocumented value is kept; members the spec does not list,
//! and values a field cannot hold, are kept in `extra` (the latter explained in `unread`). They
//! also serialize, so the mock server answers with the same types.

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
    let names = super::SerdeStruct::new(st.fields.iter().map(|f| (f.wire.as_str(), f.rust.as_str(), true)));
    let (before, after) = (names.before_derive(), names.after_derive());
    let fields = st.fields.iter().map(|f| field(api, list, f, &names));
    let wires: Vec<_> = st.fields.iter().map(|f| super::lit(&f.wire)).collect();
    let names: Vec<_> = st.fields.iter().map(|f| ident(&f.rust)).collect();
    let expected: Vec<_> = st.fields.iter().map(|f| super::lit(&expected(api, &f.ty))).collect();
    let indexes = (0..st.fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
    quote! {
        #d
        #before
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
        #after
        pub struct #name {
            #( #fields )*
            /// Members the spec does not list, and values a field could not hold (see `unread`),
            /// kept as they were received.
            #[serde(flatten)]
            pub extra: std::collections::BTreeMap<String, serde_json::Value>,
            /// The members whose value is kept in `extra` because their field could not hold
            /// it, and why.
            #[serde(skip)]
            pub unread: Vec<crate::received::Unread>,
        }

        itnio_runtime::received_object!(#name);

        impl crate::received::ReceivedObject for #name {
            const MEMBERS: &'static [(&'static str, &'static str)] = &[#( (#wires, #expected) ),*];

            fn member(&mut self, m: crate::received::Member) -> crate::received::Read {
                match m.index() {
                    #( #indexes => m.read(&mut self.#names), )*
                    _ => Ok(()),
                }
            }
        }
    }
}

/// What a value of `ty` must be, in words, for the reason a received value was not read.
fn expected(api: &Api, ty: &ResponseType) -> String {
    match ty {
        ResponseType::String => "text".to_owned(),
        ResponseType::Integer => "an integer".to_owned(),
        ResponseType::Constrained(i) => api.constrained[*i].kind.describe(),
        ResponseType::Enum(_) => "a code".to_owned(),
        ResponseType::Struct(_) => "an object".to_owned(),
        ResponseType::List(_) => "a list".to_owned(),
        ResponseType::Intent => "an intent code".to_owned(),
        ResponseType::PushTime => "a time".to_owned(),
    }
}

fn field(api: &Api, list: &[ResponseStruct], f: &ResponseField, names: &super::SerdeStruct) -> TokenStream {
    let name = ident(&f.rust);
    let ty = rust_type(api, list, &f.ty);
    let d = doc(&format!("`{}`: {}", f.wire, f.doc));
    let serde = names.field(&f.wire, &f.rust, None);
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
