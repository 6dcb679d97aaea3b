//! Changes to the operations: their routes, request structs and fields, rules, and the objects
//! their answers carry (and the pushes').

use super::types::{edges, lengths};
use super::{Change, Class, Witness};
use crate::model::{Api, FieldType, Operation, ResponseData, ResponseStruct, ResponseType, Rule, Struct};

pub(super) fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    for o in &old.operations {
        let area = format!("operation {}", o.name);
        let Some(n) = new.operations.iter().find(|n| n.name == o.name) else {
            out.push(
                Change::new(area, &o.name, format!("{} {} removed", o.method, o.path), Class::Breaking)
                    .why("its client method and its `Service` method are gone"),
            );
            continue;
        };
        route(&area, o, n, out);
        for os in &o.structs {
            match n.structs.iter().find(|ns| ns.name == os.name) {
                None => out
                    .push(Change::new(&area, &os.name, "removed", Class::Breaking).why("the struct is gone")),
                Some(ns) => request_fields((old, o, os), (new, n, ns), &area, out),
            }
        }
        for ns in n.structs.iter().filter(|ns| !o.structs.iter().any(|os| os.name == ns.name)) {
            out.push(Change::new(&area, &ns.name, "added", Class::Additive).why("a new struct"));
        }
        rules(&area, o, n, out);
        response_structs(old, new, &area, &o.response_structs, &n.response_structs, out);
    }
    for n in new.operations.iter().filter(|n| !old.operations.iter().any(|o| o.name == n.name)) {
        out.push(
            Change::new(format!("operation {}", n.name), &n.name, format!("{} {} added", n.method, n.path), Class::Breaking)
                .why("a new client method, and a new required method of the `Service` trait that stand-ins implement"),
        );
    }
    for o in &old.pushes {
        let area = format!("push {}", o.name);
        match new.pushes.iter().find(|n| n.name == o.name) {
            None => {
                out.push(Change::new(area, &o.name, "removed", Class::Breaking).why("its types are gone"))
            }
            Some(n) => response_structs(old, new, &area, &o.structs, &n.structs, out),
        }
    }
    for n in new.pushes.iter().filter(|n| !old.pushes.iter().any(|o| o.name == n.name)) {
        out.push(
            Change::new(format!("push {}", n.name), &n.name, "added", Class::Additive).why("a new push"),
        );
    }
}

fn route(area: &str, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    if (o.method, &o.path) != (n.method, &n.path) {
        out.push(
            Change::new(
                area,
                &o.name,
                format!("{} {} → {} {}", o.method, o.path, n.method, n.path),
                Class::Additive,
            )
            .why("the client sends to the new route; code is unaffected"),
        );
    }
    if o.safe_to_repeat != n.safe_to_repeat {
        out.push(
            Change::new(
                area,
                &o.name,
                format!("safe to repeat: {} → {}", o.safe_to_repeat, n.safe_to_repeat),
                Class::Additive,
            )
            .why("the client's retries of an attempt whose outcome is unknown change"),
        );
    }
    if o.duplicate_code != n.duplicate_code {
        out.push(
            Change::new(
                area,
                &o.name,
                format!("duplicate code {:?} → {:?}", o.duplicate_code, n.duplicate_code),
                Class::Additive,
            )
            .why("the code the client reads as \"already created\" changes"),
        );
    }
    let data = |op: &Operation| match &op.response.data {
        ResponseData::None => "nothing".to_owned(),
        ResponseData::Integer => "an integer".to_owned(),
        ResponseData::Scalar(_) | ResponseData::Struct(_) => payload_name(op),
    };
    if data(o) != data(n) {
        out.push(
            Change::new(area, &o.name, format!("answer {} → {}", data(o), data(n)), Class::Breaking)
                .why("the client method returns another type"),
        );
    }
    if o.doc.trim() != n.doc.trim() || o.response.doc.trim() != n.response.doc.trim() {
        out.push(Change::new(area, &o.name, "description changed", Class::DocsOnly).why("docs only"));
    }
}

fn payload_name(op: &Operation) -> String {
    match &op.response.data {
        ResponseData::Struct(id) => op.response_struct(*id).name.clone(),
        ResponseData::Scalar(_) => "a scalar".to_owned(),
        _ => String::new(),
    }
}

/// A request field's type in words, by names (ids differ between models).
fn field_type(api: &Api, op_structs: &[Struct], ty: &FieldType) -> String {
    match ty {
        FieldType::String => "String".into(),
        FieldType::Integer => "Integer".into(),
        FieldType::Constrained(i) => api.constrained[*i].name.clone(),
        FieldType::Enum(i) => api.enums[*i].name.clone(),
        FieldType::Struct(id) => op_structs[id.0].name.clone(),
        FieldType::List { item, .. } => format!("list<{}>", field_type(api, op_structs, item)),
        FieldType::CallInformation => "callInformation".into(),
        FieldType::RecallIntent => "recall intent".into(),
    }
}

/// A request struct of an operation, in one model.
type InModel<'a> = (&'a Api, &'a Operation, &'a Struct);

fn request_fields((old, o, os): InModel<'_>, (new, n, ns): InModel<'_>, area: &str, out: &mut Vec<Change>) {
    let (old_structs, new_structs) = (&o.structs[..], &n.structs[..]);
    let removed: Vec<_> = os.fields.iter().filter(|f| !ns.fields.iter().any(|g| g.wire == f.wire)).collect();
    let added: Vec<_> = ns.fields.iter().filter(|g| !os.fields.iter().any(|f| f.wire == g.wire)).collect();
    let old_ty = |ty: &FieldType| field_type(old, old_structs, ty);
    let new_ty = |ty: &FieldType| field_type(new, new_structs, ty);
    // One field gone and one new of the same type and requiredness: read as a rename.
    if let ([r], [a]) = (&removed[..], &added[..])
        && old_ty(&r.ty) == new_ty(&a.ty)
        && r.required.is_required() == a.required.is_required()
    {
        out.push(
            Change::new(
                area,
                format!("{}.{}", os.name, r.wire),
                format!("renamed to {}", a.wire),
                Class::Breaking,
            )
            .why(format!(
                "the Rust field `{}` is now `{}`; the member is sent under its new name",
                r.rust, a.rust
            )),
        );
    } else {
        for r in removed {
            out.push(Change::new(area, format!("{}.{}", os.name, r.wire), "removed", Class::Breaking).why(
                format!("the Rust field `{}` is gone; the member is kept as unknown when read", r.rust),
            ));
        }
        for a in added {
            let item = format!("{}.{}", ns.name, a.wire);
            let what = format!(
                "added ({}, {})",
                new_ty(&a.ty),
                if a.required.is_required() { "required" } else { "optional" }
            );
            let change = match a.required.is_required() {
                true => Change::new(area, item, what, Class::Breaking)
                    .why("the builder needs it, and a request without it is refused now (stricter validation)")
                    .rule("required", None),
                false => Change::new(area, item, what, Class::Breaking)
                    .why("a struct literal of the struct no longer compiles (builders are unaffected); requests are unaffected"),
            };
            out.push(change);
        }
    }
    for f in &os.fields {
        let Some(g) = ns.fields.iter().find(|g| g.wire == f.wire) else { continue };
        let item = format!("{}.{}", os.name, f.wire);
        let (ot, nt) = (old_ty(&f.ty), new_ty(&g.ty));
        if ot != nt {
            out.push(
                Change::new(area, &item, format!("type {ot} → {nt}"), Class::Breaking)
                    .why("the Rust field takes another type, and values valid before may be refused"),
            );
        } else if let (FieldType::List { min: a, max: x, .. }, FieldType::List { min: b, max: y, .. }) =
            (&f.ty, &g.ty)
            && (a, x) != (b, y)
        {
            out.push(list_size(area, &item, (*a, *x), (*b, *y)));
        }
        match (f.required.is_required(), g.required.is_required()) {
            (false, true) => out.push(
                Change::new(area, &item, "optional → required", Class::Breaking)
                    .why("the Rust field is no longer an Option, and a request without it is refused now (stricter validation)")
                    .rule("required", None),
            ),
            (true, false) => out.push(
                Change::new(area, &item, "required → optional", Class::Breaking)
                    .why("the Rust field becomes an Option; a request without it is accepted now (looser validation)")
                    .rule("required", None),
            ),
            _ => {}
        }
        if f.warn_over_chars != g.warn_over_chars {
            out.push(
                Change::new(
                    area,
                    &item,
                    format!("warning over {:?} → {:?} characters", f.warn_over_chars, g.warn_over_chars),
                    Class::Additive,
                )
                .why("only warnings change"),
            );
        }
        if f.doc.trim() != g.doc.trim() {
            out.push(Change::new(area, &item, "description changed", Class::DocsOnly).why("docs only"));
        }
    }
}

/// A list's size limits, before and after.
fn list_size(area: &str, item: &str, (a, x): (u32, Option<u32>), (b, y): (u32, Option<u32>)) -> Change {
    let words = |min: u32, max: Option<u32>| match max {
        Some(max) => format!("{min} to {max} items"),
        None => format!("at least {min} items"),
    };
    let what = format!("{} → {}", words(a, x), words(b, y));
    let rule = "list.size";
    let items = |n: i64| Witness::Items(u32::try_from(n).unwrap_or(0));
    match edges(lengths(a, x), lengths(b, y), items) {
        (Some(w), _) => Change::new(area, item, what, Class::Stricter)
            .why("a list valid before is refused now")
            .rule(rule, Some(w)),
        (None, Some(w)) => Change::new(area, item, what, Class::Looser)
            .why("a list refused before is valid now")
            .rule(rule, Some(w)),
        (None, None) => Change::new(area, item, what, Class::DocsOnly).why("the same lists are valid"),
    }
}

/// A rule in words, by field names.
fn rule_text(op: &Operation, rule: &Rule) -> (String, bool, String) {
    let st = |id: crate::model::StructId| op.request_struct(id);
    match rule {
        Rule::RequiredWhenEquals { id, warning, owner, when_field, equals, require, .. } => {
            let s = st(*owner);
            (
                id.clone(),
                *warning,
                format!(
                    "{} requires {} when {} is {equals}",
                    s.name,
                    s.field(*require).wire,
                    s.field(*when_field).wire
                ),
            )
        }
        Rule::Unique { id, warning, owner, list, item, key, .. } => (
            id.clone(),
            *warning,
            format!(
                "{}.{}: {} unique",
                st(*owner).name,
                st(*owner).field(*list).wire,
                st(*item).field(*key).wire
            ),
        ),
        Rule::NotAfter { id, warning, owner, field, limit, .. } => {
            let s = st(*owner);
            (
                id.clone(),
                *warning,
                format!("{}: {} not after {}", s.name, s.field(*field).wire, s.field(*limit).wire),
            )
        }
    }
}

fn rules(area: &str, o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let old_rules: Vec<_> = o.rules.iter().map(|r| rule_text(o, r)).collect();
    let new_rules: Vec<_> = n.rules.iter().map(|r| rule_text(n, r)).collect();
    let severity = |warning: bool| if warning { "warning" } else { "error" };
    for (id, warning, text) in &old_rules {
        match new_rules.iter().find(|(nid, ..)| nid == id) {
            None => {
                let class = if *warning { Class::Additive } else { Class::Looser };
                out.push(
                    Change::new(area, format!("rule {id}"), format!("removed ({text})"), class)
                        .why(format!("requests it refused are accepted now ({})", severity(*warning)))
                        .rule(id, None),
                );
            }
            Some((_, nw, ntext)) => {
                if nw != warning {
                    let class = if *nw { Class::Looser } else { Class::Stricter };
                    out.push(
                        Change::new(
                            area,
                            format!("rule {id}"),
                            format!("{} → {}", severity(*warning), severity(*nw)),
                            class,
                        )
                        .why("requests that break it are refused (error) or sent with a warning")
                        .rule(id, None),
                    );
                }
                if ntext != text {
                    out.push(
                        Change::new(area, format!("rule {id}"), format!("{text} → {ntext}"), Class::Stricter)
                            .why("the rule checks something else: some requests valid before may be refused")
                            .rule(id, None),
                    );
                }
            }
        }
    }
    for (id, warning, text) in new_rules.iter().filter(|(id, ..)| !old_rules.iter().any(|(o, ..)| o == id)) {
        let class = if *warning { Class::Additive } else { Class::Stricter };
        out.push(
            Change::new(area, format!("rule {id}"), format!("added ({text})"), class)
                .why(format!("a new {} for requests that break it", severity(*warning)))
                .rule(id, None),
        );
    }
}

/// A response field's type in words, by names.
fn response_type(api: &Api, structs: &[ResponseStruct], ty: &ResponseType) -> String {
    match ty {
        ResponseType::String => "String".into(),
        ResponseType::Integer => "Integer".into(),
        ResponseType::Constrained(i) => api.constrained[*i].name.clone(),
        ResponseType::Enum(i) => api.enums[*i].name.clone(),
        ResponseType::Struct(id) => structs[id.0].name.clone(),
        ResponseType::List(item) => format!("list<{}>", response_type(api, structs, item)),
        ResponseType::Intent => "intent".into(),
        ResponseType::PushTime => "push time".into(),
    }
}

fn response_structs(
    old: &Api,
    new: &Api,
    area: &str,
    olds: &[ResponseStruct],
    news: &[ResponseStruct],
    out: &mut Vec<Change>,
) {
    for os in olds {
        let Some(ns) = news.iter().find(|n| n.name == os.name) else {
            out.push(
                Change::new(area, &os.name, "removed", Class::Breaking).why("the answer's struct is gone"),
            );
            continue;
        };
        for f in &os.fields {
            let item = format!("{}.{}", os.name, f.wire);
            match ns.fields.iter().find(|g| g.wire == f.wire) {
                None => out.push(Change::new(area, item, "removed", Class::Breaking).why(format!(
                    "the field `{}` is gone; the member is kept in `extra` when the server sends it",
                    f.rust
                ))),
                Some(g) => {
                    let (ot, nt) = (response_type(old, olds, &f.ty), response_type(new, news, &g.ty));
                    if ot != nt {
                        out.push(
                            Change::new(area, &item, format!("type {ot} → {nt}"), Class::Breaking)
                                .why("the field takes another type"),
                        );
                    }
                    if f.doc.trim() != g.doc.trim() {
                        out.push(
                            Change::new(area, &item, "description changed", Class::DocsOnly).why("docs only"),
                        );
                    }
                }
            }
        }
        for g in ns.fields.iter().filter(|g| !os.fields.iter().any(|f| f.wire == g.wire)) {
            out.push(
                Change::new(area, format!("{}.{}", ns.name, g.wire), "added", Class::Breaking)
                    .why("a struct literal of the answer no longer compiles; code that reads it is unaffected (the member was kept in `extra` before)"),
            );
        }
    }
    for ns in news.iter().filter(|n| !olds.iter().any(|o| o.name == n.name)) {
        out.push(Change::new(area, &ns.name, "added", Class::Additive).why("a new struct of the answer"));
    }
}
