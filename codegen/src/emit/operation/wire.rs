//! The untyped `wire` form: every field optional, unknown members kept, read by the runtime's
//! object reader and checked at run time.

use super::*;

impl<'a> Gen<'a> {
    pub(super) fn wire_type(&self, ty: &FieldType, lenient: bool) -> TokenStream {
        match ty {
            FieldType::String | FieldType::RecallIntent => quote!(String),
            FieldType::Enum(i) if self.api.enums[*i].base == EnumBase::String => quote!(String),
            FieldType::Integer | FieldType::Enum(_) => quote!(i64),
            FieldType::Constrained(_) if lenient => quote!(IntegerOrString),
            FieldType::Constrained(i) if self.api.constrained[*i].kind.is_string() => quote!(String),
            FieldType::Constrained(_) => quote!(i64),
            FieldType::Struct(id) => {
                let n = ident(&self.find(*id).name);
                quote!(#n)
            }
            FieldType::List { item, .. } => {
                let item = self.wire_type(item, lenient);
                quote!(Vec<#item>)
            }
            FieldType::CallInformation => quote!(BTreeMap<String, String>),
        }
    }

    /// Run-time checks of an untyped value `value` (a reference) at path `p`.
    pub(super) fn wire_check(&self, f: &Field, ty: &FieldType, value: TokenStream) -> Option<TokenStream> {
        match ty {
            FieldType::String => Self::text_check(f, value),
            FieldType::Integer | FieldType::CallInformation => None,
            FieldType::RecallIntent => Some(quote!(v.recall_intent(&p, #value);)),
            FieldType::Constrained(i) => {
                let n = ident(&self.api.constrained[*i].name);
                if f.lenient_string {
                    Some(quote! {
                        match #value.as_integer() {
                            Some(n) => v.constraint(&p, #n::RULE, #n::check(n)),
                            None => v.error(&p, "json.type", "must be an integer (a number or a string of digits)"),
                        }
                    })
                } else if self.api.constrained[*i].kind.is_string() {
                    Some(quote!(v.constraint(&p, #n::RULE, #n::check(#value));))
                } else {
                    Some(quote!(v.constraint(&p, #n::RULE, #n::check(*#value));))
                }
            }
            FieldType::Enum(i) => {
                let n = ident(&self.api.enums[*i].name);
                let code = match self.api.enums[*i].base {
                    EnumBase::Integer => quote!(*#value),
                    EnumBase::String => quote!(#value.as_str()),
                };
                Some(quote! {
                    if #n::from_code(#code).is_none() {
                        v.error(&p, #n::RULE, #n::EXPECTED);
                    }
                })
            }
            FieldType::Struct(_) => Some(quote!(Validate::validate_at(#value, &p, v);)),
            FieldType::List { item, min, max } => {
                let len = list_len(*min, *max, &value);
                let each = match **item {
                    FieldType::Struct(_) => Some(quote!(v.each_object(&p, #value);)),
                    _ => self.wire_check(f, item, quote!(value)).map(|c| {
                        quote! {
                            v.each(&p, #value, |v, p, value| { let p = *p; #c });
                        }
                    }),
                };
                Some(quote!(#len #each))
            }
        }
    }

    /// The type whose `Checked` impl (runtime) is a member's whole check (a constrained type or
    /// an enum), for `Validator::checked`; `None` for the others.
    fn member_check(&self, f: &Field) -> Option<proc_macro2::Ident> {
        if f.fixed.is_some() || f.lenient_string {
            return None;
        }
        match &f.ty {
            FieldType::Constrained(i) => Some(ident(&self.api.constrained[*i].name)),
            FieldType::Enum(i) => Some(ident(&self.api.enums[*i].name)),
            _ => None,
        }
    }

    pub(super) fn wire_struct(&self, st: &Struct) -> TokenStream {
        let name = ident(&st.name);
        let d = doc(&format!(
            "{}\n\nUntyped form: every field is optional and holds what the JSON holds; `validate` reports every violation with its JSON Pointer.",
            st.doc
        ));
        let names = SerdeStruct::new(st.fields.iter().map(|f| (f.wire.as_str(), f.rust.as_str(), true)));
        let mut fields = Vec::new();
        let mut checks = Vec::new();
        for f in &st.fields {
            let fname = ident(&f.rust);
            let wire = lit(&f.wire);
            let ty = self.wire_type(&f.ty, f.lenient_string);
            let fdoc = doc(&field_doc(f));
            let serde = names.field(&f.wire, &f.rust, None);
            fields.push(quote! {
                #fdoc
                #serde
                pub #fname: Option<#ty>,
            });
            if f.ty == FieldType::CallInformation {
                checks.push(quote! {
                    {
                        let p = path.field(#wire);
                        v.call_information(&p, self.#fname.as_ref());
                    }
                });
                continue;
            }
            let streamed =
                self.is_request(st) && self.streamed_lists().iter().any(|(_, l, _)| std::ptr::eq(*l, f));
            if !f.required.is_required()
                && let Some(line) = text_limit_line(f, quote!(self.#fname.as_deref()))
            {
                checks.push(line);
                continue;
            }
            if let Some(check) = self.member_check(f) {
                let required = f.required.is_required();
                let value = match &f.ty {
                    FieldType::Constrained(i) if self.api.constrained[*i].kind.is_string() => {
                        quote!(self.#fname.as_deref())
                    }
                    FieldType::Enum(i) if self.api.enums[*i].base == EnumBase::String => {
                        quote!(self.#fname.as_deref())
                    }
                    _ => quote!(self.#fname),
                };
                let method = if required { quote!(required) } else { quote!(optional) };
                checks.push(quote!(v.#method::<#check, _>(path, #wire, #value);));
                continue;
            }
            let check = match f.fixed {
                Some(n) => Some(quote! {
                    if *value != #n {
                        v.error(&p, "fixed", format_args!("must be {}, not {value}", #n));
                    }
                }),
                None => self.wire_check(f, &f.ty, quote!(value)),
            };
            let missing = match (&f.ty, streamed, f.required.is_required()) {
                (FieldType::List { min, max, .. }, true, required) => {
                    let min = proc_macro2::Literal::usize_unsuffixed(*min as usize);
                    let max = match max {
                        Some(m) => {
                            let m = proc_macro2::Literal::usize_unsuffixed(*m as usize);
                            quote!(Some(#m))
                        }
                        None => quote!(None),
                    };
                    Some(if required {
                        quote! {
                            None => match v.streamed_len(#wire) {
                                Some(len) => v.list_len(&p, len, #min, #max),
                                None => v.missing(&p),
                            },
                        }
                    } else {
                        quote! {
                            None => {
                                if let Some(len) = v.streamed_len(#wire) {
                                    v.list_len(&p, len, #min, #max);
                                }
                            }
                        }
                    })
                }
                (_, _, true) => Some(quote!(None => v.missing(&p),)),
                _ => None,
            };
            match (check, missing) {
                (Some(check), Some(missing)) => checks.push(quote! {
                    {
                        let p = path.field(#wire);
                        match &self.#fname {
                            Some(value) => { #check }
                            #missing
                        }
                    }
                }),
                (Some(check), None) => checks.push(quote! {
                    if let Some(value) = &self.#fname {
                        let p = path.field(#wire);
                        #check
                    }
                }),
                (None, Some(_)) => checks.push(quote! {
                    if self.#fname.is_none() {
                        v.missing(&path.field(#wire));
                    }
                }),
                (None, None) => {}
            }
        }
        checks.extend(self.unique_rules(st, Form::Wire));
        checks.extend(self.conditional_rules(st, Form::Wire, Ctx::Plain));
        let entry = self.is_request(st).then(|| quote!(itnio_runtime::wire_request!(#name, ScenarioKind);));
        // The list limits, for callers that must split their data to fit (a campaign of more
        // callees than one task takes).
        let limits: Vec<TokenStream> = st
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                FieldType::List { max: Some(max), .. } => {
                    let name = ident(&format!("{}_MAX_ITEMS", f.rust.to_uppercase()));
                    let d = doc(&format!("The most items `{}` may hold.", f.wire));
                    let max = *max as usize;
                    Some(quote! { #d pub const #name: usize = #max; })
                }
                _ => None,
            })
            .chain(st.fields.iter().filter_map(|f| {
                // The `unique` rules of a list, for callers that check its items one at a time
                // (a campaign's rows, streamed from a CSV).
                let rules = self.unique_rules_of(st, f);
                if rules.is_empty() {
                    return None;
                }
                let name = super::rules::unique_const(f);
                let d = doc(&format!("The `unique` rules on the items of `{}`.", f.wire));
                let rules = rules.iter().map(|r| r.declaration());
                Some(quote! { #d pub const #name: &'static [crate::repeats::Unique] = &[ #( #rules ),* ]; })
            }))
            .collect();
        let limits = (!limits.is_empty()).then(|| quote! { impl #name { #( #limits )* } });
        let body = quote! {
            v.object(path, &self.unusable, self.extra.keys());
            #( #checks )*
        };
        let deserialize = self.wire_deserialize(st);
        let streaming = if self.is_request(st) { self.streaming() } else { quote!() };
        let (before, after) = (names.before_derive(), names.after_derive());
        quote! {
            #d
            #before
            #[derive(Clone, Debug, Default, PartialEq, Serialize)]
            #after
            pub struct #name {
                #( #fields )*
                /// Members the spec does not know, kept as they were read and sent back unchanged.
                #[serde(flatten)]
                pub extra: BTreeMap<String, serde_json::Value>,
                /// Values the reader could not use (wrong JSON type, out of range, given
                /// twice), each reported by `validate` as one error at its pointer.
                #[serde(skip)]
                pub unusable: Vec<crate::object::Unusable>,
            }

            #entry

            #limits

            #deserialize

            #streaming

            impl Validate for #name {
                fn validate_at(&self, path: &Path<'_>, v: &mut Validator) {
                    #body
                }
            }
        }
    }

    /// A `Deserialize` that reads known members into their fields and keeps every other member
    /// in `extra`, streaming (no buffering of the whole object, as `serde(flatten)` would do).
    /// A member given twice is an error (a `null` counts as not given).
    /// `Deserialize` through the runtime's generic object reader, and the `WireObject` impl
    /// that tells it the members: one line per member.
    pub(super) fn wire_deserialize(&self, st: &Struct) -> TokenStream {
        let name = ident(&st.name);
        let wires: Vec<_> = st.fields.iter().map(|f| lit(&f.wire)).collect();
        let fields: Vec<_> = st.fields.iter().map(|f| ident(&f.rust)).collect();
        let indexes = (0..st.fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
        let stream = self.stream_member(st);
        quote! {
            itnio_runtime::wire_object!(#name);

            impl crate::object::WireObject for #name {
                const MEMBERS: &'static [&'static str] = &[#( #wires ),*];

                fn member<M: MemberValue>(&mut self, m: M) -> Result<(), M::Error> {
                    match m.index() {
                        #( #indexes => m.read(&mut self.#fields, &mut self.unusable), )*
                        _ => m.skip(),
                    }
                }

                #stream
            }
        }
    }
}
