//! `codegen::diff` over pairs of specs: the real spec, and the real spec with one kind of change
//! made to it. Each pair's report is snapshotted in `tests/spec_diff/<case>.txt` (rewrite with
//! `SNAPSHOTS=overwrite cargo test -p itnio-codegen --test spec_diff` and read the diff). A
//! change that makes a valid request invalid is classified stricter, names its rule, and gives
//! a value that the runtime's own checks accept under the old model and refuse under the new.

mod common;

use codegen::diff::{Bump, Class, Report, Version, Witness, diff};
use codegen::model::{Api, ConstraintKind};
use std::path::PathBuf;

/// The real spec with `edits` applied (they must keep it valid).
fn spec_with(edits: &[(&str, &str, &str)]) -> Api {
    common::spec_with(edits).unwrap_or_else(|e| panic!("the edited spec checks: {e}"))
}

/// The report of the real spec against it with `edits`, checked against its snapshot.
fn report(case: &str, edits: &[(&str, &str, &str)]) -> Report {
    let report = diff(&spec_with(&[]), &spec_with(edits));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec_diff").join(format!("{case}.txt"));
    let text = format!("{}\nChangelog fragment:\n\n{}", report.text(), report.changelog());
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    } else {
        let kept = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(kept, text, "{case}: the report differs from {}", path.display());
    }
    report
}

/// The only change's class, and the change itself.
fn only(report: &Report) -> &codegen::diff::Change {
    assert_eq!(report.changes.len(), 1, "{}", report.text());
    &report.changes[0]
}

fn constraint(api: &Api, name: &str) -> ConstraintKind {
    api.constrained.iter().find(|c| c.name == name).expect("the type").kind
}

/// Whether the runtime's own check of a type with this constraint accepts the witness.
fn accepts(kind: ConstraintKind, w: &Witness) -> bool {
    use itnio_runtime::constraint;
    match (kind, w) {
        (ConstraintKind::Range { min, max }, Witness::Integer(n)) => {
            constraint::int_range(*n, min, max).is_ok()
        }
        (ConstraintKind::Chars { min, max }, Witness::Text(s)) => constraint::chars(s, min, max).is_ok(),
        (ConstraintKind::Digits { min, max }, Witness::Text(s)) => constraint::digits(s, min, max).is_ok(),
        _ => panic!("no check for {kind:?} and {w:?}"),
    }
}

#[test]
fn a_spec_compared_with_itself_reports_nothing() {
    let report = diff(&spec_with(&[]), &spec_with(&[]));
    assert!(report.is_empty(), "{}", report.text());
    assert_eq!(report.needed(), Bump::None);
    assert_eq!(report.text(), "No change to the API.\n");
}

#[test]
fn reordering_and_whitespace_report_nothing() {
    let reordered = spec_with(&[
        // Two status codes swapped.
        (
            "status_codes.yaml",
            "  - {code: -1, variant: AuthenticationError, message: Authentication error, category: auth, retry: never}\n  - {code: -2, variant: RestrictedIpAccess, message: Restricted IP access, category: auth, retry: never}",
            "  - {code: -2, variant: RestrictedIpAccess, message: Restricted IP access, category: auth, retry: never}\n  - {code: -1, variant: AuthenticationError, message: Authentication error, category: auth, retry: never}",
        ),
        // Two intents of a table swapped, and written in block style.
        (
            "intents.yaml",
            "      - {code: \"305\", variant: Interested, name: Customer clearly interested}\n      - {code: \"306\", variant: NotInterested, name: Customer clearly not interested}",
            "      - code: \"306\"\n        variant: NotInterested\n        name:   Customer clearly not interested\n\n      - {code: \"305\",   variant: Interested, name: Customer clearly interested}",
        ),
        // Blank lines and comments.
        (
            "quirks.yaml",
            "  - id: callout_rate_example_only",
            "\n\n  # a comment\n  - id: callout_rate_example_only",
        ),
        ("types.yaml", "    range: {min: 1, max: 10}", "    range:   { max: 10,  min: 1 }"),
    ]);
    let report = diff(&spec_with(&[]), &reordered);
    assert!(report.is_empty(), "{}", report.text());
}

#[test]
fn a_range_raised_is_looser_and_names_a_value_now_valid() {
    let report = report(
        "range_looser",
        &[("types.yaml", "    range: {min: 1, max: 10}", "    range: {min: 1, max: 15}")],
    );
    let c = only(&report);
    assert_eq!((c.class, c.rule.as_deref()), (Class::Looser, Some("recall_count.range")));
    let w = c.witness.as_ref().expect("a witness");
    let (old, new) = (
        spec_with(&[]),
        spec_with(&[("types.yaml", "    range: {min: 1, max: 10}", "    range: {min: 1, max: 15}")]),
    );
    assert!(
        !accepts(constraint(&old, "RecallCount"), w) && accepts(constraint(&new, "RecallCount"), w),
        "{w}"
    );
    assert_eq!(report.needed(), Bump::Minor);
}

#[test]
fn a_range_narrowed_is_stricter_and_breaks_literals() {
    let edit = [("types.yaml", "    range: {min: 10, max: 120}", "    range: {min: 10, max: 100}")];
    let report = report("range_stricter", &edit);
    let c = only(&report);
    assert_eq!((c.class, c.rule.as_deref()), (Class::Breaking, Some("ringing_seconds.range")));
    assert!(c.why.contains("stricter validation") && c.why.contains("literal macro"), "{}", c.why);
    // A request carrying the witness passed the old model's check and fails the new one's.
    let w = c.witness.as_ref().expect("a witness");
    let (old, new) = (spec_with(&[]), spec_with(&edit));
    assert!(accepts(constraint(&old, "RingingSeconds"), w), "{w}");
    assert!(!accepts(constraint(&new, "RingingSeconds"), w), "{w}");
    assert_eq!(report.needed(), Bump::Major);
}

#[test]
fn a_length_narrowed_is_stricter_with_a_text_that_no_longer_fits() {
    let edit = [("types.yaml", "    chars: {min: 2, max: 64}", "    chars: {min: 2, max: 32}")];
    let report = report("chars_stricter", &edit);
    let c = only(&report);
    let w = c.witness.as_ref().expect("a witness");
    assert!(accepts(constraint(&spec_with(&[]), "TaskName"), w));
    assert!(!accepts(constraint(&spec_with(&edit), "TaskName"), w));
    assert_eq!(c.rule.as_deref(), Some("task_name.chars"));
}

#[test]
fn a_list_limit_narrowed_is_stricter_validation() {
    let report = report(
        "list_stricter",
        &[(
            "operations/agent_send.yaml",
            "        items: {min: 1, max: 200000}",
            "        items: {min: 1, max: 100000}",
        )],
    );
    let c = only(&report);
    assert_eq!((c.class, c.rule.as_deref()), (Class::Stricter, Some("list.size")));
    assert_eq!(c.witness, Some(Witness::Items(200000)));
}

#[test]
fn an_intent_added_to_a_table_breaks_exhaustive_matches() {
    let report = report(
        "intent_added",
        &[(
            "intents.yaml",
            "      - {code: \"306\", variant: NotInterested, name: Customer clearly not interested}",
            "      - {code: \"306\", variant: NotInterested, name: Customer clearly not interested}\n      - {code: \"307\", variant: CallBackLater, name: Customer asks to be called back later}",
        )],
    );
    let c = only(&report);
    assert_eq!((c.class, c.item.as_str()), (Class::Breaking, "307"));
    assert!(c.what.contains("added to marketing"), "{}", c.what);
}

#[test]
fn an_intent_moved_between_scenarios_is_refused_for_the_old_one() {
    let report = report(
        "intent_moved",
        &[
            (
                "intents.yaml",
                "      - {code: \"301\", variant: Voicemail, name: Voicemail, remarks: The user side speaking after connection is voicemail}\n",
                "",
            ),
            (
                "intents.yaml",
                "  - id: debt_collection\n    scenario: debt_collection\n    level: first\n    header: [Code, Intent Name, Remarks]\n    intents:\n",
                "  - id: debt_collection\n    scenario: debt_collection\n    level: first\n    header: [Code, Intent Name, Remarks]\n    intents:\n      - {code: \"301\", variant: MarketingVoicemail, name: Voicemail, remarks: The user side speaking after connection is voicemail}\n",
            ),
        ],
    );
    let c = only(&report);
    assert_eq!((c.class, c.rule.as_deref()), (Class::Breaking, Some("recall_intent.scenario")));
    assert!(c.what.contains("marketing → debt_collection"), "{}", c.what);
}

#[test]
fn status_codes_added_and_retry_classes_changed() {
    let report = report(
        "status_codes",
        &[
            (
                "status_codes.yaml",
                "  - code: -13\n",
                "  - {code: -99, variant: RateLimited, message: Rate limited, category: quota, retry: opt_in}\n  - code: -13\n",
            ),
            (
                "status_codes.yaml",
                "    variant: UserLocked\n    message: User locked\n    source: itnio-api-family.md\n    category: auth\n    retry: never",
                "    variant: UserLocked\n    message: User locked\n    source: itnio-api-family.md\n    category: auth\n    retry: opt_in",
            ),
        ],
    );
    let classes: Vec<_> = report.changes.iter().map(|c| (c.item.as_str(), c.class)).collect();
    assert_eq!(classes, [("-13", Class::Additive), ("-99", Class::Breaking)], "{}", report.text());
}

#[test]
fn fields_added_removed_renamed_and_made_required() {
    let optional = report(
        "field_added_optional",
        &[(
            "operations/agent_send.yaml",
            "      - wire: calloutRate\n",
            "      - wire: priority\n        type: integer\n        required: no\n        doc: The task's priority.\n        table: {required: \"No\", type: \"Integer\"}\n      - wire: calloutRate\n",
        )],
    );
    assert_eq!(only(&optional).class, Class::Breaking);
    assert!(only(&optional).why.contains("struct literal"), "{}", only(&optional).why);

    let required = report(
        "field_made_required",
        &[(
            "operations/agent_send.yaml",
            "      - wire: maxRingingTime\n        type: RingingSeconds\n        required: no",
            "      - wire: maxRingingTime\n        type: RingingSeconds\n        required: yes",
        )],
    );
    let c = only(&required);
    assert_eq!((c.class, c.rule.as_deref()), (Class::Breaking, Some("required")));
    assert!(c.why.contains("stricter validation"), "{}", c.why);

    let renamed = report(
        "field_renamed",
        &[
            ("operations/agent_send.yaml", "      - wire: calloutRate\n", "      - wire: callRate\n"),
            (
                "quirks.yaml",
                "applies_to: [agent_send.AgentSendRequest.calloutRate]",
                "applies_to: [agent_send.AgentSendRequest.callRate]",
            ),
        ],
    );
    let classes: Vec<_> = renamed.changes.iter().map(|c| (c.what.as_str(), c.class)).collect();
    assert_eq!(
        classes,
        [("renamed to callRate", Class::Breaking), ("text or places changed", Class::DocsOnly)]
    );
}

#[test]
fn an_enum_value_added_breaks_matches_and_accepts_the_value() {
    let report = report(
        "enum_value_added",
        &[(
            "types.yaml",
            "      - {value: 5, variant: Suspended, doc: \"5: the task is suspended.\"}",
            "      - {value: 5, variant: Suspended, doc: \"5: the task is suspended.\"}\n      - {value: 9, variant: Archived, doc: \"9: the task is archived.\"}",
        )],
    );
    let c = only(&report);
    assert_eq!(
        (c.class, c.rule.as_deref(), c.witness.clone()),
        (Class::Breaking, Some("task_status.value"), Some(Witness::Integer(9)))
    );
}

#[test]
fn a_call_information_key_made_required_is_stricter_for_that_scenario() {
    let report = report(
        "call_information_required",
        &[(
            "call_information.yaml",
            "{key: due_days, variable: text4, doc: Days overdue, required_in: []}",
            "{key: due_days, variable: text4, doc: Days overdue, required_in: [debt_collection]}",
        )],
    );
    let c = only(&report);
    assert_eq!((c.class, c.what.as_str()), (Class::Breaking, "required for debt_collection"));
    assert!(c.why.contains("stricter validation"), "{}", c.why);
}

#[test]
fn a_warning_rule_made_an_error_is_stricter() {
    let report = report(
        "rule_stricter",
        &[(
            "operations/agent_send.yaml",
            "  - id: duplicate_callee\n    kind: unique\n    severity: warning",
            "  - id: duplicate_callee\n    kind: unique\n    severity: error",
        )],
    );
    let c = only(&report);
    assert_eq!((c.class, c.rule.as_deref()), (Class::Stricter, Some("duplicate_callee")));
}

#[test]
fn documentation_and_quirk_text_are_docs_only() {
    let report = report(
        "docs_only",
        &[
            (
                "operations/agent_send.yaml",
                "doc: Max ringing duration, default 60, input range 10-120 seconds.",
                "doc: Longest ringing, default 60, 10-120 seconds.",
            ),
            (
                "quirks.yaml",
                "handling: The response decoder accepts either spelling of each field.",
                "handling: The decoder reads either spelling.",
            ),
        ],
    );
    assert!(report.changes.iter().all(|c| c.class == Class::DocsOnly), "{}", report.text());
    assert_eq!(report.changes.len(), 2);
    assert_eq!(report.needed(), Bump::Patch);
}

#[test]
fn the_apis_own_facts_are_additive() {
    let report = report(
        "facts",
        &[("api.yaml", "content_type: application/json;charset=UTF-8", "content_type: application/json")],
    );
    assert_eq!(only(&report).class, Class::Additive);
}

/// The change the closing note of the issue shows: the docs raise recallNum to 1-15 and add an
/// intent to the marketing table.
#[test]
fn a_real_looking_change() {
    let report = report(
        "recall_num_and_marketing_intent",
        &[
            ("types.yaml", "    range: {min: 1, max: 10}", "    range: {min: 1, max: 15}"),
            (
                "intents.yaml",
                "      - {code: \"306\", variant: NotInterested, name: Customer clearly not interested}",
                "      - {code: \"306\", variant: NotInterested, name: Customer clearly not interested}\n      - {code: \"307\", variant: CallBackLater, name: Customer asks to be called back later}",
            ),
        ],
    );
    assert_eq!(report.needed(), Bump::Major);
    let json = report.json().to_pretty();
    assert!(json.contains("\"needed_bump\": \"major\""), "{json}");
}

#[test]
fn versions_carry_bumps_as_cargo_reads_them() {
    let v = |s: &str| Version::parse(s).unwrap();
    assert_eq!(v("0.1.0").next(Bump::Major), v("0.2.0"));
    assert_eq!(v("0.1.0").next(Bump::Minor), v("0.1.1"));
    assert_eq!(v("1.4.2").next(Bump::Major), v("2.0.0"));
    assert_eq!(v("1.4.2").next(Bump::Minor), v("1.5.0"));
    assert_eq!(v("1.4.2").next(Bump::Patch), v("1.4.3"));
    assert!(v("0.1.0").carries(v("0.2.0"), Bump::Major));
    assert!(!v("0.1.0").carries(v("0.1.5"), Bump::Major));
    assert!(v("0.1.0").carries(v("0.1.0"), Bump::None));
    assert!(!v("0.1.0").carries(v("0.1.0"), Bump::Patch));
    assert_eq!(Version::parse("1.2"), None);
    assert_eq!(Version::parse("1.2.3.4"), None);
}
