//! The audit log: who merged, deleted or banned what, when, with counts. Never a
//! client's contact data: only ids and numbers go in `details`.

use serde_json::Value;
use sqlx::{AnyPool, Row};

use super::Dialect;
use crate::error::{StoreError, StoreResult};
use crate::model::*;

#[allow(clippy::too_many_arguments)]
pub async fn record(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    actor: &Actor,
    action: &str,
    subject: Option<i64>,
    details: Value,
    now: Millis,
) -> StoreResult<()> {
    let id = dialect.alloc_ids(conn, 1).await?[0];
    sqlx::query(
        "INSERT INTO audit_log (business_id, id, at, actor, action, subject_id, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(business)
    .bind(id)
    .bind(now)
    .bind(&actor.0)
    .bind(action)
    .bind(subject)
    .bind(details.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn list(
    pool: &AnyPool,
    business: BusinessId,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, at, actor, action, subject_id, details FROM audit_log WHERE business_id = $1 \
         ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(business)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let details: String = row.try_get(5)?;
            Ok(AuditEntry {
                id: row.try_get(0)?,
                at: row.try_get(1)?,
                actor: row.try_get(2)?,
                action: row.try_get(3)?,
                subject_id: row.try_get(4)?,
                details: serde_json::from_str(&details)
                    .map_err(|e| StoreError::Corrupt(format!("audit details: {e}")))?,
            })
        })
        .collect()
}
