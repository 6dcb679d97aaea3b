//! The whole loop over real HTTP on 127.0.0.1: the mock pushes a status report for every callee
//! as its task progresses, into a receiver on a real database (a SQLite file, a PostgreSQL
//! server), with faults on request; reconciling the task list with the store finds exactly the
//! reports that were lost.

use itnio_mock::{MockConfig, PushConfig, PushFault};
use itnio_receiver::reconcile::{Reconciliation, Verdict, compare, reconcile};
use itnio_receiver::{Database, PostgresOptions, Receiver, ReceiverConfig, Totals};
use itnio_test_postgres::Postgres;
use itnio_tests::contract::{self, CheckedMock};
use itnio_tests::example_body;
use itnio_voice::*;
use std::time::Duration;

/// A receiver on `db`, served on a free port; its push URL.
async fn receive(db: &Database) -> String {
    let store = db.open(PostgresOptions::default()).await.unwrap();
    let app = Receiver::new(store, ReceiverConfig::default()).push_router("/push");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/push", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

async fn mock_pushing_to(url: &str, batch_size: usize) -> (CheckedMock, Client) {
    let push = PushConfig { batch_size, retry_delay: Duration::from_millis(20), ..PushConfig::to(url) };
    let mock = contract::start(MockConfig {
        finish_after_polls: Some(3),
        push: Some(push),
        ..MockConfig::default()
    })
    .await;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().timeout(Duration::from_secs(5)).build().unwrap();
    (mock, client)
}

/// Creates a debt-collection task of `callees` callees (the docs' example callee, renumbered).
async fn create(client: &Client, name: &str, callees: usize) -> i64 {
    let mut request = wire::AgentSendRequest::from_json(example_body().as_bytes()).unwrap();
    request.task_name = Some(name.to_owned());
    let first = request.number_info_list.as_ref().unwrap()[0].clone();
    request.number_info_list = Some(
        (0..callees)
            .map(|i| {
                let mut callee = first.clone();
                callee.callee_number = Some(format!("62812{i:07}"));
                callee
            })
            .collect(),
    );
    client.agent_send_wire(&request, Some(ScenarioKind::DebtCollection)).await.unwrap().get()
}

fn query() -> TaskQueryRequest {
    let params = TaskQueryParams::builder()
        .str_time(local_date_time!("2000-01-01 00:00:00"))
        .end_time(local_date_time!("2099-12-31 23:59:59"))
        .build();
    TaskQueryRequest::builder().current(page_number!(1)).size(page_size!(100)).params(params).build()
}

async fn reconciled(client: &Client, db: &Database, task: i64) -> Reconciliation {
    reconcile(client, &query(), db, Some(task)).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_report_pushed_is_received_once_and_the_task_reconciles_complete_on_both_stores() {
    let dir = std::env::temp_dir().join(format!("itnio-reconcile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pg = tokio::task::spawn_blocking(|| Postgres::start("reconcile")).await.unwrap().unwrap();
    for db in [Database::Sqlite(dir.join("reports.db")), Database::Postgres(pg.url())] {
        let url = receive(&db).await;
        let (mock, client) = mock_pushing_to(&url, 100).await;
        let task = create(&client, "Reconciled", 250).await;

        // A third called: still calling, whatever has arrived.
        let first = reconciled(&client, &db, task).await;
        mock.pushes_settled().await;
        assert_eq!(first.tasks[0].verdict, Verdict::StillCalling, "{db}");
        assert_eq!(first.tasks[0].called, 83);
        for _ in 0..2 {
            client.task_query(&query()).await.unwrap();
        }
        mock.pushes_settled().await;
        let done = reconciled(&client, &db, task).await;
        let t = &done.tasks[0];
        assert_eq!((t.verdict, t.called, t.received), (Verdict::Complete, 250, 250), "{db}: {t:?}");
        assert_eq!((t.succeeded, t.received_succeeded), (Some(225), 225), "every tenth call failed");
        assert!(!done.reports_missing());
        assert_eq!(db.totals().await.unwrap(), Totals { reports: 250, replaced: 0, kept_raw: 0 });

        // Shaped like the docs' push: every member read by its field, taskId the one addition.
        for stored in db.reports().await.unwrap() {
            let report = &parse_status_reports(stored.report.as_bytes()).unwrap()[0];
            assert!(report.unread.is_empty(), "{:?}", report.unread);
            assert_eq!(report.extra.keys().collect::<Vec<_>>(), ["taskId"], "{}", stored.report);
            assert!(matches!(report.intent, Some(ref i) if !i.is_unknown()), "{}", stored.report);
        }
        assert!(mock.pushed().iter().all(|b| b.delivered && b.attempts == 1));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_push_shows_as_missing_reports_and_repeated_or_reordered_pushes_change_nothing() {
    let dir = std::env::temp_dir().join(format!("itnio-reconcile-faults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = Database::Sqlite(dir.join("reports.db"));
    let url = receive(&db).await;
    let (mock, client) = mock_pushing_to(&url, 40).await;
    for fault in
        [PushFault::Repeat, PushFault::Reorder, PushFault::Delay(Duration::from_millis(300)), PushFault::Lose]
    {
        mock.inject_push(fault);
    }
    let task = create(&client, "Faulty", 250).await;
    for _ in 0..3 {
        client.task_query(&query()).await.unwrap();
    }
    mock.pushes_settled().await;
    let pushed = mock.pushed();
    let lost: Vec<_> = pushed.iter().filter(|b| !b.delivered).collect();
    assert_eq!(lost.len(), 1);
    assert_eq!(
        (lost[0].fault.clone(), lost[0].attempts, lost[0].voice_ids.len()),
        (Some(PushFault::Lose), 0, 40)
    );
    let repeated = pushed.iter().find(|b| b.fault == Some(PushFault::Repeat)).unwrap();
    assert_eq!(repeated.attempts, 2);

    let r = reconciled(&client, &db, task).await;
    assert_eq!(r.tasks[0].verdict, Verdict::ReportsMissing(40));
    assert!(r.reports_missing());
    assert_eq!(db.totals().await.unwrap(), Totals { reports: 210, replaced: 0, kept_raw: 0 });
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receiver_that_never_answers_gets_each_batch_three_times_then_it_is_given_up() {
    // A port that was free a moment ago: nothing listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (mock, client) = mock_pushing_to(&format!("http://127.0.0.1:{port}/push"), 100).await;
    create(&client, "Unheard", 30).await;
    for _ in 0..3 {
        client.task_query(&query()).await.unwrap();
    }
    mock.pushes_settled().await;
    let pushed = mock.pushed();
    assert!(!pushed.is_empty());
    assert!(pushed.iter().all(|b| !b.delivered && b.attempts == 3), "{pushed:?}");
}

/// The comparison alone: reports matched by taskId (number or digits), reports of other tasks
/// and without one counted apart, more reports than calls not a gap.
#[test]
fn reports_are_matched_by_task_id_and_the_rest_counted_apart() {
    let record = |id: i64, status: TaskStatus, called: i64| TaskRecord {
        task_id: TaskId::new(id).ok(),
        status: Some(Open::Known(status)),
        call_num: Some(called),
        ..TaskRecord::default()
    };
    let stored = |voice: &str, json: &str| itnio_receiver::StoredReport {
        voice_id: voice.to_owned(),
        report: json.to_owned(),
        versions: 1,
        first_received_ms: 0,
        last_received_ms: 0,
    };
    let tasks = [
        record(7, TaskStatus::Finished, 3),
        record(8, TaskStatus::Calling, 5),
        record(9, TaskStatus::Canceled, 1),
    ];
    let reports = [
        stored("a", r#"{"voiceId":"a","taskId":7,"terminationCode":"0"}"#),
        stored("b", r#"{"voiceId":"b","taskId":"7","terminationCode":"1"}"#),
        stored("c", r#"{"voiceId":"c","taskId":8}"#),
        stored("d", r#"{"voiceId":"d","taskId":9}"#),
        stored("e", r#"{"voiceId":"e","taskId":9}"#),
        stored("f", r#"{"voiceId":"f","taskId":12345}"#),
        stored("g", r#"{"voiceId":"g"}"#),
    ];
    let r = compare(&tasks, &reports, None);
    let verdicts: Vec<(i64, u64, Verdict)> =
        r.tasks.iter().map(|t| (t.task_id, t.received, t.verdict)).collect();
    assert_eq!(
        verdicts,
        [(7, 2, Verdict::ReportsMissing(1)), (8, 1, Verdict::StillCalling), (9, 2, Verdict::Complete)]
    );
    assert_eq!(r.tasks[0].received_succeeded, 1);
    assert_eq!((r.other_tasks, r.without_task), (1, 1));
    let only = compare(&tasks, &reports, Some(9));
    assert_eq!((only.tasks.len(), only.other_tasks, only.reports_missing()), (1, 0, false));
}
