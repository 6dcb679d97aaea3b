//! Either store, named the way a user names it: a SQLite path or a `postgres://` URL, for
//! `itnio receive --db` and every `itnio reports` command.

use crate::{
    KeptRaw, PostgresOptions, PostgresStore, Push, SqliteStore, Store, StoreError, Stored, StoredReport,
    Totals,
};
use std::fmt;
use std::path::PathBuf;

/// Where a receiver's reports are.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its URL (which may hold a password, so it is never printed).
    Postgres(String),
}

impl Database {
    /// A `postgres://` or `postgresql://` URL names a PostgreSQL database; anything else is a
    /// SQLite file's path.
    pub fn parse(text: &str) -> Database {
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Database::Postgres(text.to_owned())
        } else {
            Database::Sqlite(PathBuf::from(text))
        }
    }

    /// Opens the store, creating its file or schema where missing.
    ///
    /// # Errors
    /// When the file cannot be created or opened, or the database cannot be reached.
    pub async fn open(&self, options: PostgresOptions) -> Result<AnyStore, StoreError> {
        match self {
            Database::Sqlite(path) => SqliteStore::open(path).map(AnyStore::Sqlite),
            Database::Postgres(url) => PostgresStore::connect(url, options).await.map(AnyStore::Postgres),
        }
    }

    /// Every stored report as received, in `voiceId` order. A store that does not exist is an
    /// error: reading never creates one.
    pub async fn reports(&self) -> Result<Vec<StoredReport>, StoreError> {
        match self {
            Database::Sqlite(path) => {
                exists(path)?;
                blocking(path.clone(), SqliteStore::reports).await
            }
            Database::Postgres(url) => PostgresStore::reports(url).await,
        }
    }

    /// The reports that arrived (first, again or as a new version) at or after `since_ms`.
    pub async fn reports_changed_since(&self, since_ms: i64) -> Result<Vec<StoredReport>, StoreError> {
        match self {
            Database::Sqlite(path) => {
                exists(path)?;
                let path = path.clone();
                tokio::task::spawn_blocking(move || SqliteStore::reports_changed_since(path, since_ms))
                    .await
                    .map_err(|e| StoreError::caused_by("the read stopped", e))?
            }
            Database::Postgres(url) => PostgresStore::reports_changed_since(url, since_ms).await,
        }
    }

    /// What the store holds.
    pub async fn totals(&self) -> Result<Totals, StoreError> {
        match self {
            Database::Sqlite(path) => {
                exists(path)?;
                blocking(path.clone(), SqliteStore::totals).await
            }
            Database::Postgres(url) => PostgresStore::totals(url).await,
        }
    }

    /// Every body or report kept raw.
    pub async fn kept_raw(&self) -> Result<Vec<KeptRaw>, StoreError> {
        match self {
            Database::Sqlite(path) => {
                exists(path)?;
                blocking(path.clone(), SqliteStore::kept_raw).await
            }
            Database::Postgres(url) => PostgresStore::kept_raw(url).await,
        }
    }
}

fn exists(path: &std::path::Path) -> Result<(), StoreError> {
    if path.is_file() { Ok(()) } else { Err(StoreError::new("no such file")) }
}

async fn blocking<T: Send + 'static>(
    path: PathBuf,
    read: fn(PathBuf) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(move || read(path))
        .await
        .map_err(|e| StoreError::caused_by("the read stopped", e))?
}

/// Reads a store again and again (the live page does, every second) on one connection, opened
/// again after an error, rather than a connection a read.
pub struct Reader {
    db: Database,
    postgres: Option<tokio_postgres::Client>,
}

impl Reader {
    /// A reader of `db`; it connects on its first read.
    pub fn new(db: Database) -> Reader {
        Reader { db, postgres: None }
    }

    /// As [`Database::reports_changed_since`].
    pub async fn reports_changed_since(&mut self, since_ms: i64) -> Result<Vec<StoredReport>, StoreError> {
        let Database::Postgres(url) = &self.db else { return self.db.reports_changed_since(since_ms).await };
        let client = match self.postgres.take() {
            Some(client) if !client.is_closed() => client,
            _ => crate::postgres::read(url).await?,
        };
        let read = crate::postgres::changed_since(&client, since_ms).await;
        if read.is_ok() {
            self.postgres = Some(client);
        }
        read
    }
}

impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reader({})", self.db)
    }
}

/// The path, or `host:port/database` of the URL: never its user or password.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => match url.parse::<tokio_postgres::Config>() {
                Ok(config) => f.write_str(&crate::postgres::describe(&config)),
                Err(_) => f.write_str("the PostgreSQL URL given"),
            },
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Database({self})")
    }
}

/// Either store, as [`Database::open`] gives it.
#[derive(Debug)]
pub enum AnyStore {
    /// A SQLite file.
    Sqlite(SqliteStore),
    /// A PostgreSQL database.
    Postgres(PostgresStore),
}

impl Store for AnyStore {
    async fn store(&self, push: Push) -> Result<Stored, StoreError> {
        match self {
            AnyStore::Sqlite(s) => s.store(push).await,
            AnyStore::Postgres(s) => s.store(push).await,
        }
    }

    async fn probe(&self) -> Result<(), StoreError> {
        match self {
            AnyStore::Sqlite(s) => s.probe().await,
            AnyStore::Postgres(s) => s.probe().await,
        }
    }
}
