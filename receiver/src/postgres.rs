//! The PostgreSQL store: any number of receivers on one database. Each receiver commits every
//! push waiting for it in one transaction (group commit) on a few connections of its own; a
//! report is one row under its `voiceId` whichever receiver gets it, since the row is written
//! with `INSERT .. ON CONFLICT` under the row's lock. A lost connection is opened again on the
//! next push, so a database that comes back is written again without a restart.

use crate::{KeptRaw, Push, Store, StoreError, Stored, StoredReport, Totals};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, Config, NoTls, Statement};

/// The most pushes one transaction commits.
const MAX_GROUP: usize = 512;

/// The advisory lock that serializes migrations of receivers started at once ("itnio-rv").
const SCHEMA_LOCK: i64 = 0x6974_6e69_6f2d_7276;

/// The schema, one entry a version, applied in order and recorded in `itnio_receiver_schema`.
/// Never edit an applied entry: add the next.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE itnio_reports (
        voice_id text PRIMARY KEY,
        report text NOT NULL,
        first_received_ms bigint NOT NULL,
        last_received_ms bigint NOT NULL,
        versions bigint NOT NULL DEFAULT 1
    );
    CREATE TABLE itnio_kept_raw (
        id bigserial PRIMARY KEY,
        received_ms bigint NOT NULL,
        reason text NOT NULL,
        body bytea NOT NULL
    );
",
    "
    CREATE INDEX itnio_reports_last_received ON itnio_reports (last_received_ms);
",
];

/// Inserts the reports of one round (each `voiceId` at most once, in `voiceId` order so that
/// concurrent transactions lock rows in one order and never deadlock). A row it returns is new
/// (`inserted`) or changed; a row it does not return was stored before exactly as it is.
const UPSERT: &str = "
    INSERT INTO itnio_reports AS r (voice_id, report, first_received_ms, last_received_ms)
    SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $3::int8[])
    ON CONFLICT (voice_id) DO UPDATE
        SET report = excluded.report,
            last_received_ms = greatest(r.last_received_ms, excluded.last_received_ms),
            versions = r.versions + 1
        WHERE r.report IS DISTINCT FROM excluded.report
    RETURNING voice_id, (xmax = 0) AS inserted";

/// Marks the unchanged reports of a round as received again (rows the round already locked).
const TOUCH: &str = "
    UPDATE itnio_reports AS r SET last_received_ms = greatest(r.last_received_ms, t.at)
    FROM unnest($1::text[], $2::int8[]) AS t(voice_id, at)
    WHERE r.voice_id = t.voice_id";

const KEEP_RAW: &str = "
    INSERT INTO itnio_kept_raw (received_ms, reason, body)
    SELECT * FROM unnest($1::int8[], $2::text[], $3::bytea[])";

/// How a [`PostgresStore`] connects and commits.
#[derive(Debug, Clone)]
pub struct PostgresOptions {
    /// Connections that commit, each one group at a time. Default 4.
    pub writers: usize,
    /// The longest one group commit may take before its pushes are answered 503 and its
    /// connection is dropped. Default 30 s.
    pub commit_timeout: Duration,
    /// The longest connecting may take, unless the URL sets `connect_timeout`. Default 5 s.
    pub connect_timeout: Duration,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        PostgresOptions {
            writers: 4,
            commit_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// A push read into rows before it reaches a writer (serializing reports is done by the
/// pushes' own tasks, in parallel, not by the writer).
struct Job {
    at: i64,
    /// `(voiceId, the report as received)`.
    reports: Vec<(String, String)>,
    /// `(reason, bytes)` of what is kept raw.
    raw: Vec<(String, Vec<u8>)>,
    done: oneshot::Sender<Result<Stored, StoreError>>,
}

/// Status reports in a PostgreSQL database, shared by any number of receivers: table
/// `itnio_reports` (one row per `voiceId`: the report as received, as JSON text, and how many
/// versions of it arrived), `itnio_kept_raw` (what could not be stored as a report, with the
/// reason) and `itnio_receiver_schema` (the schema's versions). The receiver creates and
/// migrates them itself.
pub struct PostgresStore {
    jobs: mpsc::UnboundedSender<Job>,
    config: Arc<Config>,
    target: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the URL itself: it may hold a password.
        f.debug_struct("PostgresStore").field("database", &self.target).finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`), creates or migrates
    /// the schema, and starts the writers. Must be called inside a Tokio runtime.
    ///
    /// # Errors
    /// When the URL is not one, the database cannot be reached, or its schema is newer than
    /// this receiver knows.
    pub async fn connect(url: &str, options: PostgresOptions) -> Result<Self, StoreError> {
        let mut config = parse(url)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.connect_timeout);
        }
        let target = describe(&config);
        let mut client = connect(&config).await?;
        migrate(&mut client).await?;
        let (jobs, queue) = mpsc::unbounded_channel();
        let queue = Arc::new(Mutex::new(queue));
        let mut first = Some(Writer::ready(client).await?);
        for _ in 0..options.writers.max(1) {
            let writer =
                Writer { config: config.clone(), conn: first.take(), commit_timeout: options.commit_timeout };
            tokio::spawn(writer.run(queue.clone()));
        }
        Ok(PostgresStore { jobs, config: Arc::new(config), target })
    }

    /// `host:port/database` of the store, without user or password.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// What the database at `url` holds.
    pub async fn totals(url: &str) -> Result<Totals, StoreError> {
        let client = read(url).await?;
        let row = client
            .query_one(
                "SELECT (SELECT count(*) FROM itnio_reports),
                        (SELECT coalesce(sum(versions - 1), 0)::int8 FROM itnio_reports),
                        (SELECT count(*) FROM itnio_kept_raw)",
                &[],
            )
            .await
            .map_err(db)?;
        let count = |i: usize| u64::try_from(row.get::<_, i64>(i)).unwrap_or(0);
        Ok(Totals { reports: count(0), replaced: count(1), kept_raw: count(2) })
    }

    /// Every stored report as received (JSON text), in `voiceId` order, with its version count.
    pub async fn reports(url: &str) -> Result<Vec<StoredReport>, StoreError> {
        PostgresStore::reports_changed_since(url, i64::MIN).await
    }

    /// The reports that arrived (first, again or as a new version) at or after `since_ms`, in
    /// `voiceId` order.
    pub async fn reports_changed_since(url: &str, since_ms: i64) -> Result<Vec<StoredReport>, StoreError> {
        changed_since(&read(url).await?, since_ms).await
    }

    /// Every body or report kept raw: when, why, and the bytes.
    pub async fn kept_raw(url: &str) -> Result<Vec<KeptRaw>, StoreError> {
        let client = read(url).await?;
        let rows = client
            .query("SELECT received_ms, reason, body FROM itnio_kept_raw ORDER BY id", &[])
            .await
            .map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|r| KeptRaw { received_ms: r.get(0), reason: r.get(1), body: r.get(2) })
            .collect())
    }
}

/// The reports of the store `client` reads that arrived at or after `since_ms`.
pub(crate) async fn changed_since(client: &Client, since_ms: i64) -> Result<Vec<StoredReport>, StoreError> {
    let rows = client
        .query(
            "SELECT voice_id, report, versions, first_received_ms, last_received_ms FROM itnio_reports
             WHERE last_received_ms >= $1 ORDER BY voice_id COLLATE \"C\"",
            &[&since_ms],
        )
        .await
        .map_err(db)?;
    Ok(rows
        .into_iter()
        .map(|r| StoredReport {
            voice_id: r.get(0),
            report: r.get(1),
            versions: u64::try_from(r.get::<_, i64>(2)).unwrap_or(1),
            first_received_ms: r.get(3),
            last_received_ms: r.get(4),
        })
        .collect())
}

impl Store for PostgresStore {
    async fn store(&self, push: Push) -> Result<Stored, StoreError> {
        let (done, answer) = oneshot::channel();
        let job = prepare(push, done)?;
        self.jobs.send(job).map_err(|_| StoreError::new("the writers have stopped"))?;
        answer.await.map_err(|_| StoreError::new("the writers have stopped"))?
    }

    /// A connection of its own, and the database not read-only (a standby, or
    /// `default_transaction_read_only`).
    async fn probe(&self) -> Result<(), StoreError> {
        let client = connect(&self.config).await?;
        let writable: bool = client
            .query_one(
                "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'",
                &[],
            )
            .await
            .map_err(db)?
            .get(0);
        if writable { Ok(()) } else { Err(StoreError::new(format!("{} is read-only", self.target))) }
    }
}

fn db(e: tokio_postgres::Error) -> StoreError {
    StoreError::caused_by("the database failed", e)
}

fn parse(url: &str) -> Result<Config, StoreError> {
    // The parser's message may quote the URL, password and all: say only what is wrong.
    Config::from_str(url).map_err(|_| {
        StoreError::new("not a PostgreSQL URL (postgres://user[:password]@host[:port]/database[?options])")
    })
}

pub(crate) fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        Some(tokio_postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}/{}", config.get_dbname().or(config.get_user()).unwrap_or("postgres"))
}

async fn connect(config: &Config) -> Result<Client, StoreError> {
    let target = describe(config);
    let (client, connection) = config
        .connect(NoTls)
        .await
        .map_err(|e| StoreError::caused_by(format!("cannot connect to {target}"), e))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!("the connection to {target} ended: {e}");
        }
    });
    Ok(client)
}

/// A connection for reading a store that exists: its schema is neither created nor changed, and
/// a database without it is refused.
pub(crate) async fn read(url: &str) -> Result<Client, StoreError> {
    let client = connect(&parse(url)?).await?;
    let version = schema_version(&client).await?;
    if version == 0 {
        return Err(StoreError::new("not a receiver's database (it has no `itnio_receiver_schema` table)"));
    }
    Ok(client)
}

async fn schema_version(client: &impl tokio_postgres::GenericClient) -> Result<usize, StoreError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('itnio_receiver_schema') IS NOT NULL", &[])
        .await
        .map_err(db)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let version: i32 = client
        .query_one("SELECT coalesce(max(version), 0) FROM itnio_receiver_schema", &[])
        .await
        .map_err(db)?
        .get(0);
    let version = usize::try_from(version).unwrap_or(0);
    if version > MIGRATIONS.len() {
        return Err(StoreError::new(format!(
            "the database's schema is version {version}, newer than this receiver knows ({}): upgrade the receiver",
            MIGRATIONS.len()
        )));
    }
    Ok(version)
}

/// Brings the schema to the latest version, under an advisory lock, so that receivers started
/// at once migrate one after the other.
async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await.map_err(db)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).await.map_err(db)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS itnio_receiver_schema (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .await
    .map_err(db)?;
    let current = schema_version(&tx).await?;
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql).await.map_err(|e| {
            StoreError::caused_by(format!("migration to schema version {} failed", version + 1), e)
        })?;
        let version = i32::try_from(version + 1).unwrap_or(i32::MAX);
        tx.execute("INSERT INTO itnio_receiver_schema (version) VALUES ($1)", &[&version])
            .await
            .map_err(db)?;
    }
    tx.commit().await.map_err(db)
}

fn prepare(push: Push, done: oneshot::Sender<Result<Stored, StoreError>>) -> Result<Job, StoreError> {
    let mut job = Job { at: push.received_at_ms, reports: Vec::new(), raw: Vec::new(), done };
    match &push.reports {
        Err(reason) => job.raw.push((reason.clone(), push.body.to_vec())),
        Ok(reports) => {
            for report in reports {
                // Written back as received: members the spec does not know, and values a field
                // could not hold, are in it too.
                let json = serde_json::to_string(report)
                    .map_err(|e| StoreError::caused_by("a report did not serialize", e))?;
                match report.voice_id.as_deref().filter(|v| !v.is_empty()) {
                    Some(voice_id) => job.reports.push((voice_id.to_owned(), json)),
                    None => job.raw.push(("a report without voiceId".to_owned(), json.into_bytes())),
                }
            }
        }
    }
    Ok(job)
}

/// A connection with the statements a group commit runs.
struct Conn {
    client: Client,
    upsert: Statement,
    touch: Statement,
    keep_raw: Statement,
}

struct Writer {
    config: Config,
    conn: Option<Conn>,
    commit_timeout: Duration,
}

impl Writer {
    async fn ready(client: Client) -> Result<Conn, StoreError> {
        let upsert = client.prepare(UPSERT).await.map_err(db)?;
        let touch = client.prepare(TOUCH).await.map_err(db)?;
        let keep_raw = client.prepare(KEEP_RAW).await.map_err(db)?;
        Ok(Conn { client, upsert, touch, keep_raw })
    }

    /// Takes every job waiting, up to [`MAX_GROUP`], commits them in one transaction, answers
    /// each; until the store is dropped.
    async fn run(mut self, queue: Arc<Mutex<mpsc::UnboundedReceiver<Job>>>) {
        loop {
            let jobs = {
                let mut queue = queue.lock().await;
                let Some(first) = queue.recv().await else { return };
                let mut jobs = vec![first];
                while jobs.len() < MAX_GROUP {
                    match queue.try_recv() {
                        Ok(job) => jobs.push(job),
                        Err(_) => break,
                    }
                }
                jobs
            };
            let outcome = match tokio::time::timeout(self.commit_timeout, self.commit_group(&jobs)).await {
                Ok(outcome) => outcome,
                Err(_) => Err(StoreError::new(format!(
                    "the database did not commit within {:?}",
                    self.commit_timeout
                ))),
            };
            if outcome.is_err() {
                // Whatever state the connection is in (broken, mid-transaction, timed out), a
                // new one is opened for the next group.
                self.conn = None;
            }
            crate::store::answer_group(jobs.into_iter().map(|job| job.done), outcome);
        }
    }

    /// Commits, trying again (a few times) when the database aborted the transaction for a
    /// conflict with another receiver's.
    async fn commit_group(&mut self, jobs: &[Job]) -> Result<Vec<Stored>, StoreError> {
        let mut attempt = 0;
        loop {
            let open = match self.conn.take() {
                Some(conn) if !conn.client.is_closed() => conn,
                _ => Self::ready(connect(&self.config).await?).await?,
            };
            let conn = self.conn.insert(open);
            match commit(conn, jobs).await {
                Err(e) if attempt < 3 && conflict(&e) => {
                    attempt += 1;
                    self.conn = None;
                }
                outcome => return outcome.map_err(db),
            }
        }
    }
}

fn conflict(e: &tokio_postgres::Error) -> bool {
    matches!(e.code(), Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE)
}

/// One report of a group: whose job, which `voiceId`, and the report.
struct Row<'a> {
    job: usize,
    voice_id: &'a str,
    report: &'a str,
    at: i64,
}

/// The group's reports in rounds: round k holds each `voiceId`'s k-th occurrence, so one
/// statement never touches a row twice and a later occurrence is compared with an earlier one,
/// as if the pushes were stored one after another.
fn rounds(jobs: &[Job]) -> Vec<Vec<Row<'_>>> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut rounds: Vec<Vec<Row<'_>>> = Vec::new();
    for (job, j) in jobs.iter().enumerate() {
        for (voice_id, report) in &j.reports {
            let k = seen.entry(voice_id).or_insert(0);
            if rounds.len() <= *k {
                rounds.push(Vec::new());
            }
            rounds[*k].push(Row { job, voice_id, report, at: j.at });
            *k += 1;
        }
    }
    for round in &mut rounds {
        round.sort_unstable_by(|a, b| a.voice_id.cmp(b.voice_id));
    }
    rounds
}

async fn commit(conn: &mut Conn, jobs: &[Job]) -> Result<Vec<Stored>, tokio_postgres::Error> {
    let mut stored = vec![Stored::default(); jobs.len()];
    let tx = conn.client.transaction().await?;
    let (mut at, mut reasons, mut bodies) = (Vec::new(), Vec::new(), Vec::new());
    for (i, job) in jobs.iter().enumerate() {
        for (reason, body) in &job.raw {
            at.push(job.at);
            reasons.push(reason.as_str());
            bodies.push(body.as_slice());
            stored[i].kept_raw += 1;
        }
    }
    if !at.is_empty() {
        tx.execute(&conn.keep_raw, &[&at, &reasons, &bodies]).await?;
    }
    for round in rounds(jobs) {
        let ids: Vec<&str> = round.iter().map(|r| r.voice_id).collect();
        let reports: Vec<&str> = round.iter().map(|r| r.report).collect();
        let times: Vec<i64> = round.iter().map(|r| r.at).collect();
        let written: HashMap<String, bool> = tx
            .query(&conn.upsert, &[&ids, &reports, &times])
            .await?
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        let (mut same, mut same_at) = (Vec::new(), Vec::new());
        for row in &round {
            let counts = &mut stored[row.job];
            match written.get(row.voice_id) {
                Some(true) => counts.new += 1,
                Some(false) => counts.changed += 1,
                None => {
                    counts.unchanged += 1;
                    same.push(row.voice_id);
                    same_at.push(row.at);
                }
            }
        }
        if !same.is_empty() {
            tx.execute(&conn.touch, &[&same, &same_at]).await?;
        }
    }
    tx.commit().await?;
    Ok(stored)
}
