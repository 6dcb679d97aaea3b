//! Rules over several fields (`required_when_equals`, `unique`, `not_after`, modes).

use super::*;

impl Checker {
    pub(super) fn rule(
        &mut self,
        f: &str,
        i: usize,
        r: &raw::Rule,
        structs: &[Struct],
        (constrained, enums): (&[Constrained], &[EnumType]),
    ) -> Option<Rule> {
        let p = format!("rules[{i}]");
        let (id, severity, struct_name, message) = r.common();
        let warning = severity == raw::Severity::Warning;
        let Some(owner) = structs.iter().position(|s| s.name == struct_name) else {
            self.err(f, format!("{p}.struct"), format!("unknown struct `{struct_name}`"));
            return None;
        };
        let s = &structs[owner];
        let owner = StructId(owner);
        let field = |checker: &mut Self, name: &str, what: &str, wire: &str| -> Option<(FieldId, &Field)> {
            match s.fields.iter().position(|x| x.wire == wire) {
                Some(i) => Some((FieldId(i), &s.fields[i])),
                None => {
                    checker.err(
                        f,
                        format!("{p}.{name}"),
                        format!("`{wire}` is not a field of {} ({what})", s.name),
                    );
                    None
                }
            }
        };
        let (id, message) = (id.to_owned(), message.to_owned());
        match r {
            raw::Rule::RequiredWhenEquals { when, require, mode, .. } => {
                let when_field = field(self, "when.field", "condition", &when.field);
                let require = field(self, "require", "required field", require);
                let ((when_id, when_field), (require, require_field)) = (when_field?, require?);
                if let Some(mode) = mode {
                    self.type_name(f, &format!("{p}.mode"), mode);
                    let equals_a_value = match &when_field.ty {
                        FieldType::Enum(e) => {
                            enums[*e].values.iter().any(|v| v.code == EnumCode::Int(when.equals))
                        }
                        _ => false,
                    };
                    if !equals_a_value || !when_field.required.is_required() {
                        self.err(
                            f,
                            format!("{p}.mode"),
                            "a mode joins a required enum field, one of whose values is `equals`",
                        );
                    }
                    if !matches!(require_field.ty, FieldType::List { .. })
                        || require_field.required.is_required()
                    {
                        self.err(f, format!("{p}.mode"), "a mode carries an optional list field");
                    }
                }
                if !matches!(
                    when_field.ty,
                    FieldType::Enum(_) | FieldType::Integer | FieldType::Constrained(_)
                ) {
                    self.err(
                        f,
                        format!("{p}.when.field"),
                        "the condition field must be an integer or an enum",
                    );
                }
                Some(Rule::RequiredWhenEquals {
                    id,
                    warning,
                    owner,
                    when_field: when_id,
                    equals: when.equals,
                    require,
                    message,
                    mode: mode.clone(),
                })
            }
            raw::Rule::Unique { list, key, .. } => {
                let (list, list_field) = field(self, "list", "list", list)?;
                let FieldType::List { item, .. } = &list_field.ty else {
                    self.err(f, format!("{p}.list"), format!("`{}` is not a list", list_field.wire));
                    return None;
                };
                let FieldType::Struct(item) = item.as_ref() else {
                    self.err(f, format!("{p}.list"), "`unique` needs a list of objects");
                    return None;
                };
                let item_struct = &structs[item.0];
                let Some(key_id) = item_struct.fields.iter().position(|x| &x.wire == key) else {
                    self.err(
                        f,
                        format!("{p}.key"),
                        format!("`{key}` is not a field of {}", item_struct.name),
                    );
                    return None;
                };
                let key = &item_struct.fields[key_id];
                if !matches!(key.ty, FieldType::Constrained(_) | FieldType::String)
                    || !key.required.is_required()
                {
                    self.err(f, format!("{p}.key"), "the key must be a required string field");
                }
                Some(Rule::Unique { id, warning, owner, list, item: *item, key: FieldId(key_id), message })
            }
            raw::Rule::NotAfter { field: earlier, limit, .. } => {
                let first = field(self, "field", "earlier date-time", earlier);
                let limit = field(self, "limit", "later date-time", limit);
                let ((first, first_field), (limit, limit_field)) = (first?, limit?);
                for (name, x) in [("field", first_field), ("limit", limit_field)] {
                    let is_date_time = matches!(x.ty, FieldType::Constrained(i) if constrained[i].kind == ConstraintKind::DateTime);
                    if !is_date_time || !x.required.is_required() {
                        self.err(
                            f,
                            format!("{p}.{name}"),
                            format!("`{}` must be a required date-time field", x.wire),
                        );
                    }
                }
                Some(Rule::NotAfter { id, warning, owner, field: first, limit, message })
            }
        }
    }
}
