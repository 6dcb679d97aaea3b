//! Typed request structs (generic over the scenario or one per scenario), the scenario traits
//! of per-scenario structs, short bounded lists, and the checks the types leave to run time.

use super::*;

impl<'a> Gen<'a> {
    pub(super) fn typed_type(&self, ty: &FieldType, ctx: Ctx<'_>) -> TokenStream {
        match ty {
            FieldType::String => quote!(String),
            FieldType::Integer => quote!(i64),
            FieldType::Constrained(i) => {
                let n = ident(&self.api.constrained[*i].name);
                quote!(#n)
            }
            FieldType::Enum(i) => {
                let n = ident(&self.api.enums[*i].name);
                quote!(#n)
            }
            FieldType::Struct(id) => {
                let st = self.find(*id);
                let name = &st.name;
                let n = ident(name);
                match (st.scenario_use, ctx) {
                    (ScenarioUse::None, _) => quote!(#n),
                    (ScenarioUse::Generic, Ctx::Concrete(s)) => {
                        let s = ident(&s.ty);
                        quote!(#n<#s>)
                    }
                    (ScenarioUse::Generic, _) => quote!(#n<S>),
                    (ScenarioUse::PerScenario, Ctx::Concrete(s)) => {
                        let c = ident(&naming::scenario_struct(&s.ty, name));
                        quote!(#c)
                    }
                    (ScenarioUse::PerScenario, _) => quote!(S::#n),
                }
            }
            FieldType::List { item, min, .. } => match self.small_list(ty) {
                Some(st) => {
                    let n = ident(&naming::bounded_list(&st.name));
                    quote!(#n)
                }
                // A list the docs require items in cannot be built empty.
                None if *min >= 1 => {
                    let item = self.typed_type(item, ctx);
                    quote!(crate::NonEmpty<#item>)
                }
                None => {
                    let item = self.typed_type(item, ctx);
                    quote!(Vec<#item>)
                }
            },
            FieldType::CallInformation => match ctx {
                Ctx::Concrete(s) => {
                    let n = ident(&naming::call_information_struct(&s.ty));
                    quote!(#n)
                }
                // `check` makes a struct with callInformation one struct per scenario, so the
                // field is only ever emitted for a concrete scenario.
                _ => quote!(compile_error!("callInformation outside a per-scenario struct")),
            },
            FieldType::RecallIntent => match ctx {
                Ctx::Concrete(s) => {
                    let n = ident(&naming::recall_intent_enum(&s.ty));
                    quote!(#n)
                }
                _ => quote!(S::RecallIntent),
            },
        }
    }

    /// Whether the typed struct for `ctx` has this field, and whether it is required there.
    pub(super) fn typed_presence(&self, f: &Field, ctx: Ctx<'_>) -> Option<bool> {
        match (&f.ty, ctx) {
            (FieldType::CallInformation, Ctx::Concrete(s)) => {
                if !self.api.scenario_uses_call_information(&s.id) {
                    return None;
                }
                Some(self.api.call_information.keys.iter().any(|k| k.required_in.contains(&s.id)))
            }
            _ => Some(f.required.is_required()),
        }
    }

    pub(super) fn typed_name(&self, st: &Struct, ctx: Ctx<'_>) -> (TokenStream, TokenStream) {
        match ctx {
            Ctx::Plain => {
                let n = ident(&st.name);
                (quote!(#n), quote!(#n))
            }
            Ctx::Generic => {
                let n = ident(&st.name);
                (quote!(#n<S: Scenario>), quote!(#n<S>))
            }
            Ctx::Concrete(s) => {
                let n = ident(&naming::scenario_struct(&s.ty, &st.name));
                (quote!(#n), quote!(#n))
            }
        }
    }

    pub(super) fn typed_struct(&self, st: &Struct, ctx: Ctx<'_>) -> TokenStream {
        let (decl, used) = self.typed_name(st, ctx);
        let struct_doc = match ctx {
            Ctx::Plain => doc(&st.doc),
            Ctx::Generic => doc(&format!(
                "{}\n\nGeneric over the agent's scenario `S` ([`DebtCollection`], [`EmergencyContact`], [`Marketing`]), which fixes the recall intents and callee type that compile. Build it with `::builder()`: a missing required field does not compile.",
                st.doc
            )),
            Ctx::Concrete(s) => doc(&format!(
                "{}\n\nThe {} scenario's form: build it with `::builder()`; a missing required field does not compile.",
                st.doc, s.cli
            )),
        };
        // The fields written as fields of their own (not folded into a mode), and whether each
        // is optional: they decide the struct's serde and builder attributes.
        let own: Vec<(&Field, bool)> = st
            .fields
            .iter()
            .filter_map(|f| {
                let required = self.typed_presence(f, ctx)?;
                let mode = self.modes_of(st).iter().any(|m| std::ptr::eq(m.condition, f));
                (!mode && !self.carried_by_mode(st, f)).then_some((f, !required))
            })
            .collect();
        let names =
            SerdeStruct::new(own.iter().map(|(f, optional)| (f.wire.as_str(), f.rust.as_str(), *optional)));
        let into_string = own
            .iter()
            .any(|(f, _)| f.ty == FieldType::String && f.fixed.is_none())
            .then(|| quote!(#[builder(on(String, into))]));
        let mut fields = Vec::new();
        let mut checks = Vec::new();
        for f in &st.fields {
            let Some(required) = self.typed_presence(f, ctx) else { continue };
            if self.carried_by_mode(st, f) {
                continue;
            }
            if let Some(field) = self.mode_field(st, f, ctx) {
                fields.push(field);
                checks.extend(self.mode_check(st, f));
                continue;
            }
            let name = ident(&f.rust);
            if let Some(value) = f.fixed {
                let value = proc_macro2::Literal::i64_unsuffixed(value);
                let fdoc = doc(&field_doc(f));
                let serde = names.field(&f.wire, &f.rust, None);
                fields.push(quote! {
                    #fdoc
                    #serde
                    #[builder(skip)]
                    pub #name: crate::Fixed<#value>,
                });
                continue;
            }
            let ty = self.typed_type(&f.ty, ctx);
            let fdoc = doc(&field_doc(f));
            let reader = f.lenient_string.then_some(if required {
                ("crate::lenient::integer_or_string::deserialize", false)
            } else {
                ("crate::lenient::integer_or_string::deserialize_option", true)
            });
            let serde = names.field(&f.wire, &f.rust, reader);
            let non_empty = matches!(f.ty, FieldType::List { min, .. } if min >= 1);
            // Text fields take `impl Into<String>` through the struct's `on(String, into)`.
            let builder = if self.small_list(&f.ty).is_some() || non_empty {
                quote!(#[builder(into)])
            } else {
                quote!()
            };
            let full_ty = if required { ty } else { quote!(Option<#ty>) };
            fields.push(quote! {
                #fdoc
                #serde
                #builder
                pub #name: #full_ty,
            });
            let text =
                if required { quote!(Some(self.#name.as_str())) } else { quote!(self.#name.as_deref()) };
            if let Some(line) = text_limit_line(f, text) {
                checks.push(line);
            } else if let Some(check) = self.typed_check(f, &f.ty, quote!(value)) {
                checks.push(wrap_field(f, required, check));
            }
        }
        checks.extend(self.unique_rules(st, Form::Typed));
        checks.extend(self.conditional_rules(st, Form::Typed, ctx));
        let generic_attrs = match ctx {
            Ctx::Generic => quote!(#[serde(bound(serialize = "", deserialize = ""))]),
            _ => quote!(),
        };
        let impl_head = match ctx {
            Ctx::Generic => quote!(impl<S: Scenario>),
            _ => quote!(impl),
        };
        // A struct whose types hold every rule takes the trait's empty check.
        let validate = match checks.is_empty() {
            true => quote!(#impl_head Validate for #used {}),
            false => quote! {
                #impl_head Validate for #used {
                    fn validate_at(&self, path: &validate::Path<'_>, v: &mut validate::Validator) {
                        #( #checks )*
                    }
                }
            },
        };
        let entry = if self.is_request(st) {
            let kind = match ctx {
                Ctx::Generic => quote!(Some(S::KIND)),
                Ctx::Concrete(s) => {
                    let t = ident(&s.ty);
                    quote!(Some(ScenarioKind::#t))
                }
                Ctx::Plain => quote!(None),
            };
            let name = ident(&st.name);
            match ctx {
                Ctx::Generic => {
                    quote!(itnio_runtime::typed_request!(#name over Scenario, ScenarioKind::validator(#kind));)
                }
                _ => quote!(itnio_runtime::typed_request!(#used, ScenarioKind::validator(#kind));),
            }
        } else {
            quote!()
        };
        let scenario_impl = match ctx {
            Ctx::Concrete(_) => self.scenario_trait_impl(st, &used),
            _ => quote!(),
        };
        let (before, after) = (names.before_derive(), names.after_derive());
        quote! {
            #struct_doc
            #before
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize, bon::Builder)]
            #after
            #into_string
            #generic_attrs
            pub struct #decl {
                #( #fields )*
            }

            #entry

            #validate

            #scenario_impl
        }
    }

    /// Fields every scenario's form of a per-scenario struct shares (not callInformation).
    pub(super) fn shared_fields<'s>(&self, st: &'s Struct) -> impl Iterator<Item = &'s Field> {
        st.fields.iter().filter(|f| {
            !matches!(
                f.ty,
                FieldType::CallInformation
                    | FieldType::RecallIntent
                    | FieldType::Struct(_)
                    | FieldType::List { .. }
            )
        })
    }

    pub(super) fn getter_type(&self, f: &Field) -> (TokenStream, TokenStream) {
        let name = ident(&f.rust);
        let ty = self.typed_type(&f.ty, Ctx::Plain);
        match (f.required.is_required(), &f.ty) {
            (true, FieldType::String) => (quote!(&str), quote!(&self.#name)),
            (true, _) => (quote!(&#ty), quote!(&self.#name)),
            (false, FieldType::String) => (quote!(Option<&str>), quote!(self.#name.as_deref())),
            (false, _) => (quote!(Option<&#ty>), quote!(self.#name.as_ref())),
        }
    }

    pub(super) fn scenario_trait(&self, st: &Struct) -> TokenStream {
        let name = ident(&naming::scenario_trait(&st.name));
        let d = doc(&format!(
            "What every scenario's form of `{}` provides; `Scenario::{}` is one of them.",
            st.name, st.name
        ));
        let methods = self.shared_fields(st).map(|f| {
            let m = ident(&f.rust);
            let (ty, _) = self.getter_type(f);
            let d = doc(&format!("The `{}` field.", f.wire));
            quote! { #d fn #m(&self) -> #ty; }
        });
        quote! {
            #d
            pub trait #name: Validate + Serialize + serde::de::DeserializeOwned + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static {
                #( #methods )*
            }
        }
    }

    pub(super) fn scenario_trait_impl(&self, st: &Struct, used: &TokenStream) -> TokenStream {
        let name = ident(&naming::scenario_trait(&st.name));
        let methods = self.shared_fields(st).map(|f| {
            let m = ident(&f.rust);
            let (ty, body) = self.getter_type(f);
            quote! { fn #m(&self) -> #ty { #body } }
        });
        quote! {
            impl #name for #used {
                #( #methods )*
            }
        }
    }

    /// Run-time checks a typed value still needs, for a value expression `value` (a reference).
    pub(super) fn typed_check(&self, f: &Field, ty: &FieldType, value: TokenStream) -> Option<TokenStream> {
        match ty {
            FieldType::String => Self::text_check(f, value),
            FieldType::Struct(_) => Some(quote!(Validate::validate_at(#value, &p, v);)),
            FieldType::List { item, min, max } => {
                if self.small_list(ty).is_some() {
                    return None;
                }
                let len = list_len(*min, *max, &value);
                let each = match **item {
                    FieldType::Struct(_) => Some(quote!(v.each_object(&p, #value);)),
                    _ => self.typed_check(f, item, quote!(value)).map(|c| {
                        quote! {
                            v.each(&p, #value, |v, p, value| { let p = *p; #c });
                        }
                    }),
                };
                if len.is_none() && each.is_none() {
                    return None;
                }
                Some(quote!(#len #each))
            }
            _ => None,
        }
    }

    pub(super) fn text_check(f: &Field, value: TokenStream) -> Option<TokenStream> {
        f.warn_over_chars.map(|n| {
            let n = proc_macro2::Literal::usize_unsuffixed(n as usize);
            quote!(v.text_limit(&p, #value, #n);)
        })
    }

    pub(super) fn bounded_lists(&self) -> Vec<TokenStream> {
        let mut out = Vec::new();
        let mut done = Vec::new();
        for st in &self.op.structs {
            for f in &st.fields {
                let (Some(item), FieldType::List { min, max: Some(max), .. }) =
                    (self.small_list(&f.ty), &f.ty)
                else {
                    continue;
                };
                if done.contains(&item.name) {
                    continue;
                }
                done.push(item.name.clone());
                out.push(bounded_list(&item.name, *min, *max));
            }
        }
        out
    }
}

/// A newtype over a short list, built from arrays of `min..=max` items (a longer array does not
/// compile) or checked from a `Vec`.
fn bounded_list(item: &str, min: u32, max: u32) -> TokenStream {
    let name = ident(&naming::bounded_list(item));
    let item_ident = ident(item);
    let d = doc(&format!(
        "{min} to {max} [`{item}`] values. Build it from an array (`[a, b]`): an array of more than {max} does not compile. From a `Vec`, use `TryFrom`, which checks the length."
    ));
    let sizes = (min..=max).map(|n| proc_macro2::Literal::usize_unsuffixed(n as usize));
    quote! {
        #d
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(transparent)]
        pub struct #name(Vec<#item_ident>);

        itnio_runtime::newtype::bounded_list!(#name, #item_ident, [#( #sizes )*]);
    }
}
