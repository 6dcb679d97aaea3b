//! An operation's recovery: when a retry after a lost answer is answered with the duplicate
//! code, its generated methods look for what the lost attempt created (a paged list query over
//! a time window around the first attempt) and return it when exactly one record matches.

use super::*;
use crate::model::{FieldId, Recovery, RecoveryValue};

impl<'a> Gen<'a> {
    /// The method that turns a `MayAlreadyExist` into the answer, if the lookup finds it; `None`
    /// for an operation without a recovery.
    pub(super) fn recover_method(&self) -> Option<TokenStream> {
        let recovery = self.op.recovery.as_ref()?;
        let lookup = &self.api.operations[recovery.lookup];
        let (request, paging) = (lookup.request?, lookup.paging.as_ref()?);
        let ResponseData::Struct(page_struct) = lookup.response.data else { return None };
        let page = lookup.response_struct(page_struct);
        let item = lookup.response_struct(paging.item);
        let (records, pages) =
            (ident(&page.field(paging.records).rust), ident(&page.field(paging.pages).rust));
        let (matches, answer) =
            (ident(&item.field(recovery.matches).rust), ident(&item.field(recovery.answer).rust));
        let zoned = self.window_type(recovery)?;
        let mut set: Vec<(Vec<FieldId>, TokenStream)> = recovery
            .set
            .iter()
            .filter(|(path, _)| path.as_slice() != [paging.page])
            .map(|(path, value)| {
                let value = match value {
                    RecoveryValue::Key => quote!(task_name.to_owned()),
                    RecoveryValue::From => quote!(from.to_owned()),
                    RecoveryValue::To => quote!(to.to_owned()),
                    RecoveryValue::Integer(n) => {
                        let n = proc_macro2::Literal::i64_unsuffixed(*n);
                        quote!(#n)
                    }
                };
                (path.clone(), value)
            })
            .collect();
        set.push((vec![paging.page], quote!(page)));
        let literal = self.literal(lookup, request, &set);
        let data = self.data_type();
        let method = ident(&format!("{}_recover", naming::client_method(&self.op.name)));
        let lookup_fn = ident(&naming::client_wire_method(&lookup.name));
        let scenario_arg =
            lookup.structs.iter().any(|s| s.scenario_use != ScenarioUse::None).then(|| quote!(, None));
        let minutes = proc_macro2::Literal::u32_unsuffixed(recovery.window_minutes);
        let key = &item.field(recovery.matches).wire;
        let d = doc(&format!(
            "After an answer of the duplicate code to a retry whose first attempt's outcome is unknown, finds what that attempt created: {}\n\nReturns `result` unchanged unless it is [`crate::Error::MayAlreadyExist`]; then the one matching record's answer, or `MayAlreadyExist` with what the lookup saw (no `{key}` match, several, or a failed lookup).",
            recovery.doc
        ));
        Some(quote! {
            #d
            async fn #method(&self, result: Result<#data, crate::Error>, since: i64) -> Result<#data, crate::Error> {
                crate::recovery::recover(
                    result,
                    since,
                    crate::recovery::Window { minutes: #minutes },
                    |at| #zoned::at_epoch_millis(at).map(#zoned::into_string),
                    |page, from, to, task_name| {
                        let request = #literal;
                        async move {
                            let answered = self.#lookup_fn(&request #scenario_arg).await?;
                            Ok((answered.#records.unwrap_or_default(), answered.#pages.unwrap_or(0)))
                        }
                    },
                    |record| (record.#matches, record.#answer),
                )
                .await
            }
        })
    }

    /// The date-time type of the recovery's window (checked to state the server's zone).
    fn window_type(&self, recovery: &Recovery) -> Option<TokenStream> {
        let lookup = &self.api.operations[recovery.lookup];
        let (path, _) = recovery.set.iter().find(|(_, v)| *v == RecoveryValue::From)?;
        let mut st = lookup.request?;
        let mut ty = None;
        for id in path {
            let f = lookup.request_struct(st).field(*id);
            match &f.ty {
                FieldType::Struct(next) => st = *next,
                FieldType::Constrained(c) => ty = Some(ident(&self.api.constrained[*c].name)),
                _ => return None,
            }
        }
        ty.map(|t| quote!(#t))
    }

    /// A wire-form literal of the lookup's struct `st`, with the members of `set` (paths from
    /// `st`) filled in, fixed members at their value, and everything else left out.
    fn literal(&self, lookup: &Operation, st: StructId, set: &[(Vec<FieldId>, TokenStream)]) -> TokenStream {
        let s = lookup.request_struct(st);
        let name = ident(&s.name);
        let mut members = Vec::new();
        for (i, f) in s.fields.iter().enumerate() {
            let field = ident(&f.rust);
            if let Some((_, value)) = set.iter().find(|(path, _)| path.as_slice() == [FieldId(i)]) {
                members.push(quote!(#field: Some(#value)));
                continue;
            }
            let nested: Vec<_> = set
                .iter()
                .filter(|(path, _)| path.len() > 1 && path[0] == FieldId(i))
                .map(|(path, value)| (path[1..].to_vec(), value.clone()))
                .collect();
            if let (false, FieldType::Struct(next)) = (nested.is_empty(), &f.ty) {
                let inner = self.literal(lookup, *next, &nested);
                members.push(quote!(#field: Some(#inner)));
            } else if let Some(n) = f.fixed {
                let n = proc_macro2::Literal::i64_unsuffixed(n);
                members.push(quote!(#field: Some(#n)));
            }
        }
        quote!(crate::wire::#name { #( #members, )* ..Default::default() })
    }
}
