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
            Dialect::Postgres => "ANALYZE",
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

    /// SQL of a substring test `column LIKE %fragment%` that an index can serve:
    /// FTS5's trigram index in SQLite, pg_trgm's GIN index in PostgreSQL. `param` is the
    /// placeholder of the LIKE pattern (see [`like_contains`]). The caller rechecks with
    /// an exact `instr`/`strpos` where `_` in the pattern could over-match.
    pub fn contains_indexed(self, column: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!(
                "c.rowid IN (SELECT rowid FROM client_contacts_fts WHERE {column} LIKE {param})"
            ),
            Dialect::Postgres => format!("c.{column} LIKE {param}"),
        }
    }

    /// Exact substring test, a plain function call in both.
    pub fn contains_exact(self, column: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("instr(c.{column}, {param}) > 0"),
            Dialect::Postgres => format!("strpos(c.{column}, {param}) > 0"),
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
