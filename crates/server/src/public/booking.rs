//! Online booking, canceling, rescheduling and ordering by clients (SPEC §8). A banned
//! email is refused every one of them with the ban message.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::email::parse_optional_email;
use clientele_domain::phone::parse_optional_phone;
use clientele_domain::{Email, Notes, PersonName};
use clientele_store::{
    Business, ClientAccount, ClientFields, FormAnswer, NewAppointment, PublicBooking, StoreError,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{banned, business, MaybeAccount};
use crate::api::client_json::{appointment_json, order_json};
use crate::api::orders::{create_with_fresh_code, parse_new_order, NewOrderBody};
use crate::api::parse_id;
use crate::email::confirm::{confirmation_email, Booked, Cause};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::forms::validate_answers;
use crate::state::AppState;
use crate::time::parse_rfc3339;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingBody {
    pub appointment_type_id: String,
    pub start: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub form: Vec<FormAnswer>,
}

/// The client's details: as given, or the logged-in account's where left out.
fn client_fields(
    first: Option<&str>,
    last: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    account: Option<&ClientAccount>,
) -> ApiResult<ClientFields> {
    let first = first
        .or(account.map(|a| a.first_name.as_str()))
        .unwrap_or("");
    let last = last.or(account.map(|a| a.last_name.as_str())).unwrap_or("");
    let email = email.or(account.map(|a| a.email.as_str()));
    let email = parse_optional_email(email)?
        .ok_or_else(|| ApiError::validation("email", "email is required"))?;
    Ok(ClientFields {
        name: PersonName::parse(first, last)?,
        email: Some(email),
        phone: parse_optional_phone(phone)?,
        notes: Notes::default(),
    })
}

/// Maps a store refusal of a banned email to the message in the business's language.
/// (Bookings and orders check the ban inside their transaction: no check before.)
fn refusal(err: StoreError, business: &Business) -> ApiError {
    match err {
        StoreError::Banned(custom) => banned(custom.as_deref(), business),
        other => other.into(),
    }
}

async fn refuse_if_banned(state: &AppState, business: &Business, email: &Email) -> ApiResult<()> {
    match state
        .store
        .ban_for_email(business.id, &email.normalized())
        .await?
    {
        Some(custom) => Err(banned(custom.as_deref(), business)),
        None => Ok(()),
    }
}

pub async fn book(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    account: MaybeAccount,
    ApiJson(body): ApiJson<BookingBody>,
) -> ApiResult<Response> {
    let business = business(&state, &slug).await?;
    let account = account.verified_for(business.id);
    let outcome = place_booking(&state, &business, account, body).await?;
    let answer = json!({
        "appointment_id": outcome.appointment_id.to_string(),
        "client_id": outcome.client_id.to_string(),
    });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// An online booking (SPEC §8), shared by the API and the public booking page: the
/// client matched or created, the intake form checked, the confirmation queued, all in
/// one transaction; a banned email is refused with its message.
pub async fn place_booking(
    state: &AppState,
    business: &Business,
    account: Option<&ClientAccount>,
    body: BookingBody,
) -> ApiResult<clientele_store::BookingOutcome> {
    let fields = client_fields(
        body.first_name.as_deref(),
        body.last_name.as_deref(),
        body.email.as_deref(),
        body.phone.as_deref(),
        account,
    )?;
    let unknown_type = || ApiError::validation("appointment_type_id", "unknown appointment type");
    let type_id = parse_id(&body.appointment_type_id).map_err(|_| unknown_type())?;
    let appointment_type = state
        .store
        .appointment_type(business.id, type_id)
        .await?
        .ok_or_else(unknown_type)?;
    let start = future_start(state, &body.start)?;
    let form = validate_answers(&appointment_type.form, &body.form)?;
    let end = start + appointment_type.duration_minutes * 60_000;
    let confirmation = fields.email.as_ref().map(|email| {
        let booked = Booked {
            first_name: fields.name.first(),
            last_name: fields.name.last(),
            appointment_type: &appointment_type.name,
            start_at: start,
            end_at: end,
            answers: &form,
        };
        confirmation_email(business, email.as_str(), &booked, Cause::OnlineBooking)
    });
    let booking = PublicBooking {
        fields,
        appointment: NewAppointment {
            client_id: 0,
            appointment_type_id: type_id,
            start_at: start,
            end_at: end,
            form,
            account_id: account.map(|a| a.id),
            confirmation,
        },
    };
    state
        .store
        .book_public(business.id, &booking, state.now_millis())
        .await
        .map_err(|e| refusal(e, business))
}

fn future_start(state: &AppState, raw: &str) -> ApiResult<i64> {
    let start = parse_rfc3339(raw).ok_or_else(|| {
        ApiError::validation(
            "start",
            "start must be an RFC 3339 time, e.g. 2026-11-25T10:00:00Z",
        )
    })?;
    if start <= state.now_millis() {
        return Err(ApiError::validation("start", "start must be in the future"));
    }
    Ok(start)
}

/// The logged-in account's own appointment, after the ban check on its email.
async fn own_appointment(
    state: &AppState,
    slug: &str,
    account: &MaybeAccount,
    id: &str,
) -> ApiResult<(Business, clientele_store::Appointment)> {
    let business = business(state, slug).await?;
    let account = account
        .for_business(business.id)
        .ok_or(ApiError::Unauthorized)?;
    let id = parse_id(id)?;
    let appointment = state
        .store
        .appointment(business.id, id)
        .await?
        .filter(|a| a.account_id == Some(account.id))
        .ok_or(ApiError::NotFound)?;
    refuse_if_banned(state, &business, &Email::parse(&account.email)?).await?;
    // The appointment's client may be banned under another email (after a merge, say).
    if let Some(client) = state
        .store
        .client(business.id, appointment.client_id)
        .await?
    {
        if client.banned {
            return Err(banned(client.ban_message.as_deref(), &business));
        }
    }
    Ok((business, appointment))
}

pub async fn cancel(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    account: MaybeAccount,
) -> ApiResult<Json<Value>> {
    let (business, appointment) = own_appointment(&state, &slug, &account, &id).await?;
    let canceled = state
        .store
        .cancel_appointment(business.id, appointment.id, state.now_millis())
        .await?;
    Ok(Json(appointment_json(&canceled, None)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleBody {
    start: String,
}

pub async fn reschedule(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    account: MaybeAccount,
    ApiJson(body): ApiJson<RescheduleBody>,
) -> ApiResult<Json<Value>> {
    let (business, appointment) = own_appointment(&state, &slug, &account, &id).await?;
    let start = future_start(&state, &body.start)?;
    let end = start + (appointment.end_at - appointment.start_at);
    let moved = state
        .store
        .reschedule_appointment(business.id, appointment.id, start, end, state.now_millis())
        .await?;
    Ok(Json(appointment_json(&moved, None)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyOrderBody {
    kind: String,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// A client orders a package, gift certificate or subscription (payment is outside
/// Clientele): the code is generated; a banned email is refused.
pub async fn buy_order(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    account: MaybeAccount,
    ApiJson(body): ApiJson<BuyOrderBody>,
) -> ApiResult<Response> {
    let business = business(&state, &slug).await?;
    let account = account.verified_for(business.id);
    let fields = client_fields(
        body.first_name.as_deref(),
        body.last_name.as_deref(),
        body.email.as_deref(),
        body.phone.as_deref(),
        account,
    )?;
    let now = state.now_millis();
    let (client_id, _) = state
        .store
        .match_or_create_client(business.id, &fields, now)
        .await
        .map_err(|e| refusal(e, &business))?;
    let order_body = NewOrderBody {
        kind: body.kind,
        client_id: client_id.to_string(),
        code: None,
        remaining: None,
        expires_at: None,
    };
    let mut new = parse_new_order(&order_body, client_id)?;
    new.account_id = account.map(|a| a.id);
    let order = create_with_fresh_code(&state, business.id, new, true).await?;
    Ok((StatusCode::CREATED, Json(order_json(&order))).into_response())
}
