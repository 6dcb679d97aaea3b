//! Sending a plan against the mock over real HTTP: every part exactly once, in order; a run
//! again sends nothing new; a part whose sending began before a crash is looked up, not sent
//! twice; a task of a part's name this campaign did not create stops it; a state file of
//! another plan is refused; nothing is sent from a plan with errors.

use itnio_campaign::{Plan, SendError, State, send};
use itnio_mock::MockServer;
use itnio_voice::{Client, ScenarioKind, wire};
use std::path::PathBuf;

const CAMPAIGN: &str = "\
name: April offer
scenario: marketing
task: {appId: 2Xql9RBI, agentId: 43}
columns: {calleeNumber: phone}
";

fn csv(rows: usize) -> String {
    let mut out = String::from("phone\n");
    for i in 0..rows {
        out.push_str(&format!("62812345{i:05}\n"));
    }
    out
}

fn plan(rows: usize, limit: usize) -> Plan {
    Plan::build_with_limit("campaign.yaml", CAMPAIGN, "people.csv", csv(rows).as_bytes(), limit).unwrap()
}

/// A fresh directory under the target directory for one test's state file.
fn state_file(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("campaign-send").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("campaign.state.json")
}

async fn mock() -> (MockServer, Client) {
    let mock = MockServer::start().await.unwrap();
    mock.register_agent(43, ScenarioKind::Marketing);
    let client = mock.client().build().unwrap();
    (mock, client)
}

fn names(mock: &MockServer) -> Vec<String> {
    mock.tasks().iter().map(|t| t.request.task_name.clone().unwrap_or_default()).collect()
}

#[tokio::test]
async fn every_part_is_created_once_in_order_and_a_run_again_sends_nothing() {
    let (mock, client) = mock().await;
    let plan = plan(5, 2);
    let path = state_file("once");
    let mut seen = Vec::new();
    let sent = send(&plan, &client, &path, None, |s| seen.push(s.clone())).await.unwrap();
    assert_eq!(names(&mock), ["April offer (1/3)", "April offer (2/3)", "April offer (3/3)"]);
    assert_eq!(sent, seen);
    assert!(sent.iter().all(|s| s.created_now));
    let ids: Vec<i64> = mock.tasks().iter().map(|t| t.task_id).collect();
    assert_eq!(sent.iter().map(|s| s.task_id).collect::<Vec<_>>(), ids);
    let counts: Vec<usize> =
        mock.tasks().iter().map(|t| t.request.number_info_list.as_ref().unwrap().len()).collect();
    assert_eq!(counts, [2, 2, 1]);

    let again = send(&plan, &client, &path, None, |_| {}).await.unwrap();
    assert_eq!(mock.tasks().len(), 3, "nothing sent twice");
    assert!(again.iter().all(|s| !s.created_now));
    assert_eq!(again.iter().map(|s| s.task_id).collect::<Vec<_>>(), ids);
}

#[tokio::test]
async fn a_part_begun_before_a_crash_is_looked_up_not_sent_again() {
    let (mock, client) = mock().await;
    let plan = plan(4, 2);
    let path = state_file("crash");
    // The first run created part 1, then part 2, and died before it could write part 2's ID.
    let mut first = Vec::new();
    send(&plan, &client, &path, None, |s| first.push(s.clone())).await.unwrap();
    let mut state: State = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    state.parts[1].task_id = None;
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();

    let again = send(&plan, &client, &path, None, |_| {}).await.unwrap();
    assert_eq!(mock.tasks().len(), 2, "part 2 exists: found by name, not created again");
    assert_eq!(again[1].task_id, first[1].task_id);
    assert!(!again[1].created_now);
}

/// A plan of two one-callee parts named `name (i/2)`.
fn plan_named(name: &str, rows: usize) -> Plan {
    let campaign = CAMPAIGN.replace("April offer", name);
    Plan::build_with_limit("campaign.yaml", &campaign, "people.csv", csv(rows).as_bytes(), 1).unwrap()
}

#[tokio::test]
async fn a_part_begun_whose_task_never_arrived_is_sent() {
    let (mock, client) = mock().await;
    let plan = plan_named("Never arrived", 2);
    let path = state_file("never-arrived");
    // A run recorded that it began part 1 (five minutes ago), then died before sending.
    let began = i64::try_from(itnio_voice::now_epoch_seconds()).unwrap() * 1000 - 300_000;
    let state = State {
        plan: itnio_campaign::fingerprint(&plan),
        parts: plan
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| itnio_campaign::PartState {
                name: p.name.clone(),
                began_ms: (i == 0).then_some(began),
                task_id: None,
            })
            .collect(),
    };
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
    let sent = send(&plan, &client, &path, None, |_| {}).await.unwrap();
    assert_eq!(names(&mock), ["Never arrived (1/2)", "Never arrived (2/2)"]);
    assert!(sent.iter().all(|s| s.created_now));
}

#[tokio::test]
async fn a_task_of_a_parts_name_this_campaign_did_not_create_stops_it() {
    let (mock, client) = mock().await;
    let plan = plan(3, 2);
    let mut taken = plan.request(&plan.parts[1]);
    taken.number_info_list =
        Some(vec![wire::Callee { callee_number: Some("628123499999".into()), ..Default::default() }]);
    client.agent_send_wire(&taken, Some(ScenarioKind::Marketing)).await.unwrap();
    let path = state_file("taken");
    let err = send(&plan, &client, &path, None, |_| {}).await.unwrap_err();
    assert!(matches!(&err, SendError::NameTaken { name } if name == "April offer (2/2)"), "{err}");
    assert_eq!(names(&mock), ["April offer (2/2)", "April offer (1/2)"], "part 1 was sent, part 2 not");
    assert!(err.to_string().contains("rename the campaign"), "{err}");
}

#[tokio::test]
async fn a_state_file_of_another_plan_or_a_plan_with_errors_sends_nothing() {
    let (mock, client) = mock().await;
    let path = state_file("other");
    send(&plan(2, 2), &client, &path, None, |_| {}).await.unwrap();
    let err = send(&plan(3, 2), &client, &path, None, |_| {}).await.unwrap_err();
    assert!(matches!(err, SendError::State(ref why) if why.contains("another plan")), "{err}");
    std::fs::write(&path, b"not json").unwrap();
    let err = send(&plan(2, 2), &client, &path, None, |_| {}).await.unwrap_err();
    assert!(err.to_string().contains("not a campaign state file"), "{err}");

    let bad = Plan::build("campaign.yaml", CAMPAIGN, "people.csv", b"phone\n123\n").unwrap();
    assert!(!bad.is_sendable());
    let err = send(&bad, &client, &state_file("bad"), None, |_| {}).await.unwrap_err();
    assert!(matches!(err, SendError::Invalid));
    assert_eq!(mock.tasks().len(), 1);
}
