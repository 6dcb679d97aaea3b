//! A bad spec is rejected with an error naming the YAML file, the path inside it and the
//! problem. Each test breaks the real spec in one way.

mod common;

use codegen::error::{SpecError, SpecErrors};
use common::{spec_dir, spec_with};

use codegen::load::FIXED_FILES as FIXED;
const OPERATION: &str = "operations/agent_send.yaml";

fn errors(edits: &[(&str, &str, &str)]) -> Vec<SpecError> {
    match spec_with(edits) {
        Ok(_) => panic!("the broken spec was accepted"),
        Err(SpecErrors(errors)) => errors,
    }
}

fn one_error(edits: &[(&str, &str, &str)]) -> SpecError {
    let mut e = errors(edits);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.remove(0)
}

#[test]
fn the_real_spec_is_accepted() {
    let api = spec_with(&[]).expect("the spec checks");
    // The agent-send page's 19, and the 4 only the family document lists.
    assert_eq!(api.status_codes.len(), 23);
    assert_eq!(api.operations.len(), 8);
    assert_eq!(api.pushes.len(), 1);
}

#[test]
fn unknown_type() {
    let e = one_error(&[(OPERATION, "type: TaskName", "type: TaskNmae")]);
    assert_eq!(e.file, OPERATION);
    assert_eq!(e.path, "structs[0].fields[2].type");
    assert!(e.problem.contains("unknown type `TaskNmae`"), "{e}");
    assert_eq!(
        e.to_string(),
        "spec/operations/agent_send.yaml: at `structs[0].fields[2].type`: unknown type `TaskNmae` (not a primitive, a type of types.yaml, or a struct of this file)"
    );
}

#[test]
fn duplicate_status_code() {
    let e = one_error(&[("status_codes.yaml", "code: -2,", "code: -1,")]);
    assert_eq!((e.file.as_str(), e.path.as_str()), ("status_codes.yaml", "codes[2].code"));
    assert_eq!(e.problem, "duplicate status code `-1` (first at `codes[1].code`)");
}

#[test]
fn duplicate_intent_code_in_a_table() {
    let e = one_error(&[(
        "intents.yaml",
        "{code: \"2013\", variant: VoicemailMarketingRobot",
        "{code: \"2012\", variant: VoicemailMarketingRobot",
    )]);
    assert_eq!(e.file, "intents.yaml");
    assert_eq!(e.path, "tables[2].intents[1].code");
    assert!(e.problem.starts_with("duplicate intent code in one table `2012`"), "{e}");
}

#[test]
fn one_code_with_two_meanings_across_tables() {
    let e = one_error(&[(
        "intents.yaml",
        "{code: \"301\", variant: Voicemail",
        "{code: \"201\", variant: Voicemail",
    )]);
    assert_eq!(e.path, "tables[3].intents[0].code");
    assert!(e.problem.contains("code `201` is already intent `Voicemail`"), "{e}");
}

#[test]
fn field_without_doc() {
    let e = one_error(&[(OPERATION, "        doc: Application ID.\n", "")]);
    assert_eq!((e.file.as_str(), e.path.as_str()), (OPERATION, "structs[0].fields[0].doc"));
    assert!(e.problem.contains("missing doc"), "{e}");
}

#[test]
fn type_without_doc() {
    let e = one_error(&[(
        "types.yaml",
        "    doc: Display number (caller ID), 0 to 20 ASCII digits; may be empty.\n",
        "",
    )]);
    assert_eq!(e.path, "constrained[3].doc");
}

#[test]
fn constraint_that_does_not_fit_its_type() {
    let e = one_error(&[(
        "types.yaml",
        "base: integer\n    range: {min: 1, max: 999}",
        "base: integer\n    chars: {min: 1, max: 999}",
    )]);
    assert_eq!(e.file, "types.yaml");
    assert_eq!(e.path, "constrained[6].chars");
    assert_eq!(e.problem, "`chars` does not fit base type `integer`");
}

#[test]
fn range_with_min_above_max() {
    let e = one_error(&[("types.yaml", "range: {min: 10, max: 120}", "range: {min: 130, max: 120}")]);
    assert_eq!(e.path, "constrained[7].range");
    assert!(e.problem.contains("min 130 is greater than max 120"), "{e}");
}

#[test]
fn default_outside_its_range() {
    let e = one_error(&[("types.yaml", "default: 300", "default: 3000")]);
    assert_eq!(e.path, "constrained[6].default");
    assert!(e.problem.contains("outside the range"), "{e}");
}

#[test]
fn scenario_naming_an_unknown_intent_table() {
    let e = one_error(&[(
        "scenarios.yaml",
        "intent_tables: [general, marketing]",
        "intent_tables: [general, marketting]",
    )]);
    assert_eq!((e.file.as_str(), e.path.as_str()), ("scenarios.yaml", "scenarios[2].intent_tables[1]"));
    assert_eq!(e.problem, "unknown intent table `marketting`");
}

#[test]
fn scenario_borrowing_another_scenarios_table() {
    let e = one_error(&[(
        "scenarios.yaml",
        "intent_tables: [general, marketing]",
        "intent_tables: [general, debt_collection]",
    )]);
    assert!(e.problem.contains("belongs to scenario `debt_collection`"), "{e}");
}

#[test]
fn call_information_required_in_an_unknown_scenario() {
    let e = one_error(&[(
        "call_information.yaml",
        "required_in: [emergency_contact]}",
        "required_in: [emergency]}",
    )]);
    assert_eq!(e.path, "keys[9].required_in[0]");
}

#[test]
fn status_code_in_an_unknown_category() {
    let e = one_error(&[("status_codes.yaml", "category: clock", "category: time")]);
    assert_eq!(e.path, "codes[5].category");
    assert_eq!(e.problem, "unknown category `time`");
}

#[test]
fn detailed_intent_whose_group_does_not_match_its_name() {
    let e = one_error(&[(
        "intents.yaml",
        "Wrong Number\", group: Repayment Intent Unknown",
        "Wrong Number\", group: Unable to Pay",
    )]);
    assert!(e.problem.contains("does not match the name"), "{e}");
}

#[test]
fn rule_naming_an_unknown_field() {
    let e = one_error(&[(OPERATION, "require: recallIntent", "require: recallIntents")]);
    assert_eq!(e.path, "rules[0].require");
    assert!(e.problem.contains("`recallIntents` is not a field of RecallFlow"), "{e}");
}

#[test]
fn typo_in_a_key_names_line_and_column() {
    let e = one_error(&[("types.yaml", "    digits: {min: 6, max: 18}", "    digit: {min: 6, max: 18}")]);
    assert_eq!(e.file, "types.yaml");
    assert_eq!(e.path, "constrained[2].digit");
    assert!(e.problem.contains("unknown field `digit`"), "{e}");
    assert!(e.problem.contains("line"), "the YAML position is given: {e}");
}

#[test]
fn yaml_syntax_error_names_the_file() {
    let e = one_error(&[("quirks.yaml", "quirks:\n", "quirks: [\n")]);
    assert_eq!(e.file, "quirks.yaml");
    assert!(e.problem.contains("line"), "{e}");
}

#[test]
fn every_mistake_is_reported_at_once() {
    let e = errors(&[
        (OPERATION, "type: TaskName", "type: Nope"),
        ("status_codes.yaml", "category: clock", "category: time"),
        ("scenarios.yaml", "intent_tables: [general, marketing]", "intent_tables: [general, nope]"),
    ]);
    let files: Vec<&str> = e.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, vec!["scenarios.yaml", "status_codes.yaml", OPERATION], "{e:#?}");
}

#[test]
fn generation_is_deterministic() {
    let a = codegen::generate(&spec_dir()).expect("generates");
    let b = codegen::generate(&spec_dir()).expect("generates");
    assert_eq!(a, b);
    for f in &a.rust {
        assert!(f.contents.starts_with("// @generated by `cargo xtask regen`"), "{}", f.path);
    }
    assert!(a.openapi.len() > 1, "the OpenAPI document and the scenario schemas");
    for f in &a.openapi {
        assert!(f.contents.contains("@generated by `cargo xtask regen`"), "{}", f.path);
    }
}

#[test]
fn check_mode_names_each_stale_file_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("itnio-regen-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = codegen::Outputs { rust: dir.join("generated"), openapi: dir.join("openapi") };
    // Write, then make one file of each output stale and add one the spec does not give.
    codegen::regen(&spec_dir(), &out, codegen::Mode::Write).expect("writes");
    std::fs::write(out.rust.join("status.rs"), "// edited by hand\n").unwrap();
    std::fs::write(out.rust.join("orphan.rs"), "\n").unwrap();
    std::fs::write(out.openapi.join("itnio.openapi.json"), "{}\n").unwrap();
    std::fs::write(out.openapi.join("orphan.schema.json"), "{}\n").unwrap();
    match codegen::regen(&spec_dir(), &out, codegen::Mode::Check) {
        Err(codegen::RegenError::Stale(paths)) => {
            let names: Vec<_> =
                paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
            assert_eq!(names, vec!["status.rs", "orphan.rs", "itnio.openapi.json", "orphan.schema.json"]);
        }
        other => panic!("expected stale files, got {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(out.rust.join("status.rs")).unwrap(),
        "// edited by hand\n",
        "check mode wrote"
    );
    // Writing again repairs all four, and a second write changes nothing.
    let written = codegen::regen(&spec_dir(), &out, codegen::Mode::Write).expect("writes");
    assert_eq!(written.len(), 4);
    assert!(codegen::regen(&spec_dir(), &out, codegen::Mode::Write).expect("writes").is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A word outside a closed vocabulary is a load error at its path, with the YAML line, and the
/// message lists the words that are allowed.
#[test]
fn typo_in_a_closed_vocabulary_is_a_load_error() {
    let cases: [(&str, &str, &str, &str, &str); 6] = [
        (OPERATION, "method: POST", "method: PUT", "method", "expected `GET` or `POST`"),
        (
            OPERATION,
            "        required: yes\n",
            "        required: yse\n",
            "structs[0].fields[0].required",
            "if_parent_present",
        ),
        (OPERATION, "    severity: error", "    severity: fatal", "rules[0]", "warning"),
        (OPERATION, "    kind: unique", "    kind: uniq", "rules[1]", "not_after"),
        ("intents.yaml", "level: general", "level: top", "tables[0].level", "detail"),
        ("types.yaml", "    format: clock_time", "    format: clocktime", "constrained", "date_time"),
    ];
    for (file, from, to, path, allowed) in cases {
        let e = one_error(&[(file, from, to)]);
        assert_eq!(e.file, file, "{e}");
        assert!(e.path.starts_with(path), "{to}: {e}");
        assert!(e.problem.contains(allowed), "{to}: the allowed words are listed: {e}");
        assert!(e.problem.contains("line"), "{to}: the YAML position is given: {e}");
    }
}

/// Each rule kind takes exactly its own members.
#[test]
fn rule_with_a_member_of_another_kind_is_rejected() {
    let e = one_error(&[(
        OPERATION,
        "    list: numberInfoList\n",
        "    list: numberInfoList\n    limit: endTime\n",
    )]);
    assert_eq!(e.path, "rules[1]");
    assert!(e.problem.contains("unknown field `limit`"), "{e}");
}

/// Everything is re-exported at the crate root, so names are unique across every file; a clash
/// names both places.
#[test]
fn a_name_given_in_two_files_is_rejected_naming_both() {
    // The rename also breaks the reference in `response.data`; the clash is reported beside it.
    let all = errors(&[("operations/task_query.yaml", "  - name: TaskPage\n", "  - name: Balance\n")]);
    let e =
        all.iter().find(|e| e.problem.contains("already generated")).unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(e.file, "operations/task_query.yaml");
    assert!(e.path.starts_with("response_structs["), "{e}");
    assert!(
        e.problem.contains("`Balance` is already generated from spec/operations/get_balance.yaml"),
        "{e}"
    );
}

#[test]
fn names_of_the_runtime_are_reserved() {
    let renamed = |to: &str| {
        errors(&[
            ("operations/get_balance.yaml", "  - name: Balance\n", &format!("  - name: {to}\n")),
            ("operations/get_balance.yaml", "data: Balance", &format!("data: {to}")),
        ])
    };
    let e = renamed("NonEmpty");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].problem.contains("`NonEmpty` is a name the crate root takes from the runtime"), "{e:#?}");
    let e = renamed("Client");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].problem.contains("every generated crate has"), "{e:#?}");
    let e = renamed("StatusCode");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].problem.contains("every generated crate has"), "{e:#?}");
}

/// `self` cannot be a Rust name even as `r#self`: a clear error, not a generator panic; `type`
/// is fine (it becomes `r#type`).
#[test]
fn keyword_field_names() {
    let e = one_error(&[(OPERATION, "      - wire: displayNum\n", "      - wire: self\n")]);
    assert_eq!(e.path, "structs[0].fields[1].wire");
    assert!(e.problem.contains("cannot be used as a name"), "{e}");
    let api = spec_with(&[(OPERATION, "      - wire: displayNum\n", "      - wire: type\n")])
        .expect("`type` is a raw identifier");
    let files = codegen::emit::emit(&api).expect("emits");
    let send = files.iter().find(|f| f.path == "agent_send.rs").unwrap();
    assert!(send.contents.contains("pub r#type: Option<DisplayNumber>"), "the typed field is r#type");
}

#[test]
fn the_members_every_wire_struct_has_are_reserved() {
    for name in ["extra", "unusable", "unread"] {
        let e = one_error(&[(OPERATION, "      - wire: displayNum\n", &format!("      - wire: {name}\n"))]);
        assert!(e.problem.contains("which every generated struct has already"), "{e}");
    }
}

#[test]
fn two_operations_with_one_client_method() {
    let e = errors(&[("operations/get_balance.yaml", "name: get_balance", "name: task_cancel")]);
    assert!(
        e.iter().any(|e| e.problem.contains("`task_cancel` is already generated from spec/operations/")),
        "{e:#?}"
    );
}

/// An idempotency key and the code that answers a duplicate go together, the code must be a
/// documented one, and success is never retried.
#[test]
fn retry_facts_of_the_spec_are_checked() {
    let e = one_error(&[(OPERATION, "duplicate_code: -41\n", "")]);
    assert_eq!(e.path, "duplicate_code");
    assert!(e.problem.contains("names the status code that answers a duplicate"), "{e}");
    let e = one_error(&[(OPERATION, "duplicate_code: -41\n", "duplicate_code: -4100\n")]);
    assert!(e.problem.contains("-4100 is not a status code"), "{e}");
    let e = one_error(&[(
        "status_codes.yaml",
        "message: success, category: null, retry: never",
        "message: success, category: null, retry: resign",
    )]);
    assert!(e.problem.contains("success is never retried"), "{e}");
    let e = one_error(&[("operations/task_cancel.yaml", "response:", "duplicate_code: -41\nresponse:")]);
    assert!(e.problem.contains("needs an `idempotency_key`"), "{e}");
}

/// An operation cannot take the name of a method the runtime gives `Client`.
#[test]
fn an_operation_named_like_a_client_method_is_rejected() {
    let e = errors(&[("operations/get_balance.yaml", "name: get_balance", "name: call")]);
    assert!(
        e.iter().any(|e| e.problem.contains("`Client::call` is a method the runtime gives every client")),
        "{e:#?}"
    );
}

#[test]
fn a_recovery_is_checked_against_the_lookup_it_names() {
    let e = one_error(&[(OPERATION, "  lookup: task_query\n", "  lookup: task_list\n")]);
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("recovery.lookup", "unknown operation `task_list`"));
    let e = one_error(&[(OPERATION, "  key: params.searchCondition\n", "  key: params.search\n")]);
    assert_eq!(e.path, "recovery.key");
    assert_eq!(e.problem, "`search` is not a member of TaskQueryParams");
    // The window needs a date-time whose zone the spec states.
    let e = one_error(&[(OPERATION, "  from: params.strTime\n", "  from: params.searchCondition\n")]);
    assert_eq!(e.path, "recovery.from");
    let e = one_error(&[(OPERATION, "  answer: taskId\n", "  answer: taskName\n")]);
    assert_eq!(e.problem, "the member must have the type of the operation's answer");
}

/// A quirk's `applies_to` must name something the spec has: a misspelt type, a field its
/// struct lacks and an unknown operation are each an error at their index.
#[test]
fn a_quirk_applies_only_where_the_spec_has_the_place() {
    let e = errors(&[(
        "quirks.yaml",
        "applies_to: [RecallIntervalMinutes, RecallCount]",
        "applies_to: [RecallIntervalMinute, agent_send.RecallFlow.recallIntervall, agent_sent]",
    )]);
    let at: Vec<(&str, &str)> = e.iter().map(|e| (e.file.as_str(), e.path.as_str())).collect();
    assert_eq!(
        at,
        vec![
            ("quirks.yaml", "quirks[4].applies_to[0]"),
            ("quirks.yaml", "quirks[4].applies_to[1]"),
            ("quirks.yaml", "quirks[4].applies_to[2]"),
        ],
        "{e:#?}"
    );
    assert!(
        e[1].to_string().contains("`agent_send.RecallFlow.recallIntervall` names no operation"),
        "{}",
        e[1]
    );
}

/// The spec's digest changes with any file's text and not with its line endings.
#[test]
fn the_digest_follows_the_text_not_the_line_endings() {
    let real = spec_with(&[]).unwrap().spec_digest;
    assert_eq!(real.len(), 64);
    let edited =
        spec_with(&[("quirks.yaml", "what the code does", "what the code  does")]).unwrap().spec_digest;
    assert_ne!(edited, real);
    let read = |name: &str| std::fs::read_to_string(spec_dir().join(name)).unwrap();
    let fixed: Vec<String> = FIXED.iter().map(|f| read(f).replace('\n', "\r\n")).collect();
    let op = read(OPERATION).replace('\n', "\r\n");
    let mut ops = vec![(OPERATION.to_owned(), op)];
    for entry in std::fs::read_dir(spec_dir().join("operations")).unwrap() {
        let name = format!("operations/{}", entry.unwrap().file_name().to_string_lossy());
        if name != OPERATION {
            ops.push((name.clone(), read(&name)));
        }
    }
    let pushes: Vec<(String, String)> = std::fs::read_dir(spec_dir().join("pushes"))
        .unwrap()
        .map(|e| format!("pushes/{}", e.unwrap().file_name().to_string_lossy()))
        .map(|n| (n.clone(), read(&n)))
        .collect();
    let raw = codegen::load::load_texts(
        std::array::from_fn(|i| fixed[i].as_str()),
        ops.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
        pushes.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
    )
    .unwrap();
    assert_eq!(raw.digest, real, "CRLF checkouts and files listed in another order give the same digest");
}

/// `api.yaml` is checked like the other files: every fact the client would send wrong is an
/// error at its path, all at once, and an unknown member is a load error.
#[test]
fn api_facts_are_checked() {
    let e = errors(&[
        ("api.yaml", "base_url: https://api.itniotech.com", "base_url: https://api.itniotech.com/"),
        ("api.yaml", "api_key_header: Api-Key", "api_key_header: Api Key"),
        ("api.yaml", "sign: 05d7a50893e22a5c4bb3216ae3396c7c", "sign: 05D7A50893E22A5C4BB3216AE3396C7C"),
    ]);
    let at: Vec<(&str, &str)> = e.iter().map(|e| (e.file.as_str(), e.path.as_str())).collect();
    assert_eq!(
        at,
        [
            ("api.yaml", "base_url"),
            ("api.yaml", "signing.api_key_header"),
            ("api.yaml", "signing.test_vector.sign"),
        ],
        "{e:#?}"
    );
    assert!(e[0].problem.contains("without a trailing `/`"), "{}", e[0]);
    assert!(e[1].problem.contains("not an HTTP header name"), "{}", e[1]);

    let e = one_error(&[("api.yaml", "content_type:", "content_typ:")]);
    assert_eq!(e.file, "api.yaml");
    assert!(e.problem.contains("content_typ"), "{e}");
}

/// The generator's limit on a request struct's fields is the runtime reader's, which it cannot
/// name (the generator does not depend on the runtime).
#[test]
fn the_field_limit_is_the_runtime_readers() {
    assert_eq!(codegen::check::MAX_MEMBERS, itnio_runtime::object::MAX_MEMBERS);
}

/// The nesting limit the export states (`x-itnio-max-depth`) is the one the runtime's reader
/// enforces.
#[test]
fn the_exported_nesting_limit_is_the_runtime_readers() {
    assert_eq!(codegen::openapi::MAX_DEPTH, itnio_runtime::parse::MAX_DEPTH);
}

/// The code named for a recall intent of another scenario must be a documented status code.
#[test]
fn the_scenario_mismatch_code_is_a_status_code() {
    let e = one_error(&[("scenarios.yaml", "mismatch_code: -68", "mismatch_code: -69")]);
    assert_eq!((e.file.as_str(), e.path.as_str()), ("scenarios.yaml", "mismatch_code"));
    assert!(e.problem.contains("-69 is not a status code"), "{e}");
}

/// An operation's envelope names a spelling of `api.yaml`; another word is an error that lists
/// the spellings there are.
#[test]
fn an_unknown_envelope_spelling_is_rejected() {
    let e = one_error(&[(OPERATION, "envelope: code_msg", "envelope: code_message")]);
    assert_eq!((e.file.as_str(), e.path.as_str()), (OPERATION, "response.envelope"), "{e}");
    assert!(e.problem.contains("code_message") && e.problem.contains("code_msg, status_reason"), "{e}");

    let e = one_error(&[(
        "api.yaml",
        "{id: status_reason, code: status, message: reason}",
        "{id: status_reason, code: status, message: code}",
    )]);
    assert_eq!(e.path, "envelope.spellings[1].message", "{e}");
    assert!(e.problem.contains("already the envelope's code member"), "{e}");
}

/// The code an invalid request gets must be a documented status code.
#[test]
fn the_invalid_request_code_is_a_status_code() {
    let e = one_error(&[("status_codes.yaml", "invalid_request: -22", "invalid_request: -9999")]);
    assert_eq!((e.file.as_str(), e.path.as_str()), ("status_codes.yaml", "invalid_request"));
}
