//! The contact policy over real files: its own checks; local hours turned into the callee's
//! zone across day boundaries and daylight saving time; calls counted in a real ledger;
//! one task a local day; the do-not-call list; numbers masked in every message.

use itnio_campaign::{Ledger, Options, Plan, Policy, Severity, mask};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn dir(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("policy").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn campaign(windows: &str, extra: &str) -> String {
    format!(
        "name: Policy check\nscenario: marketing\ntask: {{appId: 2Xql9RBI, agentId: 43, allowSendTime: [{windows}]{extra}}}\ncolumns: {{calleeNumber: phone, zone: tz}}\n"
    )
}

fn policy(text: &str, dir: &Path) -> Policy {
    Policy::parse("policy.yaml", text, dir).unwrap_or_else(|p| panic!("{p:?}"))
}

/// The plan's problems, as printed.
fn problems(campaign: &str, csv: &str, policy: &Policy, ledger: Option<&Ledger>, now_ms: i64) -> Vec<String> {
    let options = Options { policy: Some(policy), ledger, now_ms: Some(now_ms), ..Options::default() };
    let plan = Plan::build_with("campaign.yaml", campaign, "debtors.csv", csv.as_bytes(), options).unwrap();
    plan.problems.iter().map(ToString::to_string).collect()
}

/// 2026-12-02 12:00 UTC.
const NOW: i64 = 1_796_212_800_000;

const HOURS: &str = "local_hours:\n  from: \"08:00\"\n  to: \"20:00\"\n  zones:\n    - {prefix: \"62\", zone: Asia/Jakarta}\n    - {prefix: \"81\", zone: Asia/Tokyo}\n    - {prefix: \"1\", zone: America/New_York}\n";

#[test]
fn a_policy_is_checked_before_anything_is_planned() {
    let d = dir("parse");
    let bad = "max_calls: {calls: 0, days: 7}\nlocal_hours: {from: \"20:00\", to: \"08:00\"}\ndo_not_call: {file: missing.txt}\nmaximum: 3\n";
    let shown: Vec<String> =
        Policy::parse("policy.yaml", bad, &d).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "policy.yaml: maximum: is not a rule (max_calls, one_task_per_day, local_hours, do_not_call)",
            "policy.yaml: max_calls: needs calls and days, each a whole number of at least 1",
            "policy.yaml: local_hours: from 20:00 is not before to 08:00: no hour is left to call in",
            "policy.yaml: do_not_call.file: missing.txt: No such file or directory (os error 2)",
        ]
    );
    let zones = "local_hours:\n  from: \"08:00\"\n  to: \"20:00\"\n  zones: [{prefix: \"62\", zone: Asia/Jakartaa}]\n  default_zone: Mars/Olympus\n  severity: fatal\n";
    let shown: Vec<String> =
        Policy::parse("policy.yaml", zones, &d).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "policy.yaml: local_hours.severity: must be error or warning, not \"fatal\"",
            "policy.yaml: local_hours.zones[0].zone: \"Asia/Jakartaa\" is not an IANA time zone",
            "policy.yaml: local_hours.default_zone: \"Mars/Olympus\" is not an IANA time zone",
        ]
    );
}

#[test]
fn send_windows_are_judged_in_the_callees_own_zone() {
    let p = policy(HOURS, &dir("hours"));
    let csv = "phone,tz\n6281234567890,\n8190123456789,\n6281234567891,Asia/Tokyo\n";
    let shown = problems(&campaign("{strTime: \"08:00\", endTime: \"10:00\"}", ""), csv, &p, None, NOW);
    assert_eq!(
        shown,
        [
            "debtors.csv:2 phone: allowSendTime 08:00-10:00 (server time, UTC+8) is 07:00-09:00 in Asia/Jakarta, before 08:00",
        ],
        "Tokyo (UTC+9) gets 09:00-11:00, within its hours; the zone column puts row 4 in Tokyo too"
    );
    // Late windows cross the callee's midnight.
    let shown = problems(
        &campaign("{strTime: \"22:30\", endTime: \"23:30\"}", ""),
        "phone,tz\n8190123456789,\n",
        &p,
        None,
        NOW,
    );
    assert_eq!(
        shown,
        [
            "debtors.csv:2 phone: allowSendTime 22:30-23:30 (server time, UTC+8) is 23:30-00:30 in Asia/Tokyo, across midnight; Asia/Tokyo allows 08:00-20:00"
        ]
    );
    // Without windows, a task may call at any hour.
    let any = "name: Any hour\nscenario: marketing\ntask: {appId: 2Xql9RBI, agentId: 43}\ncolumns: {calleeNumber: phone}\n";
    let shown = problems(any, "phone\n6281234567890\n", &p, None, NOW);
    assert_eq!(
        shown,
        [
            "debtors.csv:2 phone: no allowSendTime: the task may call at any hour, and Asia/Jakarta allows 08:00-20:00"
        ]
    );
}

#[test]
fn daylight_saving_time_is_counted_on_the_planned_day() {
    let p = policy(HOURS, &dir("dst"));
    // 20:00 in UTC+8 is 12:00 UTC: 08:00 in New York in July (UTC-4), 07:00 in January (UTC-5).
    let window = "{strTime: \"20:00\", endTime: \"21:00\"}";
    let summer = problems(
        &campaign(window, ", sendTime: \"2026-07-01 00:00:00\""),
        "phone,tz\n12125550100,\n",
        &p,
        None,
        NOW,
    );
    assert!(summer.is_empty(), "{summer:?}");
    let winter = problems(
        &campaign(window, ", sendTime: \"2026-01-15 00:00:00\""),
        "phone,tz\n12125550100,\n",
        &p,
        None,
        NOW,
    );
    assert_eq!(
        winter,
        [
            "debtors.csv:2 phone: allowSendTime 20:00-21:00 (server time, UTC+8) is 07:00-08:00 in America/New_York, before 08:00"
        ]
    );
}

#[test]
fn a_number_without_a_zone_and_a_zone_that_does_not_exist_are_errors_at_their_column() {
    let p = policy(HOURS, &dir("zones"));
    let csv = "phone,tz\n4915112345678,\n6281234567890,Asia/Nowhere\n";
    let shown = problems(&campaign("{strTime: \"12:00\", endTime: \"13:00\"}", ""), csv, &p, None, NOW);
    assert_eq!(
        shown,
        [
            "debtors.csv:2 phone: 4915****5678: no time zone for this number (no zone prefix matches, and the policy has no default_zone)",
            "debtors.csv:3 tz: \"Asia/Nowhere\" is not an IANA time zone",
        ]
    );
}

#[tokio::test]
async fn calls_and_tasks_in_the_ledger_count_against_the_number() {
    let d = dir("ledger");
    let mut ledger = Ledger::open(d.join("ledger.sqlite")).unwrap();
    // An earlier task called 6281234567890 at most 3 times (a first call and 2 recalls).
    let earlier = serde_json::json!({"appId": "a", "taskName": "Earlier", "agentId": 43,
        "recallFlow": {"recallType": 0, "recallInterval": 30, "recallNum": 2},
        "numberInfoList": [{"calleeNumber": "6281234567890"}]});
    let earlier = itnio_voice::wire::AgentSendRequest::from_json(earlier.to_string().as_bytes()).unwrap();
    ledger.record(&earlier, "earlier.json", NOW - 3_600_000).unwrap();

    let rules = "max_calls: {calls: 5, days: 7}\none_task_per_day: {severity: warning}\n";
    let p = policy(rules, &d);
    let recalls = ", recallFlow: {recallType: 0, recallInterval: 30, recallNum: 2}";
    let shown = problems(
        &campaign("{strTime: \"12:00\", endTime: \"13:00\"}", recalls),
        "phone,tz\n6281234567890,\n6281234567891,\n",
        &p,
        Some(&ledger),
        NOW,
    );
    assert_eq!(
        shown,
        [
            "debtors.csv:2 phone: 6281****7890: 3 call(s) in the last 7 days + 3 planned > 5",
            "debtors.csv:2 phone: warning: 6281****7890 already has task \"Earlier\" on 2026-12-02",
        ]
    );
    // Eight days later the earlier task is outside the window, and on another day.
    let later = problems(
        &campaign("{strTime: \"12:00\", endTime: \"13:00\"}", recalls),
        "phone,tz\n6281234567890,\n",
        &p,
        Some(&ledger),
        NOW + 8 * 86_400_000,
    );
    assert!(later.is_empty(), "{later:?}");
}

#[test]
fn a_large_plan_reads_the_ledger_on_several_threads_and_finds_the_same() {
    // 6,000 callees: the ledger is read in blocks on as many threads as there are cores; every
    // number's calls must still be the number's own, in the plan's order.
    let d = dir("large");
    let path = d.join("ledger.sqlite");
    drop(Ledger::open(&path).unwrap());
    let number = |i: usize| format!("62812{i:08}");
    {
        // Reported calls, written as the receiver's import writes them: number i had i % 7 calls
        // in the last days.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        let mut insert = tx
            .prepare(
                "INSERT INTO calls (voice_id, number, task_id, call_ms, connected) VALUES (?1, ?2, 1, ?3, 1)",
            )
            .unwrap();
        for i in 0..6_000 {
            for c in 0..i % 7 {
                insert.execute(rusqlite::params![format!("v{i}-{c}"), number(i), NOW - 3_600_000]).unwrap();
            }
        }
        drop(insert);
        tx.commit().unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    let p = policy("max_calls: {calls: 5, days: 7}\n", &d);
    let mut csv = String::from("phone,tz\n");
    for i in 0..6_000 {
        csv.push_str(&format!("{},\n", number(i)));
    }
    let shown =
        problems(&campaign("{strTime: \"12:00\", endTime: \"13:00\"}", ""), &csv, &p, Some(&ledger), NOW);
    // One call planned: a number with 5 or 6 calls already breaks the rule.
    let expected: Vec<String> = (0..6_000)
        .filter(|i| i % 7 >= 5)
        .map(|i| {
            format!(
                "debtors.csv:{} phone: {}: {} call(s) in the last 7 days + 1 planned > 5",
                i + 2,
                mask(&number(i)),
                i % 7
            )
        })
        .collect();
    assert_eq!(shown.len(), expected.len());
    assert_eq!(shown, expected);
}

#[test]
fn the_do_not_call_list_refuses_a_number_and_exclusion_leaves_it_out() {
    let d = dir("dnc");
    std::fs::write(d.join("dnc.txt"), "# numbers that asked not to be called\n6281234567891\n").unwrap();
    let p = policy("do_not_call: {file: dnc.txt}\n", &d);
    let campaign = campaign("{strTime: \"12:00\", endTime: \"13:00\"}", "");
    let csv = "phone,tz\n6281234567890,\n6281234567891,\n";
    assert_eq!(
        problems(&campaign, csv, &p, None, NOW),
        ["debtors.csv:3 phone: 6281****7891 is on the do-not-call list (dnc.txt)"]
    );
    let options =
        Options { policy: Some(&p), exclude_violating: true, now_ms: Some(NOW), ..Options::default() };
    let plan = Plan::build_with("campaign.yaml", &campaign, "debtors.csv", csv.as_bytes(), options).unwrap();
    assert!(plan.is_sendable());
    assert_eq!(plan.callees(), 1);
    assert_eq!(String::from_utf8(plan.excluded.unwrap().csv).unwrap(), "phone,tz\n6281234567891,\n");
    assert_eq!(p.do_not_call.as_ref().unwrap().severity, Severity::Error);
}

#[test]
fn numbers_are_masked() {
    assert_eq!(mask("6281234567890"), "6281****7890");
    assert_eq!(mask("12345678"), "****");
}

proptest! {
    /// For any window and any whole-hour zone from UTC-12 to UTC+14, the verdict is what plain
    /// minute arithmetic says: the window moves by the zone's offset from UTC+8, and it breaks
    /// the local hours when it starts before them, ends after them or crosses midnight.
    #[test]
    fn window_arithmetic_across_zones_and_midnight(start in 0u32..1440, length in 1u32..180, offset in -12i32..=14) {
        let end = (start + length).min(1439);
        prop_assume!(end > start);
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        // Etc/GMT-N is UTC+N.
        let zone = match offset {
            0 => "Etc/GMT".to_owned(),
            n if n > 0 => format!("Etc/GMT-{n}"),
            n => format!("Etc/GMT+{}", -n),
        };
        let rules = format!("local_hours:\n  from: \"08:00\"\n  to: \"20:00\"\n  default_zone: {zone}\n");
        let p = policy(&rules, Path::new("."));
        let window = format!("{{strTime: \"{}\", endTime: \"{}\"}}", hhmm(start), hhmm(end));
        let shown = problems(&campaign(&window, ""), "phone,tz\n6281234567890,\n", &p, None, NOW);
        let shift = (offset - 8) * 60;
        let local = |m: u32| m as i32 + shift;
        let (ls, le) = (local(start), local(end));
        let day = |m: i32| m.div_euclid(1440);
        let (ls_t, le_t) = (ls.rem_euclid(1440), le.rem_euclid(1440));
        let expected = if day(ls) != day(le) {
            Some("across midnight")
        } else if ls_t < 8 * 60 {
            Some("before 08:00")
        } else if le_t > 20 * 60 {
            Some("after 20:00")
        } else {
            None
        };
        match expected {
            None => prop_assert!(shown.is_empty(), "{:?}", shown),
            Some(why) => {
                prop_assert_eq!(shown.len(), 1, "{:?}", shown);
                let local_window = format!("{}-{}", hhmm(ls_t as u32), hhmm(le_t as u32));
                prop_assert!(shown[0].contains(&local_window) && shown[0].contains(why), "{:?} {} {}", shown, local_window, why);
            }
        }
    }
}
