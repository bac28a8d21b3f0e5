//! Appointment types and appointments, as far as the client list needs them.

use sqlx::{AnyPool, Row};

use super::rows::*;
use super::{activity, outbox, Dialect, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::*;
use crate::outbox_model::{NewEmail, WebhookEvent};

pub async fn create_type(
    store: &SqlStore,
    business: BusinessId,
    new: &NewAppointmentType,
    now: Millis,
) -> StoreResult<AppointmentType> {
    let form = serde_json::to_string(&new.form).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut tx = store.write_tx().await?;
    let id = store.dialect.alloc_ids(&mut tx, 1).await?[0];
    sqlx::query(
        "INSERT INTO appointment_types (business_id, id, name, duration_minutes, price_cents, \
         form, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(business)
    .bind(id)
    .bind(&new.name)
    .bind(new.duration_minutes)
    .bind(new.price_cents)
    .bind(form)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(AppointmentType {
        id,
        name: new.name.clone(),
        duration_minutes: new.duration_minutes,
        price_cents: new.price_cents,
        form: new.form.clone(),
        created_at: now,
    })
}

pub async fn types(
    pool: &AnyPool,
    business: BusinessId,
    only: Option<i64>,
) -> StoreResult<Vec<AppointmentType>> {
    let rows = sqlx::query(
        "SELECT id, name, duration_minutes, price_cents, form, created_at FROM appointment_types \
         WHERE business_id = $1 AND ($2 < 0 OR id = $2) ORDER BY name, id",
    )
    .bind(business)
    .bind(only.unwrap_or(-1))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let form: String = row.try_get(4)?;
            Ok(AppointmentType {
                id: row.try_get(0)?,
                name: row.try_get(1)?,
                duration_minutes: row.try_get(2)?,
                price_cents: row.try_get(3)?,
                form: serde_json::from_str(&form)
                    .map_err(|e| StoreError::Corrupt(format!("form: {e}")))?,
                created_at: row.try_get(5)?,
            })
        })
        .collect()
}

pub async fn create(
    store: &SqlStore,
    business: BusinessId,
    new: &NewAppointment,
    now: Millis,
) -> StoreResult<Appointment> {
    let mut tx = store.write_tx().await?;
    let exists = sqlx::query("SELECT 1 FROM clients WHERE business_id = $1 AND id = $2")
        .bind(business)
        .bind(new.client_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(StoreError::NotFound);
    }
    let appointment = insert(store.dialect, &mut tx, business, new, now).await?;
    tx.commit().await?;
    Ok(appointment)
}

/// Inserts an appointment of an existing client inside the caller's transaction. One
/// booked under a client account gives the client the Account check mark.
pub async fn insert(
    dialect: Dialect,
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    new: &NewAppointment,
    now: Millis,
) -> StoreResult<Appointment> {
    let form = serde_json::to_string(&new.form).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let id = dialect.alloc_ids(conn, 1).await?[0];
    sqlx::query(
        "INSERT INTO appointments (business_id, id, client_id, appointment_type_id, start_at, \
         end_at, status, form_answers, booked_with_account, created_at, account_id) \
         VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8, $9, $10)",
    )
    .bind(business)
    .bind(id)
    .bind(new.client_id)
    .bind(new.appointment_type_id)
    .bind(new.start_at)
    .bind(new.end_at)
    .bind(form)
    .bind(bool_int(new.account_id.is_some()))
    .bind(now)
    .bind(new.account_id)
    .execute(&mut *conn)
    .await?;
    // A new booking brings back a deleted profile that orders kept (SPEC §7): the client
    // is active again. One booked under an account gives the Account check mark.
    sqlx::query(
        "UPDATE clients SET delete_requested_at = NULL, \
         has_account = CASE WHEN $3 = 1 THEN 1 ELSE has_account END \
         WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(new.client_id)
    .bind(bool_int(new.account_id.is_some()))
    .execute(&mut *conn)
    .await?;
    activity::refresh_client(dialect, conn, business, new.client_id).await?;
    if let Some(email) = &new.confirmation {
        let email = NewEmail {
            appointment_id: Some(id),
            ..email.clone()
        };
        outbox::queue_email(dialect, conn, business, &email, now).await?;
    }
    let appointment = fetch(conn, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event = WebhookEvent::AppointmentScheduled {
        appointment: appointment.clone(),
    };
    outbox::emit(dialect, conn, business, &event, now).await?;
    Ok(appointment)
}

pub async fn reschedule(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
    start_at: Millis,
    end_at: Millis,
    now: Millis,
) -> StoreResult<Appointment> {
    let mut tx = store.write_tx().await?;
    let current = fetch(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.status == AppointmentStatus::Canceled {
        return Err(StoreError::Conflict(
            "a canceled appointment cannot be moved".into(),
        ));
    }
    sqlx::query(
        "UPDATE appointments SET start_at = $3, end_at = $4 WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(id)
    .bind(start_at)
    .bind(end_at)
    .execute(&mut *tx)
    .await?;
    activity::refresh_client(store.dialect, &mut tx, business, current.client_id).await?;
    let appointment = fetch(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    // Moved: subscribers see it scheduled at its new time.
    let event = WebhookEvent::AppointmentScheduled {
        appointment: appointment.clone(),
    };
    outbox::emit(store.dialect, &mut tx, business, &event, now).await?;
    tx.commit().await?;
    Ok(appointment)
}

pub async fn cancel(
    store: &SqlStore,
    business: BusinessId,
    id: i64,
    now: Millis,
) -> StoreResult<Appointment> {
    let mut tx = store.write_tx().await?;
    let current = fetch(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.status == AppointmentStatus::Canceled {
        return Err(StoreError::Conflict(
            "the appointment is already canceled".into(),
        ));
    }
    sqlx::query(
        "UPDATE appointments SET status = 'canceled', canceled_at = $3 \
         WHERE business_id = $1 AND id = $2",
    )
    .bind(business)
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    activity::refresh_client(store.dialect, &mut tx, business, current.client_id).await?;
    let appointment = fetch(&mut tx, business, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let event = WebhookEvent::AppointmentCanceled {
        appointment: appointment.clone(),
    };
    outbox::emit(store.dialect, &mut tx, business, &event, now).await?;
    tx.commit().await?;
    Ok(appointment)
}

pub async fn fetch(
    conn: &mut sqlx::AnyConnection,
    business: BusinessId,
    id: i64,
) -> StoreResult<Option<Appointment>> {
    let sql = format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE business_id = $1 AND id = $2"
    );
    let row = sqlx::query(&sql)
        .bind(business)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(appointment_from_row).transpose()
}

/// Whose appointments to list: a client's, or those booked under a client account.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Client(i64),
    Account(i64),
}

/// Appointments of an owner, newest first.
pub async fn list(
    pool: &AnyPool,
    business: BusinessId,
    owner: Owner,
) -> StoreResult<Vec<Appointment>> {
    let (column, id) = match owner {
        Owner::Client(id) => ("client_id", id),
        Owner::Account(id) => ("account_id", id),
    };
    let sql = format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE business_id = $1 AND {column} = $2 \
         ORDER BY start_at DESC, id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(business)
        .bind(id)
        .fetch_all(pool)
        .await?;
    rows.iter().map(appointment_from_row).collect()
}
