//! Merging two client profiles into one (SPEC §6): one transaction, nothing dropped.

use clientele_domain::Notes;

use super::clients::{delete_words, fetch_client, fetch_client_with, ClientColumns};
use super::rows::bool_int;
use serde_json::json;
use sqlx::Row;

use super::{activity, audit, outbox, Dialect, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::WebhookEvent;

/// The duplicate (`dup`, as it was before the edit, with the edited fields `edited`) is
/// folded into `keep_id`, whose name it now bears. The kept profile keeps its own email
/// and phone; the duplicate's go into the notes when they differ, so nothing is lost.
#[allow(clippy::too_many_arguments)]
pub async fn merge_edited_into(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    keep_id: i64,
    dup: &Client,
    edited: &ClientColumns,
    actor: &Actor,
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
    Ok(
        merge_into(dialect, conn, business, &keep, &duplicate, actor, now)
            .await?
            .kept,
    )
}

/// The explicit "Merge into…" (SPEC §6): `dup` folds into `keep`; with `dry_run` nothing
/// is written and the answer shows the profile that would result.
pub async fn merge_clients(
    store: &SqlStore,
    business: BusinessId,
    dup_id: i64,
    keep_id: i64,
    dry_run: bool,
    actor: &Actor,
    now: Millis,
) -> StoreResult<MergeResult> {
    if dup_id == keep_id {
        return Err(StoreError::Invalid(
            "a client cannot be merged into itself".into(),
        ));
    }
    let mut tx = store.write_tx().await?;
    let lock = store.dialect.for_update();
    let dup = fetch_client_with(&mut tx, business, dup_id, lock)
        .await?
        .ok_or(StoreError::NotFound)?;
    let keep = fetch_client_with(&mut tx, business, keep_id, lock)
        .await?
        .ok_or(StoreError::NotFound)?;
    if dry_run {
        let (appointments_moved, orders_moved) = owned_counts(&mut tx, business, dup.id).await?;
        let mut kept = merged_fields(&keep, &dup);
        kept.version += 1;
        kept.updated_at = now;
        tx.rollback().await?;
        return Ok(MergeResult {
            kept,
            appointments_moved,
            orders_moved,
        });
    }
    let result = merge_into(store.dialect, &mut tx, business, &keep, &dup, actor, now).await?;
    tx.commit().await?;
    Ok(result)
}

/// A banned duplicate's email stays banned after the merge, even when the kept profile
/// has another email (SPEC §6: "a ban on either profile stays in force").
async fn keep_ban_on_email(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    keep: &Client,
    dup: &Client,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE banned_emails SET client_id = $3 WHERE business_id = $1 AND client_id = $2",
    )
    .bind(business)
    .bind(dup.id)
    .bind(keep.id)
    .execute(&mut *conn)
    .await?;
    let dup_email = dup.email.as_ref().map(|e| e.to_lowercase());
    let keep_email = keep.email.as_ref().map(|e| e.to_lowercase());
    if let (true, Some(email)) = (dup.banned, dup_email) {
        if Some(&email) != keep_email.as_ref() {
            sqlx::query(
                "INSERT INTO banned_emails (business_id, email_lower, client_id, message) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (business_id, email_lower) DO NOTHING",
            )
            .bind(business)
            .bind(email)
            .bind(keep.id)
            .bind(&dup.ban_message)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// How many appointments and orders a client has.
async fn owned_counts(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
) -> StoreResult<(i64, i64)> {
    let row = sqlx::query(
        "SELECT (SELECT count(*) FROM appointments WHERE business_id = $1 AND client_id = $2), \
         (SELECT count(*) FROM orders WHERE business_id = $1 AND client_id = $2)",
    )
    .bind(business)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Moves everything of `dup` (appointments with their account links, orders) onto
/// `keep`, then deletes `dup`; audited.
#[allow(clippy::too_many_arguments)]
pub async fn merge_into(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    keep: &Client,
    dup: &Client,
    actor: &Actor,
    now: Millis,
) -> StoreResult<MergeResult> {
    let merged = merged_fields(keep, dup);
    keep_ban_on_email(conn, business, keep, dup).await?;
    let mut moved = [0i64; 2];
    for (i, table) in ["appointments", "orders"].iter().enumerate() {
        let sql =
            format!("UPDATE {table} SET client_id = $3 WHERE business_id = $1 AND client_id = $2");
        let result = sqlx::query(&sql)
            .bind(business)
            .bind(dup.id)
            .bind(keep.id)
            .execute(&mut *conn)
            .await?;
        moved[i] = result.rows_affected() as i64;
    }
    delete_words(conn, business, dup.id).await?;
    sqlx::query("DELETE FROM clients WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(dup.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE clients SET email = $3, email_lower = $4, phone = $5, phone_digits = $6, \
         notes = $7, has_account = $8, banned = $9, ban_message = $10, created_at = $11, \
         updated_at = $12, version = version + 1 \
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
    activity::refresh_client(dialect, conn, business, keep.id).await?;
    let details =
        json!({ "from": dup.id, "appointments_moved": moved[0], "orders_moved": moved[1] });
    audit::record(
        dialect,
        conn,
        business,
        actor,
        "client.merged",
        Some(keep.id),
        details,
        now,
    )
    .await?;
    let kept = fetch_client(conn, business, keep.id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event = WebhookEvent::ClientMerged {
        client: kept.clone(),
        merged_ids: vec![dup.id],
    };
    outbox::emit(dialect, conn, business, &event, now).await?;
    Ok(MergeResult {
        kept,
        appointments_moved: moved[0],
        orders_moved: moved[1],
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn client(id: i64, email: Option<&str>, phone: Option<&str>, notes: &str) -> Client {
        Client {
            business_id: 1,
            id,
            first_name: "Jean".into(),
            last_name: "Dupont".into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            notes: notes.into(),
            has_account: false,
            banned: false,
            ban_message: None,
            created_at: 100 * id,
            updated_at: 0,
            last_appointment_at: None,
            version: 1,
            delete_requested_at: None,
            kept_by_orders: 0,
        }
    }

    #[test]
    fn the_kept_profile_keeps_its_contact_and_the_dropped_one_lands_in_notes() {
        let keep = client(1, Some("keep@x.fr"), Some("06 11 11 11 11"), "likes tea");
        let dup = client(
            2,
            Some("dup@x.fr"),
            Some("06 22 22 22 22"),
            "allergic to latex",
        );
        let merged = merged_fields(&keep, &dup);
        assert_eq!(merged.id, 1);
        assert_eq!(merged.email.as_deref(), Some("keep@x.fr"));
        assert_eq!(merged.phone.as_deref(), Some("06 11 11 11 11"));
        for text in [
            "likes tea",
            "allergic to latex",
            "dup@x.fr",
            "06 22 22 22 22",
        ] {
            assert!(
                merged.notes.contains(text),
                "{text} lost from {:?}",
                merged.notes
            );
        }
        assert_eq!(merged.created_at, 100);
    }

    #[test]
    fn missing_contact_details_are_taken_from_the_duplicate() {
        let keep = client(1, None, None, "");
        let dup = client(2, Some("dup@x.fr"), Some("0622"), "");
        let merged = merged_fields(&keep, &dup);
        assert_eq!(merged.email.as_deref(), Some("dup@x.fr"));
        assert_eq!(merged.phone.as_deref(), Some("0622"));
        assert_eq!(merged.notes, "");
    }

    #[test]
    fn a_ban_or_an_account_on_either_side_stays() {
        let keep = client(1, None, None, "");
        let mut dup = client(2, None, None, "");
        dup.banned = true;
        dup.ban_message = Some("No more".into());
        dup.has_account = true;
        let merged = merged_fields(&keep, &dup);
        assert!(merged.banned && merged.has_account);
        assert_eq!(merged.ban_message.as_deref(), Some("No more"));
    }

    #[test]
    fn same_email_in_another_case_is_not_reported_as_dropped() {
        let keep = client(1, Some("A@x.fr"), None, "");
        let dup = client(2, Some("a@X.FR"), None, "");
        assert_eq!(merged_fields(&keep, &dup).notes, "");
    }
}
