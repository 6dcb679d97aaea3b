//! Changes to the constrained types and enums of `types.yaml`.

use super::{Change, Class, Witness};
use crate::model::{Api, ConstraintKind, EnumType};

pub(super) fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    for o in &old.constrained {
        let area = format!("type {}", o.name);
        match new.constrained.iter().find(|n| n.name == o.name) {
            None => out.push(
                Change::new(area, &o.name, "removed", Class::Breaking)
                    .why(format!("the type and its literal macro `{}!` are gone", o.macro_name)),
            ),
            Some(n) => {
                out.extend(constraint(&area, &o.name, o.kind, n.kind));
                if o.doc.trim() != n.doc.trim() {
                    out.push(
                        Change::new(&area, &o.name, "description changed", Class::DocsOnly).why("docs only"),
                    );
                }
                if o.default != n.default {
                    out.push(
                        Change::new(
                            &area,
                            &o.name,
                            format!("default {:?} → {:?}", o.default, n.default),
                            Class::Additive,
                        )
                        .why("what the server does with an absent value changes; requests are unaffected"),
                    );
                }
            }
        }
    }
    for n in new.constrained.iter().filter(|n| !old.constrained.iter().any(|o| o.name == n.name)) {
        out.push(
            Change::new(
                format!("type {}", n.name),
                &n.name,
                format!("added: {}", n.kind.describe()),
                Class::Additive,
            )
            .why("a new type; nothing existing uses it unless a field changes too"),
        );
    }
    for o in &old.enums {
        let area = format!("enum {}", o.name);
        match new.enums.iter().find(|n| n.name == o.name) {
            None => out.push(Change::new(area, &o.name, "removed", Class::Breaking).why("the enum is gone")),
            Some(n) => enum_values(&area, o, n, out),
        }
    }
    for n in new.enums.iter().filter(|n| !old.enums.iter().any(|o| o.name == n.name)) {
        out.push(
            Change::new(format!("enum {}", n.name), &n.name, "added", Class::Additive).why("a new enum"),
        );
    }
}

/// A constrained type's allowed values, before and after. Tightening is stricter validation and
/// also breaks Rust code: a literal macro call that compiled (`recall_count!(10)`) may no
/// longer compile.
fn constraint(area: &str, name: &str, old: ConstraintKind, new: ConstraintKind) -> Option<Change> {
    if old == new {
        return None;
    }
    let what = format!("{} → {}", old.describe(), new.describe());
    let rule = crate::naming::rule_id(name, new.rule());
    let (tighter, looser) = witnesses(old, new);
    let change = match (tighter, looser) {
        (Some(w), _) => Change::new(area, name, what, Class::Breaking)
            .why("stricter validation: a value valid before is refused now, and a literal macro call with such a value no longer compiles")
            .rule(rule, Some(w)),
        (None, Some(w)) => Change::new(area, name, what, Class::Looser)
            .why("a value refused before is valid now")
            .rule(rule, Some(w)),
        (None, None) => Change::new(area, name, what, Class::Breaking)
            .why("the kind of value changes: code and requests written for the old kind break"),
    };
    Some(change)
}

/// A value the old constraint accepts and the new one refuses, and one the other way round,
/// where the two are of the same kind.
fn witnesses(old: ConstraintKind, new: ConstraintKind) -> (Option<Witness>, Option<Witness>) {
    use ConstraintKind::*;
    let length = |n: i64, fill: &str| Witness::Text(fill.repeat(usize::try_from(n).unwrap_or(0)));
    match (old, new) {
        (Range { min: a, max: x }, Range { min: b, max: y }) => edges((a, x), (b, y), Witness::Integer),
        (Chars { min: a, max: x }, Chars { min: b, max: y }) => {
            edges(lengths(a, x), lengths(b, y), |n| length(n, "x"))
        }
        (Digits { min: a, max: x }, Digits { min: b, max: y }) => {
            edges(lengths(a, Some(x)), lengths(b, Some(y)), |n| length(n, "1"))
        }
        _ => (None, None),
    }
}

/// A length range as an integer one.
pub(super) fn lengths(min: u32, max: Option<u32>) -> (i64, Option<i64>) {
    (i64::from(min), max.map(i64::from))
}

/// For two ranges `min..=max`, a value the first allows and the second does not, and the
/// reverse: one of the ranges' edges, or just past one (a length is never below 0).
pub(super) fn edges(
    (a, x): (i64, Option<i64>),
    (b, y): (i64, Option<i64>),
    witness: impl Fn(i64) -> Witness,
) -> (Option<Witness>, Option<Witness>) {
    let fits = |lo: i64, hi: Option<i64>, n: i64| n >= lo && hi.is_none_or(|h| n <= h);
    let near = |lo: i64, hi: Option<i64>| [Some(lo), Some(lo - 1), hi, hi.map(|h| h + 1)];
    let candidates: Vec<i64> = near(a, x).into_iter().chain(near(b, y)).flatten().collect();
    let tighter = candidates.iter().find(|&&n| fits(a, x, n) && !fits(b, y, n)).map(|&n| witness(n));
    let looser = candidates.iter().find(|&&n| !fits(a, x, n) && fits(b, y, n)).map(|&n| witness(n));
    (tighter, looser)
}

fn enum_values(area: &str, old: &EnumType, new: &EnumType, out: &mut Vec<Change>) {
    let rule = crate::naming::rule_id(&new.name, "value");
    for v in &old.values {
        match new.values.iter().find(|n| n.code == v.code) {
            None => out.push(
                Change::new(
                    area,
                    v.code.to_string(),
                    format!("value {} ({}) removed", v.code, v.variant),
                    Class::Breaking,
                )
                .why("the variant is gone, and requests sending the value are refused")
                .rule(&rule, Some(witness(&v.code))),
            ),
            Some(n) if n.variant != v.variant => out.push(
                Change::new(
                    area,
                    v.code.to_string(),
                    format!("variant {} → {}", v.variant, n.variant),
                    Class::Breaking,
                )
                .why("the variant is renamed"),
            ),
            Some(n) if n.doc.trim() != v.doc.trim() => out.push(
                Change::new(area, v.code.to_string(), "description changed", Class::DocsOnly)
                    .why("docs only"),
            ),
            Some(_) => {}
        }
    }
    for v in new.values.iter().filter(|n| !old.values.iter().any(|o| o.code == n.code)) {
        out.push(
            Change::new(area, v.code.to_string(), format!("value {} ({}) added", v.code, v.variant), Class::Breaking)
                .why(
                    "a new variant of an exhaustive enum: a `match` without a wildcard no longer compiles; requests sending the value were refused before and are accepted now",
                )
                .rule(&rule, Some(witness(&v.code))),
        );
    }
    if old.default.map(|d| &old.values[d.0].code) != new.default.map(|d| &new.values[d.0].code) {
        out.push(
            Change::new(area, &new.name, "default value changed", Class::Additive)
                .why("what the server does with an absent value changes; requests are unaffected"),
        );
    }
}

fn witness(code: &crate::model::EnumCode) -> Witness {
    match code {
        crate::model::EnumCode::Int(n) => Witness::Integer(*n),
        crate::model::EnumCode::Str(s) => Witness::Text(s.clone()),
    }
}
