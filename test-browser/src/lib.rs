//! A real browser for tests: Debian's Chromium, headless, driven over the W3C WebDriver protocol
//! by its ChromeDriver on a free port of 127.0.0.1. The few commands the tests need (open a
//! page, run a script, take a screenshot) are plain JSON over HTTP, so no WebDriver crate is
//! needed. The binaries come from the OS (`chromium`, `chromium-driver`), installed by
//! `scripts/provision.sh` (`cargo xtask test` runs it first).

use base64::Engine as _;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A headless Chromium session; the browser and its driver stop when it is dropped.
#[derive(Debug)]
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    profile: PathBuf,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session of `width`×`height` pixels.
    ///
    /// # Errors
    /// When the binaries are missing (the message says how to install them), or either does
    /// not start.
    pub async fn start(name: &str, width: u32, height: u32) -> Result<Browser, String> {
        for binary in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(binary).exists() {
                return Err(format!(
                    "{binary} is missing: run the tests with `cargo xtask test`, which installs Debian's \
                     chromium and chromium-driver through scripts/provision.sh"
                ));
            }
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        let profile = std::env::temp_dir().join(format!("itnio-browser-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            http: reqwest::Client::new(),
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser.http.get(format!("{}/status", browser.base)).send().await.is_err() {
            if Instant::now() > deadline {
                return Err("ChromeDriver did not start within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The flags keep a headless browser from reaching any network: no update, sync or
        // background requests (the test machine has none).
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", browser.profile.display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}});
        let answer = browser.command(reqwest::Method::POST, "/session", Some(capabilities)).await?;
        browser.session =
            answer["sessionId"].as_str().ok_or_else(|| format!("no session: {answer}"))?.to_owned();
        Ok(browser)
    }

    async fn command(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.map_err(|e| format!("WebDriver {path}: {e}"))?;
        let status = answer.status();
        let value: Value = answer.json().await.map_err(|e| format!("WebDriver {path}: {e}"))?;
        if !status.is_success() {
            return Err(format!("WebDriver {path}: {status}: {}", value["value"]));
        }
        Ok(value["value"].clone())
    }

    fn at(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    /// Opens `url` and waits for it to load.
    pub async fn open(&self, url: &str) -> Result<(), String> {
        self.command(reqwest::Method::POST, &self.at("/url"), Some(json!({"url": url}))).await.map(drop)
    }

    /// Runs `script` (a function body; `return` gives its value) in the page.
    pub async fn run(&self, script: &str) -> Result<Value, String> {
        self.command(
            reqwest::Method::POST,
            &self.at("/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// The text of the first element `selector` matches, or none.
    pub async fn text(&self, selector: &str) -> Result<Option<String>, String> {
        let script = format!(
            "var e=document.querySelector({});return e?e.textContent:null;",
            Value::String(selector.to_owned())
        );
        Ok(self.run(&script).await?.as_str().map(str::to_owned))
    }

    /// Waits until `check` holds of the text `selector` shows, or `within` has passed; gives
    /// the last text seen.
    pub async fn wait_for_text(
        &self,
        selector: &str,
        within: Duration,
        check: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let deadline = Instant::now() + within;
        loop {
            let text = self.text(selector).await?.unwrap_or_default();
            if check(&text) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("`{selector}` still shows {text:?} after {within:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Makes the page see `prefers-color-scheme: dark` (Chrome DevTools' media emulation,
    /// through ChromeDriver), as a system in dark mode would.
    pub async fn prefer_dark(&self) -> Result<(), String> {
        let params = json!({"cmd": "Emulation.setEmulatedMedia",
            "params": {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}});
        self.command(reqwest::Method::POST, &self.at("/goog/cdp/execute"), Some(params)).await.map(drop)
    }

    /// Makes the page see a phone's screen, `width`×`height` CSS pixels (a window cannot be
    /// made narrower than 500 pixels).
    pub async fn emulate_phone(&self, width: u32, height: u32) -> Result<(), String> {
        let params = json!({"cmd": "Emulation.setDeviceMetricsOverride",
            "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": true}});
        self.command(reqwest::Method::POST, &self.at("/goog/cdp/execute"), Some(params)).await.map(drop)
    }

    /// A PNG of the window, written to `path`.
    pub async fn screenshot(&self, path: &Path) -> Result<(), String> {
        let value = self.command(reqwest::Method::GET, &self.at("/screenshot"), None).await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap_or_default())
            .map_err(|e| format!("the screenshot is not base64: {e}"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The session's browser is the driver's child: the session is ended first (so the
        // browser exits), over a plain blocking connection, since drop cannot await.
        use std::io::Write;
        let address = self.base.trim_start_matches("http://").to_owned();
        if let Ok(mut stream) = std::net::TcpStream::connect(&address) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                self.session
            );
            if stream.write_all(request.as_bytes()).is_ok() {
                // ChromeDriver keeps the connection open despite `Connection: close`: read
                // the one answer (its headers, then `Content-Length` bytes), not to the end,
                // which would wait out the read timeout.
                let _ = read_one_answer(&mut stream);
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Reads one HTTP/1.1 answer from `stream`: its headers, then as many bytes as its
/// `Content-Length` says.
fn read_one_answer(stream: &mut impl std::io::Read) -> std::io::Result<()> {
    use std::io::Read;
    let mut seen = Vec::new();
    let mut byte = [0; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Ok(());
        }
        seen.push(byte[0]);
    }
    let headers = String::from_utf8_lossy(&seen);
    let length = headers
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<u64>().ok())
        .unwrap_or(0);
    std::io::copy(&mut stream.take(length), &mut std::io::sink()).map(drop)
}
