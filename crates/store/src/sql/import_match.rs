//! Matching an import's rows to existing clients (by email, then by name) and what a
//! row changes on the client it matched.

use clientele_domain::Notes;

use super::clients::ClientColumns;
use super::rows::*;
use super::search_sql::SqlParts;
use super::Tx;
use crate::error::StoreResult;
use crate::model::*;

/// A client as this chunk sees it, and whether the chunk changed it.
pub struct Working {
    /// As read from the database, before this chunk (None for one it creates).
    pub original: Option<Client>,
    pub client: Client,
    pub name_key: String,
    pub changed: bool,
    pub new: Option<ClientColumns>,
}

/// The clients that rows of this chunk may match, by email or by name: separate
/// index lookups (an OR of the two would scan), in small batches (SQLite looks numbered
/// parameters up linearly).
pub async fn existing(
    tx: &mut Tx,
    business: BusinessId,
    cols: &[ClientColumns],
) -> StoreResult<Vec<Working>> {
    const PER_QUERY: usize = 200;
    let emails: Vec<String> = cols.iter().filter_map(|c| c.email_lower.clone()).collect();
    let names: Vec<String> = cols.iter().map(|c| c.name_key.clone()).collect();
    let mut found: Vec<Working> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (column, keys) in [("email_lower", &emails), ("name_key", &names)] {
        for batch in keys.chunks(PER_QUERY) {
            let mut parts = SqlParts::default();
            let b = parts.int(business);
            let list: Vec<String> = batch.iter().map(|k| parts.text(k.clone())).collect();
            parts.push(&format!(
                "SELECT {CLIENT_COLUMNS}, c.name_key FROM clients c WHERE c.business_id = {b} \
                 AND c.{column} IN ({})",
                list.join(", ")
            ));
            let rows = sqlx::query_with(&parts.sql, parts.arguments()?)
                .fetch_all(&mut **tx)
                .await?;
            for row in &rows {
                use sqlx::Row;
                let client = client_from_row(row)?;
                if seen.insert(client.id) {
                    found.push(Working {
                        original: Some(client.clone()),
                        client,
                        name_key: row.try_get(CLIENT_COLUMN_COUNT)?,
                        changed: false,
                        new: None,
                    });
                }
            }
        }
    }
    // Oldest first, so that a key shared by several clients matches the oldest.
    found.sort_by_key(|w| w.client.id);
    Ok(found)
}

pub fn new_client(business: BusinessId, id: i64, cols: &ClientColumns, now: Millis) -> Client {
    Client {
        business_id: business,
        id,
        first_name: cols.first_name.clone(),
        last_name: cols.last_name.clone(),
        email: cols.email.clone(),
        phone: cols.phone.clone(),
        notes: cols.notes.clone(),
        has_account: false,
        banned: false,
        ban_message: None,
        created_at: now,
        updated_at: now,
        last_appointment_at: None,
        version: 1,
        delete_requested_at: None,
        kept_by_orders: 0,
    }
}

/// Of the clients a row matches (by email, else by name), the one it goes to: one it
/// leaves unchanged, else one of the same name, else the oldest. So a list's own export
/// re-imports unchanged even with homonyms or an email shared by a family.
pub fn best_match(working: &[Working], candidates: &[usize], row: &ClientColumns) -> Option<usize> {
    candidates.iter().copied().min_by_key(|&i| {
        let (email, phone, notes) = row_changes(&working[i].client, row);
        (email || phone || notes, working[i].name_key != row.name_key)
    })
}

/// What a row changes on the client it matched: (email, phone, notes). A missing or
/// different email or phone is set (a blank cell changes nothing); notes not already
/// there are appended.
fn row_changes(c: &Client, row: &ClientColumns) -> (bool, bool, bool) {
    let email = match (&row.email, &row.email_lower) {
        (Some(_), Some(lower)) => {
            c.email.as_ref().map(|e| e.to_lowercase()).as_ref() != Some(lower)
        }
        _ => false,
    };
    let phone = match (&row.phone, &row.phone_digits) {
        (Some(_), Some(digits)) => {
            let current: Option<String> = c
                .phone
                .as_ref()
                .map(|p| p.chars().filter(char::is_ascii_digit).collect());
            current.as_ref() != Some(digits)
        }
        _ => false,
    };
    let notes = !row.notes.trim().is_empty() && !c.notes.contains(row.notes.trim());
    (email, phone, notes)
}

/// Applies a row to the client it matched (see [`row_changes`]). The name stays.
pub fn update_working(w: &mut Working, row: &ClientColumns) -> ImportRowResult {
    let (email, phone, notes) = row_changes(&w.client, row);
    let c = &mut w.client;
    if email {
        c.email = row.email.clone();
    }
    if phone {
        c.phone = row.phone.clone();
    }
    if notes {
        c.notes = Notes::concat(&c.notes, &row.notes);
    }
    if !(email || phone || notes) {
        return ImportRowResult::Unchanged;
    }
    w.changed = true;
    ImportRowResult::Updated
}
