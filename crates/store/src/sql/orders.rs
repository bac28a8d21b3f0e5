//! Packages, gift certificates and subscriptions, and the profiles they keep (SPEC §7).

use serde_json::json;
use sqlx::Row;

use super::rows::*;
use super::{audit, delete, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;

pub async fn create(
    store: &SqlStore,
    business: BusinessId,
    new: &NewOrder,
    now: Millis,
) -> StoreResult<Order> {
    let mut tx = store.write_tx().await?;
    let client = sqlx::query("SELECT 1 FROM clients WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(new.client_id)
        .fetch_optional(&mut *tx)
        .await?;
    if client.is_none() {
        return Err(StoreError::NotFound);
    }
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    sqlx::query(
        "INSERT INTO orders (business_id, id, client_id, kind, code, remaining, expires_at, \
         status, created_at, account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9)",
    )
    .bind(business)
    .bind(id)
    .bind(new.client_id)
    .bind(&new.kind)
    .bind(&new.code)
    .bind(new.remaining)
    .bind(new.expires_at)
    .bind(now)
    .bind(new.account_id)
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_on_unique(e, "an order with this code"))?;
    tx.commit().await?;
    Ok(Order {
        id,
        client_id: new.client_id,
        kind: new.kind.clone(),
        code: new.code.clone(),
        remaining: new.remaining,
        expires_at: new.expires_at,
        status: "active".into(),
        created_at: now,
    })
}

/// Marks orders past their expiry as expired, and removes the deleted profiles that no
/// active order keeps any more.
pub async fn expire(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    now: Millis,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE orders SET status = 'expired' WHERE business_id = $1 AND status = 'active' \
         AND expires_at IS NOT NULL AND expires_at <= $2",
    )
    .bind(business)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    remove_released_profiles(conn, business).await?;
    Ok(())
}

/// Deleted profiles (SPEC §7) go once no active order keeps them.
async fn remove_released_profiles(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
) -> StoreResult<u64> {
    let rows = sqlx::query(
        "SELECT c.id FROM clients c WHERE c.business_id = $1 AND c.delete_requested_at IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.business_id = c.business_id \
         AND o.client_id = c.id AND o.status = 'active')",
    )
    .bind(business)
    .fetch_all(&mut *conn)
    .await?;
    let ids = rows
        .iter()
        .map(|r| Ok(r.try_get::<i64, _>(0)?))
        .collect::<StoreResult<Vec<i64>>>()?;
    delete::delete_ids(conn, business, &ids).await
}

pub async fn list(
    store: &SqlStore,
    business: BusinessId,
    client: Option<i64>,
    now: Millis,
) -> StoreResult<Vec<Order>> {
    expire_if_due(store, business, now).await?;
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders WHERE business_id = $1 AND ($2 < 0 OR client_id = $2) \
         ORDER BY created_at DESC, id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(business)
        .bind(client.unwrap_or(-1))
        .fetch_all(&store.reader)
        .await?;
    rows.iter().map(order_from_row).collect()
}

pub async fn active_for_account(
    store: &SqlStore,
    business: BusinessId,
    account_id: i64,
    now: Millis,
) -> StoreResult<Vec<Order>> {
    expire_if_due(store, business, now).await?;
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders o WHERE o.business_id = $1 AND o.status = 'active' \
         AND (o.account_id = $2 OR o.client_id IN (SELECT a.client_id FROM appointments a \
         WHERE a.business_id = $1 AND a.account_id = $2)) ORDER BY o.created_at DESC, o.id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(business)
        .bind(account_id)
        .fetch_all(&store.reader)
        .await?;
    rows.iter().map(order_from_row).collect()
}

/// Writes only when an active order has passed its expiry: reads stay reads.
async fn expire_if_due(store: &SqlStore, business: BusinessId, now: Millis) -> StoreResult<()> {
    let due = sqlx::query(
        "SELECT 1 FROM orders WHERE business_id = $1 AND status = 'active' \
         AND expires_at IS NOT NULL AND expires_at <= $2 LIMIT 1",
    )
    .bind(business)
    .bind(now)
    .fetch_optional(&store.reader)
    .await?;
    if due.is_some() {
        let mut tx = store.write_tx().await?;
        expire(&mut tx, business, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

pub async fn delete(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
    actor: &Actor,
    now: Millis,
) -> StoreResult<OrderDeleted> {
    let mut tx = store.write_tx().await?;
    let row = sqlx::query("SELECT client_id FROM orders WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let client_id: i64 = row.try_get(0)?;
    sqlx::query("DELETE FROM orders WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    expire(&mut tx, business, now).await?;
    let client_removed = sqlx::query("SELECT 1 FROM clients WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(client_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_none();
    let details = json!({ "client_id": client_id, "client_removed": client_removed });
    audit::record(
        store.dialect,
        &mut tx,
        business,
        actor,
        "order.deleted",
        Some(id),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(OrderDeleted { client_removed })
}
