//! Property tests (proptest), driven by the spec: every constrained type accepts generated
//! valid values and round-trips them through serde, and rejects values just outside, with the
//! violation at the field's own JSON Pointer; typed requests always pass the run-time
//! validator, and read back untyped they validate the same; a request with many broken callees
//! gets every violation, at the exact indices; N values of the wrong JSON type anywhere in a
//! large request are exactly N violations, at their pointers, whichever way it is read.

use codegen::model::{Api, ConstraintKind};
use itnio_tests::{example_as_sent, spec_dir};
use itnio_voice::*;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

fn api() -> Api {
    codegen::check::check(codegen::load::load_dir(&spec_dir()).unwrap()).unwrap()
}

/// Reads `value` as the constrained type `name` and writes it back.
fn typed_round_trip(name: &str, value: &Value) -> Result<Value, String> {
    fn via<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Result<Value, String> {
        let t: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
        Ok(serde_json::to_value(t).expect("serializes"))
    }
    match name {
        "AppId" => via::<AppId>(value),
        "TaskName" => via::<TaskName>(value),
        "CalleeNumber" => via::<CalleeNumber>(value),
        "DisplayNumber" => via::<DisplayNumber>(value),
        "ClockTime" => via::<ClockTime>(value),
        "LocalDateTime" => via::<LocalDateTime>(value),
        "MaxCallSeconds" => via::<MaxCallSeconds>(value),
        "RingingSeconds" => via::<RingingSeconds>(value),
        "AgentId" => via::<AgentId>(value),
        "RecallIntervalMinutes" => via::<RecallIntervalMinutes>(value),
        "RecallCount" => via::<RecallCount>(value),
        "PageNumber" => via::<PageNumber>(value),
        "PageSize" => via::<PageSize>(value),
        "TaskId" => via::<TaskId>(value),
        "RecallFlowId" => via::<RecallFlowId>(value),
        "RecallNodeId" => via::<RecallNodeId>(value),
        "RecallCancelTarget" => via::<RecallCancelTarget>(value),
        "Amount" => via::<Amount>(value),
        other => panic!("constrained type {other} has no property test: add it here"),
    }
}

/// The run-time validator's error pointers for a request holding `value` in a field of type
/// `name`, and the pointer expected; `None` for types no request carries.
fn validated_at(name: &str, value: &Value) -> Option<(Vec<String>, &'static str)> {
    fn set(mut doc: Value, pointer: &str, value: &Value) -> Vec<u8> {
        let (parent, last) = pointer.rsplit_once('/').expect("a pointer");
        match doc.pointer_mut(parent).unwrap_or_else(|| panic!("{pointer}")) {
            Value::Object(map) => {
                map.insert(last.to_owned(), value.clone());
            }
            Value::Array(items) => items[last.parse::<usize>().unwrap()] = value.clone(),
            other => panic!("{pointer}: {other}"),
        }
        serde_json::to_vec(&doc).unwrap()
    }
    fn pointers(report: Report) -> Vec<String> {
        report.errors.into_iter().map(|v| v.pointer).collect()
    }
    let send = |pointer: &'static str| {
        let body = set(example_as_sent(), pointer, value);
        let r = wire::AgentSendRequest::from_json(&body).unwrap();
        Some((pointers(r.validate(Some(ScenarioKind::DebtCollection))), pointer))
    };
    let query = json!({"current": 1, "size": 10, "params": {"strTime": "2024-01-01 00:00:00", "endTime": "2024-06-03 15:13:01", "taskType": 3}});
    match name {
        "AppId" => send("/appId"),
        "TaskName" => send("/taskName"),
        "CalleeNumber" => send("/numberInfoList/0/calleeNumber"),
        "DisplayNumber" => send("/displayNum"),
        "ClockTime" => send("/allowSendTime/0/strTime"),
        "LocalDateTime" => send("/sendTime"),
        "MaxCallSeconds" => send("/maxCalls"),
        "RingingSeconds" => send("/maxRingingTime"),
        "AgentId" => send("/agentId"),
        "RecallIntervalMinutes" => send("/recallFlow/recallInterval"),
        "RecallCount" => send("/recallFlow/recallNum"),
        "PageNumber" | "PageSize" => {
            let pointer = if name == "PageNumber" { "/current" } else { "/size" };
            let r = wire::TaskQueryRequest::from_json(&set(query, pointer, value)).unwrap();
            Some((pointers(r.validate(None)), pointer))
        }
        "TaskId" => {
            let r =
                wire::TaskCancelRequest::from_json(&set(json!({"taskIdList": [1]}), "/taskIdList/0", value))
                    .unwrap();
            Some((pointers(r.validate(None)), "/taskIdList/0"))
        }
        "RecallFlowId" => {
            let r = wire::RecallQueryDetailRequest::from_json(&set(json!({"keyId": 1}), "/keyId", value))
                .unwrap();
            Some((pointers(r.validate(None)), "/keyId"))
        }
        "RecallCancelTarget" => {
            let r = wire::RecallCancelRequest::from_json(&set(json!({"type": 1, "id": 1}), "/id", value))
                .unwrap();
            Some((pointers(r.validate(None)), "/id"))
        }
        _ => None,
    }
}

fn string_of(
    chars: impl Strategy<Value = char> + 'static,
    len: std::ops::RangeInclusive<usize>,
) -> BoxedStrategy<Value> {
    proptest::collection::vec(chars, len)
        .prop_map(|cs| Value::from(cs.into_iter().collect::<String>()))
        .boxed()
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// (valid values, values just outside) for a constraint.
fn strategies(kind: ConstraintKind) -> (BoxedStrategy<Value>, BoxedStrategy<Value>) {
    let digit = proptest::char::range('0', '9');
    match kind {
        ConstraintKind::Chars { min, max } => {
            let (min, max) = (min as usize, max.map(|m| m as usize));
            let valid = string_of(any::<char>(), min..=max.unwrap_or(min + 40));
            let short = (min > 0).then(|| string_of(any::<char>(), 0..=min - 1));
            let long = max.map(|m| string_of(any::<char>(), m + 1..=m + 8));
            let invalid = match (short, long) {
                (Some(s), Some(l)) => prop_oneof![s, l].boxed(),
                (Some(s), None) => s,
                (None, Some(l)) => l,
                (None, None) => unreachable!("an unbounded text constraint"),
            };
            (valid, invalid)
        }
        ConstraintKind::Digits { min, max } => {
            let (min, max) = (min as usize, max as usize);
            let valid = string_of(digit.clone(), min..=max);
            let long = string_of(digit.clone(), max + 1..=max + 6);
            let not_digit = (
                proptest::collection::vec(digit, min.max(1)..=max.max(1)),
                any::<char>(),
                any::<prop::sample::Index>(),
            )
                .prop_filter("a non-digit", |(_, c, _)| !c.is_ascii_digit())
                .prop_map(|(mut cs, c, at)| {
                    let i = at.index(cs.len());
                    cs[i] = c;
                    Value::from(cs.into_iter().collect::<String>())
                });
            let mut invalid = vec![long, not_digit.boxed()];
            if min > 0 {
                invalid.push(string_of(proptest::char::range('0', '9'), 0..=min - 1));
            }
            (valid, proptest::strategy::Union::new(invalid).boxed())
        }
        ConstraintKind::Range { min, max } => {
            let valid = (min..=max.unwrap_or(min + 1_000_000_000)).prop_map(Value::from).boxed();
            let below = (i64::MIN..min).prop_map(Value::from).boxed();
            let invalid = match max {
                Some(m) => prop_oneof![below, (m + 1..=i64::MAX).prop_map(Value::from)].boxed(),
                None => below,
            };
            (valid, invalid)
        }
        ConstraintKind::ClockTime => {
            let valid = (0u32..24, 0u32..60).prop_map(|(h, m)| Value::from(format!("{h:02}:{m:02}"))).boxed();
            let invalid = prop_oneof![
                (24u32..100, 0u32..60).prop_map(|(h, m)| Value::from(format!("{h:02}:{m:02}"))),
                (0u32..24, 60u32..100).prop_map(|(h, m)| Value::from(format!("{h:02}:{m:02}"))),
                (0u32..10, 0u32..60).prop_map(|(h, m)| Value::from(format!("{h}:{m:02}"))),
            ]
            .boxed();
            (valid, invalid)
        }
        ConstraintKind::DateTime => {
            let valid = (1u32..=9999, 1u32..=12, any::<prop::sample::Index>(), 0u32..24, 0u32..60, 0u32..60)
                .prop_map(|(y, mo, d, h, mi, s)| {
                    let d = d.index(days_in(y, mo) as usize) as u32 + 1;
                    Value::from(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
                })
                .boxed();
            let invalid = prop_oneof![
                // A day past the month's end.
                (1u32..=9999, 1u32..=12).prop_filter("short month", |(y, m)| days_in(*y, *m) < 31).prop_map(
                    |(y, m)| Value::from(format!("{y:04}-{m:02}-{:02} 00:00:00", days_in(y, m) + 1))
                ),
                (1u32..=9999, 24u32..100)
                    .prop_map(|(y, h)| Value::from(format!("{y:04}-01-01 {h:02}:00:00"))),
                (1u32..=9999).prop_map(|y| Value::from(format!("{y:04}-01-01T00:00:00"))),
            ]
            .boxed();
            (valid, invalid)
        }
        ConstraintKind::Decimal => {
            let valid = (any::<bool>(), 0u64..u64::MAX, proptest::option::of(0u32..1_000_000))
                .prop_map(|(neg, int, frac)| {
                    let sign = if neg { "-" } else { "" };
                    Value::from(match frac {
                        Some(f) => format!("{sign}{int}.{f}"),
                        None => format!("{sign}{int}"),
                    })
                })
                .boxed();
            let invalid = prop_oneof![
                (0u32..1000).prop_map(|f| Value::from(format!(".{f}"))),
                (0u32..1000).prop_map(|i| Value::from(format!("{i}."))),
                (0u32..1000).prop_map(|i| Value::from(format!("{i}e5"))),
                (0u32..1000, 0u32..1000).prop_map(|(a, b)| Value::from(format!("{a},{b}"))),
            ]
            .boxed();
            (valid, invalid)
        }
    }
}

#[test]
fn every_constrained_type_accepts_inside_and_rejects_just_outside_at_its_path() {
    let api = api();
    assert!(api.constrained.len() >= 18);
    for c in &api.constrained {
        let (valid, invalid) = strategies(c.kind);
        let mut runner =
            TestRunner::new(Config { cases: 64, failure_persistence: None, ..Config::default() });
        runner
            .run(&valid, |v| {
                let back = typed_round_trip(&c.name, &v)
                    .map_err(|e| TestCaseError::fail(format!("{}: {v}: {e}", c.name)))?;
                prop_assert_eq!(&back, &v, "{} does not round-trip", c.name);
                if let Some((errors, pointer)) = validated_at(&c.name, &v) {
                    prop_assert!(
                        !errors.iter().any(|p| p == pointer),
                        "{}: {v} reported at {pointer}",
                        c.name
                    );
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        runner
            .run(&invalid, |v| {
                prop_assert!(typed_round_trip(&c.name, &v).is_err(), "{} accepts {v}", c.name);
                if let Some((errors, pointer)) = validated_at(&c.name, &v) {
                    prop_assert_eq!(errors, vec![pointer.to_owned()], "{}: {}", c.name, v);
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", c.name));
    }
}

fn callee() -> impl Strategy<Value = (String, String, String, Option<String>)> {
    ("[0-9]{6,18}", "\\PC{1,30}", "[0-9]{1,7}(\\.[0-9]{2})?", proptest::option::of("\\PC{0,40}"))
}

proptest! {
    #![proptest_config(Config { cases: 48, ..Config::default() })]

    #[test]
    fn typed_requests_pass_the_run_time_validator_and_read_back_the_same(
        callees in proptest::collection::vec(callee(), 1..40),
        name in "\\PC{2,64}",
        ringing in proptest::option::of(10i64..=120),
        recording in proptest::option::of(any::<bool>()),
        due in (2000u32..2100, 1u32..=12, 1u32..=28),
    ) {
        let list: Vec<DebtCollectionCallee> = callees
            .iter()
            .map(|(number, who, amount, text)| {
                DebtCollectionCallee::builder()
                    .callee_number(CalleeNumber::new(number.clone()).unwrap())
                    .call_information(
                        DebtCollectionCallInformation::builder()
                            .name(who.clone())
                            .borrow_total_money(amount.clone())
                            .due_date(format!("{:04}-{:02}-{:02}", due.0, due.1, due.2))
                            .build(),
                    )
                    .maybe_text1(text.clone())
                    .build()
            })
            .collect();
        let request = AgentSendRequest::<DebtCollection>::builder()
            .app_id(app_id!("2Xql9RBI"))
            .task_name(TaskName::new(name).unwrap())
            .agent_id(agent_id!(41))
            .number_info_list(NonEmpty::try_from(list).unwrap())
            .maybe_max_ringing_time(ringing.map(|r| RingingSeconds::new(r).unwrap()))
            .maybe_enable_recording(recording.map(|r| if r { Recording::Yes } else { Recording::No }))
            .build();
        let typed = request.validate();
        prop_assert!(typed.errors.is_empty(), "{:?}", typed.errors);

        let bytes = serde_json::to_vec(&request).unwrap();
        let untyped = wire::AgentSendRequest::from_json(&bytes).unwrap().validate(Some(ScenarioKind::DebtCollection));
        prop_assert_eq!(&untyped.errors, &typed.errors);
        prop_assert_eq!(&untyped.warnings, &typed.warnings);
        let streamed = wire::AgentSendRequest::validate_json(&bytes, Some(ScenarioKind::DebtCollection)).unwrap();
        prop_assert_eq!(&streamed.errors, &typed.errors);
        let back: AgentSendRequest<DebtCollection> = serde_json::from_slice(&bytes).unwrap();
        prop_assert_eq!(back, request);
    }

    #[test]
    fn every_broken_callee_is_reported_at_its_exact_index(
        broken in proptest::collection::vec(any::<bool>(), 1..400),
    ) {
        let callees: Vec<Value> = broken
            .iter()
            .enumerate()
            .map(|(i, &bad)| {
                let number = if bad { format!("{}", i % 100_000) } else { format!("46{i:010}") };
                json!({"calleeNumber": number, "callInformation": {"name": "A", "borrow_total_money": "1", "due_date": "2026-01-01"}})
            })
            .collect();
        let mut doc = example_as_sent();
        doc["numberInfoList"] = Value::Array(callees);
        let bytes = serde_json::to_vec(&doc).unwrap();
        let expected: Vec<String> = broken
            .iter()
            .enumerate()
            .filter(|(_, bad)| **bad)
            .map(|(i, _)| format!("/numberInfoList/{i}/calleeNumber"))
            .collect();
        for report in [
            wire::AgentSendRequest::from_json(&bytes).unwrap().validate(Some(ScenarioKind::DebtCollection)),
            wire::AgentSendRequest::validate_json(&bytes, Some(ScenarioKind::DebtCollection)).unwrap(),
        ] {
            let pointers: Vec<String> = report.errors.iter().map(|v| v.pointer.clone()).collect();
            prop_assert_eq!(&pointers, &expected);
        }
    }
}

/// What a location of the test document holds, which decides the mistakes it can carry.
#[derive(Clone, Copy)]
enum Holds {
    Text,
    Integer,
    Object,
}

/// The values of the wrong type (or out of the docs' Integer) for a location.
fn mistake(holds: Holds, pick: u8) -> Value {
    let text = [json!(5), json!(true), json!([1, "a"]), json!({"a": 1}), json!(1.5)];
    let integer =
        [json!("41"), json!(1.5), json!(3_000_000_000_u64), json!([]), json!({"n": 1}), json!(false)];
    let object =
        [json!(5), json!("callee"), json!([{"calleeNumber": "4600000001"}]), Value::Null, json!(true)];
    let pick = usize::from(pick);
    match holds {
        Holds::Text => text[pick % text.len()].clone(),
        Holds::Integer => integer[pick % integer.len()].clone(),
        Holds::Object => object[pick % object.len()].clone(),
    }
}

/// A valid debt-collection request with `callees` callees, and the places a mistake may go:
/// no place lies inside another, so the mistakes are independent.
fn document_and_places(callees: usize) -> (Value, Vec<Vec<(String, Holds)>>) {
    let mut doc = example_as_sent();
    doc["numberInfoList"] = Value::Array(
        (0..callees)
            .map(|i| {
                json!({
                    "calleeNumber": format!("46{i:010}"),
                    "callInformation": {"name": "A", "borrow_total_money": "1", "due_date": "2026-01-01"},
                    "text1": "x",
                })
            })
            .collect(),
    );
    let top = [
        ("/appId", Holds::Text),
        ("/taskName", Holds::Text),
        ("/agentId", Holds::Integer),
        ("/maxCalls", Holds::Integer),
        ("/maxRingingTime", Holds::Integer),
        ("/recallFlow/recallNum", Holds::Integer),
        ("/recallFlow/recallInterval", Holds::Integer),
        ("/recallFlow/recallIntent/0", Holds::Text),
        ("/allowSendTime/0/strTime", Holds::Text),
    ];
    // One group per independent place: each top-level member, and each callee (one of its
    // places per mistake, since they nest).
    let mut groups: Vec<Vec<(String, Holds)>> = top.iter().map(|(p, h)| vec![(p.to_string(), *h)]).collect();
    for i in 0..callees {
        groups.push(vec![
            (format!("/numberInfoList/{i}"), Holds::Object),
            (format!("/numberInfoList/{i}/calleeNumber"), Holds::Text),
            (format!("/numberInfoList/{i}/callInformation"), Holds::Object),
            (format!("/numberInfoList/{i}/callInformation/name"), Holds::Text),
            (format!("/numberInfoList/{i}/text1"), Holds::Text),
        ]);
    }
    (doc, groups)
}

proptest! {
    #![proptest_config(Config { cases: 32, ..Config::default() })]

    #[test]
    fn n_mistyped_values_anywhere_are_exactly_n_violations_at_their_pointers(
        callees in 1usize..1500,
        picks in proptest::collection::vec((any::<u32>(), any::<u8>(), any::<u8>()), 1..16),
    ) {
        let (mut doc, groups) = document_and_places(callees);
        let scenario = Some(ScenarioKind::DebtCollection);
        let clean = serde_json::to_vec(&doc).unwrap();
        prop_assert!(wire::AgentSendRequest::validate_json(&clean, scenario).unwrap().is_valid());
        let mut used = std::collections::BTreeSet::new();
        let mut expected = Vec::new();
        for (group, place, kind) in picks {
            let group = group as usize % groups.len();
            if !used.insert(group) {
                continue;
            }
            let (pointer, holds) = &groups[group][usize::from(place) % groups[group].len()];
            *doc.pointer_mut(pointer).unwrap() = mistake(*holds, kind);
            expected.push(pointer.clone());
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        let kept = wire::AgentSendRequest::from_json(&bytes).unwrap().validate(scenario);
        let streamed = wire::AgentSendRequest::validate_json(&bytes, scenario).unwrap();
        prop_assert_eq!(&kept, &streamed, "the two ways of reading disagree");
        let mut found: Vec<String> = kept.errors.iter().map(|v| v.pointer.clone()).collect();
        found.sort();
        expected.sort();
        prop_assert_eq!(found, expected, "{:#?}", kept.errors);
    }
}
