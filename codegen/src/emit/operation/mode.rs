//! Modes: a `required_when_equals` rule with a `mode` joins, in the typed form, its condition
//! (a required enum field) and the list it requires into one enum whose variant for the
//! condition's value carries a non-empty list. Breaking the rule does not compile; the wire
//! JSON is the same two members.

use super::*;

/// A mode rule, resolved against its struct.
pub(super) struct Mode<'a> {
    pub(super) name: String,
    pub(super) id: &'a str,
    pub(super) message: &'a str,
    pub(super) condition: &'a Field,
    pub(super) list: &'a Field,
    pub(super) equals: i64,
}

impl<'a> Gen<'a> {
    /// The mode rules of `st`.
    pub(super) fn modes_of(&self, st: &Struct) -> Vec<Mode<'a>> {
        let mut out = Vec::new();
        for rule in &self.op.rules {
            let Rule::RequiredWhenEquals {
                id,
                owner,
                when_field,
                equals,
                require,
                message,
                mode: Some(name),
                ..
            } = rule
            else {
                continue;
            };
            if !self.is(st, *owner) {
                continue;
            }
            let owner = self.find(*owner);
            out.push(Mode {
                name: name.clone(),
                id,
                message,
                condition: owner.field(*when_field),
                list: owner.field(*require),
                equals: *equals,
            });
        }
        out
    }

    /// Whether `f` of `st` is the list a mode carries (the typed struct leaves it out).
    pub(super) fn carried_by_mode(&self, st: &Struct, f: &Field) -> bool {
        self.modes_of(st).iter().any(|m| std::ptr::eq(m.list, f))
    }

    /// Whether `rule` is made unrepresentable by a mode (the typed form needs no check).
    pub(super) fn is_mode_rule(rule: &Rule) -> bool {
        matches!(rule, Rule::RequiredWhenEquals { mode: Some(_), .. })
    }

    /// The typed struct's field for a mode whose condition is `f`, if there is one.
    pub(super) fn mode_field(&self, st: &Struct, f: &Field, ctx: Ctx<'_>) -> Option<TokenStream> {
        let mode = self.modes_of(st).into_iter().find(|m| std::ptr::eq(m.condition, f))?;
        let ty = ident(&mode.name);
        let generics = matches!(ctx, Ctx::Generic).then(|| quote!(<S>));
        let name = ident(&naming::snake(&mode.name));
        let d = doc(&format!(
            "`{}` and `{}`, in one: {}\n\n{}\n\nRequired.",
            mode.condition.wire, mode.list.wire, mode.condition.doc, mode.list.doc
        ));
        Some(quote! {
            #d
            #[serde(flatten)]
            pub #name: #ty #generics,
        })
    }

    /// The run-time check of a mode's list in the typed form: recall intents are checked against
    /// the scenario's tables, for the `Undocumented` codes the types let through.
    pub(super) fn mode_check(&self, st: &Struct, f: &Field) -> Option<TokenStream> {
        let mode = self.modes_of(st).into_iter().find(|m| std::ptr::eq(m.condition, f))?;
        let FieldType::List { item, .. } = &mode.list.ty else { return None };
        if **item != FieldType::RecallIntent {
            return None;
        }
        let name = ident(&naming::snake(&mode.name));
        let list_fn = ident(&naming::snake(&mode.list.wire));
        let lw = lit(&mode.list.wire);
        Some(quote! {
            if let Some(list) = self.#name.#list_fn() {
                let p = path.field(#lw);
                v.each(&p, list, |v, p, intent| v.recall_intent(p, Into::<crate::Intent>::into(*intent).code()));
            }
        })
    }

    /// The mode enums of this operation's structs.
    pub(super) fn mode_enums(&self) -> TokenStream {
        let mut out = Vec::new();
        for st in &self.op.structs {
            let ctx = match st.scenario_use {
                ScenarioUse::Generic => Ctx::Generic,
                _ => Ctx::Plain,
            };
            for mode in self.modes_of(st) {
                out.push(self.mode_enum(st, &mode, ctx));
            }
        }
        quote!(#( #out )*)
    }

    fn mode_enum(&self, st: &Struct, mode: &Mode<'_>, ctx: Ctx<'_>) -> TokenStream {
        let FieldType::Enum(e) = mode.condition.ty else {
            return quote!(compile_error!("a mode's condition is not an enum"););
        };
        let FieldType::List { item, .. } = &mode.list.ty else {
            return quote!(compile_error!("a mode's list is not a list"););
        };
        let enum_type = &self.api.enums[e];
        let enum_name = ident(&enum_type.name);
        let item = self.typed_type(item, ctx);
        let name = ident(&mode.name);
        let generic = matches!(ctx, Ctx::Generic);
        let (decl, used, head, decl_params) = match generic {
            true => {
                (quote!(#name<S: Scenario>), quote!(#name<S>), quote!(impl<S: Scenario>), quote!(S: Scenario))
            }
            false => (quote!(#name), quote!(#name), quote!(impl), quote!()),
        };
        let (cw, lw) = (lit(&mode.condition.wire), lit(&mode.list.wire));
        let d = doc(&format!(
            "`{}` and `{}` of [`{}`] in one value. {}\n\nThe variant for {} carries its `{}`, never empty, so that the rule `{}` (\"{}\") cannot be broken: a request that breaks it does not compile. It is sent as the same two members.",
            mode.condition.wire,
            mode.list.wire,
            st.name,
            enum_type.doc,
            mode.equals,
            mode.list.wire,
            mode.id,
            mode.message
        ));
        let mut variants = Vec::new();
        let mut to_code = Vec::new();
        let mut from_parts = Vec::new();
        for v in &enum_type.values {
            let variant = ident(&v.variant);
            let vd = doc(&v.doc);
            if v.code == EnumCode::Int(mode.equals) {
                variants.push(quote! { #vd #variant(crate::NonEmpty<#item>), });
                to_code.push(quote!(Self::#variant(_) => #enum_name::#variant,));
                from_parts.push(quote! {
                    #enum_name::#variant => crate::NonEmpty::try_from(list).ok().map(Self::#variant),
                });
            } else {
                variants.push(quote! { #vd #variant, });
                to_code.push(quote!(Self::#variant => #enum_name::#variant,));
                from_parts.push(quote!(#enum_name::#variant => Some(Self::#variant),));
            }
        }
        let message = lit(mode.message);
        let list_fn = ident(&naming::snake(&mode.list.wire));
        let code_fn = ident(&naming::snake(&mode.condition.wire));
        let (code_doc, list_doc) = (
            doc(&format!("The `{}` it sends.", mode.condition.wire)),
            doc(&format!("The `{}` it sends, if any.", mode.list.wire)),
        );
        let data_variant =
            enum_type.values.iter().find(|v| v.code == EnumCode::Int(mode.equals)).map(|v| ident(&v.variant));
        quote! {
            #d
            #[derive(Clone, Debug, PartialEq)]
            pub enum #decl {
                #( #variants )*
            }

            #head #used {
                #code_doc
                pub fn #code_fn(&self) -> #enum_name {
                    match self {
                        #( #to_code )*
                    }
                }

                #list_doc
                pub fn #list_fn(&self) -> Option<&[#item]> {
                    match self {
                        Self::#data_variant(list) => Some(list),
                        _ => None,
                    }
                }
            }

            #head crate::mode::Mode for #used {
                type Code = #enum_name;
                type Item = #item;
                const MEMBERS: &'static [&'static str; 2] = &[#cw, #lw];
                const NEEDS_LIST: &'static str = #message;
                fn code(&self) -> #enum_name {
                    self.#code_fn()
                }
                fn list(&self) -> Option<&[#item]> {
                    self.#list_fn()
                }
                fn from_parts(code: #enum_name, list: Vec<#item>) -> Option<Self> {
                    match code {
                        #( #from_parts )*
                    }
                }
            }

            #head Serialize for #used {
                fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
                    crate::mode::serialize(self, serializer)
                }
            }

            impl<'de, #decl_params> Deserialize<'de> for #used {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::mode::deserialize(deserializer)
                }
            }
        }
    }
}
