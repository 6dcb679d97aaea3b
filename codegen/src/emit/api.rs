//! `api.rs`: the API as a whole (where it is, how a request is signed, from `api.yaml`) and the
//! client type that carries the generated operation methods, declared over the runtime's
//! `api_client!`.

use super::{doc, lit};
use crate::model::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(api: &Api) -> TokenStream {
    let f = &api.facts;
    let s = &f.signing;
    let v = &s.test_vector;
    let (base_url, content_type) = (lit(&f.base_url), lit(&f.content_type));
    let (key_header, time_header, sign_header) =
        (lit(&s.api_key_header), lit(&s.timestamp_header), lit(&s.sign_header));
    let sign_doc = doc(&format!(
        "How a request is signed: {}\n\nThe docs' test vector: API key `{}`, secret `{}`, `{}` {} give `{}` {}.",
        s.doc, v.api_key, v.api_secret, s.timestamp_header, v.timestamp, s.sign_header, v.sign
    ));
    let vector = (lit(&v.api_key), lit(&v.api_secret), v.timestamp, lit(&v.sign));
    let (vk, vs, vt, vsign) = vector;
    let sisters = f.sister_hosts.iter().map(|h| lit(&h.url));
    let sisters_doc = f
        .sister_hosts
        .iter()
        .fold("Hosts the docs say serve the same API; never used by default.".to_owned(), |text, h| {
            format!("{text}\n\n`{}`: {}", h.url, h.doc)
        });
    let sisters_doc = doc(&sisters_doc);
    let module_doc = super::inner_doc(&format!(
        "The API as a whole: {}\n\nWhere it is and how a request is signed (`spec/api.yaml`), and the [`Client`] that carries one method per operation.",
        f.doc
    ));
    let e = &f.envelope;
    let data = lit(&e.data);
    let spellings = e.spellings.iter().map(|s| {
        let (code, message) = (lit(&s.code), lit(&s.message));
        quote!(itnio_runtime::envelope::Spelling { code: #code, message: #message })
    });
    let spelling_ids: Vec<String> =
        e.spellings.iter().map(|s| format!("`{}` ({}/{})", s.id, s.code, s.message)).collect();
    let envelope_doc = doc(&format!(
        "The member names of an answer's envelope: the payload in `{}`, the code and message spelled {}. Every spelling is read.",
        e.data,
        spelling_ids.join(" or ")
    ));
    quote! {
        #module_doc

        use crate::StatusCode;

        /// The production base URL.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #sisters_doc
        pub const SISTER_HOSTS: &[&str] = &[#( #sisters ),*];

        #sign_doc
        pub const API_FACTS: itnio_runtime::ApiFacts = itnio_runtime::ApiFacts {
            base_url: DEFAULT_BASE_URL,
            api_key_header: #key_header,
            timestamp_header: #time_header,
            sign_header: #sign_header,
            content_type: #content_type,
        };

        #envelope_doc
        pub const ENVELOPE: itnio_runtime::envelope::EnvelopeMembers = itnio_runtime::envelope::EnvelopeMembers {
            data: #data,
            spellings: &[#( #spellings ),*],
        };

        /// The docs' signing test vector: these credentials at this time give this `Sign`.
        pub const SIGNING_TEST_VECTOR: itnio_runtime::SigningExample = itnio_runtime::SigningExample {
            api_key: #vk,
            api_secret: #vs,
            timestamp: #vt,
            sign: #vsign,
        };

        itnio_runtime::api_client!(Client, ClientBuilder, StatusCode, API_FACTS);
    }
}
