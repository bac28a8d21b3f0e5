//! The outbox as staff see it (API.md "email"): the emails, a retry of a failed one, and
//! "Resend confirmation" of an appointment.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use clientele_store::{Channel, OutboxItem};
use serde::Deserialize;
use serde_json::{json, Value};

use super::parse_id;
use crate::email::confirm::{confirmation_email, Booked, Cause};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiQuery, Staff};
use crate::state::AppState;
use crate::time::{opt_rfc3339, to_rfc3339};

const DEFAULT_PAGE: u32 = 100;
const MAX_PAGE: u32 = 500;

/// An email of the outbox, both parts included: staff read what was (or will be) sent.
pub fn email_json(item: &OutboxItem) -> Value {
    json!({
        "id": item.id.to_string(),
        "kind": item.kind,
        "to": item.recipient,
        "subject": item.subject,
        "text": item.body,
        "html": item.body_html,
        "automatic": item.automatic,
        "appointment_id": item.appointment_id.map(|id| id.to_string()),
        "status": item.status,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "created_at": to_rfc3339(item.created_at),
        "sent_at": opt_rfc3339(item.sent_at),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    limit: Option<u32>,
    /// The `next` of the previous page.
    before: Option<String>,
}

/// A page of one channel of the outbox, newest first, with the cursor of the next page.
pub async fn page(
    state: &AppState,
    business: i64,
    channel: Channel,
    query: PageQuery,
    render: fn(&OutboxItem) -> Value,
) -> ApiResult<Json<Value>> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::validation("limit", "limit must be 1 to 500"));
    }
    let before = match query.before.as_deref() {
        Some(raw) => Some(raw.trim().parse::<i64>().map_err(|_| {
            ApiError::validation("before", "before must be the `next` of a previous page")
        })?),
        None => None,
    };
    let items = state.store.outbox(business, channel, before, limit).await?;
    let next = (items.len() == limit as usize)
        .then(|| items.last().map(|i| i.id.to_string()))
        .flatten();
    let key = match channel {
        Channel::Email => "emails",
        Channel::Webhook => "deliveries",
    };
    Ok(Json(
        json!({ key: items.iter().map(render).collect::<Vec<_>>(), "next": next }),
    ))
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<Value>> {
    page(&state, staff.business_id, Channel::Email, query, email_json).await
}

/// Queues a failed, unsent or suppressed email again → 202; 409 for any other.
pub async fn retry(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let item = retry_email(&state, staff.business_id, parse_id(&id)?).await?;
    Ok((StatusCode::ACCEPTED, Json(email_json(&item))))
}

/// Queues email `id` of `business` again (the API and the outbox page share it): 404 for
/// an unknown id or a webhook delivery, 409 for one not failed, unsent or suppressed.
pub async fn retry_email(state: &AppState, business: i64, id: i64) -> ApiResult<OutboxItem> {
    match state.store.outbox_item(business, id).await? {
        Some(item) if item.channel == Channel::Email => {}
        _ => return Err(ApiError::NotFound),
    }
    Ok(state.store.retry_outbox_item(business, id).await?)
}

/// "Resend confirmation": a new email in the outbox → 202 with it.
pub async fn resend_confirmation(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let item = queue_resend(&state, staff.business_id, parse_id(&id)?).await?;
    Ok((StatusCode::ACCEPTED, Json(email_json(&item))))
}

/// Queues the confirmation of appointment `id` again (the API and the web page share it).
pub async fn queue_resend(state: &AppState, business_id: i64, id: i64) -> ApiResult<OutboxItem> {
    let store = &state.store;
    let appointment = store
        .appointment(business_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let client = store
        .client(business_id, appointment.client_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let Some(to) = client.email.clone() else {
        return Err(ApiError::validation(
            "email",
            "the client has no email address to send the confirmation to",
        ));
    };
    let business = store
        .business(business_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let type_name = store
        .appointment_type(business_id, appointment.appointment_type_id)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let booked = Booked {
        first_name: &client.first_name,
        last_name: &client.last_name,
        appointment_type: &type_name,
        start_at: appointment.start_at,
        end_at: appointment.end_at,
        answers: &appointment.form,
    };
    let mut email = confirmation_email(&business, &to, &booked, Cause::Resend);
    email.appointment_id = Some(appointment.id);
    Ok(store
        .enqueue_email(business_id, &email, state.now_millis())
        .await?)
}
