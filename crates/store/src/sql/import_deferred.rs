//! SQLite: an import's new clients enter the contact search (FTS5) and the client
//! counter a few thousand at a time instead of through the per-row insert triggers
//! (migration 0008_bulk_loads.sql says why and how the triggers stand aside).

use super::Tx;
use crate::error::StoreResult;
use crate::model::BusinessId;

/// Created clients indexed in one statement: big FTS5 segments, few merges, and the
/// statement's pending terms stay a few MB.
const FLUSH_ROWS: u64 = 20_000;

/// Created clients not yet in the contact search nor in the counter.
pub struct DeferredIndex {
    business: BusinessId,
    /// Smallest and largest id among them. Every id in between was allocated in the
    /// import's transaction, so the range holds the import's own new rows and no other.
    range: Option<(i64, i64)>,
    count: u64,
}

impl DeferredIndex {
    /// Marks the business as being loaded, for the import's transaction only.
    pub async fn begin(tx: &mut Tx, business: BusinessId) -> StoreResult<DeferredIndex> {
        sqlx::query("INSERT INTO bulk_loads (business_id) VALUES ($1)")
            .bind(business)
            .execute(&mut **tx)
            .await?;
        Ok(DeferredIndex {
            business,
            range: None,
            count: 0,
        })
    }

    /// Notes clients just inserted; flushes once enough are waiting.
    pub async fn created(&mut self, tx: &mut Tx, ids: &[i64]) -> StoreResult<()> {
        let (Some(&low), Some(&high)) = (ids.iter().min(), ids.iter().max()) else {
            return Ok(());
        };
        self.range = Some(match self.range {
            Some((a, b)) => (a.min(low), b.max(high)),
            None => (low, high),
        });
        self.count += ids.len() as u64;
        if self.count >= FLUSH_ROWS {
            self.flush(tx).await?;
        }
        Ok(())
    }

    /// Whether `id` was created by the import and is not indexed yet: an update to it
    /// would index it through the update trigger, and the flush again.
    pub fn is_pending(&self, id: i64) -> bool {
        self.range
            .is_some_and(|(low, high)| (low..=high).contains(&id))
    }

    /// Indexes and counts the waiting clients.
    pub async fn flush(&mut self, tx: &mut Tx) -> StoreResult<()> {
        let Some((low, high)) = self.range.take() else {
            return Ok(());
        };
        sqlx::query(
            "INSERT INTO client_contacts_fts (rowid, email_lower, phone_digits, business_id, \
             client_id, sort_key) SELECT rowid, email_lower, phone_digits, business_id, id, sort_key \
             FROM clients WHERE business_id = $1 AND id BETWEEN $2 AND $3 \
             AND (email_lower IS NOT NULL OR phone_digits IS NOT NULL)",
        )
        .bind(self.business)
        .bind(low)
        .bind(high)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO business_counters (business_id, clients) VALUES ($1, $2) \
             ON CONFLICT (business_id) DO UPDATE SET clients = clients + excluded.clients",
        )
        .bind(self.business)
        .bind(self.count as i64)
        .execute(&mut **tx)
        .await?;
        self.count = 0;
        Ok(())
    }

    /// Flushes the rest and lifts the mark: to run just before the commit.
    pub async fn end(mut self, tx: &mut Tx) -> StoreResult<()> {
        self.flush(tx).await?;
        sqlx::query("DELETE FROM bulk_loads WHERE business_id = $1")
            .bind(self.business)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}
