//! The API secret appears nowhere: not in Debug of any public type that holds it, not in error
//! text, not in logs at trace level, along success, API errors, retries and transport failures.

use itnio_mock::{Fault, MockConfig};
use itnio_tests::example_body;
use itnio_voice::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "S3CRET-ZEBRA-7731";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_secret_never_shows() {
    let logs = Capture::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let config = MockConfig { api_secret: ApiSecret::new(SECRET), ..MockConfig::default() };
    let mock = itnio_tests::contract::start(config).await;
    let client = mock
        .client()
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(5), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let mut shown = String::new();
    shown.push_str(&format!("{client:?} {mock:?} {:?}", Credentials::new("k", SECRET)));
    shown.push_str(&format!("{:?}", ApiSecret::new(SECRET)));

    let mut request = wire::AgentSendRequest::from_json(example_body().as_bytes()).unwrap();
    let mut outcomes = Vec::new();
    outcomes.push(client.agent_send_wire(&request, None).await.map(|_| ()));
    outcomes.push(client.agent_send_wire(&request, None).await.map(|_| ())); // -41
    for (i, fault) in [
        Fault::Answer(-16, "expired".into()),
        Fault::DropAfterBody,
        Fault::DropBeforeBody,
        Fault::BadGateway,
        Fault::Delay(Duration::from_millis(400)),
    ]
    .into_iter()
    .enumerate()
    {
        mock.inject(fault.clone());
        if matches!(fault, Fault::Delay(_)) {
            for _ in 0..2 {
                mock.inject(fault.clone());
            }
        }
        request.task_name = Some(format!("secret path {i}"));
        outcomes.push(client.agent_send_wire(&request, None).await.map(|_| ()));
    }
    request.max_calls = Some(0);
    outcomes.push(client.agent_send_wire(&request, None).await.map(|_| ())); // invalid
    let wrong = Client::builder("k", SECRET).base_url(mock.base_url()).build().unwrap();
    outcomes.push(wrong.agent_send_wire(&request, None).await.map(|_| ()));
    let refused = Client::builder("k", SECRET).base_url("http://127.0.0.1:9").build().unwrap();
    outcomes.push(refused.agent_send_wire(&request, None).await.map(|_| ()));

    // Every other fault, and every lifecycle endpoint, successes and failures.
    for (i, fault) in [
        Fault::MalformedJson,
        Fault::EmptyBody,
        Fault::HugeBody(1 << 20),
        Fault::NumericCode,
        Fault::StatusReason,
    ]
    .into_iter()
    .enumerate()
    {
        mock.inject(fault);
        request.max_calls = None;
        request.task_name = Some(format!("secret fault {i}"));
        outcomes.push(client.agent_send_wire(&request, None).await.map(|_| ()));
    }
    let query = TaskQueryRequest::builder()
        .current(page_number!(1))
        .size(page_size!(10))
        .params(
            TaskQueryParams::builder()
                .str_time(local_date_time!("2000-01-01 00:00:00"))
                .end_time(local_date_time!("2099-01-01 00:00:00"))
                .build(),
        )
        .build();
    let page = client.task_query(&query).await;
    shown.push_str(&format!("{page:?}"));
    let first = page.ok().and_then(|p| p.records).and_then(|r| r.into_iter().next()).and_then(|r| r.task_id);
    let cancel = TaskCancelRequest::builder()
        .task_id_list(
            NonEmpty::try_from(first.into_iter().chain([task_id!(424242)]).collect::<Vec<_>>()).unwrap(),
        )
        .build();
    outcomes.push(client.task_cancel(&cancel).await);
    shown.push_str(&format!("{:?}", client.get_balance().await));
    shown.push_str(&format!("{:?}", wrong.get_balance().await));
    shown.push_str(&format!(
        "{:?}",
        client
            .recall_query_detail(&RecallQueryDetailRequest::builder().key_id(recall_flow_id!(77)).build())
            .await
    ));
    let config = MockConfig { api_secret: ApiSecret::new(SECRET), ..MockConfig::default() };
    let builder = Client::builder("k", SECRET);
    shown.push_str(&format!("{config:?} {builder:?} {:?} {:?}", mock.api_secret(), RetryPolicy::default()));

    for o in &outcomes {
        shown.push_str(&format!("{o:?}\n"));
        if let Err(e) = o {
            shown.push_str(&format!("{e}\n"));
        }
    }
    assert!(outcomes.iter().filter(|o| o.is_err()).count() >= 6, "{outcomes:?}");
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("itnio.call"), "spans are logged: {logs}");
    assert!(logs.contains("attempt="), "{logs}");
    assert!(!shown.contains(SECRET), "the secret leaked into Debug or Display:\n{shown}");
    assert!(!logs.contains(SECRET), "the secret leaked into the logs");
}
