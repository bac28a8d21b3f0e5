//! Undoing an import batch (SPEC §9, beyond): its created clients are deleted and its
//! updates reverted, all or nothing, while none of those clients changed since.

use serde_json::{json, Value};
use sqlx::Row;

use super::{audit, delete, outbox, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;

struct Change {
    client_id: i64,
    created: bool,
    before: Option<String>,
    version_after: i64,
}

pub async fn undo(
    store: &SqlStore,
    business: BusinessId,
    batch: i64,
    actor: &Actor,
    now: Millis,
) -> StoreResult<UndoOutcome> {
    let mut tx = store.write_tx().await?;
    let row =
        sqlx::query("SELECT undone_at FROM import_batches WHERE business_id = $1 AND id = $2")
            .bind(business)
            .bind(batch)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
    if row.try_get::<Option<i64>, _>(0)?.is_some() {
        return Ok(UndoOutcome::AlreadyUndone);
    }
    let rows = sqlx::query(
        "SELECT client_id, change, before, version_after FROM import_changes \
         WHERE business_id = $1 AND batch_id = $2 ORDER BY client_id",
    )
    .bind(business)
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    let changes = rows
        .iter()
        .map(|r| {
            Ok(Change {
                client_id: r.try_get(0)?,
                created: r.try_get::<String, _>(1)? == "created",
                before: r.try_get(2)?,
                version_after: r.try_get(3)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;

    let mut blocked = Vec::new();
    let mut to_delete = Vec::new();
    for change in &changes {
        // Untouched since: same version, and (for a created client) nothing booked or ordered.
        let state = sqlx::query(
            "SELECT c.version, (SELECT count(*) FROM appointments a WHERE a.business_id = c.business_id \
             AND a.client_id = c.id) + (SELECT count(*) FROM orders o WHERE o.business_id = c.business_id \
             AND o.client_id = c.id) FROM clients c WHERE c.business_id = $1 AND c.id = $2",
        )
        .bind(business)
        .bind(change.client_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(state) = state else {
            // Deleted since: nothing left to undo for it.
            continue;
        };
        let version: i64 = state.try_get(0)?;
        let owned: i64 = state.try_get(1)?;
        if version != change.version_after || (change.created && owned > 0) {
            blocked.push(change.client_id);
        } else if change.created {
            to_delete.push(change.client_id);
        }
    }
    if !blocked.is_empty() {
        tx.rollback().await?;
        return Ok(UndoOutcome::Blocked {
            client_ids: blocked,
        });
    }
    outbox::emit_deleted(store.dialect, &mut tx, business, &to_delete, now).await?;
    let deleted = delete::delete_ids(&mut tx, business, &to_delete).await?;
    let mut reverted = 0;
    let mut reverted_ids = Vec::new();
    for change in changes.iter().filter(|c| !c.created) {
        let Some(before) = &change.before else {
            continue;
        };
        let before: Value = serde_json::from_str(before)
            .map_err(|e| StoreError::Corrupt(format!("import before: {e}")))?;
        let text = |k: &str| before[k].as_str().map(str::to_string);
        let result = sqlx::query(
            "UPDATE clients SET email = $3, email_lower = $4, phone = $5, phone_digits = $6, notes = $7, \
             updated_at = $8, version = version + 1 WHERE business_id = $1 AND id = $2",
        )
        .bind(business)
        .bind(change.client_id)
        .bind(text("email"))
        .bind(text("email").map(|e| e.to_lowercase()))
        .bind(text("phone"))
        .bind(text("phone").map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>()))
        .bind(text("notes").unwrap_or_default())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        reverted += result.rows_affected();
        reverted_ids.push(change.client_id);
    }
    outbox::emit_clients(store.dialect, &mut tx, business, &reverted_ids, false, now).await?;
    sqlx::query("UPDATE import_batches SET undone_at = $3 WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(batch)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let details = json!({ "deleted": deleted, "reverted": reverted });
    audit::record(
        store.dialect,
        &mut tx,
        business,
        actor,
        "import.undone",
        Some(batch),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(UndoOutcome::Undone { deleted, reverted })
}

const BATCH_COLUMNS: &str =
    "id, actor, file_name, kind, created_at, created, updated, unchanged, rejected, undone_at";

fn batch_from_row(r: &sqlx::any::AnyRow) -> StoreResult<ImportBatch> {
    Ok(ImportBatch {
        id: r.try_get(0)?,
        actor: r.try_get(1)?,
        file_name: r.try_get(2)?,
        kind: r.try_get(3)?,
        created_at: r.try_get(4)?,
        created: r.try_get(5)?,
        updated: r.try_get(6)?,
        unchanged: r.try_get(7)?,
        rejected: r.try_get(8)?,
        undone_at: r.try_get(9)?,
    })
}

pub async fn batches(store: &SqlStore, business: BusinessId) -> StoreResult<Vec<ImportBatch>> {
    let rows = sqlx::query(&format!(
        "SELECT {BATCH_COLUMNS} FROM import_batches WHERE business_id = $1 \
         ORDER BY created_at DESC, id DESC"
    ))
    .bind(business)
    .fetch_all(&store.reader)
    .await?;
    rows.iter().map(batch_from_row).collect()
}

pub async fn batch(
    store: &SqlStore,
    business: BusinessId,
    batch: i64,
) -> StoreResult<Option<(ImportBatch, Option<String>)>> {
    let row = sqlx::query(&format!(
        "SELECT {BATCH_COLUMNS}, details FROM import_batches WHERE business_id = $1 AND id = $2"
    ))
    .bind(business)
    .bind(batch)
    .fetch_optional(&store.reader)
    .await?;
    row.map(|r| Ok((batch_from_row(&r)?, r.try_get(10)?)))
        .transpose()
}
