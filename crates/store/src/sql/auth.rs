//! Businesses, staff users, sessions and API keys.

use sqlx::{AnyPool, Row};

use super::rows::*;
use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::model::*;

pub async fn create_business(
    store: &SqlStore,
    new: &NewBusiness,
    now: Millis,
) -> StoreResult<Business> {
    let mut tx = store.write_tx().await?;
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    sqlx::query(
        "INSERT INTO businesses (id, slug, name, time_zone, locale, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&new.slug)
    .bind(&new.name)
    .bind(&new.time_zone)
    .bind(&new.locale)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_on_unique(e, "a business with this slug"))?;
    sqlx::query(
        "INSERT INTO business_counters (business_id, clients, activity_as_of) VALUES ($1, 0, $2)",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Business {
        id,
        slug: new.slug.clone(),
        name: new.name.clone(),
        time_zone: new.time_zone.clone(),
        locale: new.locale.clone(),
        default_ban_message: None,
        created_at: now,
    })
}

pub async fn business<T>(pool: &AnyPool, condition: &str, value: T) -> StoreResult<Option<Business>>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send,
{
    let sql = format!("SELECT {BUSINESS_COLUMNS} FROM businesses WHERE {condition}");
    let row = sqlx::query(&sql).bind(value).fetch_optional(pool).await?;
    row.as_ref().map(business_from_row).transpose()
}

pub async fn businesses(pool: &AnyPool) -> StoreResult<Vec<Business>> {
    let sql = format!("SELECT {BUSINESS_COLUMNS} FROM businesses ORDER BY id");
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    rows.iter().map(business_from_row).collect()
}

pub async fn create_staff_user(
    store: &SqlStore,
    business: BusinessId,
    email: &str,
    password_hash: &str,
    role: Role,
    now: Millis,
) -> StoreResult<StaffUser> {
    let mut tx = store.write_tx().await?;
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    let email = email.trim().to_lowercase();
    sqlx::query(
        "INSERT INTO staff_users (business_id, id, email, password_hash, role, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(business)
    .bind(id)
    .bind(&email)
    .bind(password_hash)
    .bind(role.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_on_unique(e, "a staff user with this email"))?;
    tx.commit().await?;
    Ok(StaffUser {
        business_id: business,
        id,
        email,
        password_hash: password_hash.into(),
        role,
    })
}

pub async fn staff_users_by_email(pool: &AnyPool, email: &str) -> StoreResult<Vec<StaffUser>> {
    let rows = sqlx::query(
        "SELECT business_id, id, email, password_hash, role FROM staff_users \
         WHERE email = $1 ORDER BY business_id",
    )
    .bind(email.trim().to_lowercase())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get(4)?;
            Ok(StaffUser {
                business_id: row.try_get(0)?,
                id: row.try_get(1)?,
                email: row.try_get(2)?,
                password_hash: row.try_get(3)?,
                role: Role::parse(&role).unwrap_or(Role::Staff),
            })
        })
        .collect()
}

pub async fn session_principal(
    pool: &AnyPool,
    business: BusinessId,
    token_hash: &str,
    now: Millis,
) -> StoreResult<Option<Principal>> {
    let row = sqlx::query(
        "SELECT u.id, u.role FROM staff_sessions s \
         JOIN staff_users u ON u.business_id = s.business_id AND u.id = s.user_id \
         WHERE s.business_id = $1 AND s.token_hash = $2 AND s.expires_at > $3",
    )
    .bind(business)
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let role: String = row.try_get(1)?;
            Ok(Some(Principal::Staff {
                user_id: row.try_get(0)?,
                role: Role::parse(&role).unwrap_or(Role::Staff),
            }))
        }
    }
}

pub async fn create_api_key(
    store: &SqlStore,
    business: BusinessId,
    name: &str,
    key_hash: &str,
    now: Millis,
) -> StoreResult<i64> {
    let mut tx = store.write_tx().await?;
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    sqlx::query(
        "INSERT INTO api_keys (business_id, id, name, key_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(business)
    .bind(id)
    .bind(name)
    .bind(key_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn api_key_principal(
    pool: &AnyPool,
    business: BusinessId,
    key_hash: &str,
) -> StoreResult<Option<Principal>> {
    let row = sqlx::query("SELECT id FROM api_keys WHERE business_id = $1 AND key_hash = $2")
        .bind(business)
        .bind(key_hash)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some(row) => Some(Principal::ApiKey {
            key_id: row.try_get(0)?,
        }),
        None => None,
    })
}

pub async fn api_keys(pool: &AnyPool, business: BusinessId) -> StoreResult<Vec<ApiKeyInfo>> {
    let rows = sqlx::query(
        "SELECT id, name, created_at FROM api_keys WHERE business_id = $1 ORDER BY created_at, id",
    )
    .bind(business)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ApiKeyInfo {
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                created_at: row.try_get(2)?,
            })
        })
        .collect()
}

pub async fn revoke_api_key(
    store: &SqlStore,
    business: BusinessId,
    key_id: i64,
) -> StoreResult<bool> {
    let deleted = sqlx::query("DELETE FROM api_keys WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(key_id)
        .execute(&store.writer)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

pub async fn update_business(
    store: &SqlStore,
    id: BusinessId,
    settings: &BusinessSettings,
) -> StoreResult<Business> {
    let mut tx = store.write_tx().await?;
    let changed = sqlx::query(
        "UPDATE businesses SET name = $2, time_zone = $3, locale = $4, default_ban_message = $5 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(&settings.name)
    .bind(&settings.time_zone)
    .bind(&settings.locale)
    .bind(&settings.default_ban_message)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    let row = sqlx::query(&format!(
        "SELECT {BUSINESS_COLUMNS} FROM businesses WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    business_from_row(&row)
}
