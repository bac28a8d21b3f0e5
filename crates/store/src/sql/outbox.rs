//! The outbox (SPEC §10, §11): emails and webhook deliveries written with the change
//! that causes them, then claimed by workers under a lease. Claiming uses
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL, so that two servers never hold the same row;
//! SQLite's single writer serialises claims by itself.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Dialect, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::*;

const OUTBOX_COLUMNS: &str = "business_id, id, channel, kind, recipient, subject, body, \
     body_html, automatic, appointment_id, webhook_id, status, attempts, last_error, \
     next_attempt_at, created_at, sent_at";

fn item_from_row(row: &AnyRow) -> StoreResult<OutboxItem> {
    let channel: String = row.try_get(2)?;
    let channel = match channel.as_str() {
        "email" => Channel::Email,
        "webhook" => Channel::Webhook,
        other => return Err(StoreError::Corrupt(format!("outbox channel {other}"))),
    };
    let status: String = row.try_get(11)?;
    Ok(OutboxItem {
        business_id: row.try_get(0)?,
        id: row.try_get(1)?,
        channel,
        kind: row.try_get(3)?,
        recipient: row.try_get(4)?,
        subject: row.try_get(5)?,
        body: row.try_get(6)?,
        body_html: row.try_get(7)?,
        automatic: row.try_get::<i64, _>(8)? != 0,
        appointment_id: row.try_get(9)?,
        webhook_id: row.try_get(10)?,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("outbox status {status}")))?,
        attempts: row.try_get::<i64, _>(12)?,
        last_error: row.try_get(13)?,
        next_attempt_at: row.try_get(14)?,
        created_at: row.try_get(15)?,
        sent_at: row.try_get(16)?,
    })
}

/// Queues an email inside the caller's transaction; returns its id.
pub async fn queue_email(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    email: &NewEmail,
    now: Millis,
) -> StoreResult<i64> {
    let id = dialect.alloc_ids(conn, 1).await?[0];
    sqlx::query(
        "INSERT INTO outbox (business_id, id, channel, kind, recipient, subject, body, body_html, \
         automatic, appointment_id, status, created_at) \
         VALUES ($1, $2, 'email', $3, $4, $5, $6, $7, $8, $9, 'queued', $10)",
    )
    .bind(business)
    .bind(id)
    .bind(&email.kind)
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.html)
    .bind(i64::from(email.automatic))
    .bind(email.appointment_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Whether some webhook of the business listens to `event`: lets a caller skip building
/// an event nobody wants (reading a client back, say).
pub async fn subscribed(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    event: &str,
) -> StoreResult<bool> {
    let row =
        sqlx::query("SELECT 1 FROM webhooks WHERE business_id = $1 AND events LIKE $2 LIMIT 1")
            .bind(business)
            .bind(format!("% {event} %"))
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.is_some())
}

/// Records `event` for every webhook of the business subscribed to it, inside the
/// caller's transaction (nothing when none is: one indexed read).
pub async fn emit(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    event: &WebhookEvent,
    now: Millis,
) -> StoreResult<()> {
    let name = event.name();
    let hooks = sqlx::query(
        "SELECT id, url FROM webhooks WHERE business_id = $1 AND events LIKE $2 ORDER BY id",
    )
    .bind(business)
    .bind(format!("% {name} %"))
    .fetch_all(&mut *conn)
    .await?;
    if hooks.is_empty() {
        return Ok(());
    }
    let body = serde_json::to_string(event)
        .map_err(|e| StoreError::Corrupt(format!("webhook event: {e}")))?;
    let ids = dialect.alloc_ids(conn, hooks.len()).await?;
    for (hook, id) in hooks.iter().zip(ids) {
        sqlx::query(
            "INSERT INTO outbox (business_id, id, channel, kind, recipient, body, webhook_id, \
             status, created_at) VALUES ($1, $2, 'webhook', $3, $4, $5, $6, 'queued', $7)",
        )
        .bind(business)
        .bind(id)
        .bind(name)
        .bind(hook.try_get::<String, _>(1)?)
        .bind(&body)
        .bind(hook.try_get::<i64, _>(0)?)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn enqueue_email(
    store: &SqlStore,
    business: BusinessId,
    email: &NewEmail,
    now: Millis,
) -> StoreResult<OutboxItem> {
    let mut tx = store.write_tx().await?;
    let id = queue_email(store.dialect, &mut tx, business, email, now).await?;
    let item = item(&mut tx, business, id).await?;
    tx.commit().await?;
    item.ok_or(StoreError::NotFound)
}

async fn item(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
) -> StoreResult<Option<OutboxItem>> {
    let row = sqlx::query(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE business_id = $1 AND id = $2"
    ))
    .bind(business)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(item_from_row).transpose()
}

/// A business's rows of one channel, newest first, `before` an id for the next page.
pub async fn list(
    store: &SqlStore,
    business: BusinessId,
    channel: Channel,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<OutboxItem>> {
    let rows = sqlx::query(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE business_id = $1 AND channel = $2 \
         AND id < $3 ORDER BY id DESC LIMIT $4"
    ))
    .bind(business)
    .bind(channel.as_str())
    .bind(before.unwrap_or(i64::MAX))
    .bind(i64::from(limit))
    .fetch_all(&store.reader)
    .await?;
    rows.iter().map(item_from_row).collect()
}

pub async fn get(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
) -> StoreResult<Option<OutboxItem>> {
    let mut conn = store.reader.acquire().await?;
    item(&mut conn, business, id).await
}

/// Puts a failed, unsent or suppressed row back in the queue with fresh attempts.
/// `NotFound` for an unknown id, `Conflict` for a row queued, in delivery or sent.
pub async fn retry(store: &SqlStore, business: BusinessId, id: i64) -> StoreResult<OutboxItem> {
    let mut tx = store.write_tx().await?;
    let current = item(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !matches!(
        current.status,
        OutboxStatus::Failed | OutboxStatus::NotSent | OutboxStatus::Suppressed
    ) {
        return Err(StoreError::Conflict(format!(
            "this {} is {}: only a failed or unsent one can be retried",
            current.channel.as_str(),
            current.status.as_str()
        )));
    }
    sqlx::query(
        "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = 0, \
         lease_until = NULL, lease_token = NULL WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let item = item(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(item)
}

/// Claims up to `limit` rows that are due (queued and past their next attempt, or whose
/// lease expired with a worker that died), for `lease_ms` from `now` (wall clock).
pub async fn claim(
    store: &SqlStore,
    channel: Channel,
    now: Millis,
    lease_ms: i64,
    token: &str,
    limit: u32,
) -> StoreResult<Vec<OutboxItem>> {
    let skip_locked = match store.dialect {
        Dialect::Sqlite => "",
        Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
    };
    // Idle workers poll every second: a read tells them nothing is due without taking
    // the write lock (SQLite's single writer, an import's long transaction).
    let due = sqlx::query(
        "SELECT 1 FROM outbox WHERE channel = $1 AND ((status = 'queued' AND next_attempt_at <= $2) \
         OR (status = 'sending' AND lease_until < $2)) LIMIT 1",
    )
    .bind(channel.as_str())
    .bind(now)
    .fetch_optional(&store.reader)
    .await?;
    if due.is_none() {
        return Ok(Vec::new());
    }
    let mut tx = store.write_tx().await?;
    let rows = sqlx::query(&format!(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = $1, \
         lease_token = $2 WHERE (business_id, id) IN (SELECT business_id, id FROM outbox \
         WHERE channel = $3 AND ((status = 'queued' AND next_attempt_at <= $4) \
         OR (status = 'sending' AND lease_until < $4)) \
         ORDER BY next_attempt_at, id LIMIT $5{skip_locked}) RETURNING {OUTBOX_COLUMNS}"
    ))
    .bind(now + lease_ms)
    .bind(token)
    .bind(channel.as_str())
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    rows.iter().map(item_from_row).collect()
}

/// Records what became of a claimed row. Only the holder of the lease (`token`) can:
/// a worker whose lease expired and was taken over learns it by `Ok(false)`.
pub async fn complete(
    store: &SqlStore,
    item: &OutboxItem,
    token: &str,
    outcome: &DeliveryOutcome,
    now: Millis,
) -> StoreResult<bool> {
    let (status, error, next, sent_at) = match outcome {
        DeliveryOutcome::Sent => (OutboxStatus::Sent, None, item.next_attempt_at, Some(now)),
        DeliveryOutcome::Failed {
            error,
            retry_at: Some(at),
        } => (OutboxStatus::Queued, Some(error.as_str()), *at, None),
        DeliveryOutcome::Failed {
            error,
            retry_at: None,
        } => (
            OutboxStatus::Failed,
            Some(error.as_str()),
            item.next_attempt_at,
            None,
        ),
        DeliveryOutcome::Kept { status, reason } => {
            (*status, Some(reason.as_str()), item.next_attempt_at, None)
        }
    };
    let mut tx = store.write_tx().await?;
    let done = sqlx::query(
        "UPDATE outbox SET status = $4, last_error = $5, next_attempt_at = $6, sent_at = $7, \
         lease_until = NULL, lease_token = NULL \
         WHERE business_id = $1 AND id = $2 AND lease_token = $3 AND status = 'sending'",
    )
    .bind(item.business_id)
    .bind(item.id)
    .bind(token)
    .bind(status.as_str())
    .bind(error)
    .bind(next)
    .bind(sent_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if let (1, Channel::Email, Some(appointment), Some(at)) =
        (done, item.channel, item.appointment_id, sent_at)
    {
        sqlx::query(
            "UPDATE appointments SET confirmation_sent_at = $3 WHERE business_id = $1 AND id = $2",
        )
        .bind(item.business_id)
        .bind(appointment)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(done == 1)
}

/// `client.deleted` for each of `ids` that exists, when some webhook listens to it.
pub async fn emit_deleted(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    ids: &[i64],
    now: Millis,
) -> StoreResult<()> {
    if ids.is_empty() || !subscribed(conn, business, "client.deleted").await? {
        return Ok(());
    }
    for &client_id in ids {
        let exists = sqlx::query("SELECT 1 FROM clients WHERE business_id = $1 AND id = $2")
            .bind(business)
            .bind(client_id)
            .fetch_optional(&mut *conn)
            .await?;
        if exists.is_some() {
            emit(
                dialect,
                conn,
                business,
                &WebhookEvent::ClientDeleted { client_id },
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// `client.created` or `client.updated` (`created`) for each of `ids`, read back as they
/// now are, when some webhook listens to it.
pub async fn emit_clients(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    ids: &[i64],
    created: bool,
    now: Millis,
) -> StoreResult<()> {
    let name = if created {
        "client.created"
    } else {
        "client.updated"
    };
    if ids.is_empty() || !subscribed(conn, business, name).await? {
        return Ok(());
    }
    for &id in ids {
        if let Some(client) = super::clients::fetch_client(conn, business, id).await? {
            let event = if created {
                WebhookEvent::ClientCreated { client }
            } else {
                WebhookEvent::ClientUpdated { client }
            };
            emit(dialect, conn, business, &event, now).await?;
        }
    }
    Ok(())
}

/// Rows deleted per statement by [`purge`]: the writer is never held long.
const PURGE_BATCH: i64 = 1_000;

/// See [`OutboxStore::purge_outbox`](crate::traits::OutboxStore::purge_outbox). In
/// short transactions of [`PURGE_BATCH`] rows, so that bookings keep writing meanwhile.
pub async fn purge(store: &SqlStore, before: Millis) -> StoreResult<u64> {
    let mut purged = 0;
    loop {
        let deleted = sqlx::query(
            "DELETE FROM outbox WHERE (business_id, id) IN (SELECT business_id, id FROM outbox \
             WHERE status IN ('sent', 'suppressed') AND COALESCE(sent_at, created_at) < $1 \
             LIMIT $2)",
        )
        .bind(before)
        .bind(PURGE_BATCH)
        .execute(&store.writer)
        .await?
        .rows_affected();
        purged += deleted;
        if deleted < PURGE_BATCH as u64 {
            return Ok(purged);
        }
    }
}
