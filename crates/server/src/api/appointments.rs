//! Appointment types and admin bookings (as much as the client list needs).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_store::{FormAnswer, FormField, NewAppointment, NewAppointmentType, NewEmail};
use serde::Deserialize;
use serde_json::Value;

use super::client_json::{appointment_json, appointment_type_json};
use super::parse_id;
use crate::email::confirm::{confirmation_email, Booked, Cause};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Staff};
use crate::state::AppState;
use crate::time::parse_rfc3339;

const FIELD_KINDS: [&str; 5] = ["text", "textarea", "checkbox", "select", "yes_no"];
const MAX_FORM_FIELDS: usize = 50;
const MAX_LABEL_CHARS: usize = 200;
const MAX_ANSWER_CHARS: usize = 5_000;

pub async fn list_types(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Value>> {
    let types = state.store.appointment_types(staff.business_id).await?;
    Ok(Json(Value::Array(
        types.iter().map(appointment_type_json).collect(),
    )))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTypeBody {
    name: String,
    duration_minutes: i64,
    price_cents: Option<i64>,
    #[serde(default)]
    form: Vec<FormField>,
}

pub async fn add_type(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<NewTypeBody>,
) -> ApiResult<Response> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > MAX_LABEL_CHARS {
        return Err(ApiError::validation(
            "name",
            "name is required (max 200 characters)",
        ));
    }
    if !(1..=24 * 60).contains(&body.duration_minutes) {
        return Err(ApiError::validation(
            "duration_minutes",
            "duration must be 1 to 1440 minutes",
        ));
    }
    if body.price_cents.is_some_and(|p| p < 0) {
        return Err(ApiError::validation(
            "price_cents",
            "price cannot be negative",
        ));
    }
    validate_form(&body.form)?;
    let new = NewAppointmentType {
        name: name.to_string(),
        duration_minutes: body.duration_minutes,
        price_cents: body.price_cents,
        form: body.form,
    };
    let created = state
        .store
        .create_appointment_type(staff.business_id, &new, state.now_millis())
        .await?;
    Ok((StatusCode::CREATED, Json(appointment_type_json(&created))).into_response())
}

fn validate_form(form: &[FormField]) -> ApiResult<()> {
    if form.len() > MAX_FORM_FIELDS {
        return Err(ApiError::validation("form", "at most 50 form fields"));
    }
    for field in form {
        let label = field.label.trim();
        if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
            return Err(ApiError::validation(
                "form",
                "every form field needs a label (max 200 characters)",
            ));
        }
        if !FIELD_KINDS.contains(&field.kind.as_str()) {
            return Err(ApiError::validation(
                "form",
                format!(
                    "unknown field kind {:?}: use one of {}",
                    field.kind,
                    FIELD_KINDS.join(", ")
                ),
            ));
        }
        if field.kind == "select" && field.options.as_ref().is_none_or(|o| o.is_empty()) {
            return Err(ApiError::validation(
                "form",
                format!("select field {label:?} needs options"),
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookBody {
    client_id: String,
    appointment_type_id: String,
    start: String,
    end: Option<String>,
    duration_minutes: Option<i64>,
    #[serde(default)]
    form: Vec<FormAnswer>,
}

/// Admin booking: past starts are allowed and bans do not apply (API.md).
pub async fn book(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<BookBody>,
) -> ApiResult<Response> {
    let client_id = parse_id(&body.client_id)
        .map_err(|_| ApiError::validation("client_id", "unknown client"))?;
    let type_id = parse_id(&body.appointment_type_id)
        .map_err(|_| ApiError::validation("appointment_type_id", "unknown appointment type"))?;
    let appointment_type = state
        .store
        .appointment_type(staff.business_id, type_id)
        .await?
        .ok_or_else(|| ApiError::validation("appointment_type_id", "unknown appointment type"))?;
    let start = parse_rfc3339(&body.start).ok_or_else(|| {
        ApiError::validation(
            "start",
            "start must be an RFC 3339 time, e.g. 2026-11-25T10:00:00Z",
        )
    })?;
    let end = match (&body.end, body.duration_minutes) {
        (Some(end), _) => parse_rfc3339(end)
            .ok_or_else(|| ApiError::validation("end", "end must be an RFC 3339 time"))?,
        (None, Some(minutes)) if (1..=24 * 60).contains(&minutes) => start + minutes * 60_000,
        (None, Some(_)) => {
            return Err(ApiError::validation(
                "duration_minutes",
                "duration must be 1 to 1440 minutes",
            ))
        }
        (None, None) => start + appointment_type.duration_minutes * 60_000,
    };
    if end <= start {
        return Err(ApiError::validation("end", "end must be after start"));
    }
    for answer in &body.form {
        if answer.label.chars().count() > MAX_LABEL_CHARS
            || answer.value.chars().count() > MAX_ANSWER_CHARS
        {
            return Err(ApiError::validation("form", "form answer too long"));
        }
    }
    let when = (start, end);
    let confirmation = staff_confirmation(
        &state,
        staff.business_id,
        client_id,
        &appointment_type.name,
        when,
        &body.form,
    )
    .await?;
    let new = NewAppointment {
        client_id,
        appointment_type_id: type_id,
        start_at: start,
        end_at: end,
        form: body.form,
        account_id: None,
        confirmation,
    };
    let created = state
        .store
        .create_appointment(staff.business_id, &new, state.now_millis())
        .await
        // The store checks the client in its transaction; absent is a bad body, not a 404.
        .map_err(|e| match e {
            clientele_store::StoreError::NotFound => {
                ApiError::validation("client_id", "unknown client")
            }
            other => other.into(),
        })?;
    Ok((
        StatusCode::CREATED,
        Json(appointment_json(&created, Some(&appointment_type.name))),
    )
        .into_response())
}

pub async fn cancel(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    let canceled = state
        .store
        .cancel_appointment(staff.business_id, id, state.now_millis())
        .await?;
    Ok(Json(appointment_json(&canceled, None)))
}

/// The confirmation of an admin booking for `client_id`, when the client has an email.
/// Sent even to a banned address: staff booked on purpose (SPEC §8).
async fn staff_confirmation(
    state: &AppState,
    business_id: i64,
    client_id: i64,
    appointment_type: &str,
    (start_at, end_at): (i64, i64),
    answers: &[FormAnswer],
) -> ApiResult<Option<NewEmail>> {
    let Some(client) = state.store.client(business_id, client_id).await? else {
        return Err(ApiError::validation("client_id", "unknown client"));
    };
    let Some(email) = client.email.clone() else {
        return Ok(None);
    };
    let business = state
        .store
        .business(business_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Some(confirmation_email(
        &business,
        &email,
        &Booked {
            first_name: &client.first_name,
            last_name: &client.last_name,
            appointment_type,
            start_at,
            end_at,
            answers,
        },
        Cause::StaffBooking,
    )))
}
