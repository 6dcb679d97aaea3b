//! The live page's data over real HTTP on 127.0.0.1, from a real SQLite file: a long poll
//! answers as soon as a push is stored, a later version of a report replaces its row in the
//! sums, and whatever a push carries is shown as text, never as markup. (The page in a real
//! browser is tested in `cli/tests/it/dashboard.rs`.)

use itnio_receiver::dashboard::{Dashboard, DashboardOptions};
use itnio_receiver::{Database, Push, SqliteStore, Store};
use std::time::{Duration, Instant};

async fn serve(dashboard: &Dashboard) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = dashboard.router();
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_poll_answers_when_a_push_is_stored_and_markup_in_a_push_stays_text() {
    let dir = std::env::temp_dir().join(format!("itnio-receiver-dashboard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reports.db");
    let store = SqliteStore::open(&path).unwrap();
    let push = |body: &str| Push::read(body.to_owned().into(), itnio_voice::client::now_epoch_millis());
    store
        .store(push(
            r#"[{"voiceId": "v-1", "taskId": 7, "intent": "205", "terminationCode": "0", "cost": "0.10"}]"#,
        ))
        .await
        .unwrap();

    let options = DashboardOptions { refresh: Duration::from_millis(100), ..DashboardOptions::default() };
    let dashboard = Dashboard::start(Database::Sqlite(path.clone()), options).await.unwrap();
    let base = serve(&dashboard).await;
    let client = reqwest::Client::new();
    let first = client.get(format!("{base}/live")).send().await.unwrap().text().await.unwrap();
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    let seen = first["v"].as_u64().unwrap();
    assert!(first["html"].as_str().unwrap().contains("<b id=\"total-received\">1</b>"));

    // A poll of the current version waits; a push makes it answer with the new one.
    let poll = tokio::spawn({
        let url = format!("{base}/live?v={seen}");
        async move {
            let started = Instant::now();
            let answer = reqwest::get(url).await.unwrap().text().await.unwrap();
            let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
            (answer, started.elapsed())
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!poll.is_finished(), "the poll answered before anything changed");
    // A later version of v-1 (its cost now 0.25), and a report whose text is markup.
    let hostile = r#"[{"voiceId": "v-1", "taskId": 7, "intent": "205", "terminationCode": "0", "cost": "0.25"},
        {"voiceId": "<img src=x onerror=alert(1)>", "taskId": 7, "intent": "<script>", "callee": "<b>6281234567890</b>", "cost": "1,000"}]"#;
    store.store(push(hostile)).await.unwrap();
    let (answer, waited) = poll.await.unwrap();
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_ne!(answer["v"].as_u64().unwrap(), seen);
    let html = answer["html"].as_str().unwrap();
    assert!(html.contains("<b id=\"total-received\">2</b>"), "{html}");
    assert!(
        html.contains("<td class=\"n cost\">0.25</td>"),
        "the later version replaced the earlier: {html}"
    );
    assert!(html.contains("Amounts not summed"), "{html}");

    let task = client.get(format!("{base}/task/7")).send().await.unwrap().text().await.unwrap();
    assert!(!task.contains("<img") && !task.contains("<script>alert") && !task.contains("<b>6281"), "{task}");
    assert!(task.contains("&lt;img src=x onerror=alert(1)&gt;"), "{task}");
    assert!(!task.contains("6281234567890"), "the number is masked");
    assert_eq!(client.get(format!("{base}/task/8")).send().await.unwrap().status(), 404);
    assert_eq!(client.get(format!("{base}/task/x")).send().await.unwrap().status(), 404);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_page_over_a_database_that_is_not_there_is_refused() {
    let missing =
        std::env::temp_dir().join(format!("itnio-receiver-dashboard-missing-{}.db", std::process::id()));
    let e =
        Dashboard::start(Database::Sqlite(missing.clone()), DashboardOptions::default()).await.unwrap_err();
    assert_eq!(e.to_string(), "no such file");
    assert!(!missing.exists());
}
