//! Webhook registrations of a business (SPEC §10). Deliveries go through the outbox.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::*;

fn webhook_from_row(row: &AnyRow) -> StoreResult<Webhook> {
    let events: String = row.try_get(3)?;
    Ok(Webhook {
        id: row.try_get(0)?,
        url: row.try_get(1)?,
        secret: row.try_get(2)?,
        events: events.split_whitespace().map(str::to_string).collect(),
        created_at: row.try_get(4)?,
    })
}

/// Registers `url` for `events` (already validated names) with its signing secret.
pub async fn create(
    store: &SqlStore,
    business: BusinessId,
    url: &str,
    secret: &str,
    events: &[String],
    now: Millis,
) -> StoreResult<Webhook> {
    if events.iter().any(|e| !WEBHOOK_EVENTS.contains(&e.as_str())) {
        return Err(StoreError::Invalid("unknown webhook event".into()));
    }
    let mut tx = store.write_tx().await?;
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    // Stored as ` a b `: a subscription test is one LIKE '% name %'.
    let stored = format!(" {} ", events.join(" "));
    sqlx::query(
        "INSERT INTO webhooks (business_id, id, url, secret, events, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(business)
    .bind(id)
    .bind(url)
    .bind(secret)
    .bind(&stored)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Webhook {
        id,
        url: url.to_string(),
        secret: secret.to_string(),
        events: events.to_vec(),
        created_at: now,
    })
}

pub async fn list(store: &SqlStore, business: BusinessId) -> StoreResult<Vec<Webhook>> {
    let rows = sqlx::query(
        "SELECT id, url, secret, events, created_at FROM webhooks WHERE business_id = $1 ORDER BY id",
    )
    .bind(business)
    .fetch_all(&store.reader)
    .await?;
    rows.iter().map(webhook_from_row).collect()
}

pub async fn get(store: &SqlStore, business: BusinessId, id: i64) -> StoreResult<Option<Webhook>> {
    let row = sqlx::query(
        "SELECT id, url, secret, events, created_at FROM webhooks WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(id)
    .fetch_optional(&store.reader)
    .await?;
    row.as_ref().map(webhook_from_row).transpose()
}

/// Removes the registration; its deliveries still queued are dropped with it (they
/// would have nowhere to be signed from). `NotFound` for an unknown id.
pub async fn delete(store: &SqlStore, business: BusinessId, id: i64) -> StoreResult<()> {
    let mut tx = store.write_tx().await?;
    let gone = sqlx::query("DELETE FROM webhooks WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if gone == 0 {
        return Err(StoreError::NotFound);
    }
    sqlx::query(
        "DELETE FROM outbox WHERE business_id = $1 AND webhook_id = $2 AND status IN ('queued', 'failed')",
    )
    .bind(business)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
