//! Row → record mapping, and the column lists that go with it.

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::{StoreError, StoreResult};
use crate::model::*;

/// Columns read by [`client_from_row`], prefixed by the `c` alias.
pub const CLIENT_COLUMNS: &str = "c.business_id, c.id, c.first_name, c.last_name, c.email, \
     c.phone, c.notes, c.has_account, c.banned, c.ban_message, c.created_at, c.updated_at, \
     c.last_appointment_at, c.version, c.sort_key, c.delete_requested_at, \
     CASE WHEN c.delete_requested_at IS NULL THEN 0 ELSE (SELECT count(*) FROM orders o \
     WHERE o.business_id = c.business_id AND o.client_id = c.id AND o.status = 'active') END";

/// How many columns [`CLIENT_COLUMNS`] selects: extra columns of a query come after.
pub const CLIENT_COLUMN_COUNT: usize = 17;

pub fn client_from_row(row: &AnyRow) -> StoreResult<Client> {
    Ok(Client {
        business_id: row.try_get(0)?,
        id: row.try_get(1)?,
        first_name: row.try_get(2)?,
        last_name: row.try_get(3)?,
        email: row.try_get(4)?,
        phone: row.try_get(5)?,
        notes: row.try_get(6)?,
        has_account: row.try_get::<i64, _>(7)? != 0,
        banned: row.try_get::<i64, _>(8)? != 0,
        ban_message: row.try_get(9)?,
        created_at: row.try_get(10)?,
        updated_at: row.try_get(11)?,
        last_appointment_at: row.try_get(12)?,
        version: row.try_get(13)?,
        delete_requested_at: row.try_get(15)?,
        kept_by_orders: row.try_get(16)?,
    })
}

/// The sort key stored beside a client row (column 14 of [`CLIENT_COLUMNS`]).
pub fn sort_key_of(row: &AnyRow) -> StoreResult<String> {
    Ok(row.try_get(14)?)
}

pub const BUSINESS_COLUMNS: &str =
    "id, slug, name, time_zone, locale, default_ban_message, created_at";

pub fn business_from_row(row: &AnyRow) -> StoreResult<Business> {
    Ok(Business {
        id: row.try_get(0)?,
        slug: row.try_get(1)?,
        name: row.try_get(2)?,
        time_zone: row.try_get(3)?,
        locale: row.try_get(4)?,
        default_ban_message: row.try_get(5)?,
        created_at: row.try_get(6)?,
    })
}

pub const APPOINTMENT_COLUMNS: &str = "id, client_id, appointment_type_id, start_at, end_at, \
     status, form_answers, booked_with_account, created_at, canceled_at, account_id, \
     confirmation_sent_at";

pub fn appointment_from_row(row: &AnyRow) -> StoreResult<Appointment> {
    let status: String = row.try_get(5)?;
    let status = match status.as_str() {
        "scheduled" => AppointmentStatus::Scheduled,
        "canceled" => AppointmentStatus::Canceled,
        other => return Err(StoreError::Corrupt(format!("appointment status {other}"))),
    };
    let form: String = row.try_get(6)?;
    Ok(Appointment {
        id: row.try_get(0)?,
        client_id: row.try_get(1)?,
        appointment_type_id: row.try_get(2)?,
        start_at: row.try_get(3)?,
        end_at: row.try_get(4)?,
        status,
        form: serde_json::from_str(&form)
            .map_err(|e| StoreError::Corrupt(format!("form answers: {e}")))?,
        booked_with_account: row.try_get::<i64, _>(7)? != 0,
        created_at: row.try_get(8)?,
        canceled_at: row.try_get(9)?,
        account_id: row.try_get(10)?,
        confirmation_sent_at: row.try_get(11)?,
    })
}

pub fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

/// Maps a unique-constraint violation to a domain conflict, anything else passes through.
pub fn conflict_on_unique(err: sqlx::Error, what: &str) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() {
            return StoreError::Conflict(format!("{what} already exists"));
        }
    }
    StoreError::Database(err)
}

pub const ORDER_COLUMNS: &str =
    "id, client_id, kind, code, remaining, expires_at, status, created_at";

pub fn order_from_row(row: &AnyRow) -> StoreResult<Order> {
    Ok(Order {
        id: row.try_get(0)?,
        client_id: row.try_get(1)?,
        kind: row.try_get(2)?,
        code: row.try_get(3)?,
        remaining: row.try_get(4)?,
        expires_at: row.try_get(5)?,
        status: row.try_get(6)?,
        created_at: row.try_get(7)?,
    })
}
