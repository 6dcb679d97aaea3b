//! The SQLite store: one writer thread, which commits every push waiting for it in one
//! transaction (group commit), in WAL mode with `synchronous=FULL`, so that a push is
//! acknowledged only once it is on disk.

use crate::{KeptRaw, Push, Store, StoreError, Stored, StoredReport, Totals};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokio::sync::oneshot;

/// The most pushes one transaction commits.
const MAX_GROUP: usize = 512;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS reports (
        voice_id TEXT PRIMARY KEY,
        report TEXT NOT NULL,
        first_received_ms INTEGER NOT NULL,
        last_received_ms INTEGER NOT NULL,
        versions INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX IF NOT EXISTS reports_last_received ON reports (last_received_ms);
    CREATE TABLE IF NOT EXISTS kept_raw (
        id INTEGER PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        reason TEXT NOT NULL,
        body BLOB NOT NULL
    );
";

struct Job {
    push: Push,
    done: oneshot::Sender<Result<Stored, StoreError>>,
}

/// Status reports in one SQLite file: table `reports` (one row per `voiceId`: the report as
/// received, as JSON, and how many versions of it arrived) and table `kept_raw` (bodies and
/// reports that could not be stored as reports, with the reason).
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    jobs: mpsc::Sender<Job>,
}

impl SqliteStore {
    /// Opens (or creates) the store at `path` and starts its writer thread.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_owned();
        let conn = connect(&path)?;
        conn.execute_batch(SCHEMA).map_err(db)?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("itnio-receiver-writer".into())
            .spawn(move || write_loop(conn, queue))
            .map_err(|e| StoreError::caused_by("cannot start the writer thread", e))?;
        Ok(SqliteStore { path, jobs })
    }

    /// The file of the store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the store at `path` holds (read on a connection of its own).
    pub fn totals(path: impl AsRef<Path>) -> Result<Totals, StoreError> {
        let conn = read(path.as_ref())?;
        let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map_err(db);
        Ok(Totals {
            reports: u64::try_from(one("SELECT count(*) FROM reports")?).unwrap_or(0),
            replaced: u64::try_from(one("SELECT coalesce(sum(versions - 1), 0) FROM reports")?).unwrap_or(0),
            kept_raw: u64::try_from(one("SELECT count(*) FROM kept_raw")?).unwrap_or(0),
        })
    }

    /// Every stored report as received (JSON text), in `voiceId` order, with its version count.
    pub fn reports(path: impl AsRef<Path>) -> Result<Vec<StoredReport>, StoreError> {
        SqliteStore::reports_changed_since(path, i64::MIN)
    }

    /// The reports that arrived (first, again or as a new version) at or after `since_ms`, in
    /// `voiceId` order.
    pub fn reports_changed_since(
        path: impl AsRef<Path>,
        since_ms: i64,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let conn = read(path.as_ref())?;
        let mut statement = conn
            .prepare(
                "SELECT voice_id, report, versions, first_received_ms, last_received_ms FROM reports \
                 WHERE last_received_ms >= ?1 ORDER BY voice_id",
            )
            .map_err(db)?;
        let rows = statement
            .query_map([since_ms], |r| {
                Ok(StoredReport {
                    voice_id: r.get(0)?,
                    report: r.get(1)?,
                    versions: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(1),
                    first_received_ms: r.get(3)?,
                    last_received_ms: r.get(4)?,
                })
            })
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// Every body or report kept raw: when, why, and the bytes.
    pub fn kept_raw(path: impl AsRef<Path>) -> Result<Vec<KeptRaw>, StoreError> {
        let conn = read(path.as_ref())?;
        let mut statement =
            conn.prepare("SELECT received_ms, reason, body FROM kept_raw ORDER BY id").map_err(db)?;
        let rows = statement
            .query_map([], |r| Ok(KeptRaw { received_ms: r.get(0)?, reason: r.get(1)?, body: r.get(2)? }))
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }
}

impl Store for SqliteStore {
    async fn store(&self, push: Push) -> Result<Stored, StoreError> {
        let (done, answer) = oneshot::channel();
        self.jobs.send(Job { push, done }).map_err(|_| StoreError::new("the writer thread has stopped"))?;
        answer.await.map_err(|_| StoreError::new("the writer thread has stopped"))?
    }

    /// The file's write lock can be taken (within 2 s) on a connection of its own.
    async fn probe(&self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let probe = move || {
            let conn = read(&path)?;
            conn.busy_timeout(std::time::Duration::from_secs(2)).map_err(db)?;
            conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
                .map_err(|e| StoreError::caused_by("cannot take the file's write lock", e))
        };
        tokio::task::spawn_blocking(probe).await.map_err(|e| StoreError::caused_by("the probe stopped", e))?
    }
}

fn db(e: rusqlite::Error) -> StoreError {
    StoreError::caused_by("the database failed", e)
}

/// A connection for reading a store that exists: the file is not created, and its schema is
/// neither created nor changed; a file without the store's tables is refused.
fn read(path: &Path) -> Result<Connection, StoreError> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::caused_by("cannot open the file", e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(db)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('reports', 'kept_raw')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| StoreError::caused_by("not a receiver's database", e))?;
    if tables != 2 {
        return Err(StoreError::new("not a receiver's database (it has no `reports` and `kept_raw` tables)"));
    }
    Ok(conn)
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(db)?;
    // WAL with full sync: a committed transaction is on disk, and readers never block the writer.
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;")
        .map_err(db)?;
    Ok(conn)
}

/// Commits every job waiting, up to [`MAX_GROUP`], in one transaction, then answers each.
fn write_loop(mut conn: Connection, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let outcome = commit(&mut conn, &jobs);
        crate::store::answer_group(jobs.into_iter().map(|job| job.done), outcome);
    }
}

fn commit(conn: &mut Connection, jobs: &[Job]) -> Result<Vec<Stored>, StoreError> {
    let tx = conn.transaction().map_err(db)?;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(apply(&tx, &job.push)?);
    }
    tx.commit().map_err(db)?;
    Ok(out)
}

fn keep_raw(tx: &rusqlite::Transaction<'_>, at: i64, reason: &str, body: &[u8]) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO kept_raw (received_ms, reason, body) VALUES (?1, ?2, ?3)",
        params![at, reason, body],
    )
    .map_err(db)?;
    Ok(())
}

fn apply(tx: &rusqlite::Transaction<'_>, push: &Push) -> Result<Stored, StoreError> {
    let mut stored = Stored::default();
    let at = push.received_at_ms;
    let reports = match &push.reports {
        Ok(reports) => reports,
        Err(reason) => {
            keep_raw(tx, at, reason, &push.body)?;
            stored.kept_raw += 1;
            return Ok(stored);
        }
    };
    for report in reports {
        // Written back as received: members the spec does not know, and values a field could
        // not hold, are in it too.
        let json = serde_json::to_string(report)
            .map_err(|e| StoreError::caused_by("a report did not serialize", e))?;
        let Some(voice_id) = report.voice_id.as_deref().filter(|v| !v.is_empty()) else {
            keep_raw(tx, at, "a report without voiceId", json.as_bytes())?;
            stored.kept_raw += 1;
            continue;
        };
        let earlier: Option<String> = tx
            .query_row("SELECT report FROM reports WHERE voice_id = ?1", [voice_id], |r| r.get(0))
            .optional()
            .map_err(db)?;
        match earlier {
            None => {
                tx.execute(
                    "INSERT INTO reports (voice_id, report, first_received_ms, last_received_ms) VALUES (?1, ?2, ?3, ?3)",
                    params![voice_id, json, at],
                )
                .map_err(db)?;
                stored.new += 1;
            }
            Some(earlier) if earlier == json => {
                tx.execute(
                    "UPDATE reports SET last_received_ms = ?2 WHERE voice_id = ?1",
                    params![voice_id, at],
                )
                .map_err(db)?;
                stored.unchanged += 1;
            }
            Some(_) => {
                tx.execute(
                    "UPDATE reports SET report = ?2, last_received_ms = ?3, versions = versions + 1 WHERE voice_id = ?1",
                    params![voice_id, json, at],
                )
                .map_err(db)?;
                stored.changed += 1;
            }
        }
    }
    Ok(stored)
}
