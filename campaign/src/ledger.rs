//! The contact ledger: a local SQLite file of every task a campaign sends (recorded before it is
//! sent) with its callee numbers, its worst-case calls per callee and its send windows, and the
//! calls the status reports say were made. It answers what a regulator asks: how often was this
//! number called, and when.
//!
//! Phone numbers are personal data: the file is created readable and writable by its owner only,
//! and [`Ledger::prune`] removes what is older than a date.

use itnio_voice::wire;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Marks a SQLite file as a ledger (`PRAGMA application_id`, "itnl").
const APPLICATION_ID: i64 = 0x6974_6e6c;
/// The schema's version (`PRAGMA user_version`).
const VERSION: i64 = 2;
/// How much of the file SQLite reads through a memory map rather than by copying each page: a
/// plan's checks read some 50 MB of index pages of a 5,000,000-call ledger, and copying them was
/// a sixth of its time. The pages read show in the process's resident memory as file pages,
/// which the kernel can drop (they are the file's page cache).
const MMAP_BYTES: u64 = 4 << 30;
/// How long a ledger another process holds is waited for.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
    CREATE TABLE tasks (
        name TEXT PRIMARY KEY,
        task_id INTEGER,
        recorded_ms INTEGER NOT NULL,
        worst_case_calls INTEGER NOT NULL,
        send_time TEXT,
        send_windows TEXT NOT NULL,
        campaign TEXT NOT NULL
    );
    CREATE TABLE callees (
        task TEXT NOT NULL REFERENCES tasks(name) ON DELETE CASCADE,
        number TEXT NOT NULL,
        PRIMARY KEY (task, number)
    ) WITHOUT ROWID;
    CREATE INDEX callees_by_number ON callees(number);
    CREATE TABLE calls (
        voice_id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        task_id INTEGER,
        call_ms INTEGER,
        connected INTEGER NOT NULL
    );
    CREATE INDEX calls_recent ON calls(number, call_ms, task_id);
    CREATE INDEX calls_untimed ON calls(number, task_id) WHERE call_ms IS NULL;
";

/// From each earlier version to the next. Version 2: a number's recent calls are read from an
/// index alone (a plan asks for 250,000 numbers; the table's rows were one more seek each), and
/// the calls of no known time (a report without `callTime`, rare) from a small index of their
/// own, which a plan reads only when it holds any.
const MIGRATIONS: [(i64, &str); 1] = [(
    1,
    "CREATE INDEX IF NOT EXISTS calls_recent ON calls(number, call_ms, task_id);
     CREATE INDEX IF NOT EXISTS calls_untimed ON calls(number, task_id) WHERE call_ms IS NULL;
     DROP INDEX IF EXISTS calls_by_number;",
)];

/// Why the ledger could not be used.
#[derive(Debug)]
pub struct LedgerError {
    pub path: PathBuf,
    pub why: String,
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ledger {}: {}", self.path.display(), self.why)
    }
}

impl std::error::Error for LedgerError {}

/// An open ledger.
#[derive(Debug)]
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// A task of the ledger, as [`Ledger::history`] lists it for a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEntry {
    pub name: String,
    pub task_id: Option<i64>,
    /// When it was recorded, just before it was sent.
    pub recorded_ms: i64,
    /// The calls the task may make to each callee (first call and recalls).
    pub worst_case_calls: u32,
    /// `allowSendTime` as JSON (`[]` when any time is allowed).
    pub send_windows: String,
}

/// A call a status report says was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEntry {
    pub voice_id: String,
    pub task_id: Option<i64>,
    /// When it was made (`callTime`), epoch milliseconds, if the report says.
    pub call_ms: Option<i64>,
    /// Whether the callee answered (`terminationCode` 0).
    pub connected: bool,
}

/// What the ledger holds about one number since a time ([`Probe::read`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recent {
    /// Tasks recorded since then: (task ID, recorded at, worst-case calls, name).
    pub tasks: Vec<(Option<i64>, i64, u32, std::sync::Arc<str>)>,
    /// Calls made since then: the task they report on and when, where the report says.
    pub calls: Vec<(Option<i64>, Option<i64>)>,
}

impl Recent {
    /// The calls since then: those reported, and the worst case of each task no report speaks
    /// of, recorded at or after `since_ms`.
    pub fn calls_since(&self, since_ms: i64) -> u32 {
        let reported = self.calls.iter().filter(|(_, at)| at.is_none_or(|t| t >= since_ms)).count() as u32;
        let estimated: u32 = self
            .tasks
            .iter()
            .filter(|(_, recorded, ..)| *recorded >= since_ms)
            .filter(|(id, ..)| id.is_none() || !self.calls.iter().any(|(task, _)| task == id))
            .map(|(_, _, worst, _)| *worst)
            .sum();
        reported + estimated
    }
}

/// The tasks recorded since a probe's time, by name: (task ID, recorded at, worst-case calls).
type RecentTasks =
    std::collections::HashMap<std::sync::Arc<str>, (Option<i64>, i64, u32), foldhash::fast::RandomState>;

/// What the ledger holds about one number after another ([`Ledger::probe`]).
pub struct Probe<'l> {
    ledger: &'l Ledger,
    tasks: RecentTasks,
    callees: rusqlite::CachedStatement<'l>,
    calls: rusqlite::CachedStatement<'l>,
    since_ms: i64,
    began: bool,
}

impl std::fmt::Debug for Probe<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Probe").field("ledger", &self.ledger.path).field("since_ms", &self.since_ms).finish()
    }
}

impl Probe<'_> {
    /// Puts into `recent` (emptied first, its room kept) the tasks recorded and the calls made
    /// since the probe's time for `number`.
    pub fn read(&mut self, number: &str, recent: &mut Recent) -> Result<(), LedgerError> {
        let fail = |e: rusqlite::Error| self.ledger.error(e);
        recent.tasks.clear();
        recent.calls.clear();
        let mut rows = self.callees.query([number]).map_err(fail)?;
        while let Some(r) = rows.next().map_err(fail)? {
            let name = r.get_ref(0).and_then(|v| v.as_str().map_err(Into::into)).map_err(fail)?;
            if let Some((name, &(id, recorded, worst))) = self.tasks.get_key_value(name) {
                recent.tasks.push((id, recorded, worst, name.clone()));
            }
        }
        drop(rows);
        let mut rows = self.calls.query(params![number, self.since_ms]).map_err(fail)?;
        while let Some(r) = rows.next().map_err(fail)? {
            recent.calls.push((r.get(0).map_err(fail)?, r.get(1).map_err(fail)?));
        }
        Ok(())
    }
}

impl Drop for Probe<'_> {
    fn drop(&mut self) {
        if self.began {
            // A read transaction: nothing to keep or lose.
            let _ = self.ledger.conn.execute_batch("COMMIT");
        }
    }
}

/// What the ledger holds about one number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub tasks: Vec<TaskEntry>,
    pub calls: Vec<CallEntry>,
}

impl Ledger {
    /// Opens the ledger at `path`, creating it (owner-only) when missing. A file that is not a
    /// ledger is refused; a ledger another process is writing is waited for [`LOCK_WAIT`].
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger, LedgerError> {
        Ledger::open_waiting(path, LOCK_WAIT)
    }

    /// [`Ledger::open`], waiting at most `wait` for another process's lock.
    pub fn open_waiting(path: impl AsRef<Path>, wait: Duration) -> Result<Ledger, LedgerError> {
        let path = path.as_ref().to_owned();
        let fail = |why: String| LedgerError { path: path.clone(), why };
        let created = !path.exists();
        if created {
            create_private(&path).map_err(|e| fail(format!("cannot be created: {e}")))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| fail(format!("cannot be opened: {e}")))?;
        conn.busy_timeout(wait).map_err(|e| fail(e.to_string()))?;
        let locked = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                fail(format!("is locked by another process (waited {:.1} s)", wait.as_secs_f64()))
            }
            Some(rusqlite::ErrorCode::NotADatabase) => fail("is not a ledger (not a SQLite file)".to_owned()),
            _ => fail(e.to_string()),
        };
        let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(locked)?;
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(locked)?;
        match (id, tables) {
            (APPLICATION_ID, _) => {}
            (0, 0) => {
                conn.execute_batch(&format!(
                    "BEGIN IMMEDIATE; {SCHEMA} PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {VERSION}; COMMIT;"
                ))
                .map_err(locked)?;
            }
            _ => return Err(fail("is not a ledger (a SQLite file of something else)".to_owned())),
        }
        let mut version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(locked)?;
        for (from, statements) in MIGRATIONS {
            if version == from {
                conn.execute_batch(&format!(
                    "BEGIN IMMEDIATE; {statements} PRAGMA user_version = {}; COMMIT;",
                    from + 1
                ))
                .map_err(locked)?;
                version = from + 1;
            }
        }
        if version != VERSION {
            return Err(fail(format!("has schema version {version}; this program reads version {VERSION}")));
        }
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA mmap_size = {MMAP_BYTES};"
        ))
        .map_err(locked)?;
        Ok(Ledger { conn, path })
    }

    /// Another connection to the same ledger, read-only: to read it on another thread.
    pub fn reader(&self) -> Result<Ledger, LedgerError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)
            .map_err(|e| self.error_text(format!("cannot be opened: {e}")))?;
        conn.busy_timeout(LOCK_WAIT).map_err(|e| self.error(e))?;
        conn.execute_batch(&format!("PRAGMA mmap_size = {MMAP_BYTES};")).map_err(|e| self.error(e))?;
        Ok(Ledger { conn, path: self.path.clone() })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records a task before it is sent: its name, callee numbers, worst-case calls per callee
    /// (first call and every recall round) and send windows; `source` says where it came from
    /// (a campaign's name, a file). Recording the same task again changes nothing.
    pub fn record(
        &mut self,
        request: &wire::AgentSendRequest,
        source: &str,
        now_ms: i64,
    ) -> Result<(), LedgerError> {
        let fail = |e: rusqlite::Error| self.error(e);
        let name = request.task_name.as_deref().unwrap_or_default();
        let worst_case =
            crate::file::worst_case_calls(request.recall_flow.as_ref().and_then(|f| f.recall_num));
        let windows =
            serde_json::to_string(&request.allow_send_time.clone().unwrap_or_default()).unwrap_or_default();
        let tx = self.conn.unchecked_transaction().map_err(fail)?;
        tx.execute(
            "INSERT OR IGNORE INTO tasks (name, recorded_ms, worst_case_calls, send_time, send_windows, campaign)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, now_ms, worst_case, request.send_time, windows, source],
        )
        .map_err(fail)?;
        {
            let mut insert = tx
                .prepare_cached("INSERT OR IGNORE INTO callees (task, number) VALUES (?1, ?2)")
                .map_err(fail)?;
            for callee in request.number_info_list.iter().flatten() {
                insert
                    .execute(params![name, callee.callee_number.as_deref().unwrap_or_default()])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    /// Records the task ID a part was given.
    pub fn set_task_id(&mut self, name: &str, task_id: i64) -> Result<(), LedgerError> {
        self.conn
            .execute("UPDATE tasks SET task_id = ?2 WHERE name = ?1", params![name, task_id])
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Takes the calls of the status reports an `itnio receive` SQLite file holds (one per
    /// `voiceId`; a report read again replaces the earlier one). Gives how many it holds. For a
    /// PostgreSQL receiver, read its reports with `itnio_receiver::Database::reports` and give
    /// them to [`Ledger::import_stored`].
    pub fn import_reports(&mut self, receiver_db: &Path) -> Result<usize, LedgerError> {
        let reports = itnio_receiver::SqliteStore::reports(receiver_db)
            .map_err(|e| self.error_text(format!("reports of {}: {e:#}", receiver_db.display())))?;
        self.import_stored(&reports)
    }

    /// Takes the calls of status reports a receiver stored, as [`Ledger::import_reports`] does.
    pub fn import_stored(&mut self, reports: &[itnio_receiver::StoredReport]) -> Result<usize, LedgerError> {
        let offset = itnio_voice::LocalDateTime::UTC_OFFSET_SECONDS;
        let tx = self.conn.unchecked_transaction().map_err(|e| self.error(e))?;
        let mut count = 0;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO calls (voice_id, number, task_id, call_ms, connected) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(|e| self.error(e))?;
            for stored in reports {
                let Ok(report) = serde_json::from_str::<itnio_voice::StatusReport>(&stored.report) else {
                    continue;
                };
                let Some(number) = report.callee.clone() else { continue };
                let task_id = itnio_receiver::reconcile::task_of(&report);
                let call_ms = report.call_time.as_ref().and_then(|t| t.epoch_millis(offset));
                let connected = report.termination_code.as_deref() == Some("0");
                insert
                    .execute(params![stored.voice_id, number, task_id, call_ms, connected])
                    .map_err(|e| self.error(e))?;
                count += 1;
            }
        }
        tx.commit().map_err(|e| self.error(e))?;
        Ok(count)
    }

    /// Everything the ledger holds about `number`: its tasks, newest first, and its calls.
    pub fn history(&self, number: &str) -> Result<History, LedgerError> {
        let fail = |e: rusqlite::Error| self.error(e);
        let mut tasks = self
            .conn
            .prepare_cached(
                "SELECT t.name, t.task_id, t.recorded_ms, t.worst_case_calls, t.send_windows
                 FROM tasks t JOIN callees c ON c.task = t.name WHERE c.number = ?1 ORDER BY t.recorded_ms DESC, t.name",
            )
            .map_err(fail)?;
        let tasks = tasks
            .query_map([number], |r| {
                Ok(TaskEntry {
                    name: r.get(0)?,
                    task_id: r.get(1)?,
                    recorded_ms: r.get(2)?,
                    worst_case_calls: r.get(3)?,
                    send_windows: r.get(4)?,
                })
            })
            .map_err(fail)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let mut calls = self
            .conn
            .prepare_cached("SELECT voice_id, task_id, call_ms, connected FROM calls WHERE number = ?1 ORDER BY call_ms, voice_id")
            .map_err(fail)?;
        let calls = calls
            .query_map([number], |r| {
                Ok(CallEntry {
                    voice_id: r.get(0)?,
                    task_id: r.get(1)?,
                    call_ms: r.get(2)?,
                    connected: r.get(3)?,
                })
            })
            .map_err(fail)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        Ok(History { tasks, calls })
    }

    /// Reads what the ledger holds since `since_ms` about one number after another, inside one
    /// read transaction (a plan of 250,000 callees asks 250,000 times; in number order, the
    /// pages of the indexes it reads are those it read last).
    pub fn probe(&self, since_ms: i64) -> Result<Probe<'_>, LedgerError> {
        let fail = |e: rusqlite::Error| self.error(e);
        // One snapshot for every number; ended when the probe is dropped.
        let began = self.conn.is_autocommit() && self.conn.execute_batch("BEGIN").is_ok();
        // The tasks recorded since then are few (one a part sent): read once, and looked up by
        // name for each number's callee rows.
        let mut tasks = RecentTasks::default();
        {
            let mut select = self
                .conn
                .prepare(
                    "SELECT name, task_id, recorded_ms, worst_case_calls FROM tasks WHERE recorded_ms >= ?1",
                )
                .map_err(fail)?;
            let mut rows = select.query([since_ms]).map_err(fail)?;
            while let Some(r) = rows.next().map_err(fail)? {
                let name: String = r.get(0).map_err(fail)?;
                let task = (r.get(1).map_err(fail)?, r.get(2).map_err(fail)?, r.get(3).map_err(fail)?);
                tasks.insert(name.as_str().into(), task);
            }
        }
        let callees = self.conn.prepare_cached("SELECT task FROM callees WHERE number = ?1").map_err(fail)?;
        // The calls since then (a range of `calls_recent`), and those of no known time (in
        // `calls_untimed`), asked for only when the ledger holds any.
        let untimed: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM calls INDEXED BY calls_untimed WHERE call_ms IS NULL)",
                [],
                |r| r.get(0),
            )
            .map_err(fail)?;
        let calls = self
            .conn
            .prepare_cached(if untimed {
                "SELECT task_id, call_ms FROM calls WHERE number = ?1 AND call_ms >= ?2
                 UNION ALL SELECT task_id, call_ms FROM calls WHERE number = ?1 AND call_ms IS NULL"
            } else {
                "SELECT task_id, call_ms FROM calls WHERE number = ?1 AND call_ms >= ?2"
            })
            .map_err(fail)?;
        Ok(Probe { ledger: self, tasks, callees, calls, since_ms, began })
    }

    /// The calls a number had or may have had since `since_ms`: for a task the reports speak
    /// of (by its ID), the calls they list; for any other task recorded since then, its
    /// worst case.
    pub fn calls_since(&self, number: &str, since_ms: i64) -> Result<u32, LedgerError> {
        let mut recent = Recent::default();
        self.probe(since_ms)?.read(number, &mut recent)?;
        Ok(recent.calls_since(since_ms))
    }

    /// Removes the tasks recorded and the calls made before `before_ms`; gives how many of
    /// each went.
    pub fn prune(&mut self, before_ms: i64) -> Result<(usize, usize), LedgerError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.error(e))?;
        let tasks =
            tx.execute("DELETE FROM tasks WHERE recorded_ms < ?1", [before_ms]).map_err(|e| self.error(e))?;
        let calls =
            tx.execute("DELETE FROM calls WHERE call_ms < ?1", [before_ms]).map_err(|e| self.error(e))?;
        tx.commit().map_err(|e| self.error(e))?;
        self.conn.execute_batch("VACUUM").map_err(|e| self.error(e))?;
        Ok((tasks, calls))
    }

    /// Writes every (task, number) pair and every call as CSV: `kind,number,task,task_id,time_ms,detail`.
    pub fn export(&self, out: &mut dyn std::io::Write) -> Result<(), LedgerError> {
        let fail = |e: rusqlite::Error| self.error(e);
        let write = |e: csv::Error| self.error_text(format!("cannot write: {e}"));
        // Each number's tasks, then its calls, every column as text.
        let mut rows = self
            .conn
            .prepare(
                "SELECT 'task', c.number, t.name, IFNULL(t.task_id, ''), t.recorded_ms,
                        'worst case ' || t.worst_case_calls || ' call(s)', 0 AS kind
                 FROM callees c JOIN tasks t ON t.name = c.task
                 UNION ALL
                 SELECT 'call', number, voice_id, IFNULL(task_id, ''), IFNULL(call_ms, ''),
                        CASE connected WHEN 1 THEN 'call, connected' ELSE 'call, not connected' END, 1
                 FROM calls
                 ORDER BY 2, 7, 5",
            )
            .map_err(fail)?;
        let mut rows = rows.query([]).map_err(fail)?;
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["kind", "number", "task", "task_id", "time_ms", "detail"]).map_err(write)?;
        while let Some(r) = rows.next().map_err(fail)? {
            let cell = |i: usize| r.get::<_, rusqlite::types::Value>(i).map(text);
            let record = [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)];
            let record: Vec<String> = record.into_iter().collect::<Result<_, _>>().map_err(fail)?;
            csv.write_record(&record).map_err(write)?;
        }
        csv.flush().map_err(|e| self.error_text(format!("cannot write: {e}")))
    }

    /// Whether a task of this name is recorded.
    pub fn has_task(&self, name: &str) -> Result<bool, LedgerError> {
        self.conn
            .query_row("SELECT 1 FROM tasks WHERE name = ?1", [name], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.error(e))
    }

    fn error(&self, e: rusqlite::Error) -> LedgerError {
        let why = match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                format!("is locked by another process (waited {} s)", LOCK_WAIT.as_secs())
            }
            _ => e.to_string(),
        };
        self.error_text(why)
    }

    pub(crate) fn error_text(&self, why: String) -> LedgerError {
        LedgerError { path: self.path.clone(), why }
    }
}

/// A SQLite value as CSV text.
fn text(value: rusqlite::types::Value) -> String {
    use rusqlite::types::Value;
    match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t,
        Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
    }
}

/// Creates an empty file readable and writable by its owner only.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}
