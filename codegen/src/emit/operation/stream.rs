//! `validate_json`: the request read and checked in one pass, its large lists item by item.

use super::*;

impl<'a> Gen<'a> {
    /// Lists of the request read item by item by `validate_json`: lists of objects longer than
    /// [`SMALL_LIST`], directly in the request; each with its member index and its item struct.
    pub(super) fn streamed_lists(&self) -> Vec<(usize, &'a Field, &'a Struct)> {
        let Some(st) = self.request() else { return Vec::new() };
        st.fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.ty {
                FieldType::List { item, max, .. } if max.is_none_or(|m| m > SMALL_LIST) => {
                    match item.as_ref() {
                        FieldType::Struct(n) => Some((i, f, self.find(*n))),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect()
    }

    /// `validate_json`: parses and checks the request in one pass, checking each item of the big
    /// lists as it is read and then dropping it, so memory stays near the size of the input.
    pub(super) fn streaming(&self) -> TokenStream {
        let Some(st) = self.request() else { return quote!() };
        if self.streamed_lists().is_empty() {
            return quote!();
        }
        let name = ident(&st.name);
        quote! {
            impl #name {
                /// Parses and validates the API's JSON in one pass, with the same report as
                /// [`Self::from_json`] then [`Self::validate`], but checks each item of the large
                /// lists as it is read and keeps none of them: memory stays near the size of
                /// `bytes`. Use it to check files that are not sent. Fails only on text that is
                /// not JSON, or nests too deep.
                pub fn validate_json(bytes: &[u8], scenario: Option<ScenarioKind>) -> Result<validate::Report, parse::ParseError> {
                    crate::stream::validate_document::<Self>(bytes, || ScenarioKind::validator(scenario))
                }
            }
        }
    }

    /// `WireObject::stream_member` of the request: its large lists are read item by item, each
    /// item validated (and its `unique` keys recorded) and dropped.
    pub(super) fn stream_member(&self, st: &Struct) -> TokenStream {
        if !self.is_request(st) {
            return quote!();
        }
        let lists = self.streamed_lists();
        if lists.is_empty() {
            return quote!();
        }
        let arms = lists.iter().map(|&(index, lf, item)| {
            let wire = lit(&lf.wire);
            let item_ty = ident(&item.name);
            let mut setup = Vec::new();
            let mut per_item = Vec::new();
            for rule in self.unique_rules_of(st, lf) {
                let key_name = rule.key_name();
                setup.push(rule.setup());
                let record = rule.record();
                per_item.push(quote! {
                    if let Some(key) = item.#key_name.as_deref() {
                        #record
                    }
                });
            }
            quote! {
                #index => {
                    let root = Path::Root;
                    let list = root.field(#wire);
                    #( #setup )*
                    let len = crate::stream::stream_list(value, &list, &mut self.unusable, |item: &#item_ty, i| {
                        Validate::validate_at(item, &list.index(i), v);
                        #( #per_item )*
                    })?;
                    if let Some(len) = len {
                        v.note_streamed(#wire, len);
                    }
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
}
