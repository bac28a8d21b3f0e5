//! Public bookings: the client is found by email, else by name and phone, else created,
//! in the same transaction as the appointment (SPEC §8).

use sqlx::Row;

use super::clients::{insert_row, insert_words, ClientColumns};
use super::{appointments, outbox, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;

pub async fn book(
    store: &SqlStore,
    business: BusinessId,
    booking: &PublicBooking,
    now: Millis,
) -> StoreResult<BookingOutcome> {
    let mut tx = store.write_tx().await?;
    let (client_id, created_client) =
        client_for(store, &mut tx, business, &booking.fields, now).await?;
    let new = NewAppointment {
        client_id,
        ..booking.appointment.clone()
    };
    let appointment = appointments::insert(store.dialect, &mut tx, business, &new, now).await?;
    tx.commit().await?;
    Ok(BookingOutcome {
        appointment_id: appointment.id,
        client_id,
        created_client,
    })
}

/// The client an online booking or order belongs to, created if none matches; refused
/// when the email is banned. Returns the id and whether it was created.
pub async fn client_for(
    store: &SqlStore,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    fields: &ClientFields,
    now: Millis,
) -> StoreResult<(i64, bool)> {
    let cols = ClientColumns::from(fields);
    let email = cols
        .email_lower
        .clone()
        .ok_or_else(|| StoreError::Invalid("email is required".into()))?;
    // Two bookings with the same new email wait for each other here: one creates the
    // client, the other finds it.
    store
        .dialect
        .lock_key(conn, business, &format!("email:{email}"))
        .await?;
    // Likewise for the same name and phone under different emails (always taken after
    // the email lock, so two bookings cannot wait for each other in a cycle).
    if let Some(digits) = &cols.phone_digits {
        store
            .dialect
            .lock_key(
                conn,
                business,
                &format!("person:{}:{digits}", cols.name_key),
            )
            .await?;
    }
    if let Some(message) = ban_in(conn, business, &email).await? {
        return Err(StoreError::Banned(message));
    }
    if let Some(id) = find_client(conn, business, &cols, &email).await? {
        return Ok((id, false));
    }
    let id = store.dialect.alloc_ids(conn, 1).await?[0];
    insert_row(conn, business, id, &cols, now).await?;
    insert_words(conn, business, id, &cols).await?;
    outbox::emit_clients(store.dialect, conn, business, &[id], true, now).await?;
    Ok((id, true))
}

/// `client_for` in a transaction of its own.
pub async fn match_or_create(
    store: &SqlStore,
    business: BusinessId,
    fields: &ClientFields,
    now: Millis,
) -> StoreResult<(i64, bool)> {
    let mut tx = store.write_tx().await?;
    let found = client_for(store, &mut tx, business, fields, now).await?;
    tx.commit().await?;
    Ok(found)
}

/// The existing client a booking belongs to: same email (case-insensitive), else same
/// normalised name and phone digits (then the booking's email fills an empty one).
async fn find_client(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    cols: &ClientColumns,
    email: &str,
) -> StoreResult<Option<i64>> {
    let by_email = sqlx::query(
        "SELECT id FROM clients WHERE business_id = $1 AND email_lower = $2 ORDER BY id LIMIT 1",
    )
    .bind(business)
    .bind(email)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = by_email {
        return Ok(Some(row.try_get(0)?));
    }
    let Some(digits) = &cols.phone_digits else {
        return Ok(None);
    };
    let by_name_phone = sqlx::query(
        "SELECT id FROM clients WHERE business_id = $1 AND name_key = $2 AND phone_digits = $3 \
         ORDER BY id LIMIT 1",
    )
    .bind(business)
    .bind(&cols.name_key)
    .bind(digits)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = by_name_phone else {
        return Ok(None);
    };
    let id: i64 = row.try_get(0)?;
    sqlx::query(
        "UPDATE clients SET email = $3, email_lower = $4, version = version + 1 \
         WHERE business_id = $1 AND id = $2 AND email IS NULL",
    )
    .bind(business)
    .bind(id)
    .bind(&cols.email)
    .bind(email)
    .execute(&mut *conn)
    .await?;
    Ok(Some(id))
}

/// The ban on an email: `Some(custom message or None)` when a banned client has it, or
/// had it before merging into another profile.
pub async fn ban_in(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    email_lower: &str,
) -> StoreResult<Option<Option<String>>> {
    let row = sqlx::query(
        "SELECT ban_message FROM clients WHERE business_id = $1 AND email_lower = $2 AND banned = 1 \
         ORDER BY id LIMIT 1",
    )
    .bind(business)
    .bind(email_lower)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        return Ok(Some(row.try_get(0)?));
    }
    let row = sqlx::query(
        "SELECT message FROM banned_emails WHERE business_id = $1 AND email_lower = $2",
    )
    .bind(business)
    .bind(email_lower)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(row) => Some(row.try_get(0)?),
        None => None,
    })
}
