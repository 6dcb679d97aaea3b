//! A real PostgreSQL server for tests: `initdb` in a temporary directory, `postgres` on a free
//! port of 127.0.0.1, stopped and removed when the [`Postgres`] is dropped. Never a mock.
//!
//! The server's binaries come from the OS (Debian's `postgresql` package, which
//! `scripts/provision.sh` installs and `cargo xtask test` runs first). PostgreSQL refuses to run
//! as root, so under root the server runs as the package's `postgres` user.

use std::fmt::Write as _;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a server may take to accept connections after it is started.
const READY_WITHIN: Duration = Duration::from_secs(30);

/// A running PostgreSQL server of a test's own; stopped, and its files removed, on drop.
#[derive(Debug)]
pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    user: Option<(u32, u32)>,
    server: Option<Child>,
}

impl Postgres {
    /// Creates a cluster in a new temporary directory and starts it on a free port.
    ///
    /// # Errors
    /// When the server's binaries are missing (the message says how to install them), or
    /// `initdb` or the server fail (the message holds their output).
    pub fn start(name: &str) -> Result<Postgres, String> {
        let bin = server_binaries()?;
        let user = if running_as_root() { Some(postgres_user()?) } else { None };
        let dir = std::env::temp_dir().join(format!("itnio-pg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
                .map_err(|e| format!("cannot hand {} to the postgres user: {e}", dir.display()))?;
        }
        let mut pg = Postgres { bin, dir, port: 0, user, server: None };
        let data = pg.data();
        pg.run(Command::new(pg.bin.join("initdb")).arg("-D").arg(&data).args([
            "-U",
            "itnio",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ]))?;
        pg.start_server()?;
        Ok(pg)
    }

    /// The URL of the server's `postgres` database, as user `itnio` (trusted, no password).
    pub fn url(&self) -> String {
        format!("postgres://itnio@127.0.0.1:{}/postgres", self.port)
    }

    /// The port it listens on (the same after [`restart`](Postgres::restart)).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server (fast shutdown: open transactions are rolled back, clients
    /// disconnected) and waits for it to exit. Its files stay for [`restart`](Postgres::restart).
    pub fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            // SIGINT is PostgreSQL's fast shutdown.
            let _ = Command::new("kill").args(["-INT", &server.id().to_string()]).status();
            let _ = server.wait();
        }
    }

    /// Starts the stopped server again on the same port and files.
    ///
    /// # Errors
    /// When it does not come up (the message holds its log).
    pub fn restart(&mut self) -> Result<(), String> {
        self.stop();
        self.start_server()
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn start_server(&mut self) -> Result<(), String> {
        if self.port == 0 {
            self.port = free_port()?;
        }
        let log = self.dir.join("server.log");
        let log_file =
            std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        if let Some((uid, gid)) = self.user {
            let _ = std::os::unix::fs::chown(&log, Some(uid), Some(gid));
        }
        let mut command = Command::new(self.bin.join("postgres"));
        command
            .arg("-D")
            .arg(self.data())
            .args(["-p", &self.port.to_string(), "-c", "listen_addresses=127.0.0.1"])
            .arg("-c")
            .arg(format!("unix_socket_directories={}", self.dir.display()))
            // Durable as in production: the tests prove that what was acknowledged is committed.
            .args(["-c", "fsync=on", "-c", "max_connections=200"])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file);
        self.as_user(&mut command);
        let child = command.spawn().map_err(|e| format!("cannot start postgres: {e}"))?;
        self.server = Some(child);
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "itnio",
                    "-d",
                    "postgres",
                ])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            let exited = self.server.as_mut().and_then(|c| c.try_wait().ok().flatten());
            if exited.is_some() || Instant::now() > deadline {
                self.server = None;
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!("postgres did not start on port {}:\n{log}", self.port));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn as_user<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        if let Some((uid, gid)) = self.user {
            command.uid(uid).gid(gid);
        }
        command
    }

    fn run(&self, command: &mut Command) -> Result<(), String> {
        let program = command.get_program().to_string_lossy().into_owned();
        let out = self.as_user(command).output().map_err(|e| format!("cannot run {program}: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let mut message = format!("{program} failed ({})\n", out.status);
        let _ = write!(
            message,
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Err(message)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The directory of `initdb`, `postgres` and `pg_isready`: Debian's newest
/// `/usr/lib/postgresql/<version>/bin`, else the directory of `initdb` on `PATH`.
fn server_binaries() -> Result<PathBuf, String> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("postgres").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    let on_path =
        std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    for dir in on_path {
        if dir.join("initdb").is_file() && dir.join("postgres").is_file() {
            return Ok(dir);
        }
    }
    Err("PostgreSQL's server is not installed (no initdb and postgres under /usr/lib/postgresql or on \
         PATH): run the tests with `cargo xtask test`, which installs it through scripts/provision.sh, \
         or install Debian's package `postgresql`"
        .into())
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:").map(|ids| ids.split_whitespace().nth(1) == Some("0")))
        })
        .unwrap_or(false)
}

/// The uid and gid of the `postgres` user that Debian's package creates.
fn postgres_user() -> Result<(u32, u32), String> {
    let passwd =
        std::fs::read_to_string("/etc/passwd").map_err(|e| format!("cannot read /etc/passwd: {e}"))?;
    passwd
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&"postgres") && fields.len() > 3)
                .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
                .flatten()
        })
        .ok_or_else(|| {
            "running as root, and there is no `postgres` user to run PostgreSQL as (PostgreSQL refuses \
             root): install Debian's package `postgresql`, or run the tests as another user"
                .to_owned()
        })
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}
