//! The status-report push: ITNIO POSTs a JSON array to your URL. The parser maps intents (an
//! unknown code is kept), reads every documented time form, keeps members it does not know,
//! and names by JSON Pointer what it cannot read.

use itnio_voice::*;

const BODY: &str = r#"[
  {"voiceId": "v-1", "type": 1, "callee": "463200000007", "displayNum": "", "submitTime": "20260301101500",
   "callTime": "20260301101501", "answerTime": "1772331302000", "hangupTime": "2026-03-01 10:16:40",
   "ringDuration": 3, "chargedDuration": 60, "rate": "0.0120", "cost": 0.012, "currency": "EUR",
   "terminationCode": "0", "terminationReason": "ok", "scriptId": 41, "intent": "201",
   "intentCode": "X1", "taskId": 1000001, "callStatus": 50},
  {"voiceId": "v-2", "type": "1", "callee": "463200000008", "terminationCode": "1", "intent": "77777",
   "currency": "GBP", "ringingTime": "soon"},
  {"voiceId": "v-3", "type": 2, "callee": "463200000009"}
]"#;

#[test]
fn reports_parse_with_intents_times_and_unknown_members() {
    let reports = parse_status_reports(BODY.as_bytes()).unwrap();
    assert_eq!(reports.len(), 3);
    let [a, b, c] = &reports[..] else { unreachable!() };

    assert_eq!(a.r#type, Some(Open::Known(ReportType::AiAgentGroupCall)));
    assert_eq!(a.intent.as_ref().map(|i| i.code()), Some("201"));
    assert!(!a.intent.as_ref().unwrap().is_unknown());
    let submit = a.submit_time.as_ref().unwrap();
    assert_eq!(submit.to_string(), "2026-03-01 10:15:00");
    assert!(matches!(submit.instant(), Some(PushInstant::Civil(_))));
    assert_eq!(a.answer_time.as_ref().unwrap().instant(), Some(PushInstant::EpochMillis(1_772_331_302_000)));
    assert!(matches!(a.hangup_time.as_ref().unwrap().instant(), Some(PushInstant::Civil(_))));
    assert_eq!(a.rate.as_ref().map(Amount::as_str), Some("0.0120"), "amounts stay exact");
    assert_eq!(a.cost.as_ref().map(Amount::as_str), Some("0.012"), "a number is kept as its text");
    assert_eq!(a.currency, Some(Open::Known(Currency::Eur)));
    assert_eq!(a.extra["intentCode"], "X1");
    assert_eq!(a.extra["taskId"], 1_000_001);
    assert_eq!(a.extra["callStatus"], 50);

    assert_eq!(b.r#type, Some(Open::Known(ReportType::AiAgentGroupCall)), "\"1\" reads as 1");
    assert_eq!(b.intent, Some(Intent::Unknown("77777".to_owned())));
    assert_eq!(b.currency, Some(Open::Unknown("GBP".to_owned())));
    let ringing = b.ringing_time.as_ref().unwrap();
    assert_eq!((ringing.as_str(), ringing.instant()), ("soon", None), "kept, not rejected");

    assert_eq!(c.r#type, Some(Open::Unknown(2)));
    assert_eq!(c.intent, None);

    // What is read is written back as it came, unknown members included.
    let again: Vec<StatusReport> = serde_json::from_value(serde_json::to_value(&reports).unwrap()).unwrap();
    assert_eq!(again, reports);
}

#[test]
fn a_single_object_and_an_empty_array_are_batches_too() {
    let one = parse_status_reports(br#" {"voiceId": "v-9", "intent": "99999"}"#).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].voice_id.as_deref(), Some("v-9"));
    assert!(parse_status_reports(b"[]").unwrap().is_empty());
}

#[test]
fn one_unreadable_value_never_loses_its_report_or_its_batch() {
    let body = br#"[{"voiceId": "v-1", "cost": ""}, {"voiceId": "v-2", "ringDuration": "long", "cost": "1,000", "intent": {"code": 1}}]"#;
    let reports = parse_status_reports(body).unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1].voice_id.as_deref(), Some("v-2"), "the rest of the report is read");
    let unread: Vec<(&str, &str)> =
        reports[1].unread.iter().map(|u| (u.member.as_str(), u.why.as_str())).collect();
    assert_eq!(
        unread,
        [
            ("cost", r#"must be a decimal number such as 12 or -0.50, not the string "1,000""#),
            ("intent", "must be an intent code; a part of it cannot be read"),
            ("ringDuration", r#"must be an integer, not the string "long""#),
        ]
    );
    assert_eq!(reports[1].extra["cost"], "1,000", "kept as received");
    assert_eq!(reports[0].extra["cost"], "");
    // Written back, the batch is what was received.
    let written = serde_json::to_value(&reports).unwrap();
    assert_eq!(written, serde_json::from_slice::<serde_json::Value>(body).unwrap());
}

#[test]
fn bodies_that_cannot_be_reports_name_where() {
    let e = parse_status_reports(b"not json").unwrap_err();
    assert!(e.is_syntax());
    let e = parse_status_reports(br#"[{"voiceId": "v-1"}, 7]"#).unwrap_err();
    assert!(!e.is_syntax());
    assert_eq!(e.pointer, "/1", "{e:?}");
    let e = parse_status_reports(br#"{"a": 1"#).unwrap_err();
    assert!(e.is_syntax());
}
