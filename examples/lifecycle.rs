//! After creation: follow a task until it finishes, adjust and cancel its auto-recall, check
//! the balance, and read a status-report push as a web handler would. Every call is generated
//! from the spec; this runs against the embedded mock server.
//!
//! Run with `cargo run --example lifecycle`.

use itnio_mock::{MockConfig, MockServer};
use itnio_voice::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The mock finishes a task after the list has shown it three times.
    let mock =
        MockServer::start_with(MockConfig { finish_after_polls: Some(3), ..MockConfig::default() }).await?;
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build()?;

    // Create a task with a recall flow (one round, on failed calls).
    let callee = DebtCollectionCallee::builder()
        .callee_number(callee_number!("463200000007"))
        .call_information(
            DebtCollectionCallInformation::builder()
                .name("Name")
                .borrow_total_money("5000")
                .due_date("2026-02-02")
                .build(),
        )
        .build();
    let request = AgentSendRequest::<DebtCollection>::builder()
        .app_id(app_id!("2Xql9RBI"))
        .task_name(task_name!("Lifecycle example"))
        .agent_id(agent_id!(41))
        .number_info_list([callee])
        .recall_flow(
            RecallFlow::<DebtCollection>::builder()
                .recall_mode(RecallMode::ResendFailed)
                .recall_interval(recall_interval_minutes!(60))
                .recall_num(recall_count!(1))
                .build(),
        )
        .build();
    let task_id = client.agent_send(&request).await?;
    println!("created task {task_id}");

    // Its auto-recall process is pending: make it wait two hours instead, then cancel it.
    let range = || {
        RecallQueryParams::builder()
            .str_time(local_date_time!("2000-01-01 00:00:00"))
            .end_time(local_date_time!("2099-12-31 23:59:59"))
            .build()
    };
    let flows = client
        .recall_query_page_all_pages(
            &RecallQueryPageRequest::builder()
                .current(page_number!(1))
                .size(page_size!(100))
                .params(range())
                .build(),
        )
        .await?;
    let key =
        flows.iter().find(|f| f.task_id == Some(task_id)).and_then(|f| f.key_id).ok_or("no recall flow")?;
    client
        .recall_update(
            &RecallUpdateRequest::<DebtCollection>::builder()
                .key_id(key)
                .recall_interval(recall_interval_minutes!(120))
                .recall_num(recall_count!(1))
                .recall_update_mode(RecallUpdateMode::ResendFailed)
                .build(),
        )
        .await?;
    let detail = client.recall_query_detail(&RecallQueryDetailRequest::builder().key_id(key).build()).await?;
    println!(
        "recall flow {key}: every {} minutes, {}",
        detail.recall_interval.unwrap_or_default(),
        show(&detail.status)
    );
    let target = RecallCancelTarget::new(task_id.get())?;
    client
        .recall_cancel(
            &RecallCancelRequest::builder().r#type(RecallCancelType::ParentTask).id(target).build(),
        )
        .await?;
    println!("recall flow {key} cancelled");

    // Follow the task until it ends.
    let query = TaskQueryRequest::builder()
        .current(page_number!(1))
        .size(page_size!(100))
        .params(
            TaskQueryParams::builder()
                .str_time(local_date_time!("2000-01-01 00:00:00"))
                .end_time(local_date_time!("2099-12-31 23:59:59"))
                .build(),
        )
        .build();
    loop {
        let tasks = client.task_query_all_pages(&query).await?;
        let task = tasks.iter().find(|t| t.task_id == Some(task_id)).ok_or("task not listed")?;
        println!(
            "task {task_id}: {}, {}/{} called",
            show(&task.status),
            task.call_num.unwrap_or_default(),
            task.num_cnt.unwrap_or_default()
        );
        if task.status.as_ref().and_then(Open::known).is_some_and(TaskStatus::is_final) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let balance = client.get_balance().await?;
    println!("balance {}", balance.balance.as_ref().map_or("?", Amount::as_str));

    // What your webhook receives: parse it, map intents, keep what the docs do not list.
    let body = br#"[{"voiceId":"v-1","callee":"463200000007","terminationCode":"0","intent":"205",
        "answerTime":"20260202101500","newField":1}]"#;
    for report in parse_status_reports(body)? {
        let intent = report
            .intent
            .as_ref()
            .map_or("-".to_owned(), |i| format!("{} {}", i.code(), i.name().unwrap_or("?")));
        println!(
            "report {}: intent {intent}, answered {}, extra {:?}",
            report.voice_id.as_deref().unwrap_or("?"),
            report.answer_time.as_ref().map_or("-".to_owned(), ToString::to_string),
            report.extra.keys().collect::<Vec<_>>()
        );
    }
    Ok(())
}

fn show<E: WireEnum>(value: &Option<Open<E>>) -> String {
    value.as_ref().map_or_else(
        || "unknown".to_owned(),
        |v| match v.known() {
            Some(e) => format!("{e:?}"),
            None => format!("undocumented state {}", v.code()),
        },
    )
}
