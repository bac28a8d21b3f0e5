//! Login sessions, of staff users and of client accounts alike: a hashed token per row,
//! keyed by business.

use super::SqlStore;
use crate::error::StoreResult;
use crate::model::{BusinessId, Millis};

#[derive(Debug, Clone, Copy)]
pub enum SessionKind {
    Staff,
    Client,
}

impl SessionKind {
    /// The table and the column naming who the session is of.
    fn table_and_owner(self) -> (&'static str, &'static str) {
        match self {
            SessionKind::Staff => ("staff_sessions", "user_id"),
            SessionKind::Client => ("client_sessions", "account_id"),
        }
    }
}

pub async fn create(
    store: &SqlStore,
    kind: SessionKind,
    business: BusinessId,
    owner: i64,
    token_hash: &str,
    (now, expires_at): (Millis, Millis),
) -> StoreResult<()> {
    let (table, owner_column) = kind.table_and_owner();
    let mut tx = store.write_tx().await?;
    // Expired sessions of this business go as new ones arrive: no cron needed.
    sqlx::query(&format!(
        "DELETE FROM {table} WHERE business_id = $1 AND expires_at < $2"
    ))
    .bind(business)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO {table} (business_id, token_hash, {owner_column}, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)"
    ))
    .bind(business)
    .bind(token_hash)
    .bind(owner)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete(
    store: &SqlStore,
    kind: SessionKind,
    business: BusinessId,
    token_hash: &str,
) -> StoreResult<()> {
    let (table, _) = kind.table_and_owner();
    sqlx::query(&format!(
        "DELETE FROM {table} WHERE business_id = $1 AND token_hash = $2"
    ))
    .bind(business)
    .bind(token_hash)
    .execute(&store.writer)
    .await?;
    Ok(())
}
