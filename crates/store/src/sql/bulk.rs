//! Bulk loading for the seed command and the benchmarks: multi-row inserts in one
//! transaction, far fewer round trips than one insert per row.

use super::clients::ClientColumns;
use super::search_sql::SqlParts;
use super::{activity, Dialect, SqlStore};
use crate::error::StoreResult;
use crate::model::*;

impl Dialect {
    /// Rows per multi-row INSERT (18 parameters a row at most: under both backends'
    /// limits, 32,766 and 65,535).
    pub(crate) fn rows_per_insert(self) -> usize {
        match self {
            // Long statements: each one also flushes FTS5's pending terms (at its
            // statement savepoint), and anonymous placeholders keep binding linear.
            Dialect::Sqlite => 500,
            Dialect::Postgres => 500,
        }
    }
}

/// The activity columns of one client (see `activity.rs`), from its appointments, and
/// how many it has.
#[derive(Default, Clone, Copy)]
struct Activity {
    last: Option<Millis>,
    last_visit: Option<Millis>,
    next: Option<Millis>,
    count: i64,
}

fn activities(count: usize, appointments: &[BulkAppointment], as_of: Millis) -> Vec<Activity> {
    let mut out = vec![Activity::default(); count];
    for a in appointments {
        out[a.client_index].count += 1;
    }
    for a in appointments.iter().filter(|a| !a.canceled) {
        let act = &mut out[a.client_index];
        act.last = Some(act.last.map_or(a.start_at, |t| t.max(a.start_at)));
        if a.start_at <= as_of {
            act.last_visit = Some(act.last_visit.map_or(a.start_at, |t| t.max(a.start_at)));
        } else {
            act.next = Some(act.next.map_or(a.start_at, |t| t.min(a.start_at)));
        }
    }
    out
}

/// Runs `INSERT INTO <head> VALUES (…), (…)` for `rows`, `per_statement` at a time.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_rows<T>(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    head: &str,
    rows: &[T],
    per_statement: usize,
    mut values: impl FnMut(&mut SqlParts, usize, &T) -> Vec<String>,
    tail: &str,
) -> StoreResult<()> {
    for (chunk_no, chunk) in rows.chunks(per_statement).enumerate() {
        let mut parts = SqlParts::positional(dialect);
        parts.push(&format!("INSERT INTO {head} VALUES "));
        for (i, row) in chunk.iter().enumerate() {
            let placeholders = values(&mut parts, chunk_no * per_statement + i, row);
            if i > 0 {
                parts.push(", ");
            }
            parts.push(&format!("({})", placeholders.join(", ")));
        }
        parts.push(tail);
        sqlx::query_with(&parts.sql, parts.arguments()?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn load(
    store: &SqlStore,
    business: BusinessId,
    appointment_type_id: i64,
    clients: &[BulkClient],
    appointments: &[BulkAppointment],
    now: Millis,
) -> StoreResult<Vec<i64>> {
    let per_statement = store.dialect.rows_per_insert();
    let mut tx = store.write_tx().await?;
    let as_of = activity::as_of_or_init(&mut tx, business, now).await?;
    let ids = store.dialect.alloc_ids(&mut tx, clients.len()).await?;
    let columns: Vec<ClientColumns> = clients
        .iter()
        .map(|c| ClientColumns::from(&c.fields))
        .collect();
    let activity = activities(clients.len(), appointments, as_of);

    insert_rows(
        store.dialect,
        &mut tx,
        "clients (business_id, id, first_name, last_name, sort_key, name_key, name_words, email, \
         email_lower, phone, phone_digits, notes, created_at, updated_at, last_appointment_at, \
         last_visit_at, next_appointment_at, appointment_count)",
        &columns,
        per_statement,
        |p, index, cols| {
            let act = activity[index];
            vec![
                p.int(business),
                p.int(ids[index]),
                p.text(cols.first_name.clone()),
                p.text(cols.last_name.clone()),
                p.text(cols.sort_key.clone()),
                p.text(cols.name_key.clone()),
                p.text(cols.name_words.clone()),
                p.opt_text(&cols.email),
                p.opt_text(&cols.email_lower),
                p.opt_text(&cols.phone),
                p.opt_text(&cols.phone_digits),
                p.text(cols.notes.clone()),
                p.int(clients[index].created_at),
                p.int(clients[index].created_at),
                p.opt_int(act.last),
                p.opt_int(act.last_visit),
                p.opt_int(act.next),
                p.int(act.count),
            ]
        },
        "",
    )
    .await?;

    let words: Vec<(usize, &String)> = columns
        .iter()
        .enumerate()
        .flat_map(|(index, cols)| cols.words.iter().map(move |w| (index, w)))
        .collect();
    insert_rows(
        store.dialect,
        &mut tx,
        "client_words (business_id, word, client_id, sort_key, name_words)",
        &words,
        per_statement,
        |p, _, (index, word)| {
            vec![
                p.int(business),
                p.text((*word).clone()),
                p.int(ids[*index]),
                p.text(columns[*index].sort_key.clone()),
                p.text(columns[*index].name_words.clone()),
            ]
        },
        "",
    )
    .await?;

    let appointment_ids = store.dialect.alloc_ids(&mut tx, appointments.len()).await?;
    insert_rows(
        store.dialect,
        &mut tx,
        "appointments (business_id, id, client_id, appointment_type_id, start_at, end_at, status, \
         created_at)",
        appointments,
        per_statement,
        |p, index, a| {
            vec![
                p.int(business),
                p.int(appointment_ids[index]),
                p.int(ids[a.client_index]),
                p.int(appointment_type_id),
                p.int(a.start_at),
                p.int(a.end_at),
                p.text(if a.canceled { "canceled" } else { "scheduled" }),
                // Booked the day before: synthetic data needs no more realism than that.
                p.int(a.start_at - 86_400_000),
            ]
        },
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}
