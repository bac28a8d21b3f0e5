//! Bans (SPEC §8) and the duplicate finder's input (SPEC §6).

use clientele_domain::DuplicateCandidate;
use serde_json::json;
use sqlx::{AnyPool, Row};

use super::clients::fetch_client;
use super::{audit, outbox, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::WebhookEvent;

/// `ban`: `Some(message)` bans (with an optional custom message), `None` unbans.
pub async fn set_ban(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
    ban: Option<Option<String>>,
    actor: &Actor,
    now: Millis,
) -> StoreResult<Client> {
    let mut tx = store.write_tx().await?;
    let (banned, message) = match &ban {
        Some(message) => (1i64, message.clone()),
        None => (0, None),
    };
    let result = sqlx::query(
        "UPDATE clients SET banned = $3, ban_message = $4, updated_at = $5, version = version + 1 \
         WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(id)
    .bind(banned)
    .bind(message)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if result.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    if ban.is_none() {
        // Unbanning lifts the bans its merged profiles brought along too.
        sqlx::query("DELETE FROM banned_emails WHERE business_id = $1 AND client_id = $2")
            .bind(business)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let action = if ban.is_some() {
        "client.banned"
    } else {
        "client.unbanned"
    };
    audit::record(
        store.dialect,
        &mut tx,
        business,
        actor,
        action,
        Some(id),
        json!({}),
        now,
    )
    .await?;
    let client = fetch_client(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event = WebhookEvent::ClientUpdated {
        client: client.clone(),
    };
    outbox::emit(store.dialect, &mut tx, business, &event, now).await?;
    tx.commit().await?;
    Ok(client)
}

pub async fn duplicate_candidates(
    pool: &AnyPool,
    business: BusinessId,
) -> StoreResult<Vec<DuplicateCandidate>> {
    let rows = sqlx::query(
        "SELECT id, first_name, last_name, email_lower, phone_digits FROM clients WHERE business_id = $1",
    )
    .bind(business)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(DuplicateCandidate {
                id: row.try_get(0)?,
                first_name: row.try_get(1)?,
                last_name: row.try_get(2)?,
                email: row.try_get(3)?,
                phone_digits: row.try_get(4)?,
            })
        })
        .collect()
}
