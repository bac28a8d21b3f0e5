//! The client object of API.md and the appointment object of the profile.

use clientele_store::{Appointment, AppointmentType, Client, Order};
use serde_json::{json, Value};

use crate::time::{opt_rfc3339, to_rfc3339};

pub fn client_json(c: &Client) -> Value {
    json!({
        "id": c.id.to_string(),
        "first_name": c.first_name,
        "last_name": c.last_name,
        "email": c.email,
        "phone": c.phone,
        "notes": c.notes,
        "has_account": c.has_account,
        "banned": c.banned,
        "ban_message": c.ban_message,
        "kept_by_orders": c.kept_by_orders,
        "delete_requested_at": opt_rfc3339(c.delete_requested_at),
        "created_at": to_rfc3339(c.created_at),
        "updated_at": to_rfc3339(c.updated_at),
        "last_appointment_at": opt_rfc3339(c.last_appointment_at),
        "version": c.version,
    })
}

pub fn appointment_json(a: &Appointment, type_name: Option<&str>) -> Value {
    json!({
        "id": a.id.to_string(),
        "client_id": a.client_id.to_string(),
        "appointment_type_id": a.appointment_type_id.to_string(),
        "appointment_type": type_name,
        "start": to_rfc3339(a.start_at),
        "end": to_rfc3339(a.end_at),
        "status": a.status,
        "canceled": a.status == clientele_store::AppointmentStatus::Canceled,
        "form": a.form,
        "booked_with_account": a.booked_with_account,
        "created_at": to_rfc3339(a.created_at),
        "canceled_at": opt_rfc3339(a.canceled_at),
        "confirmation_sent_at": opt_rfc3339(a.confirmation_sent_at),
    })
}

pub fn appointment_type_json(t: &AppointmentType) -> Value {
    json!({
        "id": t.id.to_string(),
        "name": t.name,
        "duration_minutes": t.duration_minutes,
        "price_cents": t.price_cents,
        "form": t.form,
        "created_at": to_rfc3339(t.created_at),
    })
}

pub fn order_json(o: &Order) -> Value {
    json!({
        "id": o.id.to_string(),
        "client_id": o.client_id.to_string(),
        "kind": o.kind,
        "code": o.code,
        "remaining": o.remaining,
        "expires_at": opt_rfc3339(o.expires_at),
        "status": o.status,
        "created_at": to_rfc3339(o.created_at),
    })
}
