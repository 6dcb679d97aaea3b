//! Serving the live campaign page (`itnio receive --dashboard`, `itnio reports serve`): where it
//! listens (127.0.0.1 unless told otherwise), and the token it then requires.

use itnio_receiver::Database;
use itnio_receiver::dashboard::{Dashboard, DashboardOptions};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// `PORT` (on 127.0.0.1) or `ADDRESS:PORT`.
pub fn parse_address(text: &str) -> Result<SocketAddr, String> {
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    text.parse().map_err(|_| format!("`{text}` is neither a port nor ADDRESS:PORT"))
}

/// The token the page requires: the one given, else on an address other than loopback a new
/// one (128 random bits, hex), else none.
pub fn token_for(address: SocketAddr, given: Option<String>) -> Result<Option<String>, String> {
    if given.is_some() || address.ip().is_loopback() {
        return Ok(given);
    }
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("cannot make a token: {e}"))?;
    Ok(Some(bytes.iter().map(|b| format!("{b:02x}")).collect()))
}

/// Binds `address`, starts the page over `db`, and returns the task serving it and the address
/// to open (with the token, when there is one: it is printed only then).
pub async fn serve(
    address: SocketAddr,
    db: Database,
    options: DashboardOptions,
) -> Result<(tokio::task::JoinHandle<std::io::Result<()>>, String), String> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let dashboard =
        Dashboard::start(db.clone(), options.clone()).await.map_err(|e| format!("{db}: {e:#}"))?;
    let shown = match &options.token {
        Some(token) => format!("http://{bound}/?token={token}"),
        None => format!("http://{bound}/"),
    };
    let app = dashboard.router();
    let task = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((task, shown))
}

/// A client for the task list when credentials are in the environment (the page then shows
/// called counts and reconcile verdicts); none otherwise.
pub fn task_list_client() -> Option<itnio_voice::Client> {
    let (key, secret) = (std::env::var("ITNIO_API_KEY").ok()?, std::env::var("ITNIO_API_SECRET").ok()?);
    let mut builder = itnio_voice::Client::builder(key, secret);
    if let Ok(url) = std::env::var("ITNIO_BASE_URL") {
        builder = builder.base_url(url);
    }
    builder.build().ok()
}
