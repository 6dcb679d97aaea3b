//! Fields and type expressions: each parsed once (`TypeExpr`) and resolved against the
//! spec's types and the file's structs, differently for requests and answers.

use super::*;

impl Checker {
    pub(super) fn field(&mut self, f: &str, p: &str, fd: &raw::Field, scope: &Scope<'_>) -> Field {
        let doc = self.doc(f, p, &fd.doc);
        if !naming::is_ident(&fd.wire) {
            self.err(f, format!("{p}.wire"), format!("`{}` is not a plain JSON name", fd.wire));
        } else if let Some(why) = naming::unusable_name(&naming::snake(&fd.wire)) {
            self.err(
                f,
                format!("{p}.wire"),
                format!("`{}` gives the Rust field `{}`: {why}", fd.wire, naming::snake(&fd.wire)),
            );
        }
        if let Some(why) = naming::reserved_field(&fd.wire) {
            self.err(f, format!("{p}.wire"), why);
        }
        let required = fd.required;
        let from_table = fd.source == raw::Source::Table;
        if from_table && fd.table.is_none() {
            self.err(f, format!("{p}.table"), "a field from the request table needs its `table` columns");
        }
        let ty = self.field_type(f, &format!("{p}.type"), &fd.ty, scope).unwrap_or(FieldType::String);
        match (&ty, fd.items) {
            (FieldType::List { item, .. }, Some(b)) => {
                let (min, max) = self.bounds_u32(f, &format!("{p}.items"), b);
                let ty = FieldType::List { item: item.clone(), min: min.unwrap_or(0), max };
                return self.finish_field(f, p, fd, ty, required, doc, from_table, scope.constrained);
            }
            (_, Some(_)) => self.err(f, format!("{p}.items"), "`items` bounds fit list types only"),
            _ => {}
        }
        self.finish_field(f, p, fd, ty, required, doc, from_table, scope.constrained)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn finish_field(
        &mut self,
        f: &str,
        p: &str,
        fd: &raw::Field,
        ty: FieldType,
        required: Required,
        doc: String,
        from_table: bool,
        constrained: &[Constrained],
    ) -> Field {
        let warn_over_chars = fd.warn_over_chars.and_then(|n| {
            if ty != FieldType::String {
                self.err(f, format!("{p}.warn_over_chars"), "`warn_over_chars` fits string fields only");
            }
            match u32::try_from(n) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    self.err(f, format!("{p}.warn_over_chars"), format!("{n} is not a positive length"));
                    None
                }
            }
        });
        if fd.lenient_string && !matches!(ty, FieldType::Constrained(i) if !constrained[i].kind.is_string()) {
            self.err(
                f,
                format!("{p}.lenient_string"),
                "`lenient_string` fits constrained integer fields only",
            );
        }
        if fd.fixed.is_some() && (ty != FieldType::Integer || required != Required::Yes) {
            self.err(f, format!("{p}.fixed"), "`fixed` fits required plain integer fields only");
        }
        Field {
            wire: fd.wire.clone(),
            rust: naming::snake(&fd.wire),
            ty,
            required,
            doc,
            warn_over_chars,
            lenient_string: fd.lenient_string,
            fixed: fd.fixed,
            from_table,
        }
    }

    /// The type of a request field.
    pub(super) fn field_type(
        &mut self,
        f: &str,
        p: &str,
        text: &str,
        scope: &Scope<'_>,
    ) -> Option<FieldType> {
        let expr = self.type_expr(f, p, text)?;
        self.request_type(f, p, &expr, scope)
    }

    pub(super) fn type_expr(&mut self, f: &str, p: &str, text: &str) -> Option<TypeExpr> {
        TypeExpr::parse(text).map_err(|problem| self.err(f, p, problem)).ok()
    }

    pub(super) fn request_type(
        &mut self,
        f: &str,
        p: &str,
        expr: &TypeExpr,
        scope: &Scope<'_>,
    ) -> Option<FieldType> {
        let name = match expr {
            TypeExpr::List(inner) => {
                let item = self.request_type(f, p, inner, scope)?;
                if matches!(item, FieldType::List { .. } | FieldType::CallInformation) {
                    self.err(f, p, format!("`{inner}` cannot be a list item"));
                }
                return Some(FieldType::List { item: Box::new(item), min: 0, max: None });
            }
            TypeExpr::Named(name) => name.as_str(),
        };
        Some(match self.named_type(f, p, name, scope)? {
            Named::String => FieldType::String,
            Named::Integer => FieldType::Integer,
            Named::CallInformation => FieldType::CallInformation,
            Named::RecallIntent => FieldType::RecallIntent,
            Named::Constrained(i) => FieldType::Constrained(i),
            Named::Enum(i) => FieldType::Enum(i),
            Named::Struct(id) => FieldType::Struct(id),
            Named::Intent | Named::PushTime => {
                self.err(f, p, format!("`{name}` is a type of responses and pushes only"));
                return None;
            }
        })
    }

    pub(super) fn response_type(
        &mut self,
        f: &str,
        p: &str,
        expr: &TypeExpr,
        scope: &Scope<'_>,
    ) -> Option<ResponseType> {
        let name = match expr {
            TypeExpr::List(inner) => {
                let item = self.response_type(f, p, inner, scope)?;
                if matches!(item, ResponseType::List(_)) {
                    self.err(f, p, format!("`{inner}` cannot be a list item"));
                }
                return Some(ResponseType::List(Box::new(item)));
            }
            TypeExpr::Named(name) => name.as_str(),
        };
        Some(match self.named_type(f, p, name, scope)? {
            Named::String => ResponseType::String,
            Named::Integer => ResponseType::Integer,
            Named::Intent => ResponseType::Intent,
            Named::PushTime => ResponseType::PushTime,
            Named::Constrained(i) => ResponseType::Constrained(i),
            Named::Enum(i) => ResponseType::Enum(i),
            Named::Struct(id) => ResponseType::Struct(id),
            Named::CallInformation | Named::RecallIntent => {
                self.err(f, p, "request-only type in a response");
                return None;
            }
        })
    }

    /// What a type name names: a primitive, a type of types.yaml, or a struct of the same list.
    pub(super) fn named_type(&mut self, f: &str, p: &str, name: &str, scope: &Scope<'_>) -> Option<Named> {
        let Scope { constrained, enums, structs } = *scope;
        Some(match name {
            "string" => Named::String,
            "integer" => Named::Integer,
            "call_information" => Named::CallInformation,
            "recall_intent" => Named::RecallIntent,
            "intent" => Named::Intent,
            "push_time" => Named::PushTime,
            name => {
                if let Some(i) = constrained.iter().position(|c| c.name == name) {
                    Named::Constrained(ConstrainedId(i))
                } else if let Some(i) = enums.iter().position(|e| e.name == name) {
                    Named::Enum(EnumId(i))
                } else if let Some(i) = structs.iter().position(|s| *s == name) {
                    Named::Struct(StructId(i))
                } else {
                    self.err(f, p, format!("unknown type `{name}` (not a primitive, a type of types.yaml, or a struct of this file)"));
                    return None;
                }
            }
        })
    }
}

/// A type as the spec writes it (`TaskName`, `list<Callee>`), parsed once; names are resolved
/// against the spec's types afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A primitive (`string`, `integer`, ...), a type of types.yaml or a struct.
    Named(String),
    /// `list<T>`.
    List(Box<TypeExpr>),
}

impl TypeExpr {
    /// Parses `text`; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("list<") {
            let Some(inner) = rest.strip_suffix('>') else {
                return Err(format!("`{text}` does not close its `list<`"));
            };
            return Ok(TypeExpr::List(Box::new(TypeExpr::parse(inner)?)));
        }
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{text}` is not a type name or `list<T>`"));
        }
        Ok(TypeExpr::Named(text.to_owned()))
    }
}

impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeExpr::Named(n) => f.write_str(n),
            TypeExpr::List(item) => write!(f, "list<{item}>"),
        }
    }
}

/// What type names can name in one file: the types of types.yaml and the file's structs (of the
/// same list: request structs, or response structs, or push structs).
#[derive(Clone, Copy)]
pub(super) struct Scope<'s> {
    pub(super) constrained: &'s [Constrained],
    pub(super) enums: &'s [EnumType],
    pub(super) structs: &'s [&'s str],
}

/// What a type name of the spec names, before it is known whether a request or an answer uses
/// it.
pub(super) enum Named {
    String,
    Integer,
    CallInformation,
    RecallIntent,
    Intent,
    PushTime,
    Constrained(ConstrainedId),
    Enum(EnumId),
    Struct(StructId),
}

#[cfg(test)]
mod tests {
    use super::TypeExpr;

    #[test]
    fn type_expressions_parse_once_into_a_tree() {
        let list = |t| TypeExpr::List(Box::new(t));
        let named = |n: &str| TypeExpr::Named(n.to_owned());
        assert_eq!(TypeExpr::parse("TaskName"), Ok(named("TaskName")));
        assert_eq!(TypeExpr::parse(" list<Callee> "), Ok(list(named("Callee"))));
        assert_eq!(TypeExpr::parse("list<list<x>>"), Ok(list(list(named("x")))));
        assert_eq!(TypeExpr::parse("list<list<x>>").unwrap().to_string(), "list<list<x>>");
        assert!(TypeExpr::parse("list<Callee").unwrap_err().contains("does not close"));
        assert!(TypeExpr::parse("map<a,b>").unwrap_err().contains("not a type name"));
        assert!(TypeExpr::parse("").is_err());
    }
}
