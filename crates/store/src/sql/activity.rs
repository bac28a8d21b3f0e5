//! The activity columns behind the recent/past filters (SPEC §3).
//!
//! `last_appointment_at` is the latest non-canceled start, future ones included: a
//! client is *past* when it is before the period's start. *Recent* needs the latest
//! start that is not in the future, which changes as time passes; so each client also
//! keeps `last_visit_at` and `next_appointment_at`, computed for one instant per
//! business (`business_counters.activity_as_of`). Before a filtered list, [`advance`]
//! moves that instant to now, recomputing only the clients an appointment of which
//! crossed it. Filters then are plain index ranges.

use sqlx::Row;

use super::{Dialect, SqlStore};
use crate::error::StoreResult;
use crate::model::{BusinessId, Millis};

/// `SET` list recomputing the three columns of `clients` rows, for the instant `as_of`
/// (a placeholder).
fn recompute(as_of: &str) -> String {
    let from = "FROM appointments a WHERE a.business_id = clients.business_id \
                AND a.client_id = clients.id AND a.status = 'scheduled'";
    format!(
        "last_appointment_at = (SELECT max(a.start_at) {from}), \
         last_visit_at = (SELECT max(a.start_at) {from} AND a.start_at <= {as_of}), \
         next_appointment_at = (SELECT min(a.start_at) {from} AND a.start_at > {as_of})"
    )
}

/// `SET` clause recounting a client's appointments, canceled ones included (for the
/// export; see migration 0009).
const RECOUNT: &str = "appointment_count = (SELECT count(*) FROM appointments a \
     WHERE a.business_id = clients.business_id AND a.client_id = clients.id)";

/// Recomputes one client's columns after its appointments changed.
pub async fn refresh_client(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    client_id: i64,
) -> StoreResult<()> {
    // Share-lock the instant so that a concurrent `advance` cannot miss this client.
    let as_of = as_of(conn, business, dialect.for_share())
        .await?
        .unwrap_or(0);
    let sql = format!(
        "UPDATE clients SET {}, {RECOUNT} WHERE business_id = $1 AND id = $2",
        recompute("$3")
    );
    sqlx::query(&sql)
        .bind(business)
        .bind(client_id)
        .bind(as_of)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn as_of(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    lock: &str,
) -> StoreResult<Option<Millis>> {
    let sql = format!("SELECT activity_as_of FROM business_counters WHERE business_id = $1{lock}");
    let row = sqlx::query(&sql)
        .bind(business)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(row) => Some(row.try_get(0)?),
        None => None,
    })
}

/// Clients whose columns are wrong for `now` when they were right for `as_of`.
fn stale_condition(as_of: Millis, now: Millis) -> &'static str {
    if now > as_of {
        "next_appointment_at <= $2"
    } else {
        "last_visit_at > $2"
    }
}

/// Makes the activity columns true for `now`. Usually a single indexed probe that finds
/// nothing to do; the write happens only when appointments crossed the instant.
pub async fn advance(store: &SqlStore, business: BusinessId, now: Millis) -> StoreResult<()> {
    let mut conn = store.reader.acquire().await?;
    let Some(current) = as_of(&mut conn, business, "").await? else {
        return Ok(());
    };
    if current == now {
        return Ok(());
    }
    let probe = format!(
        "SELECT 1 FROM clients WHERE business_id = $1 AND {} LIMIT 1",
        stale_condition(current, now)
    );
    let stale = sqlx::query(&probe)
        .bind(business)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
    drop(conn);
    if stale.is_none() {
        return Ok(());
    }
    let mut tx = store.write_tx().await?;
    let current = as_of(&mut tx, business, store.dialect.for_update())
        .await?
        .unwrap_or(0);
    if current != now {
        let sql = format!(
            "UPDATE clients SET {} WHERE business_id = $1 AND {}",
            recompute("$2"),
            stale_condition(current, now)
        );
        sqlx::query(&sql)
            .bind(business)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE business_counters SET activity_as_of = $2 WHERE business_id = $1")
            .bind(business)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The instant of a business, set to `now` when still unset (bulk loads compute their
/// columns for it).
pub async fn as_of_or_init(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    now: Millis,
) -> StoreResult<Millis> {
    sqlx::query(
        "INSERT INTO business_counters (business_id, clients, activity_as_of) VALUES ($1, 0, $2) \
         ON CONFLICT (business_id) DO UPDATE SET activity_as_of = $2 \
         WHERE business_counters.activity_as_of = 0",
    )
    .bind(business)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(as_of(conn, business, "").await?.unwrap_or(now))
}
