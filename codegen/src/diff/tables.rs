//! Changes to the tables: status codes, intents, scenarios, callInformation keys, quirks, and
//! the API's own facts.

use super::{Change, Class, Witness};
use crate::model::Api;
use crate::raw::Severity;
use std::collections::BTreeSet;

pub(super) fn compare(old: &Api, new: &Api, out: &mut Vec<Change>) {
    status_codes(old, new, out);
    intents(old, new, out);
    scenarios(old, new, out);
    call_information(old, new, out);
    quirks(old, new, out);
    facts(old, new, out);
}

fn status_codes(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let area = "status codes";
    for o in &old.status_codes {
        let item = o.code.to_string();
        let Some(n) = new.status_codes.iter().find(|n| n.code == o.code) else {
            out.push(
                Change::new(area, item, format!("{} removed", o.variant), Class::Breaking)
                    .why("the variant is gone (the code is read as Unknown)"),
            );
            continue;
        };
        if n.variant != o.variant {
            out.push(
                Change::new(area, &item, format!("variant {} → {}", o.variant, n.variant), Class::Breaking)
                    .why("the variant is renamed"),
            );
        }
        if n.retry != o.retry {
            out.push(
                Change::new(
                    area,
                    &item,
                    format!("retry class {} → {}", o.retry.id(), n.retry.id()),
                    Class::Additive,
                )
                .why(
                    "the client's retry policy treats the code differently; code and requests are unaffected",
                ),
            );
        }
        let category =
            |api: &Api, c: Option<crate::model::CategoryId>| c.map(|id| api.category(id).id.clone());
        if category(old, o.category) != category(new, n.category) {
            out.push(
                Change::new(area, &item, "category changed", Class::Additive)
                    .why("`category()` answers differently"),
            );
        }
        if (&n.message, &n.note) != (&o.message, &o.note) {
            out.push(Change::new(area, &item, "wording changed", Class::DocsOnly).why("docs only"));
        }
    }
    for n in new.status_codes.iter().filter(|n| !old.status_codes.iter().any(|o| o.code == n.code)) {
        out.push(
            Change::new(area, n.code.to_string(), format!("{} added (retry class {})", n.variant, n.retry.id()), Class::Breaking)
                .why("a new variant of the exhaustive StatusCode: a `match` without a wildcard no longer compiles (the code was read as Unknown before)"),
        );
    }
}

/// Where an intent code is listed: the scenarios whose tables list it (`general` for the
/// table every scenario accepts), with its name.
fn intent_places(api: &Api) -> Vec<(String, BTreeSet<String>, String, Option<String>)> {
    let mut out: Vec<(String, BTreeSet<String>, String, Option<String>)> = Vec::new();
    for t in &api.intent_tables {
        let owner = t.scenario.map_or("general".to_owned(), |s| api.scenario(s).id.clone());
        for row in &t.intents {
            match out.iter_mut().find(|(code, ..)| *code == row.code) {
                Some((_, owners, ..)) => {
                    owners.insert(owner.clone());
                }
                None => out.push((
                    row.code.clone(),
                    BTreeSet::from([owner.clone()]),
                    row.name.clone(),
                    row.remarks.clone(),
                )),
            }
        }
    }
    out
}

fn intents(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let area = "intents";
    let (olds, news) = (intent_places(old), intent_places(new));
    let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
    for (code, owners, name, remarks) in &olds {
        let Some((_, now, new_name, new_remarks)) = news.iter().find(|(c, ..)| c == code) else {
            out.push(
                Change::new(area, code, format!("{name} removed from {}", list(owners)), Class::Breaking)
                    .why("its variants are gone; as recallIntent it is now an undocumented code (a warning)"),
            );
            continue;
        };
        let lost: BTreeSet<_> = owners.difference(now).cloned().collect();
        let gained: BTreeSet<_> = now.difference(owners).cloned().collect();
        if !lost.is_empty() && !now.contains("general") {
            out.push(
                Change::new(area, code, format!("{name}: listed for {} → {}", list(owners), list(now)), Class::Breaking)
                    .why(format!(
                        "the variant leaves the recall-intent enums of {}, and a recallIntent {code} for such an agent is refused now (the server answers {})",
                        list(&lost),
                        new.scenario_mismatch_code
                    ))
                    .rule("recall_intent.scenario", Some(Witness::Text(code.clone()))),
            );
        } else if !gained.is_empty() {
            out.push(
                Change::new(area, code, format!("{name}: listed for {} → {}", list(owners), list(now)), Class::Breaking)
                    .why(format!(
                        "a new variant of the recall-intent enums of {}; a recallIntent {code} for such an agent is accepted now",
                        list(&gained)
                    ))
                    .rule("recall_intent.scenario", Some(Witness::Text(code.clone()))),
            );
        }
        if (name, remarks) != (new_name, new_remarks) {
            out.push(Change::new(area, code, "name or remarks changed", Class::DocsOnly).why("docs only"));
        }
    }
    for (code, owners, name, _) in news.iter().filter(|(c, ..)| !olds.iter().any(|(o, ..)| o == c)) {
        out.push(
            Change::new(area, code, format!("{name} added to {}", list(owners)), Class::Breaking)
                .why(format!(
                    "a new variant of Intent and of the recall-intent enums of {}: a `match` without a wildcard no longer compiles; as recallIntent for such an agent it is accepted without the undocumented-code warning",
                    list(owners)
                ))
                .rule("recall_intent.undocumented", Some(Witness::Text(code.clone()))),
        );
    }
}

fn scenarios(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let area = "scenarios";
    for o in old.scenarios.iter().filter(|o| !new.scenarios.iter().any(|n| n.id == o.id)) {
        out.push(
            Change::new(area, &o.id, "removed", Class::Breaking)
                .why(format!("the marker type {} is gone", o.ty)),
        );
    }
    for n in new.scenarios.iter().filter(|n| !old.scenarios.iter().any(|o| o.id == n.id)) {
        out.push(
            Change::new(area, &n.id, "added", Class::Breaking)
                .why(format!("a new variant of ScenarioKind and a new marker type {}", n.ty)),
        );
    }
}

fn call_information(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let area = "callInformation";
    let (olds, news) = (&old.call_information.keys, &new.call_information.keys);
    for o in olds {
        let Some(n) = news.iter().find(|n| n.key == o.key) else {
            out.push(
                Change::new(area, &o.key, "removed", Class::Breaking)
                    .why("its field is gone from the scenarios' callInformation structs"),
            );
            continue;
        };
        let (was, now): (BTreeSet<_>, BTreeSet<_>) =
            (o.required_in.iter().collect(), n.required_in.iter().collect());
        for s in now.difference(&was) {
            out.push(
                Change::new(area, &o.key, format!("required for {s}"), Class::Breaking)
                    .why("the field is no longer an Option in that scenario's struct, and a callee without it is refused now (stricter validation)")
                    .rule("call_information.required_key", None),
            );
        }
        for s in was.difference(&now) {
            out.push(
                Change::new(area, &o.key, format!("optional for {s}"), Class::Breaking)
                    .why("the field becomes an Option in that scenario's struct; a callee without it is accepted now (looser validation)")
                    .rule("call_information.required_key", None),
            );
        }
        if o.doc != n.doc || o.variable != n.variable {
            out.push(Change::new(area, &o.key, "description changed", Class::DocsOnly).why("docs only"));
        }
    }
    for n in news.iter().filter(|n| !olds.iter().any(|o| o.key == n.key)) {
        let required = match n.required_in.is_empty() {
            true => "optional".to_owned(),
            false => format!("required for {}", n.required_in.join(", ")),
        };
        out.push(
            Change::new(area, &n.key, format!("added ({required})"), Class::Breaking)
                .why("a new field of the scenarios' callInformation structs (a struct literal no longer compiles); where it is required, a callee without it is refused")
                .rule("call_information.required_key", None),
        );
    }
}

fn quirks(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let area = "quirks";
    let severity = |s: Option<Severity>| match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        None => "no check",
    };
    let rank = |s: Option<Severity>| match s {
        Some(Severity::Error) => 2,
        Some(Severity::Warning) => 1,
        None => 0,
    };
    for o in &old.quirks {
        let Some(n) = new.quirks.iter().find(|n| n.id == o.id) else {
            out.push(
                Change::new(area, &o.id, "removed", Class::DocsOnly)
                    .why("the reading is no longer recorded; what it decided is reported with the types and rules it touched"),
            );
            continue;
        };
        if rank(o.severity) != rank(n.severity) {
            let class = if rank(n.severity) > rank(o.severity) { Class::Stricter } else { Class::Looser };
            out.push(
                Change::new(
                    area,
                    &o.id,
                    format!("{} → {}", severity(o.severity), severity(n.severity)),
                    class,
                )
                .why("a breach of the reading is treated more (or less) severely")
                .rule(&o.id, None),
            );
        }
        if (&o.problem, &o.handling, &o.quote, &o.source, &o.applies_to)
            != (&n.problem, &n.handling, &n.quote, &n.source, &n.applies_to)
        {
            out.push(Change::new(area, &o.id, "text or places changed", Class::DocsOnly).why("docs only"));
        }
    }
    for n in new.quirks.iter().filter(|n| !old.quirks.iter().any(|o| o.id == n.id)) {
        out.push(
            Change::new(area, &n.id, format!("added ({})", severity(n.severity)), Class::DocsOnly)
                .why("a reading of the docs is recorded; what it decides is reported with the types and rules it touches"),
        );
    }
}

fn facts(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let area = "API";
    let (o, n) = (&old.facts, &new.facts);
    let pairs = [
        ("base_url", o.base_url.clone(), n.base_url.clone()),
        ("content_type", o.content_type.clone(), n.content_type.clone()),
        (
            "signing headers",
            format!("{} {} {}", o.signing.api_key_header, o.signing.timestamp_header, o.signing.sign_header),
            format!("{} {} {}", n.signing.api_key_header, n.signing.timestamp_header, n.signing.sign_header),
        ),
        (
            "envelope",
            o.envelope
                .spellings
                .iter()
                .map(|s| format!("{}/{}", s.code, s.message))
                .collect::<Vec<_>>()
                .join(", "),
            n.envelope
                .spellings
                .iter()
                .map(|s| format!("{}/{}", s.code, s.message))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "scenario mismatch code",
            old.scenario_mismatch_code.to_string(),
            new.scenario_mismatch_code.to_string(),
        ),
        ("invalid request code", old.invalid_request_code.to_string(), new.invalid_request_code.to_string()),
    ];
    for (item, was, now) in pairs {
        if was != now {
            out.push(
                Change::new(area, item, format!("{was} → {now}"), Class::Additive)
                    .why("the client's and the mock's behaviour follows; code and requests are unaffected"),
            );
        }
    }
}
