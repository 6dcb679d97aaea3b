//! The whole loop a campaign runs, without credentials: send a task, receive the status report
//! of every call into a database, summarize them, and reconcile them with what ITNIO says it
//! called. The mock pushes the reports as its task progresses and, on request here, loses one
//! push, as ITNIO does when a receiver is down for longer than its retries: reconcile finds it.
//!
//! Run with `cargo run --example report_loop`. The same from the command line:
//!
//! ```sh
//! itnio receive --listen 127.0.0.1:8080 --db reports.db --path /hooks/x7f3 &
//! itnio mock --port 9000 --finish-after-polls 3 --push-to http://127.0.0.1:8080/hooks/x7f3 &
//! export ITNIO_BASE_URL=http://127.0.0.1:9000 ITNIO_API_KEY=mock-api-key ITNIO_API_SECRET=mock-api-secret
//! itnio send --scenario debt-collection request.json     # prints the task ID
//! itnio tasks wait TASK_ID
//! itnio reports summary --db reports.db
//! itnio reports reconcile --db reports.db                 # exit 1 when reports are missing
//! ```

use itnio_mock::{MockConfig, MockServer, PushConfig, PushFault};
use itnio_receiver::reconcile::reconcile;
use itnio_receiver::{Database, PostgresOptions, Receiver, ReceiverConfig};
use itnio_voice::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The receiver: pushes into a SQLite file (a `postgres://` URL works the same).
    let dir = std::env::temp_dir().join(format!("itnio-report-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Database::Sqlite(dir.join("reports.db"));
    let receiver = Receiver::new(db.open(PostgresOptions::default()).await?, ReceiverConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let push_url = format!("http://{}/hooks/x7f3", listener.local_addr()?);
    let app = receiver.push_router("/hooks/x7f3");
    tokio::spawn(async move { axum::serve(listener, app).await });

    // The mock ITNIO: a task finishes after the task list has shown it three times, and each
    // call's report is pushed to the receiver as it is made; the third push is lost.
    let config = MockConfig {
        finish_after_polls: Some(3),
        push: Some(PushConfig { batch_size: 50, ..PushConfig::to(&push_url) }),
        ..MockConfig::default()
    };
    let mock = MockServer::start_with(config).await?;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    mock.inject_push(PushFault::Repeat);
    mock.inject_push(PushFault::Reorder);
    mock.inject_push(PushFault::Lose);
    let client = mock.client().build()?;

    // Send: 300 debtors.
    let callees: Vec<DebtCollectionCallee> = (0..300)
        .map(|i| {
            DebtCollectionCallee::builder()
                .callee_number(CalleeNumber::new(format!("62812{i:07}")).expect("12 digits"))
                .call_information(
                    DebtCollectionCallInformation::builder()
                        .name(format!("Debtor {i}"))
                        .borrow_total_money("5000")
                        .due_date("2026-02-02")
                        .build(),
                )
                .build()
        })
        .collect();
    let request = AgentSendRequest::<DebtCollection>::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("December reminders"))
        .agent_id(agent_id!(41))
        .number_info_list(NonEmpty::try_from(callees)?)
        .build();
    let task_id = client.agent_send(&request).await?;
    println!("sent task {task_id}; reports go to {push_url}");

    // Wait: poll the task list until the task ends (`itnio tasks wait` does this with backoff).
    let params = TaskQueryParams::builder()
        .str_time(local_date_time!("2000-01-01 00:00:00"))
        .end_time(local_date_time!("2099-12-31 23:59:59"))
        .build();
    let query =
        TaskQueryRequest::builder().current(page_number!(1)).size(page_size!(100)).params(params).build();
    loop {
        let tasks = client.task_query_all_pages(&query).await?;
        let task = tasks.iter().find(|t| t.task_id == Some(task_id)).ok_or("the task is not listed")?;
        println!("task {task_id}: {} of {} called", task.call_num.unwrap_or(0), task.num_cnt.unwrap_or(0));
        if task.status.as_ref().and_then(Open::known).is_some_and(TaskStatus::is_final) {
            break;
        }
    }
    mock.pushes_settled().await;

    // Summary: what the receiver stored.
    let totals = db.totals().await?;
    let mut intents = std::collections::BTreeMap::<String, u64>::new();
    for stored in db.reports().await? {
        for report in parse_status_reports(stored.report.as_bytes())? {
            let intent = report
                .intent
                .map_or_else(|| "-".to_owned(), |i| format!("{} {}", i.code(), i.name().unwrap_or("")));
            *intents.entry(intent).or_default() += 1;
        }
    }
    println!("received {} reports, one per call (a push delivered twice is stored once)", totals.reports);
    for (intent, n) in &intents {
        println!("  {n:>4}  {intent}");
    }

    // Reconcile: called vs received, per task.
    let result = reconcile(&client, &query, &db, Some(task_id.get())).await?;
    for t in &result.tasks {
        println!("task {}: called {}, received {}: {}", t.task_id, t.called, t.received, t.verdict);
    }
    if result.reports_missing() {
        println!(
            "a push was lost: `itnio reports reconcile` exits 1 here, so a cron job notices the same day"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
