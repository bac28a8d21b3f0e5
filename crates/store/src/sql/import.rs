//! Importing clients (SPEC §9): one transaction per file, fed chunk by chunk, each row
//! matched by email then by name, creating or updating only what differs (notes are
//! appended). Every change is recorded so that the batch can be undone.

use std::collections::HashMap;

use async_trait::async_trait;
use serde_json::json;

use super::bulk::insert_rows;
use super::clients::ClientColumns;
use super::import_match::{best_match, existing, new_client, update_working, Working};
use super::{audit, outbox, Dialect, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::WebhookEvent;
use crate::traits::ImportSession;

/// Created plus updated rows from which an import refreshes the planner statistics.
const BIG_IMPORT_ROWS: u64 = 10_000;

/// Created rows after which PostgreSQL's statistics are first refreshed mid-import.
const FIRST_ANALYZE_ROWS: u64 = 5_000;

/// What this import did to a client so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touch {
    Created,
    Updated,
}

pub struct SqlImport {
    tx: Option<Tx>,
    /// For the clean-up after commit.
    pool: sqlx::AnyPool,
    dialect: Dialect,
    business: BusinessId,
    batch_id: i64,
    meta: ImportMeta,
    now: Millis,
    counts: [u64; 3],
    /// Created rows at which PostgreSQL's statistics are next refreshed (see
    /// [`SqlImport::refresh_statistics`]).
    next_analyze_at: u64,
    touched: HashMap<i64, Touch>,
    /// Whether webhooks listen to `client.created` / `client.updated` (read once).
    listened: [bool; 2],
}

pub async fn begin(
    store: &SqlStore,
    business: BusinessId,
    meta: ImportMeta,
    now: Millis,
) -> StoreResult<SqlImport> {
    let mut tx = store.write_tx().await?;
    if store.dialect == Dialect::Postgres {
        // The trigram GIN indexes take new entries into their pending list and merge it
        // in one go (see `finish`), instead of every 4 MB: most of an import's time else.
        // Lookups by email/name then must not go through those GIN indexes (only bitmap
        // scans can), which pg_trgm would offer for `=`: the b-trees answer them.
        sqlx::query("SET LOCAL gin_pending_list_limit = 262144")
            .execute(&mut *tx)
            .await?;
        sqlx::query("SET LOCAL enable_bitmapscan = off")
            .execute(&mut *tx)
            .await?;
    }
    let batch_id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    let listened = [
        outbox::subscribed(&mut tx, business, "client.created").await?,
        outbox::subscribed(&mut tx, business, "client.updated").await?,
    ];
    Ok(SqlImport {
        tx: Some(tx),
        pool: store.writer.clone(),
        dialect: store.dialect,
        business,
        batch_id,
        meta,
        now,
        counts: [0; 3],
        next_analyze_at: FIRST_ANALYZE_ROWS,
        touched: HashMap::new(),
        listened,
    })
}

#[async_trait]
impl ImportSession for SqlImport {
    async fn apply(&mut self, rows: &[ImportRow]) -> StoreResult<Vec<ImportRowResult>> {
        let tx = self
            .tx
            .as_mut()
            .ok_or_else(|| StoreError::Invalid("import already finished".into()))?;
        let cols: Vec<ClientColumns> = rows
            .iter()
            .map(|r| ClientColumns::from(&r.fields))
            .collect();
        let mut working = existing(tx, self.business, &cols).await?;
        // Index order is id order: ties between matches go to the oldest client.
        working.sort_by_key(|w| w.client.id);
        let mut by_email: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in working.iter().enumerate() {
            if let Some(email) = &w.client.email {
                by_email.entry(email.to_lowercase()).or_default().push(i);
            }
            by_name.entry(w.name_key.clone()).or_default().push(i);
        }
        let fresh_ids = self.dialect.alloc_ids(tx, rows.len()).await?;
        let mut results = Vec::with_capacity(rows.len());
        for (row_cols, fresh_id) in cols.into_iter().zip(fresh_ids) {
            let found = row_cols
                .email_lower
                .as_ref()
                .and_then(|e| by_email.get(e))
                .filter(|c| !c.is_empty())
                .or_else(|| by_name.get(&row_cols.name_key))
                .and_then(|c| best_match(&working, c, &row_cols));
            let result = match found {
                Some(i) => {
                    let before = working[i].client.email.as_ref().map(|e| e.to_lowercase());
                    let result = update_working(&mut working[i], &row_cols);
                    // A new email set by this row finds the client for the next rows, as
                    // it would in a later chunk.
                    if let Some(new) = row_cols
                        .email_lower
                        .as_ref()
                        .filter(|n| before.as_ref() != Some(*n))
                    {
                        if let Some(old) = before.and_then(|old| by_email.get_mut(&old)) {
                            old.retain(|&j| j != i);
                        }
                        let list = by_email.entry(new.clone()).or_default();
                        let at = list.partition_point(|&j| j < i);
                        list.insert(at, i);
                    }
                    result
                }
                None => {
                    let client = new_client(self.business, fresh_id, &row_cols, self.now);
                    let i = working.len();
                    if let Some(email) = &row_cols.email_lower {
                        by_email.entry(email.clone()).or_default().push(i);
                    }
                    by_name
                        .entry(row_cols.name_key.clone())
                        .or_default()
                        .push(i);
                    self.touched.insert(fresh_id, Touch::Created);
                    working.push(Working {
                        original: None,
                        client,
                        name_key: row_cols.name_key.clone(),
                        changed: true,
                        new: Some(row_cols),
                    });
                    ImportRowResult::Created
                }
            };
            self.counts[result as usize] += 1;
            results.push(result);
        }
        self.write(working).await?;
        self.refresh_statistics().await?;
        Ok(results)
    }

    async fn finish(mut self: Box<Self>, rejected: u64, details: &str) -> StoreResult<Option<i64>> {
        let mut tx = self
            .tx
            .take()
            .ok_or_else(|| StoreError::Invalid("import already finished".into()))?;
        if self.meta.dry_run {
            tx.rollback().await?;
            return Ok(None);
        }
        let [created, updated, unchanged] = self.counts;
        sqlx::query(
            "INSERT INTO import_batches (business_id, id, actor, file_name, kind, created_at, \
             created, updated, unchanged, rejected, details) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(self.business)
        .bind(self.batch_id)
        .bind(&self.meta.actor.0)
        .bind(&self.meta.file_name)
        .bind(self.meta.kind)
        .bind(self.now)
        .bind(created as i64)
        .bind(updated as i64)
        .bind(unchanged as i64)
        .bind(rejected as i64)
        .bind(details)
        .execute(&mut *tx)
        .await?;
        let details = json!({ "created": created, "updated": updated, "unchanged": unchanged, "rejected": rejected });
        audit::record(
            self.dialect,
            &mut tx,
            self.business,
            &self.meta.actor,
            "clients.imported",
            Some(self.batch_id),
            details,
            self.now,
        )
        .await?;
        tx.commit().await?;
        if self.dialect == Dialect::Postgres {
            // Merge the pending entries now rather than leave searches to scan them.
            sqlx::query(
                "SELECT gin_clean_pending_list('clients_email_trgm'::regclass), \
                 gin_clean_pending_list('clients_phone_trgm'::regclass)",
            )
            .execute(&self.pool)
            .await?;
        }
        if created + updated >= BIG_IMPORT_ROWS {
            // A big import changes the table's shape: without fresh statistics a planner
            // can take a freshly filled business for a tiny one (and sort it whole for
            // each page of an export, say) until autovacuum comes by.
            let analyze = match self.dialect {
                Dialect::Sqlite => "PRAGMA optimize=0x10002",
                Dialect::Postgres => "ANALYZE clients, client_words",
            };
            sqlx::query(analyze).execute(&self.pool).await?;
        }
        Ok(Some(self.batch_id))
    }
}

impl SqlImport {
    /// PostgreSQL plans each lookup from statistics that say the business being filled
    /// is tiny, and then walks all its rows through an unrelated index (16 ms a lookup
    /// at 100,000 rows: the import turned quadratic). `ANALYZE` inside the transaction
    /// counts its own new rows; run each time the created rows quadruple, it costs a
    /// few sampling passes in all.
    async fn refresh_statistics(&mut self) -> StoreResult<()> {
        let created = self.counts[ImportRowResult::Created as usize];
        if self.dialect != Dialect::Postgres || created < self.next_analyze_at {
            return Ok(());
        }
        let tx = self
            .tx
            .as_mut()
            .ok_or_else(|| StoreError::Invalid("import already finished".into()))?;
        sqlx::query("ANALYZE clients").execute(&mut **tx).await?;
        self.next_analyze_at = created.saturating_mul(4);
        Ok(())
    }

    /// Writes a chunk's creations and updates, with the records that undo needs.
    async fn write(&mut self, working: Vec<Working>) -> StoreResult<()> {
        let tx = self
            .tx
            .as_mut()
            .ok_or_else(|| StoreError::Invalid("import already finished".into()))?;
        let (created, updated): (Vec<Working>, Vec<Working>) = working
            .into_iter()
            .filter(|w| w.changed)
            .partition(|w| w.new.is_some());
        // Webhook events of the chunk, for the events some webhook listens to.
        let events: Vec<WebhookEvent> = created
            .iter()
            .filter(|_| self.listened[0])
            .map(|w| WebhookEvent::ClientCreated {
                client: w.client.clone(),
            })
            .chain(updated.iter().filter(|_| self.listened[1]).map(|w| {
                WebhookEvent::ClientUpdated {
                    client: w.client.clone(),
                }
            }))
            .collect();
        let per = self.dialect.rows_per_insert();
        let business = self.business;
        let now = self.now;
        // Rows created and then updated by a later row of the same chunk: write the final state.
        let mut ids = Vec::with_capacity(created.len());
        let mut created_cols = Vec::with_capacity(created.len());
        for w in created {
            let (Some(mut cols), c) = (w.new, w.client) else {
                continue;
            };
            cols.email_lower = c.email.as_ref().map(|e| e.to_lowercase());
            cols.email = c.email;
            cols.phone_digits = c
                .phone
                .as_ref()
                .map(|p| p.chars().filter(char::is_ascii_digit).collect());
            cols.phone = c.phone;
            cols.notes = c.notes;
            ids.push(c.id);
            created_cols.push(cols);
        }
        insert_rows(
            self.dialect,
            tx,
            "clients (business_id, id, first_name, last_name, sort_key, name_key, name_words, email, \
             email_lower, phone, phone_digits, notes, created_at, updated_at)",
            &created_cols,
            per,
            |p, i, c| {
                vec![
                    p.int(business), p.int(ids[i]), p.text(c.first_name.clone()), p.text(c.last_name.clone()),
                    p.text(c.sort_key.clone()), p.text(c.name_key.clone()), p.text(c.name_words.clone()),
                    p.opt_text(&c.email), p.opt_text(&c.email_lower), p.opt_text(&c.phone),
                    p.opt_text(&c.phone_digits), p.text(c.notes.clone()), p.int(now), p.int(now),
                ]
            },
            "",
        )
        .await?;
        let words: Vec<(i64, &String, &ClientColumns)> = created_cols
            .iter()
            .zip(&ids)
            .flat_map(|(c, id)| c.words.iter().map(move |w| (*id, w, c)))
            .collect();
        insert_rows(
            self.dialect,
            tx,
            "client_words (business_id, word, client_id, sort_key, name_words)",
            &words,
            per,
            |p, _, (id, word, c)| {
                vec![
                    p.int(business),
                    p.text((*word).clone()),
                    p.int(*id),
                    p.text(c.sort_key.clone()),
                    p.text(c.name_words.clone()),
                ]
            },
            "",
        )
        .await?;
        insert_rows(
            self.dialect,
            tx,
            "import_changes (business_id, batch_id, client_id, change, before, version_after)",
            &ids,
            per,
            |p, _, id| {
                vec![
                    p.int(business),
                    p.int(self.batch_id),
                    p.int(*id),
                    "'created'".into(),
                    "NULL".into(),
                    "1".into(),
                ]
            },
            "",
        )
        .await?;
        for event in &events {
            outbox::emit(self.dialect, tx, business, event, now).await?;
        }
        for w in updated {
            self.write_update(w).await?;
        }
        Ok(())
    }

    async fn write_update(&mut self, w: Working) -> StoreResult<()> {
        let tx = self
            .tx
            .as_mut()
            .ok_or_else(|| StoreError::Invalid("import already finished".into()))?;
        let c = &w.client;
        let previous = self.touched.get(&c.id).copied();
        // A client this import created keeps version 1: its creation record covers it.
        let bump = i64::from(previous != Some(Touch::Created));
        sqlx::query(
            "UPDATE clients SET email = $3, email_lower = $4, phone = $5, phone_digits = $6, \
             notes = $7, updated_at = $8, version = version + $9 WHERE business_id = $1 AND id = $2",
        )
        .bind(self.business)
        .bind(c.id)
        .bind(&c.email)
        .bind(c.email.as_ref().map(|e| e.to_lowercase()))
        .bind(&c.phone)
        .bind(c.phone.as_ref().map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>()))
        .bind(&c.notes)
        .bind(self.now)
        .bind(bump)
        .execute(&mut **tx)
        .await?;
        let version_after = c.version + bump;
        match previous {
            Some(Touch::Created) => {}
            Some(Touch::Updated) => {
                sqlx::query(
                    "UPDATE import_changes SET version_after = $4 \
                     WHERE business_id = $1 AND batch_id = $2 AND client_id = $3",
                )
                .bind(self.business)
                .bind(self.batch_id)
                .bind(c.id)
                .bind(version_after)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                let before = w.original.as_ref().map(|o| {
                    json!({ "email": o.email, "phone": o.phone, "notes": o.notes }).to_string()
                });
                sqlx::query(
                    "INSERT INTO import_changes (business_id, batch_id, client_id, change, before, \
                     version_after) VALUES ($1, $2, $3, 'updated', $4, $5)",
                )
                .bind(self.business)
                .bind(self.batch_id)
                .bind(c.id)
                .bind(before)
                .bind(version_after)
                .execute(&mut **tx)
                .await?;
                self.touched.insert(c.id, Touch::Updated);
            }
        }
        Ok(())
    }
}
