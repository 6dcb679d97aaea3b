//! The task lifecycle after creation, over real HTTP on 127.0.0.1 against the mock: task list
//! (paged) and cancel, auto-recall list, detail, update and cancel, the balance, and reading
//! answers the docs do not fully describe. Every endpoint here is generated from the spec.

use itnio_mock::MockConfig;
use itnio_tests::contract::{self, CheckedMock};
use itnio_tests::example_body;
use itnio_voice::*;
use std::time::Duration;

async fn mock_with(config: MockConfig) -> (CheckedMock, Client) {
    let mock = contract::start(config).await;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock
        .client()
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() })
        .build()
        .unwrap();
    (mock, client)
}

async fn mock() -> (CheckedMock, Client) {
    mock_with(MockConfig::default()).await
}

/// Creates the docs' example (with its recall flow) under `name`; returns the task ID.
async fn create(client: &Client, name: &str) -> TaskId {
    let mut r = wire::AgentSendRequest::from_json(example_body().as_bytes()).unwrap();
    r.task_name = Some(name.to_owned());
    client.agent_send_wire(&r, Some(ScenarioKind::DebtCollection)).await.unwrap()
}

fn query(size: i64, statuses: Option<Vec<TaskStatus>>) -> TaskQueryRequest {
    let params = TaskQueryParams::builder()
        .str_time(local_date_time!("2000-01-01 00:00:00"))
        .end_time(local_date_time!("2099-12-31 23:59:59"))
        .maybe_status_list(statuses)
        .build();
    TaskQueryRequest::builder()
        .current(page_number!(1))
        .size(PageSize::new(size).unwrap())
        .params(params)
        .build()
}

#[tokio::test]
async fn a_created_task_is_listed_as_calling_and_the_body_fixes_task_type() {
    let (mock, client) = mock().await;
    let id = create(&client, "Lifecycle 1").await;
    let page = client.task_query(&query(10, None)).await.unwrap();
    assert_eq!(page.total, Some(1));
    assert_eq!(page.pages, Some(1));
    let record = &page.records.unwrap()[0];
    assert_eq!(record.task_id, Some(id));
    assert_eq!(record.task_name.as_deref(), Some("Lifecycle 1"));
    assert_eq!(record.status, Some(Open::Known(TaskStatus::Calling)));
    assert_eq!(record.num_cnt, Some(1));
    assert_eq!(record.script_id, Some(41));
    assert!(record.created_time.is_some());
    // taskType is not a builder argument: the typed form always sends 3.
    let body = serde_json::to_value(query(10, None)).unwrap();
    assert_eq!(body["params"]["taskType"], 3);
    assert_eq!(mock.tasks().len(), 1);
}

#[tokio::test]
async fn every_page_is_read_in_order_and_status_filters_apply() {
    let (mock, client) = mock().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(create(&client, &format!("Paged {i}")).await);
    }
    let before = mock.requests();
    let all = client.task_query_all_pages(&query(2, None)).await.unwrap();
    assert_eq!(mock.requests() - before, 3, "5 tasks at 2 per page are 3 pages");
    let listed: Vec<TaskId> = all.iter().filter_map(|t| t.task_id).collect();
    ids.reverse(); // newest first
    assert_eq!(listed, ids);

    client.task_cancel(&TaskCancelRequest::builder().task_id_list([ids[0]]).build()).await.unwrap();
    let cancelled = client.task_query_all_pages(&query(10, Some(vec![TaskStatus::Canceled]))).await.unwrap();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].task_id, Some(ids[0]));
    assert_eq!(cancelled[0].status, Some(Open::Known(TaskStatus::Canceled)));
    let calling = client.task_query_all_pages(&query(10, Some(vec![TaskStatus::Calling]))).await.unwrap();
    assert_eq!(calling.len(), 4);
}

#[tokio::test]
async fn a_reversed_time_range_is_refused_before_sending() {
    let (mock, client) = mock().await;
    let mut request = query(10, None);
    request.params.str_time = local_date_time!("2026-02-01 00:00:00");
    request.params.end_time = local_date_time!("2026-01-01 00:00:00");
    let before = mock.requests();
    let Err(Error::Invalid(e)) = client.task_query(&request).await else { panic!("sent") };
    assert_eq!(e.violations[0].pointer, "/params/strTime");
    assert_eq!(mock.requests(), before);

    // The untyped form too, and a taskType other than 3.
    let body = br#"{"current":1,"size":10,"params":{"strTime":"2026-02-01 00:00:00","endTime":"2026-01-01 00:00:00","taskType":2}}"#;
    let r = wire::TaskQueryRequest::from_json(body).unwrap();
    let pointers: Vec<String> = r.validate(None).errors.into_iter().map(|v| v.pointer).collect();
    assert_eq!(pointers, ["/params/strTime", "/params/taskType"]);
    assert!(client.task_query_wire(&r).await.is_err());
    assert_eq!(mock.requests(), before);
}

#[tokio::test]
async fn cancel_moves_a_task_to_4_and_not_twice() {
    let (mock, client) = mock().await;
    let id = create(&client, "To cancel").await;
    let cancel = TaskCancelRequest::builder().task_id_list([id]).build();
    client.task_cancel(&cancel).await.unwrap();
    assert_eq!(mock.tasks()[0].status, TaskStatus::Canceled);
    let e = client.task_cancel(&cancel).await.unwrap_err();
    assert_eq!(e.status().map(|s| s.code()), Some(-54), "{e}");
    let unknown = TaskCancelRequest::builder().task_id_list([task_id!(999)]).build();
    let e = client.task_cancel(&unknown).await.unwrap_err();
    assert_eq!(e.status().map(|s| s.code()), Some(-24), "{e}");
    // An empty list does not compile in the typed form (ui-tests/fail/empty_task_id_list.rs);
    // in the untyped one it is refused locally.
    let empty = wire::TaskCancelRequest::from_json(br#"{"taskIdList": []}"#).unwrap();
    let Err(Error::Invalid(e)) = client.task_cancel_wire(&empty).await else { panic!("sent") };
    assert_eq!(e.violations[0].pointer, "/taskIdList");
}

#[tokio::test]
async fn a_task_finishes_after_polls_when_configured() {
    let (mock, client) = mock_with(MockConfig { finish_after_polls: Some(2), ..MockConfig::default() }).await;
    let id = create(&client, "Finishing").await;
    let first = client.task_query_all_pages(&query(10, None)).await.unwrap();
    assert_eq!(first[0].status, Some(Open::Known(TaskStatus::Calling)));
    let second = client.task_query_all_pages(&query(10, None)).await.unwrap();
    assert_eq!(second[0].task_id, Some(id));
    assert_eq!(second[0].status, Some(Open::Known(TaskStatus::Finished)));
    assert_eq!(second[0].call_num, second[0].num_cnt);
    assert!(TaskStatus::Finished.is_final() && !TaskStatus::Calling.is_final());
    assert!(mock.set_task_status(id.get(), TaskStatus::Suspended));
}

fn recall_page() -> RecallQueryPageRequest {
    RecallQueryPageRequest::builder()
        .current(page_number!(1))
        .size(page_size!(10))
        .params(
            RecallQueryParams::builder()
                .str_time(local_date_time!("2000-01-01 00:00:00"))
                .end_time(local_date_time!("2099-12-31 23:59:59"))
                .build(),
        )
        .build()
}

fn detail(key: RecallFlowId) -> RecallQueryDetailRequest {
    RecallQueryDetailRequest::builder().key_id(key).build()
}

#[tokio::test]
async fn a_recall_flow_is_listed_read_updated_while_pending_and_cancelled() {
    let (mock, client) = mock().await;
    let task = create(&client, "With recall").await;
    let flows = client.recall_query_page_all_pages(&recall_page()).await.unwrap();
    assert_eq!(flows.len(), 1);
    let flow = &flows[0];
    assert_eq!(flow.task_id, Some(task));
    assert_eq!(flow.task_name.as_deref(), Some("With recall"));
    assert_eq!(flow.status, Some(Open::Known(RecallStatus::Pending)));
    let key = flow.key_id.unwrap();

    let d = client.recall_query_detail(&detail(key)).await.unwrap();
    assert_eq!(d.key_id, Some(key));
    let nodes = d.node_list.unwrap();
    assert!(!nodes.is_empty());
    assert!(nodes.iter().all(|n| n.node_status == Some(Open::Known(RecallStatus::Pending))));

    // Update while pending (untyped, as the CLI does; the typed form is generic over the scenario).
    let update = RecallUpdateRequest::<DebtCollection>::builder()
        .key_id(key)
        .recall_interval(recall_interval_minutes!(90))
        .recall_num(recall_count!(2))
        .recall_update_mode(RecallUpdateMode::ResendFailed)
        .node_list(vec![RecallUpdateNode::builder().script_id(agent_id!(7)).build()])
        .build();
    client.recall_update(&update).await.unwrap();
    let d = client.recall_query_detail(&detail(key)).await.unwrap();
    assert_eq!((d.recall_interval, d.recall_num), (Some(90), Some(2)));
    assert_eq!(d.recall_type, Some(Open::Known(RecallType::ResendFailed)));
    // One node per round: the given one, then the task's own agent for the round it leaves.
    let nodes = d.node_list.unwrap();
    assert_eq!(nodes.len(), 2);
    assert_eq!(nodes[0].script_id, Some(7));
    assert_eq!(nodes[1].script_id, mock.tasks()[0].request.agent_id);

    // Type 3: from the node on.
    let node = nodes[0].key_id.unwrap();
    let cancel = RecallCancelRequest::builder()
        .r#type(RecallCancelType::FromNode)
        .id(RecallCancelTarget::new(node.get()).unwrap())
        .build();
    client.recall_cancel(&cancel).await.unwrap();
    let d = client.recall_query_detail(&detail(key)).await.unwrap();
    assert_eq!(d.node_list.unwrap()[0].node_status, Some(Open::Known(RecallStatus::Cancelled)));
    assert_eq!(mock.recall_flows()[0].status, RecallStatus::Cancelled);

    // No longer pending: an update and a cancel by key are refused by the server.
    let e = client.recall_update(&update).await.unwrap_err();
    assert_eq!(e.status(), Some(StatusCode::ParameterException), "{e}");
    let by_key = RecallCancelRequest::builder()
        .r#type(RecallCancelType::Flow)
        .id(RecallCancelTarget::new(key.get()).unwrap())
        .build();
    assert!(client.recall_cancel(&by_key).await.is_err());
}

#[tokio::test]
async fn recall_cancel_by_flow_key_and_by_parent_task() {
    let (mock, client) = mock().await;
    let first = create(&client, "Recall A").await;
    let _second = create(&client, "Recall B").await;
    let flows = mock.recall_flows();
    let by_key = RecallCancelRequest::builder()
        .r#type(RecallCancelType::Flow)
        .id(RecallCancelTarget::new(flows[1].key_id).unwrap())
        .build();
    client.recall_cancel(&by_key).await.unwrap();
    let by_task = RecallCancelRequest::builder()
        .r#type(RecallCancelType::ParentTask)
        .id(RecallCancelTarget::new(first.get()).unwrap())
        .build();
    client.recall_cancel(&by_task).await.unwrap();
    assert!(mock.recall_flows().iter().all(|f| f.status == RecallStatus::Cancelled));
    let listed = client.recall_query_page_all_pages(&recall_page()).await.unwrap();
    assert!(listed.iter().all(|f| f.status == Some(Open::Known(RecallStatus::Cancelled))));
    // Filter by the parent task's exact ID.
    let mut by_id = recall_page();
    by_id.params.task_name = Some(first.get().to_string());
    let listed = client.recall_query_page_all_pages(&by_id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].task_id, Some(first));
}

#[tokio::test]
async fn recall_by_intent_needs_intents_in_an_update_too() {
    let (mock, client) = mock().await;
    let before = mock.requests();
    // The typed form cannot say it (ui-tests/fail/recall_by_intent_without_intents.rs); the
    // untyped one can, and is refused before it is sent.
    let update = wire::RecallUpdateRequest::from_json(
        br#"{"keyId": 1, "recallInterval": 30, "recallNum": 1, "recallType": 3, "recallIntent": []}"#,
    )
    .unwrap();
    let Err(Error::Invalid(e)) = client.recall_update_wire(&update, Some(ScenarioKind::DebtCollection)).await
    else {
        panic!("sent")
    };
    assert_eq!(e.violations[0].pointer, "/recallIntent");
    assert_eq!(e.violations[0].rule, "update_by_intent_needs_intents");
    assert_eq!(mock.requests(), before);
}

#[tokio::test]
async fn the_balance_is_read_exactly_from_the_status_reason_body() {
    let config = MockConfig {
        balance: ["12345678901234567.89".into(), "0.10".into(), "-3.5".into()],
        ..MockConfig::default()
    };
    let (_mock, client) = mock_with(config).await;
    let b = client.get_balance().await.unwrap();
    assert_eq!(b.balance.as_ref().map(Amount::as_str), Some("12345678901234567.89"));
    assert_eq!(b.gift.as_ref().map(Amount::as_str), Some("0.10"));
    assert_eq!(b.credit.as_ref().map(Amount::as_str), Some("-3.5"));
    assert!(b.extra.is_empty(), "the envelope's own members are not payload: {:?}", b.extra);
}

#[test]
fn answers_the_docs_do_not_fully_describe_are_read_not_rejected() {
    use itnio_voice::client::FromData;
    // Numeric amounts, a numeric status, an extra member.
    let e = envelope::decode(
        br#"{"status":0,"reason":"success","balance":12.5,"gift":"0","credit":1,"currency":"USD"}"#,
    )
    .unwrap();
    let b = Balance::from_data(e).unwrap();
    assert_eq!(b.balance.unwrap().as_str(), "12.5");
    assert_eq!(b.credit.unwrap().as_str(), "1");
    assert_eq!(b.extra["currency"], "USD");

    // An undocumented status, IDs as strings, a voice-style jobId, the detail's paging members.
    let e = envelope::decode(
        br#"{"code":0,"msg":"success","data":{"records":[{"taskId":"123","status":9,"jobId":5,"numCnt":"4"}],"pages":"1","searchCount":true}}"#,
    )
    .unwrap();
    let page = TaskPage::from_data(e).unwrap();
    let r = &page.records.unwrap()[0];
    assert_eq!(r.task_id, Some(task_id!(123)));
    assert_eq!(r.status, Some(Open::Unknown(9)));
    assert_eq!(r.num_cnt, Some(4));
    assert_eq!(r.extra["jobId"], 5);
    assert_eq!(page.pages, Some(1));
    assert_eq!(page.extra["searchCount"], true);

    // A value that cannot be what the docs say is kept as received, with why; the page and the
    // rest of the record are read.
    let e = envelope::decode(
        br#"{"code":0,"msg":"success","data":{"records":[{"taskId":"abc","taskName":"t"},{"taskId":0}]}}"#,
    )
    .unwrap();
    let page = TaskPage::from_data(e).unwrap();
    let records = page.records.unwrap();
    assert_eq!((records[0].task_id, records[0].task_name.as_deref()), (None, Some("t")));
    assert_eq!(records[0].extra["taskId"], "abc");
    assert_eq!(records[0].unread[0].why, r#"must be an integer from 1 to 2147483647, not the string "abc""#);
    assert_eq!(records[1].extra["taskId"], 0, "an ID of 0 is kept");
    // No data at all.
    let e = envelope::decode(br#"{"code":0,"msg":"success","data":null}"#).unwrap();
    assert!(matches!(TaskPage::from_data(e), Err(Error::UnexpectedResponse { .. })));

    // The new task's ID, as a number or a string; a value no task ID can be is unexpected.
    for body in [&br#"{"code":"0","msg":"success","data":123123}"#[..], br#"{"code":0,"data":"123123"}"#] {
        let id = client::scalar_from_data::<TaskId, StatusCode>(envelope::decode(body).unwrap()).unwrap();
        assert_eq!(id, task_id!(123123));
    }
    for body in [&br#"{"code":0,"data":0}"#[..], br#"{"code":0,"data":"x"}"#, br#"{"code":0}"#] {
        let e = client::scalar_from_data::<TaskId, StatusCode>(envelope::decode(body).unwrap()).unwrap_err();
        assert!(matches!(e, Error::UnexpectedResponse { .. }), "{e:?}");
    }
}

#[tokio::test]
async fn reads_are_retried_when_their_outcome_is_unknown_and_cancels_are_not() {
    use itnio_mock::Fault;
    let (mock, client) = mock().await;
    let id = create(&client, "Retry reads").await;
    mock.inject(Fault::DropAfterBody);
    let page = client.task_query(&query(10, None)).await.unwrap();
    assert_eq!(page.total, Some(1));
    mock.inject(Fault::DropAfterBody);
    let e = client.task_cancel(&TaskCancelRequest::builder().task_id_list([id]).build()).await.unwrap_err();
    assert!(matches!(e, Error::Transport { request_sent: true, .. }), "{e:?}");
    // The lost attempt was processed: the task is cancelled, once.
    assert_eq!(mock.tasks()[0].status, TaskStatus::Canceled);
}
