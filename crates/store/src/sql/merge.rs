//! Merging two client profiles into one (SPEC §6): one transaction, nothing dropped.

use clientele_domain::Notes;

use super::clients::{delete_words, fetch_client, fetch_client_with, ClientColumns};
use super::rows::bool_int;
use super::Dialect;
use crate::error::{StoreError, StoreResult};
use crate::model::*;

/// The duplicate (`dup`, as it was before the edit, with the edited fields `edited`) is
/// folded into `keep_id`, whose name it now bears. The kept profile keeps its own email
/// and phone; the duplicate's go into the notes when they differ, so nothing is lost.
pub async fn merge_edited_into(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    keep_id: i64,
    dup: &Client,
    edited: &ClientColumns,
    now: Millis,
) -> StoreResult<Client> {
    let keep = fetch_client_with(conn, business, keep_id, dialect.for_update())
        .await?
        .ok_or(StoreError::NotFound)?;
    let duplicate = Client {
        email: edited.email.clone(),
        phone: edited.phone.clone(),
        notes: edited.notes.clone(),
        ..dup.clone()
    };
    merge_into(conn, business, &keep, &duplicate, now).await
}

/// Moves everything of `dup` onto `keep`, then deletes `dup`.
pub async fn merge_into(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    keep: &Client,
    dup: &Client,
    now: Millis,
) -> StoreResult<Client> {
    let merged = merged_fields(keep, dup);
    sqlx::query("UPDATE appointments SET client_id = $3 WHERE business_id = $1 AND client_id = $2")
        .bind(business)
        .bind(dup.id)
        .bind(keep.id)
        .execute(&mut *conn)
        .await?;
    delete_words(conn, business, dup.id).await?;
    sqlx::query("DELETE FROM clients WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(dup.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE clients SET email = $3, email_lower = $4, phone = $5, phone_digits = $6, \
         notes = $7, has_account = $8, banned = $9, ban_message = $10, created_at = $11, \
         updated_at = $12, version = version + 1, \
         last_appointment_at = (SELECT max(a.start_at) FROM appointments a \
             WHERE a.business_id = $1 AND a.client_id = $2 AND a.status = 'scheduled') \
         WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(keep.id)
    .bind(&merged.email)
    .bind(merged.email.as_ref().map(|e| e.to_lowercase()))
    .bind(&merged.phone)
    .bind(merged.phone.as_ref().map(|p| digits(p)))
    .bind(&merged.notes)
    .bind(bool_int(merged.has_account))
    .bind(bool_int(merged.banned))
    .bind(&merged.ban_message)
    .bind(merged.created_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    fetch_client(conn, business, keep.id)
        .await?
        .ok_or(StoreError::NotFound)
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The pure part of a merge: which values the kept profile ends with.
pub fn merged_fields(keep: &Client, dup: &Client) -> Client {
    let mut dropped = Vec::new();
    let email = match (&keep.email, &dup.email) {
        (Some(k), Some(d)) if !k.eq_ignore_ascii_case(d) => {
            dropped.push(format!("email {d}"));
            Some(k.clone())
        }
        (Some(k), _) => Some(k.clone()),
        (None, d) => d.clone(),
    };
    let phone = match (&keep.phone, &dup.phone) {
        (Some(k), Some(d)) if digits(k) != digits(d) => {
            dropped.push(format!("phone {d}"));
            Some(k.clone())
        }
        (Some(k), _) => Some(k.clone()),
        (None, d) => d.clone(),
    };
    let mut notes = Notes::concat(&keep.notes, &dup.notes);
    if !dropped.is_empty() {
        let line = format!("Merged profile contact: {}", dropped.join(", "));
        notes = Notes::concat(&notes, &line);
    }
    Client {
        email,
        phone,
        notes,
        has_account: keep.has_account || dup.has_account,
        banned: keep.banned || dup.banned,
        ban_message: keep.ban_message.clone().or_else(|| dup.ban_message.clone()),
        created_at: keep.created_at.min(dup.created_at),
        ..keep.clone()
    }
}
