//! The public booking page of a business (SPEC §8): choose a type and a time, give
//! one's details and the intake answers; a banned email gets the ban message. Booking
//! goes through the same code as `POST /api/public/{business}/bookings`.

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{NaiveDateTime, TimeZone};
use clientele_store::{AppointmentType, Business, FormAnswer};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

use super::csrf::{self, CsrfToken};
use super::i18n::Lang;
use super::public_accounts::{account_of, public_business};
use super::templates::{render_with_status, Page};
use crate::api::client_json::appointment_type_json;
use crate::error::ApiError;
use crate::public::booking::{place_booking, BookingBody};
use crate::public::MaybeAccount;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Chosen {
    #[serde(rename = "type")]
    type_id: Option<String>,
}

async fn business_and_types(
    state: &AppState,
    slug: &str,
) -> Result<(Business, Vec<AppointmentType>), Response> {
    let business = public_business(state, slug).await?;
    match state.store.appointment_types(business.id).await {
        Ok(types) => Ok((business, types)),
        Err(err) => Err(ApiError::from(err).into_response()),
    }
}

pub async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    Query(chosen): Query<Chosen>,
    account: Result<MaybeAccount, ApiError>,
) -> Response {
    let (business, types) = match business_and_types(&state, &slug).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    // Clients read their own language first; the business's is the fallback.
    let lang = Lang::choose_public(&headers, &business.locale);
    // A logged-in client finds the form filled in with their details (SPEC §8).
    let mut form = HashMap::new();
    if let Some(a) = account_of(&account, business.id) {
        form.insert("first_name".to_string(), a.first_name);
        form.insert("last_name".to_string(), a.last_name);
        form.insert("email".to_string(), a.email);
        form.insert("logged_in".to_string(), "1".to_string());
    }
    show(
        lang,
        &csrf,
        &business,
        &types,
        chosen.type_id.as_deref(),
        &form,
        StatusCode::OK,
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn show(
    lang: Lang,
    csrf: &CsrfToken,
    business: &Business,
    types: &[AppointmentType],
    type_id: Option<&str>,
    form: &HashMap<String, String>,
    status: StatusCode,
    error: Option<serde_json::Value>,
) -> Response {
    let page = Page::new(lang, &csrf.0, None);
    let chosen = type_id
        .and_then(|id| types.iter().find(|t| t.id.to_string() == id))
        .or(types.first());
    let data = json!({
        "business": { "name": business.name, "slug": business.slug },
        "types": types.iter().map(appointment_type_json).collect::<Vec<_>>(),
        "chosen": chosen.map(appointment_type_json),
        "form": form,
        "error": error,
        "time_zone": business.time_zone,
    });
    render_with_status(status, "public_book.html", &page, data)
}

pub async fn book(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    account: Result<MaybeAccount, ApiError>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let (business, types) = match business_and_types(&state, &slug).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let lang = Lang::choose_public(&headers, &business.locale);
    let form: HashMap<String, String> = fields.iter().cloned().collect();
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let type_id = get("appointment_type_id").to_string();
    let fail = |status: StatusCode, error: serde_json::Value| {
        show(
            lang,
            &csrf,
            &business,
            &types,
            Some(&type_id),
            &form,
            status,
            Some(error),
        )
    };
    if !csrf::is_valid(&csrf, get("csrf")) {
        return fail(
            StatusCode::FORBIDDEN,
            json!({ "message": lang.t("csrf_failed") }),
        );
    }
    let tz: chrono_tz::Tz = business.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let Some(start) = local_start(get("start"), tz) else {
        let message = lang.t("public_start_invalid");
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "message": message, "field": "start" }),
        );
    };
    let chosen = types.iter().find(|t| t.id.to_string() == type_id);
    let answers = chosen
        .map(|t| {
            t.form
                .iter()
                .enumerate()
                .map(|(i, f)| FormAnswer {
                    label: f.label.clone(),
                    value: form
                        .get(&format!("answer_{i}"))
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let optional = |k: &str| Some(get(k).to_string()).filter(|v| !v.trim().is_empty());
    let body = BookingBody {
        appointment_type_id: type_id.clone(),
        start,
        first_name: optional("first_name"),
        last_name: optional("last_name"),
        email: optional("email"),
        phone: optional("phone"),
        form: answers,
    };
    // Only a verified account takes the booking (see `MaybeAccount::verified_for`).
    let account = account
        .as_ref()
        .ok()
        .and_then(|a| a.verified_for(business.id))
        .cloned();
    match place_booking(&state, &business, account.as_ref(), body).await {
        Ok(_) => {
            let page = Page::new(lang, &csrf.0, None);
            let data = json!({
                "business": { "name": business.name, "slug": business.slug },
                "booked": { "type": chosen.map(|t| t.name.clone()), "start": get("start"), "email": get("email") },
            });
            render_with_status(StatusCode::CREATED, "public_book.html", &page, data)
        }
        Err(ApiError::Banned(message)) => fail(
            StatusCode::FORBIDDEN,
            json!({ "message": message, "banned": true }),
        ),
        Err(err @ ApiError::Validation { .. }) => fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "message": lang.error(&err) }),
        ),
        Err(err) => fail(err.status(), json!({ "message": lang.error(&err) })),
    }
}

/// A `datetime-local` value read in the business's time zone, as RFC 3339 UTC.
fn local_start(raw: &str, tz: chrono_tz::Tz) -> Option<String> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()?;
    let local = tz.from_local_datetime(&naive).earliest()?;
    Some(local.with_timezone(&chrono::Utc).to_rfc3339())
}
