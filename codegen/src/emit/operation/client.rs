//! The operation's description (`client::Operation`), its `Client` methods (one call to
//! `Client::call` each), paging over every page, and how its answer is read.

use super::*;

impl<'a> Gen<'a> {
    pub(super) fn marker(&self) -> TokenStream {
        let op = self.op;
        let name = ident(&naming::operation_type(&op.name));
        let d = doc(&format!(
            "The `{}` operation: `{} {}`.\n\n{}\n\nSuccess returns: {}",
            op.name, op.method, op.path, op.doc, op.response.doc
        ));
        let (method, path, op_name) = (lit(op.method.as_str()), lit(&op.path), lit(&op.name));
        let safe = op.safe_to_repeat;
        // Named by its status code where the spec lists it (a negative literal prints as
        // `- 41` inside a macro's arguments).
        let duplicate = match op.duplicate_code {
            Some(code) => match self.api.status_codes.iter().find(|c| c.code == code) {
                Some(status) => {
                    let variant = ident(&status.variant);
                    // Without `crate::` where the module imports the crate's root: the printer
                    // breaks a macro's arguments after a keyword.
                    match op.structs.is_empty() {
                        true => quote!(Some(crate::StatusCode::#variant.code())),
                        false => quote!(Some(StatusCode::#variant.code())),
                    }
                }
                None => {
                    let code = proc_macro2::Literal::i64_unsuffixed(code);
                    quote!(Some(#code))
                }
            },
            None => quote!(None),
        };
        let answer = self.data_type();
        quote! {
            #d
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct #name;

            itnio_runtime::operation!(
                #name -> #answer,
                name = #op_name,
                method = #method,
                path = #path,
                safe_to_repeat = #safe,
                duplicate_code = #duplicate,
            );
        }
    }

    /// `type DebtCollectionAgentSendRequest = AgentSendRequest<DebtCollection>;` and so on.
    pub(super) fn scenario_aliases(&self, st: &Struct) -> TokenStream {
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
    pub(super) fn client_methods(&self) -> TokenStream {
        let op = self.op;
        let marker = ident(&naming::operation_type(&op.name));
        let typed_fn = ident(&naming::client_method(&op.name));
        let data = self.data_type();
        let key = match (op.request, op.idempotency_key) {
            (Some(r), Some(k)) => Some(op.request_struct(r).field(k)),
            _ => None,
        };
        let retry_note = match (key, op.safe_to_repeat) {
            (Some(key), _) if op.recovery.is_some() => format!(
                "Retries follow the crate's policy; `{}` is the idempotency key. When a retry after a lost answer is answered with the duplicate code, the method looks for what the lost attempt created and returns it ([`crate::Error::MayAlreadyExist`] only when the lookup cannot decide).",
                key.wire
            ),
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
        let recover = self.recover_method();
        // With a recovery, a `MayAlreadyExist` is looked into before the caller sees it.
        let finish = |call: TokenStream| match &recover {
            Some(_) => {
                let method = ident(&format!("{}_recover", naming::client_method(&op.name)));
                quote! {
                    let since = crate::client::now_epoch_millis();
                    let result = #call.await;
                    self.#method(result, since).await
                }
            }
            None => quote!(#call.await),
        };
        let typed_body =
            finish(quote!(self.call::<#marker, _>(request.validate(), Some(request), #typed_key)));
        let wire_body = finish(
            quote!(self.call::<#marker, _>(request.validate(#scenario_arg), Some(request), #wire_key)),
        );
        quote! {
            impl crate::Client {
                #typed_doc
                pub async fn #typed_fn #generics(&self, request: &#typed_ty) -> Result<#data, Error> {
                    #typed_body
                }

                #wire_doc
                pub async fn #wire_fn(
                    &self,
                    request: &wire::#request,
                    #scenario_param
                ) -> Result<#data, Error> {
                    #wire_body
                }

                #recover

                #all_pages
            }
        }
    }

    /// The Rust type of a success's payload.
    pub(super) fn data_type(&self) -> TokenStream {
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
    pub(super) fn payload_impl(&self) -> TokenStream {
        let ResponseData::Struct(id) = self.op.response.data else { return quote!() };
        let n = ident(&self.op.response_struct(id).name);
        let read = match self.op.response.placement {
            crate::model::Placement::Data => quote!(payload_from_data),
            crate::model::Placement::Body => quote!(payload_from_body),
        };
        quote!(itnio_runtime::answer_from!(#n, StatusCode, #read);)
    }

    /// `Client::<op>_all_pages` for a paged operation: every page from the request's on.
    pub(super) fn all_pages(
        &self,
        st: &Struct,
        generics: &TokenStream,
        typed_ty: &TokenStream,
    ) -> TokenStream {
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
            pub async fn #method #generics(&self, request: &#typed_ty) -> Result<Vec<#item>, Error> {
                crate::client::all_pages(#get, |next| {
                    let mut request = request.clone();
                    async move {
                        request.#page_name = #set;
                        let page = self.#single(&request).await?;
                        Ok((page.#records.unwrap_or_default(), page.#pages.unwrap_or(0)))
                    }
                })
                .await
            }
        }
    }
}
