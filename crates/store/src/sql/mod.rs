//! One SQL implementation over sqlx's `Any` driver: the two backends share every query
//! that standard SQL can express, and [`Dialect`] holds the few that differ (substring
//! indexes, id allocation, transaction start). One copy of the queries cannot drift.

mod accounts;
mod activity;
mod appointments;
mod audit;
mod auth;
mod booking;
mod bulk;
mod clients;
mod delete;
mod dialect;
mod export;
mod import;
mod import_match;
mod list;
mod merge;
mod moderation;
mod orders;
mod outbox;
mod outbox_impl;
mod rows;
mod search_sql;
mod sessions;
mod store_impl;
mod undo;
mod webhooks;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::error::{StoreError, StoreResult};

use crate::traits::Store;
pub(crate) use dialect::Dialect;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub url: String,
    /// Connections in the read pool (PostgreSQL: the whole pool).
    pub max_connections: u32,
}

impl ConnectOptions {
    pub fn new(url: impl Into<String>) -> Self {
        ConnectOptions {
            url: url.into(),
            max_connections: 8,
        }
    }
}

/// The database URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

pub struct SqlStore {
    /// SQLite: a single connection, so writers queue here instead of failing "database is locked".
    writer: AnyPool,
    reader: AnyPool,
    dialect: Dialect,
}

/// Opens (creating if needed) the database named by the URL and migrates it.
pub async fn connect(options: &ConnectOptions) -> StoreResult<Arc<dyn Store>> {
    sqlx::any::install_default_drivers();
    let url = options.url.as_str();
    let store = if url.starts_with("sqlite:") {
        connect_sqlite(url, options.max_connections).await?
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        connect_postgres(url, options.max_connections).await?
    } else {
        return Err(StoreError::UnsupportedUrl(format!(
            "{} (use sqlite:FILE or postgres://…)",
            redact_url(url)
        )));
    };
    store.migrate().await?;
    Ok(Arc::new(store))
}

async fn connect_sqlite(url: &str, readers: u32) -> StoreResult<SqlStore> {
    let url = if url.contains("mode=") {
        url.to_string()
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let writer = AnyPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(60))
        .after_connect(sqlite_writer_pragmas)
        .connect_with(options.clone())
        .await?;
    let reader = AnyPoolOptions::new()
        .max_connections(readers.max(1))
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(sqlite_reader_pragmas)
        .connect_with(options)
        .await?;
    Ok(SqlStore {
        writer,
        reader,
        dialect: Dialect::Sqlite,
    })
}

type ConnectFuture<'c> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'c>>;

/// WAL so readers never block the writer; a busy timeout so a second process (the CLI
/// beside the server) waits instead of failing. Readers map up to 256 MiB of the file
/// (fewer copies on list pages); the writer maps none: a million-row import touches
/// every page of the growing file, and mapped pages count as the process's memory.
fn sqlite_reader_pragmas(
    conn: &mut sqlx::AnyConnection,
    _meta: sqlx::pool::PoolConnectionMetadata,
) -> ConnectFuture<'_> {
    Box::pin(sqlite_pragmas(conn, 256 << 20))
}

fn sqlite_writer_pragmas(
    conn: &mut sqlx::AnyConnection,
    _meta: sqlx::pool::PoolConnectionMetadata,
) -> ConnectFuture<'_> {
    Box::pin(sqlite_pragmas(conn, 0))
}

async fn sqlite_pragmas(
    conn: &mut sqlx::AnyConnection,
    mmap_bytes: u64,
) -> Result<(), sqlx::Error> {
    conn.execute(
        format!(
            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
             PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; \
             PRAGMA mmap_size = {mmap_bytes};"
        )
        .as_str(),
    )
    .await?;
    Ok(())
}

/// JIT compilation costs 50–100 ms per query whose estimate looks big (a count over a
/// million rows) and never pays back on this OLTP workload. Prepared statements are
/// planned for their actual values every time: a generic plan cannot know whether a
/// search matches ten clients or half a million, and the wrong guess costs minutes.
fn postgres_settings(
    conn: &mut sqlx::AnyConnection,
    _meta: sqlx::pool::PoolConnectionMetadata,
) -> ConnectFuture<'_> {
    Box::pin(async move {
        conn.execute("SET jit = off; SET plan_cache_mode = force_custom_plan")
            .await?;
        Ok(())
    })
}

async fn connect_postgres(url: &str, max_connections: u32) -> StoreResult<SqlStore> {
    let options = AnyConnectOptions::from_str(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections.max(2))
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(postgres_settings)
        .connect_with(options)
        .await?;
    Ok(SqlStore {
        writer: pool.clone(),
        reader: pool,
        dialect: Dialect::Postgres,
    })
}

pub(crate) type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl SqlStore {
    /// A write transaction. SQLite takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// read-then-write never fails halfway on lock upgrade.
    async fn write_tx(&self) -> StoreResult<Tx> {
        Ok(self.writer.begin_with(self.dialect.begin_write()).await?)
    }
}
