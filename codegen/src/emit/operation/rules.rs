//! Rules over several fields (`unique`, `required_when_equals`, `not_after`): each lowered once
//! from the model and rendered for the typed or the wire form.

use super::*;

/// A `unique` rule lowered for emission: the key member of the list's items, and how a repeat
/// is reported. The typed, wire and streaming checks all render it.
pub(super) struct UniqueCheck<'a> {
    key: &'a Field,
    severity: TokenStream,
    id: String,
    message: String,
    /// Where the wire struct declares it: the constant of its list, and its place there.
    declared: TokenStream,
}

impl UniqueCheck<'_> {
    /// The key member's Rust name.
    pub(super) fn key_name(&self) -> proc_macro2::Ident {
        ident(&self.key.rust)
    }

    fn seen(&self) -> proc_macro2::Ident {
        format_ident!("seen_{}", self.key.rust)
    }

    /// The rule as the runtime's declaration.
    pub(super) fn declaration(&self) -> TokenStream {
        let (key_wire, severity, id, message) =
            (lit(&self.key.wire), &self.severity, lit(&self.id), &self.message);
        quote!(crate::repeats::Unique { field: #key_wire, severity: #severity, rule: #id, message: #message })
    }

    /// The table of keys seen while a list is read item by item.
    pub(super) fn setup(&self) -> TokenStream {
        let seen = self.seen();
        quote!(let mut #seen = crate::repeats::Repeats::with_capacity(0);)
    }

    /// Records `key` of item `i` of `list`, reporting a repeat.
    pub(super) fn record(&self) -> TokenStream {
        let (seen, unique) = (self.seen(), &self.declared);
        quote!(#seen.check(v, &list, i, &#unique, key);)
    }

    /// Checks a whole list `items` at `list`, each item's key given by `key` (an expression of
    /// `item`, giving an `Option<&str>`).
    pub(super) fn check_list(&self, key: TokenStream) -> TokenStream {
        let unique = &self.declared;
        quote!(#unique.check_list(v, &list, items, |item| #key);)
    }
}

/// The wire struct's constant of the `unique` rules on the items of `list`.
pub(super) fn unique_const(list: &Field) -> proc_macro2::Ident {
    ident(&format!("{}_UNIQUE", list.rust.to_uppercase()))
}

impl<'a> Gen<'a> {
    /// The `unique` rules on the list field `list` of `st`, lowered.
    pub(super) fn unique_rules_of(&self, st: &Struct, list: &Field) -> Vec<UniqueCheck<'a>> {
        let mut out = Vec::new();
        for rule in &self.op.rules {
            let Rule::Unique { id, owner, list: l, item, key, message, warning } = rule else { continue };
            if !self.is(st, *owner) || !std::ptr::eq(st.field(*l), list) {
                continue;
            }
            let kf = self.find(*item).field(*key);
            let severity = if *warning {
                quote!(crate::report::Severity::Warning)
            } else {
                quote!(crate::report::Severity::Error)
            };
            let (owner, konst) = (ident(&st.name), unique_const(list));
            let index = proc_macro2::Literal::usize_unsuffixed(out.len());
            let declared = quote!(crate::wire::#owner::#konst[#index]);
            out.push(UniqueCheck { key: kf, severity, id: id.clone(), message: message.clone(), declared });
        }
        out
    }

    /// The checks of `unique` rules on lists of `st`: one pass per list over its items.
    pub(super) fn unique_rules(&self, st: &Struct, form: Form) -> Vec<TokenStream> {
        let mut out = Vec::new();
        for lf in &st.fields {
            let FieldType::List { item, .. } = &lf.ty else { continue };
            let FieldType::Struct(item) = item.as_ref() else { continue };
            let item_st = self.find(*item);
            let rules = self.unique_rules_of(st, lf);
            if rules.is_empty() {
                continue;
            }
            let list_name = ident(&lf.rust);
            let list_wire = lit(&lf.wire);
            let list_expr = match (form, lf.required.is_required()) {
                (Form::Typed, true) => quote!(Some(&self.#list_name)),
                _ => quote!(self.#list_name.as_ref()),
            };
            let checks = rules.iter().map(|rule| {
                let key_name = rule.key_name();
                rule.check_list(match (form, item_st.scenario_use) {
                    (Form::Wire, _) => quote!(item.#key_name.as_deref()),
                    (Form::Typed, ScenarioUse::PerScenario) => {
                        let tr = ident(&naming::scenario_trait(&item_st.name));
                        quote!(Some(#tr::#key_name(item).as_str()))
                    }
                    (Form::Typed, _) => quote!(Some(item.#key_name.as_str())),
                })
            });
            out.push(quote! {
                if let Some(items) = #list_expr {
                    let list = path.field(#list_wire);
                    #( #checks )*
                }
            });
        }
        out
    }

    pub(super) fn conditional_rules(&self, st: &Struct, form: Form, ctx: Ctx<'_>) -> Vec<TokenStream> {
        let mut out = Vec::new();
        for rule in &self.op.rules {
            if !self.is(st, rule.owner()) || (form == Form::Typed && Self::is_mode_rule(rule)) {
                continue;
            }
            if let Rule::NotAfter { id, field, limit, message, warning, .. } = rule {
                let id = lit(id);
                let (ff, lf) = (st.field(*field), st.field(*limit));
                let (a, b) = (ident(&ff.rust), ident(&lf.rust));
                let report = if *warning { quote!(warning) } else { quote!(error) };
                let fw = lit(&ff.wire);
                // The format sorts as text; in the untyped form, only valid values are compared
                // (invalid ones are reported on their own).
                out.push(match form {
                    Form::Typed => quote! {
                        if self.#a.as_str() > self.#b.as_str() {
                            v.#report(&path.field(#fw), #id, #message);
                        }
                    },
                    Form::Wire => quote! {
                        if let (Some(a), Some(b)) = (&self.#a, &self.#b)
                            && crate::constraint::date_time(a).is_ok()
                            && crate::constraint::date_time(b).is_ok()
                            && a > b
                        {
                            v.#report(&path.field(#fw), #id, #message);
                        }
                    },
                });
                continue;
            }
            let Rule::RequiredWhenEquals { id, when_field, equals, require, message, warning, .. } = rule
            else {
                continue;
            };
            let (wf, rf) = (st.field(*when_field), st.field(*require));
            let (wn, rn) = (ident(&wf.rust), ident(&rf.rust));
            let to_int = match &wf.ty {
                FieldType::Enum(_) => quote!(.code()),
                FieldType::Constrained(_) => quote!(.get()),
                _ => quote!(),
            };
            let cond = match (form, self.typed_presence(wf, ctx)) {
                (Form::Typed, Some(true)) => quote!(self.#wn #to_int == #equals),
                (Form::Typed, _) => quote!(self.#wn.map(|x| x #to_int) == Some(#equals)),
                (Form::Wire, _) => quote!(self.#wn == Some(#equals)),
            };
            let is_list = matches!(rf.ty, FieldType::List { .. });
            let missing = match (form, self.typed_presence(rf, ctx), is_list) {
                (Form::Typed, Some(true), true) => quote!(self.#rn.is_empty()),
                (Form::Typed, Some(true), false) => quote!(false),
                (_, _, true) => quote!(self.#rn.as_ref().is_none_or(|x| x.is_empty())),
                (_, _, false) => quote!(self.#rn.is_none()),
            };
            let report = if *warning { quote!(warning) } else { quote!(error) };
            let rw = lit(&rf.wire);
            let id = lit(id);
            out.push(quote! {
                if #cond && #missing {
                    v.#report(&path.field(#rw), #id, #message);
                }
            });
        }
        out
    }
}
