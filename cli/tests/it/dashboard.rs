//! The live campaign page in a real browser (Debian's headless Chromium over WebDriver): served
//! by `itnio receive --dashboard` over a real SQLite file and a real PostgreSQL server, it shows
//! reports as they are pushed, without a reload; callee numbers are masked; off loopback it
//! wants its token.

use crate::common::itnio;
use itnio_mock::{MOCK_API_KEY, MOCK_API_SECRET, MockConfig, MockServer};
use itnio_test_browser::Browser;
use itnio_voice::ScenarioKind;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

/// `itnio receive` with the page; the child, its push URL and the page's address.
struct Running {
    child: Child,
    push: String,
    page: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn receive(db: &str, dashboard: &[&str], mock: Option<&MockServer>) -> Running {
    let mut command = itnio();
    command
        .args(["receive", "--listen", "127.0.0.1:0", "--path", "/hooks/x7f3", "--db", db])
        .args(dashboard)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(mock) = mock {
        command
            .env("ITNIO_API_KEY", MOCK_API_KEY)
            .env("ITNIO_API_SECRET", MOCK_API_SECRET)
            .env("ITNIO_BASE_URL", mock.base_url());
    }
    let mut child = command.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().and_then(Result::ok).unwrap_or_default();
    let (push, _ops, page) = (next(), next(), next());
    assert!(page.starts_with("http://"), "no page address: {page:?}");
    Running { child, push, page }
}

fn report(voice: &str, task: i64, intent: &str, code: &str, callee: &str) -> serde_json::Value {
    serde_json::json!({"voiceId": voice, "taskId": task, "intent": intent, "terminationCode": code, "callee": callee,
        "aiAgentChargedDuration": 90, "cost": "0.0120", "aiAgentQuoteFee": "0.0300"})
}

/// A screenshot of the page, kept under target/ (CI keeps it as an artifact).
fn screenshot_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots").join(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_shows_reports_as_they_arrive_without_a_reload_in_a_real_browser() {
    let dir = std::env::temp_dir().join(format!("itnio-cli-dashboard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pg = tokio::task::spawn_blocking(|| itnio_test_postgres::Postgres::start("cli-dashboard"))
        .await
        .unwrap()
        .unwrap();
    // A task of three callees that the task list shows called; the page reads the list.
    let mock = MockServer::start_with(MockConfig { finish_after_polls: Some(1), ..MockConfig::default() })
        .await
        .unwrap();
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let mut request = itnio_tests::example_as_sent();
    let first = request["numberInfoList"][0].clone();
    request["numberInfoList"] = (0..3)
        .map(|i| {
            let mut callee = first.clone();
            callee["calleeNumber"] = format!("628123456789{i}").into();
            callee
        })
        .collect();
    let wire =
        itnio_voice::wire::AgentSendRequest::from_json(&serde_json::to_vec(&request).unwrap()).unwrap();
    let task = mock.client().build().unwrap().agent_send_wire(&wire, None).await.unwrap().get();

    let browser = Browser::start("dashboard", 1100, 1400).await.unwrap_or_else(|e| panic!("{e}"));
    let client = reqwest::Client::new();
    for (db, name) in [(dir.join("reports.db").display().to_string(), "sqlite"), (pg.url(), "postgres")] {
        let r = receive(&db, &["--dashboard", "0"], Some(&mock));
        browser.open(&r.page).await.unwrap();
        let section = format!("#task-{task}");
        browser
            .wait_for_text(&format!("{section} .verdict"), Duration::from_secs(10), |t| {
                t == "3 reports missing"
            })
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(browser.text("#total-received").await.unwrap().as_deref(), Some("0"));
        browser.run("window.__samePage = 'yes'; return null;").await.unwrap();

        let batch = serde_json::json!([
            report("v-1", task, "205", "0", "6281234567890"),
            report("v-2", task, "205", "0", "6281234567891"),
            report("v-3", task, "99999", "1", "6281234567892"),
        ]);
        assert_eq!(client.post(&r.push).json(&batch).send().await.unwrap().status(), 200);

        // The numbers change in place: the page was not loaded again.
        browser.wait_for_text("#total-received", Duration::from_secs(10), |t| t == "3").await.unwrap();
        assert_eq!(
            browser.text(&format!("{section} .verdict")).await.unwrap().as_deref(),
            Some("complete"),
            "{name}"
        );
        assert_eq!(browser.text(&format!("{section} .succeeded")).await.unwrap().as_deref(), Some("2"));
        assert_eq!(browser.text(&format!("{section} .cost")).await.unwrap().as_deref(), Some("0.0360"));
        assert_eq!(
            browser.run("return window.__samePage;").await.unwrap(),
            "yes",
            "{name}: the page was reloaded"
        );
        let bars = browser
            .run(&format!(
                "return Array.from(document.querySelectorAll('{section} svg.intents rect')).map(function(r){{return r.dataset.intent+':'+r.getAttribute('width')}});"
            ))
            .await
            .unwrap();
        assert_eq!(bars, serde_json::json!(["205:150.0", "99999:75.0"]), "{name}");
        let intents = browser.text(&format!("#intents-{task} tbody")).await.unwrap().unwrap_or_default();
        assert!(
            intents.contains("Promise to pay: On time2") && intents.contains("Called but not connected1"),
            "{intents}"
        );
        let arrived =
            browser.run("return document.querySelectorAll('svg.arrivals rect').length;").await.unwrap();
        assert_eq!(arrived, 1, "one minute with arrivals");

        // Light: the page and all it loads (its style and script, nothing else); and its
        // policy lets it load nothing from elsewhere, nothing inline.
        let answer = client.get(&r.page).send().await.unwrap();
        let policy = answer.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(policy.starts_with("default-src 'none'; style-src 'self'; script-src 'self'"), "{policy}");
        let page = answer.text().await.unwrap();
        assert!(
            !page.contains("src=\"http") && !page.contains("href=\"http"),
            "nothing is loaded from elsewhere"
        );
        let mut weight = page.len();
        for asset in ["app.css", "app.js"] {
            weight +=
                client.get(format!("{}{asset}", r.page)).send().await.unwrap().bytes().await.unwrap().len();
        }
        assert!(weight < 16 * 1024, "the page and its assets are {weight} bytes");
        if name == "sqlite" {
            browser.screenshot(&screenshot_path("dashboard.png")).await.unwrap();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn numbers_are_masked_and_a_page_off_loopback_refuses_a_request_without_its_token() {
    let dir = std::env::temp_dir().join(format!("itnio-cli-dashboard-token-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("reports.db").display().to_string();
    // On every address: a token is made, printed once, and required.
    let r = receive(&db, &["--dashboard", "0.0.0.0:0"], None);
    let (base, token) = r.page.split_once("/?token=").unwrap();
    assert_eq!(token.len(), 32, "128 random bits, hex: {token}");
    let base = base.replace("0.0.0.0", "127.0.0.1");
    let batch = serde_json::json!([report("v-1", 7, "205", "0", "6281234567890")]);
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    assert_eq!(client.post(&r.push).json(&batch).send().await.unwrap().status(), 200);
    for refused in [
        format!("{base}/"),
        format!("{base}/task/7"),
        format!("{base}/live"),
        format!("{base}/?token={}{}", if token.starts_with('0') { '1' } else { '0' }, &token[1..]),
    ] {
        let answer = client.get(&refused).send().await.unwrap();
        assert_eq!(answer.status(), 401, "{refused}");
        assert!(!answer.text().await.unwrap().contains("6281"), "{refused}");
    }
    // The page reads the database every second: the task appears within a few.
    let mut bearer = 0;
    for _ in 0..50 {
        bearer =
            client.get(format!("{base}/task/7")).bearer_auth(token).send().await.unwrap().status().as_u16();
        if bearer != 404 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(bearer, 200);
    let with_query = client.get(format!("{base}/task/7?token={token}")).send().await.unwrap();
    assert_eq!(with_query.status(), 303, "the token leaves the address");
    assert!(with_query.headers()["set-cookie"].to_str().unwrap().contains("HttpOnly"));

    // In the browser: the address printed opens the page (the token becomes a cookie), and the
    // task's reports show the callee masked.
    // At a phone's width, in dark mode.
    let browser = Browser::start("dashboard-token", 600, 900).await.unwrap_or_else(|e| panic!("{e}"));
    browser.emulate_phone(390, 844).await.unwrap();
    browser.prefer_dark().await.unwrap();
    browser.open(&format!("{base}/?token={token}")).await.unwrap();
    browser.wait_for_text("#total-received", Duration::from_secs(10), |t| t == "1").await.unwrap();
    let overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth;";
    assert_eq!(browser.run(overflow).await.unwrap(), 0, "the page is wider than a phone");
    assert_eq!(browser.run("return window.innerWidth;").await.unwrap(), 390);
    let background = browser.run("return getComputedStyle(document.body).backgroundColor;").await.unwrap();
    assert_eq!(background, "rgb(13, 17, 23)", "not dark");
    browser.screenshot(&screenshot_path("dashboard-phone-dark.png")).await.unwrap();
    browser.open(&format!("{base}/task/7")).await.unwrap();
    assert_eq!(browser.text("td.callee").await.unwrap().as_deref(), Some("6281****7890"));
    let html = browser.run("return document.documentElement.outerHTML;").await.unwrap();
    assert!(!html.as_str().unwrap().contains("6281234567890"), "the full number is in the page");
    // The reports table scrolls inside its box; the page itself does not.
    assert_eq!(browser.run(overflow).await.unwrap(), 0, "the task page is wider than a phone");
    browser.screenshot(&screenshot_path("dashboard-task.png")).await.unwrap();
    drop(r);

    // --show-numbers, on loopback: no token, numbers in full.
    let r = receive(&db, &["--dashboard", "0", "--show-numbers"], None);
    // Read at start: the task is there at once.
    let page = client.get(format!("{}task/7", r.page)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<td class=\"callee\">6281234567890</td>"), "{page}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `itnio reports serve`: the page over a database alone, which must exist.
#[tokio::test(flavor = "multi_thread")]
async fn reports_serve_shows_a_database_without_receiving() {
    let dir = std::env::temp_dir().join(format!("itnio-cli-reports-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("reports.db");
    let store = itnio_receiver::SqliteStore::open(&db).unwrap();
    let push = r#"[{"voiceId": "v-1", "taskId": 7, "intent": "205", "terminationCode": "0", "callee": "6281234567890"}]"#;
    itnio_receiver::Store::store(&store, itnio_receiver::Push::read(push.into(), 0)).await.unwrap();
    drop(store);

    let mut child = itnio()
        .args(["reports", "serve", "--listen", "0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let page = reqwest::get(line.trim()).await.unwrap().text().await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.contains("<b id=\"total-received\">1</b>"), "{page}");
    assert!(page.contains("<a href=\"/task/7\">Task 7</a>"), "{page}");

    let out = itnio()
        .args(["reports", "serve", "--listen", "0", "--db"])
        .arg(dir.join("missing.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("missing.db: no such file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = itnio().args(["reports", "serve", "--listen", "nowhere", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
