//! `status.rs`: the status-code enum with its categories and retryability.

use super::{doc, inner_doc, lit};
use crate::model::Api;
use crate::naming::ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    let header = inner_doc("Response status codes of the API, from spec/status_codes.yaml.");
    let cat_variants: Vec<_> = api.categories.iter().map(|c| ident(&c.variant)).collect();
    let cat_docs: Vec<_> = api.categories.iter().map(|c| doc(c.doc.as_deref().unwrap_or_default())).collect();
    let cat_ids: Vec<_> = api.categories.iter().map(|c| lit(&c.id)).collect();
    let n_cat = api.categories.len();

    let variants: Vec<_> = api.status_codes.iter().map(|c| ident(&c.variant)).collect();
    let codes: Vec<_> = api.status_codes.iter().map(|c| Literal::i64_unsuffixed(c.code)).collect();
    let messages: Vec<_> = api.status_codes.iter().map(|c| lit(&c.message)).collect();
    let docs: Vec<_> = api
        .status_codes
        .iter()
        .map(|c| {
            let mut text = format!("`{}`: {}", c.code, c.message);
            if let Some(n) = &c.note {
                text.push_str(&format!("\n\n{n}"));
            }
            let cat = c.category.map_or("none (success)", |id| api.category(id).id.as_str());
            text.push_str(&format!("\n\nCategory: {cat}. Retry class: {}.", c.retry.id()));
            doc(&text)
        })
        .collect();
    let categories: Vec<_> = api
        .status_codes
        .iter()
        .map(|c| match c.category {
            Some(id) => {
                let cat = ident(&api.category(id).variant);
                quote!(Some(StatusCategory::#cat))
            }
            None => quote!(None),
        })
        .collect();
    // Only the codes a retry can help are listed; every other code, and an unknown one, is
    // never retried.
    let (retried, retry): (Vec<_>, Vec<_>) = api
        .status_codes
        .iter()
        .filter(|c| c.retry != crate::raw::RetryClass::Never)
        .map(|c| (ident(&c.variant), ident(c.retry.variant())))
        .unzip();
    let success = api.status_codes.iter().find(|c| c.code == 0).map(|c| ident(&c.variant));
    let n = api.status_codes.len();

    quote! {
        #header
        use crate::retry::RetryClass;
        use std::fmt;

        /// What kind of failure a status code reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum StatusCategory {
            #( #cat_docs #cat_variants, )*
        }

        impl StatusCategory {
            /// Every category.
            pub const ALL: [Self; #n_cat] = [#( Self::#cat_variants ),*];

            /// The category's id in the spec (`auth`, `not_found`, ...).
            pub const fn id(self) -> &'static str {
                match self {
                    #( Self::#cat_variants => #cat_ids, )*
                }
            }
        }

        impl fmt::Display for StatusCategory {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        /// A status code of the response envelope (`code`, or `status` on some pages).
        /// Codes the docs do not list are kept in [`StatusCode::Unknown`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum StatusCode {
            #( #docs #variants, )*
            /// A code the docs do not list, kept as it was received.
            Unknown(i64),
        }

        impl StatusCode {
            /// Every documented code, in the order of the docs.
            pub const DOCUMENTED: [Self; #n] = [#( Self::#variants ),*];

            /// The wire value.
            pub const fn code(self) -> i64 {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Unknown(code) => code,
                }
            }

            /// The documented message (`"unknown status code"` for an unknown code).
            pub const fn message(self) -> &'static str {
                match self {
                    #( Self::#variants => #messages, )*
                    Self::Unknown(_) => "unknown status code",
                }
            }

            /// The kind of failure; `None` for success and for unknown codes.
            pub const fn category(self) -> Option<StatusCategory> {
                match self {
                    #( Self::#variants => #categories, )*
                    Self::Unknown(_) => None,
                }
            }

            /// How the client's retry policy treats this answer (`never` for an unknown code).
            pub const fn retry_class(self) -> RetryClass {
                match self {
                    #( Self::#retried => RetryClass::#retry, )*
                    _ => RetryClass::Never,
                }
            }

            /// Whether sending the same request again can succeed (the retry class is not
            /// `never`).
            pub const fn is_retryable(self) -> bool {
                !matches!(self.retry_class(), RetryClass::Never)
            }

            /// Whether this is the success code.
            pub const fn is_success(self) -> bool {
                matches!(self, Self::#success)
            }

            /// Whether the docs do not list this code.
            pub const fn is_unknown(self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        itnio_runtime::api_status!(StatusCode, StatusCategory, super::api::ENVELOPE);
    }
}
