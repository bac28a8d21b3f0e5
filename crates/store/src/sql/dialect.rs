//! Everything that differs between SQLite and PostgreSQL, in one place.

use sqlx::Row;

use crate::error::StoreResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn begin_write(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    pub fn analyze(self) -> &'static str {
        match self {
            Dialect::Sqlite => "PRAGMA optimize=0x10002",
            // VACUUM too: index-only scans need the visibility map of freshly loaded rows.
            Dialect::Postgres => "VACUUM ANALYZE",
        }
    }

    /// Reserves `count` fresh ids (unique across all tables and businesses).
    pub async fn alloc_ids(
        self,
        conn: &mut sqlx::AnyConnection,
        count: usize,
    ) -> StoreResult<Vec<i64>> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let count = count as i64;
        match self {
            // SQLite has one writer at a time, so a counter row is race-free and cheap.
            Dialect::Sqlite => {
                let row = sqlx::query(
                    "UPDATE id_sequence SET next_id = next_id + $1 WHERE singleton = 1 \
                     RETURNING next_id - $1",
                )
                .bind(count)
                .fetch_one(&mut *conn)
                .await?;
                let first: i64 = row.try_get(0)?;
                Ok((first..first + count).collect())
            }
            Dialect::Postgres => {
                let rows = sqlx::query(
                    "SELECT nextval('clientele_ids') FROM generate_series(1, $1::bigint)",
                )
                .bind(count)
                .fetch_all(&mut *conn)
                .await?;
                rows.iter().map(|r| Ok(r.try_get::<i64, _>(0)?)).collect()
            }
        }
    }
}

impl Dialect {
    /// Row lock suffix for a read inside a write transaction (SQLite already holds the
    /// database write lock).
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// Shared row lock suffix (SQLite's write lock already covers it).
    pub fn for_share(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR SHARE",
        }
    }

    /// Serialises transactions that check-then-insert on the same key (a client name, an
    /// email), where no unique constraint can do it because homonyms are allowed.
    pub async fn lock_key(
        self,
        conn: &mut sqlx::AnyConnection,
        business: i64,
        key: &str,
    ) -> StoreResult<()> {
        if self == Dialect::Postgres {
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, $2))) l")
                .bind(key.to_string())
                .bind(business)
                .fetch_one(&mut *conn)
                .await?;
        }
        Ok(())
    }
}
