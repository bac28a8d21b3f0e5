//! Client accounts (the public side's logins) and their sessions.

use sqlx::{AnyPool, Row};

use super::rows::conflict_on_unique;
use super::SqlStore;
use crate::error::StoreResult;
use crate::model::*;

const ACCOUNT_COLUMNS: &str =
    "a.id, a.email, a.password_hash, a.first_name, a.last_name, a.email_verified_at";

fn account_from_row(row: &sqlx::any::AnyRow) -> StoreResult<ClientAccount> {
    Ok(ClientAccount {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        password_hash: row.try_get(2)?,
        first_name: row.try_get(3)?,
        last_name: row.try_get(4)?,
        email_verified_at: row.try_get(5)?,
    })
}

/// Creates an unverified account with the hash of its email-verification token.
pub async fn create(
    store: &SqlStore,
    business: BusinessId,
    account: &ClientAccount,
    verification_hash: &str,
    now: Millis,
) -> StoreResult<ClientAccount> {
    let mut tx = store.write_tx().await?;
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    sqlx::query(
        "INSERT INTO client_accounts (business_id, id, email, password_hash, first_name, \
         last_name, created_at, verification_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(business)
    .bind(id)
    .bind(account.email.to_lowercase())
    .bind(&account.password_hash)
    .bind(&account.first_name)
    .bind(&account.last_name)
    .bind(now)
    .bind(verification_hash)
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_on_unique(e, "an account with this email"))?;
    tx.commit().await?;
    Ok(ClientAccount {
        id,
        email: account.email.to_lowercase(),
        email_verified_at: None,
        ..account.clone()
    })
}

/// Marks the account whose pending token hashes to `verification_hash` as verified (the
/// token works once); `None` for an unknown or used token.
pub async fn verify(
    store: &SqlStore,
    business: BusinessId,
    verification_hash: &str,
    now: Millis,
) -> StoreResult<Option<ClientAccount>> {
    let mut tx = store.write_tx().await?;
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM client_accounts a WHERE a.business_id = $1 \
         AND a.verification_hash = $2"
    );
    let row = sqlx::query(&sql)
        .bind(business)
        .bind(verification_hash)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(account) = row.as_ref().map(account_from_row).transpose()? else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE client_accounts SET email_verified_at = $3, verification_hash = NULL \
         WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(account.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(ClientAccount {
        email_verified_at: Some(now),
        ..account
    }))
}

pub async fn by_email(
    pool: &AnyPool,
    business: BusinessId,
    email_lower: &str,
) -> StoreResult<Option<ClientAccount>> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM client_accounts a WHERE a.business_id = $1 AND a.email = $2"
    );
    let row = sqlx::query(&sql)
        .bind(business)
        .bind(email_lower)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn session_account(
    pool: &AnyPool,
    business: BusinessId,
    token_hash: &str,
    now: Millis,
) -> StoreResult<Option<ClientAccount>> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM client_sessions s JOIN client_accounts a \
         ON a.business_id = s.business_id AND a.id = s.account_id \
         WHERE s.business_id = $1 AND s.token_hash = $2 AND s.expires_at > $3"
    );
    let row = sqlx::query(&sql)
        .bind(business)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(account_from_row).transpose()
}
