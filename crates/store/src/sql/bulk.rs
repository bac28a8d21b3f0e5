//! Bulk loading for the seed command and the benchmarks: multi-row inserts in one
//! transaction, far fewer round trips than one insert per row.

use super::clients::ClientColumns;
use super::search_sql::SqlParts;
use super::{Dialect, SqlStore};
use crate::error::StoreResult;
use crate::model::*;

impl Dialect {
    /// Rows per multi-row INSERT. SQLite looks numbered parameters up by a linear search
    /// (quadratic in a statement's parameter count), so its statements stay short.
    fn rows_per_insert(self) -> usize {
        match self {
            Dialect::Sqlite => 16,
            Dialect::Postgres => 500,
        }
    }
}

pub async fn load(
    store: &SqlStore,
    business: BusinessId,
    appointment_type_id: i64,
    clients: &[BulkClient],
    appointments: &[BulkAppointment],
) -> StoreResult<Vec<i64>> {
    let rows_per_insert = store.dialect.rows_per_insert();
    let mut tx = store.write_tx().await?;
    let ids = store.dialect.alloc_ids(&mut tx, clients.len()).await?;
    let columns: Vec<ClientColumns> = clients
        .iter()
        .map(|c| ClientColumns::from(&c.fields))
        .collect();
    let mut last_start: Vec<Option<Millis>> = vec![None; clients.len()];
    for a in appointments.iter().filter(|a| !a.canceled) {
        let slot = &mut last_start[a.client_index];
        *slot = Some(slot.map_or(a.start_at, |s: Millis| s.max(a.start_at)));
    }

    for (chunk_no, chunk) in columns.chunks(rows_per_insert).enumerate() {
        let mut parts = SqlParts::default();
        parts.push(
            "INSERT INTO clients (business_id, id, first_name, last_name, sort_key, name_key, \
             name_words, email, email_lower, phone, phone_digits, notes, created_at, updated_at, \
             last_appointment_at) VALUES ",
        );
        for (i, cols) in chunk.iter().enumerate() {
            let index = chunk_no * rows_per_insert + i;
            let values = [
                parts.int(business),
                parts.int(ids[index]),
                parts.text(cols.first_name.clone()),
                parts.text(cols.last_name.clone()),
                parts.text(cols.sort_key.clone()),
                parts.text(cols.name_key.clone()),
                parts.text(cols.name_words.clone()),
                opt_text(&mut parts, &cols.email),
                opt_text(&mut parts, &cols.email_lower),
                opt_text(&mut parts, &cols.phone),
                opt_text(&mut parts, &cols.phone_digits),
                parts.text(cols.notes.clone()),
                parts.int(clients[index].created_at),
                parts.int(clients[index].created_at),
                last_start[index].map_or_else(|| "NULL".to_string(), |t| parts.int(t)),
            ];
            if i > 0 {
                parts.push(", ");
            }
            parts.push(&format!("({})", values.join(", ")));
        }
        sqlx::query_with(&parts.sql, parts.arguments()?)
            .execute(&mut *tx)
            .await?;
    }

    let words: Vec<(i64, &String)> = columns
        .iter()
        .zip(&ids)
        .flat_map(|(cols, id)| cols.words.iter().map(move |w| (*id, w)))
        .collect();
    for chunk in words.chunks(rows_per_insert * 2) {
        let mut parts = SqlParts::default();
        parts.push("INSERT INTO client_words (business_id, word, client_id) VALUES ");
        for (i, (id, word)) in chunk.iter().enumerate() {
            let values = [
                parts.int(business),
                parts.text((*word).clone()),
                parts.int(*id),
            ];
            if i > 0 {
                parts.push(", ");
            }
            parts.push(&format!("({})", values.join(", ")));
        }
        // Two words of one name can fold to the same word ("Anne-Anne"): keep one.
        parts.push(" ON CONFLICT DO NOTHING");
        sqlx::query_with(&parts.sql, parts.arguments()?)
            .execute(&mut *tx)
            .await?;
    }

    let appointment_ids = store.dialect.alloc_ids(&mut tx, appointments.len()).await?;
    for (chunk_no, chunk) in appointments.chunks(rows_per_insert).enumerate() {
        let mut parts = SqlParts::default();
        parts.push(
            "INSERT INTO appointments (business_id, id, client_id, appointment_type_id, start_at, \
             end_at, status, created_at) VALUES ",
        );
        for (i, a) in chunk.iter().enumerate() {
            let values = [
                parts.int(business),
                parts.int(appointment_ids[chunk_no * rows_per_insert + i]),
                parts.int(ids[a.client_index]),
                parts.int(appointment_type_id),
                parts.int(a.start_at),
                parts.int(a.end_at),
                parts.text(if a.canceled { "canceled" } else { "scheduled" }),
                // Booked the day before: synthetic data needs no more realism than that.
                parts.int(a.start_at - 86_400_000),
            ];
            if i > 0 {
                parts.push(", ");
            }
            parts.push(&format!("({})", values.join(", ")));
        }
        sqlx::query_with(&parts.sql, parts.arguments()?)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(ids)
}

fn opt_text(parts: &mut SqlParts, value: &Option<String>) -> String {
    match value {
        Some(v) => parts.text(v.clone()),
        None => "NULL".to_string(),
    }
}
