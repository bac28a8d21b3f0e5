//! Deleting clients, one or all matching (SPEC §7): appointments go with them; a client
//! with active orders keeps a profile marked as kept, until its last active order goes.

use std::collections::HashMap;

use clientele_domain::{ListFilter, SearchQuery};
use serde_json::json;
use sqlx::Row;

use super::search_sql::{push_filter, push_search, SqlParts};
use super::{activity, audit, orders, outbox, Dialect, SqlStore};
use crate::error::StoreResult;
use crate::model::*;

/// Ids per statement in chunked deletes: well under both backends' parameter limits.
const ID_CHUNK: usize = 500;

pub async fn delete_client(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
    actor: &Actor,
    now: Millis,
) -> StoreResult<DeleteOutcome> {
    let mut tx = store.write_tx().await?;
    let report = delete_or_keep(store.dialect, &mut tx, business, &[id], now).await?;
    let outcome = match (report.deleted, report.kept.into_iter().next()) {
        (0, None) => return Ok(DeleteOutcome::NotFound),
        (_, Some((_, codes))) => DeleteOutcome::Kept { codes },
        _ => DeleteOutcome::Deleted,
    };
    let kept = matches!(outcome, DeleteOutcome::Kept { .. });
    let details = json!({ "deleted": u64::from(!kept), "kept": u64::from(kept) });
    audit::record(
        store.dialect,
        &mut tx,
        business,
        actor,
        "client.deleted",
        Some(id),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Deletes the clients without active orders entirely; of the others, deletes the
/// appointments and marks the profile as deleted, kept by its active orders.
pub async fn delete_or_keep(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    ids: &[i64],
    now: Millis,
) -> StoreResult<BulkDeleteReport> {
    orders::expire(conn, business, now).await?;
    // Kept profiles are deleted as far as staff and subscribers are concerned.
    outbox::emit_deleted(dialect, conn, business, ids, now).await?;
    let mut report = BulkDeleteReport::default();
    for chunk in ids.chunks(ID_CHUNK) {
        let list = id_list(chunk.len());
        let sql = format!(
            "SELECT o.client_id, o.code FROM orders o WHERE o.business_id = $1 \
             AND o.status = 'active' AND o.client_id IN ({list}) ORDER BY o.client_id, o.code"
        );
        let rows = bind_ids(sqlx::query(&sql).bind(business), chunk)
            .fetch_all(&mut *conn)
            .await?;
        let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
        for row in &rows {
            codes
                .entry(row.try_get(0)?)
                .or_default()
                .push(row.try_get(1)?);
        }
        let (kept, gone): (Vec<i64>, Vec<i64>) =
            chunk.iter().partition(|id| codes.contains_key(id));
        report.deleted += delete_ids(conn, business, &gone).await?;
        keep_profiles(conn, business, &kept, now).await?;
        for id in kept {
            if let Some(c) = codes.remove(&id) {
                report.kept.push((id, c));
            }
        }
    }
    Ok(report)
}

/// `$2, $3, …` for `n` ids after the business's `$1`.
fn id_list(n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bind_ids<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ids: &[i64],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for id in ids {
        query = query.bind(*id);
    }
    query
}

async fn keep_profiles(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    ids: &[i64],
    now: Millis,
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let list = id_list(ids.len());
    let sql = format!("DELETE FROM appointments WHERE business_id = $1 AND client_id IN ({list})");
    bind_ids(sqlx::query(&sql).bind(business), ids)
        .execute(&mut *conn)
        .await?;
    // No appointments left: the activity columns empty out.
    let sql = format!(
        "UPDATE clients SET last_appointment_at = NULL, last_visit_at = NULL, \
         next_appointment_at = NULL, appointment_count = 0, delete_requested_at = coalesce(delete_requested_at, ${}) \
         WHERE business_id = $1 AND id IN ({list})",
        ids.len() + 2
    );
    bind_ids(sqlx::query(&sql).bind(business), ids)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes clients with their appointments, orders and search words; returns how many
/// clients went.
pub async fn delete_ids(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    ids: &[i64],
) -> StoreResult<u64> {
    let mut deleted = 0;
    for chunk in ids.chunks(ID_CHUNK) {
        let list = id_list(chunk.len());
        for (table, column) in [
            ("appointments", "client_id"),
            ("orders", "client_id"),
            ("banned_emails", "client_id"),
            ("client_words", "client_id"),
            ("clients", "id"),
        ] {
            let sql =
                format!("DELETE FROM {table} WHERE business_id = $1 AND {column} IN ({list})");
            let result = bind_ids(sqlx::query(&sql).bind(business), chunk)
                .execute(&mut *conn)
                .await?;
            if table == "clients" {
                deleted += result.rows_affected();
            }
        }
    }
    Ok(deleted)
}

pub async fn bulk_delete(
    store: &SqlStore,
    business: BusinessId,
    selection: &BulkSelection,
    actor: &Actor,
    now: Millis,
) -> StoreResult<BulkDeleteReport> {
    if let BulkSelection::Matching {
        filter: Some(ListFilter::Recent(_)),
        now,
        ..
    } = selection
    {
        activity::advance(store, business, *now).await?;
    }
    let mut tx = store.write_tx().await?;
    let ids = match selection {
        BulkSelection::Ids(ids) => ids.clone(),
        BulkSelection::Matching {
            search,
            filter,
            filter_since,
            ..
        } => {
            // The id set is fixed first: deleting appointments changes what a filter matches.
            matching_ids(
                store.dialect,
                &mut tx,
                business,
                search.as_ref(),
                *filter,
                *filter_since,
            )
            .await?
        }
    };
    let report = delete_or_keep(store.dialect, &mut tx, business, &ids, now).await?;
    let details = json!({ "deleted": report.deleted, "kept": report.kept.len() });
    audit::record(
        store.dialect,
        &mut tx,
        business,
        actor,
        "clients.bulk_deleted",
        None,
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

async fn matching_ids(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    search: Option<&SearchQuery>,
    filter: Option<ListFilter>,
    filter_since: Option<Millis>,
) -> StoreResult<Vec<i64>> {
    let mut parts = SqlParts::default();
    let b = parts.int(business);
    parts.push(&format!(
        "SELECT c.id FROM clients c WHERE c.business_id = {b}"
    ));
    if let Some(search) = search {
        push_search(&mut parts, dialect, &b, search, false);
    }
    if let (Some(filter), Some(since)) = (filter, filter_since) {
        push_filter(&mut parts, filter, since);
    }
    let rows = sqlx::query_with(&parts.sql, parts.arguments()?)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok(r.try_get::<i64, _>(0)?)).collect()
}
