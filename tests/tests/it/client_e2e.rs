//! The client against the mock server over real HTTP on 127.0.0.1: the example end to end, every
//! status-code path, every fault mode, and the retry policy. Whatever happens, the mock never
//! records two tasks under one name.

use itnio_mock::{Fault, MockConfig, MockServer};
use itnio_tests::contract::{self, CheckedMock};
use itnio_tests::{example_as_sent, example_body};
use itnio_voice::error::Lookup;
use itnio_voice::*;
use std::time::Duration;

fn example() -> wire::AgentSendRequest {
    wire::AgentSendRequest::from_json(example_body().as_bytes()).unwrap()
}

fn named(name: &str) -> wire::AgentSendRequest {
    let mut r = example();
    r.task_name = Some(name.to_owned());
    r
}

async fn mock() -> (CheckedMock, Client) {
    let mock = contract::start(MockConfig::default()).await;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock
        .client()
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() })
        .build()
        .unwrap();
    (mock, client)
}

fn assert_one_task_per_name(mock: &MockServer) {
    let tasks = mock.tasks();
    let mut names: Vec<_> = tasks.iter().map(|t| t.request.task_name.clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), tasks.len(), "two tasks under one name: {tasks:?}");
}

#[tokio::test]
async fn the_docs_example_end_to_end() {
    let (mock, client) = mock().await;
    let typed: AgentSendRequest<DebtCollection> = serde_json::from_str(&example_body()).unwrap();
    let id = client.agent_send(&typed).await.unwrap();
    assert_eq!(id, task_id!(1_000_001));
    let tasks = mock.tasks();
    assert_eq!(tasks.len(), 1);
    assert_eq!(serde_json::to_value(&tasks[0].request).unwrap(), example_as_sent());
    assert_eq!(mock.requests(), 1);
}

#[tokio::test]
async fn the_untyped_form_is_sent_too() {
    let (mock, client) = mock().await;
    let id = client.agent_send_wire(&example(), Some(ScenarioKind::DebtCollection)).await.unwrap();
    assert_eq!(mock.tasks()[0].task_id, id.get());
}

#[tokio::test]
async fn an_invalid_request_never_leaves_the_process() {
    let (mock, client) = mock().await;
    let mut bad = example();
    bad.max_ringing_time = Some(5);
    match client.agent_send_wire(&bad, None).await {
        Err(Error::Invalid(e)) => assert_eq!(e.violations[0].pointer, "/maxRingingTime"),
        other => panic!("{other:?}"),
    }
    // A scenario rule the mock would answer -68 to is caught locally when the scenario is given.
    let mut cross = example();
    cross.recall_flow.as_mut().unwrap().recall_intent = Some(vec!["301".into()]);
    assert!(matches!(
        client.agent_send_wire(&cross, Some(ScenarioKind::DebtCollection)).await,
        Err(Error::Invalid(_))
    ));
    assert_eq!(mock.requests(), 0);
}

#[tokio::test]
async fn wrong_credentials_get_minus_1() {
    let (mock, _) = mock().await;
    let client = Client::builder(mock.api_key(), "not-the-secret").base_url(mock.base_url()).build().unwrap();
    let e = client.agent_send_wire(&example(), None).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::AuthenticationError));
    let Error::Api(api) = &e else { panic!("{e:?}") };
    assert_eq!(api.category(), Some(StatusCategory::Auth));
    assert!(!api.is_retryable());
    assert_eq!(mock.requests(), 1, "-1 is not retried");
}

#[tokio::test]
async fn a_reused_task_name_gets_minus_41() {
    let (mock, client) = mock().await;
    client.agent_send_wire(&named("once"), None).await.unwrap();
    let e = client.agent_send_wire(&named("once"), None).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::TaskNameExists));
    assert!(matches!(e, Error::Api(_)), "a plain conflict when no attempt was lost: {e:?}");
    assert_eq!(mock.tasks().len(), 1);
}

#[tokio::test]
async fn a_recall_intent_outside_the_agents_scenario_gets_minus_68() {
    let (mock, client) = mock().await;
    mock.register_agent(77, ScenarioKind::Marketing);
    let mut r = named("marketing agent, debt intents");
    r.agent_id = Some(77);
    r.recall_flow.as_mut().unwrap().recall_intent = Some(vec!["99998".into(), "205".into()]);
    r.number_info_list.as_mut().unwrap()[0].call_information = None;
    // Without a scenario the client cannot know; the server can.
    let e = client.agent_send_wire(&r, None).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::RecallIntentMismatch));
    assert!(e.to_string().contains("/recallFlow/recallIntent/1"), "{e}");
    assert!(mock.tasks().is_empty());
}

#[tokio::test]
async fn timestamp_expired_is_re_signed_and_retried() {
    let (mock, client) = mock().await;
    mock.inject(Fault::Answer(-16, "Timestamp expires".into()));
    let id = client.agent_send_wire(&example(), None).await.unwrap();
    assert_eq!(mock.requests(), 2);
    assert_eq!(mock.tasks().len(), 1);
    assert_eq!(mock.tasks()[0].task_id, id.get());
}

#[tokio::test]
async fn the_mock_checks_signature_window_and_body_itself() {
    let mock =
        contract::start(MockConfig { timestamp_window: Duration::from_secs(60), ..MockConfig::default() })
            .await;
    let http = reqwest::Client::new();
    let post = |ts: u64, body: &'static str| {
        let secret = ApiSecret::new(itnio_mock::MOCK_API_SECRET);
        http.post(format!("{}{}", mock.base_url(), AgentSend::PATH))
            .header("Api-Key", mock.api_key())
            .header("Timestamp", ts.to_string())
            .header("Sign", sign(mock.api_key(), &secret, ts))
            .header("Content-Type", "application/json")
            .body(body)
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let answer = |r: reqwest::Response| async move {
        serde_json::from_slice::<serde_json::Value>(&r.bytes().await.unwrap()).unwrap()
    };
    let old = answer(post(now - 3600, "{}").send().await.unwrap()).await;
    assert_eq!(old["code"], "-16");
    let bad = answer(
        post(now, r#"{"appId":"a","taskName":"t1","agentId":41,"numberInfoList":[{"calleeNumber":"12"}]}"#)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bad["code"], "-22");
    assert!(bad["msg"].as_str().unwrap().contains("/numberInfoList/0/calleeNumber"), "{bad}");
    let unsigned =
        http.post(format!("{}{}", mock.base_url(), AgentSend::PATH)).body("{}").send().await.unwrap();
    assert_eq!(answer(unsigned).await["code"], "-1");
}

#[tokio::test]
async fn concurrency_limit_is_retried_only_when_asked() {
    let (mock, client) = mock().await;
    mock.inject(Fault::Answer(-37, "limit".into()));
    let e = client.agent_send_wire(&named("limit a"), None).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::ConcurrentTaskLimit), "{e:?}");
    assert_eq!(mock.requests(), 1);

    let patient = mock
        .client()
        .retry(RetryPolicy {
            retry_concurrency_limit: true,
            initial_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    mock.inject(Fault::Answer(-37, "limit".into()));
    patient.agent_send_wire(&named("limit b"), None).await.unwrap();
    assert_eq!(mock.requests(), 3);
    assert_eq!(mock.tasks().len(), 1);
}

/// -18 reports a server failure whose effect is unknown (retry class `backoff`, quirk
/// `system_exception_retry`): creation is retried under the same name, and a -41 after it is
/// "may already exist"; a cancel, neither safe to repeat nor keyed, is not retried.
#[tokio::test]
async fn a_server_failure_is_retried_only_where_repeating_is_harmless() {
    let (mock, client) = mock().await;
    mock.inject(Fault::Answer(-18, "System exception".into()));
    client.agent_send_wire(&named("after -18"), None).await.unwrap();
    assert_eq!(mock.requests(), 2, "retried once");
    assert_eq!(mock.tasks().len(), 1);

    // The same name again: -18, then -41 to the retry. The task of that name was created a
    // moment ago, inside the lookup's window, so it is the answer: no second task.
    mock.inject(Fault::Answer(-18, "System exception".into()));
    let again = client.agent_send_wire(&named("after -18"), None).await.unwrap();
    assert_eq!(again.get(), mock.tasks()[0].task_id);
    assert_eq!(mock.tasks().len(), 1);

    let id = mock.tasks()[0].task_id;
    let before = mock.requests();
    mock.inject(Fault::Answer(-18, "System exception".into()));
    let cancel = TaskCancelRequest::builder().task_id_list([TaskId::new(id).unwrap()]).build();
    let e = client.task_cancel(&cancel).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::PortProgramUnusual), "{e:?}");
    assert_eq!(mock.requests(), before + 1, "a cancel answered -18 is not sent again");
}

/// Exactly once, with the ID: the first attempt creates the task and its answer is lost, the
/// retry is answered -41, and the task list (searched by name around the first attempt) gives
/// the one task's ID.
#[tokio::test]
async fn a_lost_answer_then_minus_41_gives_the_tasks_id() {
    let (mock, client) = mock().await;
    mock.inject(Fault::DropAfterBody);
    let id = client.agent_send_wire(&named("lost answer"), None).await.unwrap();
    let tasks = mock.tasks();
    assert_eq!(tasks.len(), 1, "the lost attempt created the task; the retry did not create another");
    assert_eq!(id.get(), tasks[0].task_id);
    assert_eq!(mock.requests(), 3, "the attempt, the retry answered -41, one page of the task list");

    // The typed form recovers too.
    mock.inject(Fault::DropAfterBody);
    let typed: AgentSendRequest<DebtCollection> =
        serde_json::from_value(serde_json::to_value(named("lost typed")).unwrap()).unwrap();
    let id = client.agent_send(&typed).await.unwrap();
    assert_eq!(id.get(), mock.tasks()[1].task_id);
}

/// When the lookup cannot decide, the call ends with MayAlreadyExist carrying what it saw.
#[tokio::test]
async fn a_lookup_that_cannot_decide_is_may_already_exist() {
    let (mock, client) = mock().await;
    // The lookup itself fails (-1 to the task list).
    mock.inject(Fault::DropAfterBody);
    mock.inject(Fault::Delay(Duration::ZERO));
    mock.inject(Fault::Answer(-1, "Authentication error".into()));
    let e = client.agent_send_wire(&named("lookup fails"), None).await.unwrap_err();
    match &e {
        Error::MayAlreadyExist { task_name, answer, lookup: Lookup::Failed(why) } => {
            assert_eq!(task_name, "lookup fails");
            assert_eq!(answer.status, StatusCode::TaskNameExists);
            assert!(why.contains("-1"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.outcome_unknown());
    assert_eq!(mock.tasks().len(), 1);

    // -41 to a retry, but no task of that name in the window: nothing to return.
    mock.inject(Fault::Answer(-18, "System exception".into()));
    mock.inject(Fault::Answer(-41, "Task name already exists".into()));
    let e = client.agent_send_wire(&named("not there"), None).await.unwrap_err();
    assert!(matches!(&e, Error::MayAlreadyExist { lookup: Lookup::NoMatch, .. }), "{e:?}");
    assert!(e.to_string().ends_with("the lookup found no task of that name"), "{e}");
}

#[tokio::test]
async fn a_connection_dropped_before_the_body_is_retried_with_the_same_name() {
    let (mock, client) = mock().await;
    mock.inject(Fault::DropBeforeBody);
    client.agent_send_wire(&named("dropped early"), None).await.unwrap();
    assert_eq!(mock.requests(), 2);
    assert_eq!(mock.tasks().len(), 1);
}

#[tokio::test]
async fn a_slow_server_times_out_and_never_yields_two_tasks() {
    let (mock, client) = mock().await;
    for _ in 0..3 {
        mock.inject(Fault::Delay(Duration::from_millis(800)));
    }
    let e = client.agent_send_wire(&named("slow"), None).await.unwrap_err();
    assert!(matches!(e, Error::Timeout), "{e:?}");
    assert!(e.outcome_unknown());
    assert_eq!(mock.requests(), 3, "a timeout is retried: the task name makes it safe");
    // The server drops a handler whose client went away; whatever it did, never two tasks.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(mock.tasks().len() <= 1);
    assert_one_task_per_name(&mock);

    // One slow answer, then a normal one: exactly one task.
    mock.inject(Fault::Delay(Duration::from_millis(800)));
    client.agent_send_wire(&named("slow once"), None).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        mock.tasks().iter().filter(|t| t.request.task_name.as_deref() == Some("slow once")).count(),
        1
    );
    assert_one_task_per_name(&mock);
}

#[tokio::test]
async fn answers_that_are_not_the_envelope() {
    let (mock, client) = mock().await;
    let cases: [(Fault, u16, &str); 4] = [
        (Fault::BadGateway, 502, "<html>"),
        (Fault::MalformedJson, 200, "{\"code\":\"0\""),
        (Fault::EmptyBody, 200, ""),
        (Fault::HugeBody(5 << 20), 200, "{\"code\":\"0\""),
    ];
    for (i, (fault, status, prefix)) in cases.into_iter().enumerate() {
        mock.inject(fault.clone());
        match client.agent_send_wire(&named(&format!("odd answer {i}")), None).await {
            Err(Error::UnexpectedResponse { http_status, body_prefix, reason }) => {
                assert_eq!(http_status, status, "{fault:?}");
                assert!(body_prefix.starts_with(prefix), "{fault:?}: {body_prefix:?}");
                assert!(body_prefix.len() <= 260, "only the first bytes are kept");
                assert!(!reason.is_empty());
            }
            other => panic!("{fault:?}: {other:?}"),
        }
    }
    assert_eq!(mock.requests(), 4, "unexpected answers are not retried");
    assert!(mock.tasks().is_empty());
}

#[tokio::test]
async fn unknown_and_numeric_codes_and_the_status_reason_envelope() {
    let (mock, client) = mock().await;
    mock.inject(Fault::Answer(-999, "something new".into()));
    let e = client.agent_send_wire(&named("unknown"), None).await.unwrap_err();
    let Error::Api(api) = e else { panic!() };
    assert_eq!(api.status, StatusCode::Unknown(-999));
    assert_eq!(api.message, "something new");

    mock.inject(Fault::NumericCode);
    let a = client.agent_send_wire(&named("numeric"), None).await.unwrap();
    mock.inject(Fault::StatusReason);
    let b = client.agent_send_wire(&named("status reason"), None).await.unwrap();
    assert_eq!(b.get(), a.get() + 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_and_reported_as_not_sent() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder("k", "s")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(5), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let e = client.agent_send_wire(&example(), None).await.unwrap_err();
    assert!(matches!(e, Error::Transport { request_sent: false, .. }), "{e:?}");
    assert!(!e.outcome_unknown());
}

#[test]
fn a_bad_base_url_is_a_config_error() {
    let e = Client::builder("k", "s").base_url("ftp://x").build().unwrap_err();
    assert!(matches!(e, Error::Config(_)));
}
