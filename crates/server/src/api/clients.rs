//! One client: add, profile, edit (with merge on rename), delete.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::email::parse_optional_email;
use clientele_domain::phone::parse_optional_phone;
use clientele_domain::{Notes, PersonName};
use clientele_store::{ClientFields, DeleteOutcome, UpdateOutcome};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use super::client_json::client_json;
use super::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewClientBody {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    notes: Option<String>,
    #[serde(default)]
    allow_homonym: bool,
}

pub async fn add_client(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<NewClientBody>,
) -> ApiResult<Response> {
    let fields = crate::forms::client_fields_from(
        body.first_name.as_deref().unwrap_or(""),
        body.last_name.as_deref().unwrap_or(""),
        body.email.as_deref().unwrap_or(""),
        body.phone.as_deref().unwrap_or(""),
        body.notes.as_deref().unwrap_or(""),
    )?;
    let client = state
        .store
        .insert_client(
            staff.business_id,
            &fields,
            body.allow_homonym,
            state.now_millis(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(client_json(&client))).into_response())
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`); shared by the
/// API's partial updates.
pub fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    first_name: Option<String>,
    last_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    email: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    phone: Option<Option<String>>,
    notes: Option<String>,
    version: i64,
}

pub async fn edit_client(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EditBody>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    let current = state
        .store
        .client(staff.business_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let first = body.first_name.as_deref().unwrap_or(&current.first_name);
    let last = body.last_name.as_deref().unwrap_or(&current.last_name);
    let email = match &body.email {
        Some(new) => new.as_deref(),
        None => current.email.as_deref(),
    };
    let phone = match &body.phone {
        Some(new) => new.as_deref(),
        None => current.phone.as_deref(),
    };
    let fields = ClientFields {
        name: PersonName::parse(first, last)?,
        email: parse_optional_email(email)?,
        phone: parse_optional_phone(phone)?,
        notes: match &body.notes {
            Some(notes) => Notes::parse(notes)?,
            // Merged notes may exceed the input limit: untouched, they stay as stored.
            None => Notes::from_stored(current.notes.clone()),
        },
    };
    let outcome = state
        .store
        .update_client(
            staff.business_id,
            id,
            body.version,
            &fields,
            &staff.actor(),
            state.now_millis(),
        )
        .await?;
    Ok(Json(match outcome {
        UpdateOutcome::Updated(client) => client_json(&client),
        UpdateOutcome::Merged { into } => json!({
            "merged_into": into.id.to_string(),
            "client": client_json(&into),
        }),
    }))
}

/// 204 when gone; 200 with the codes when active orders keep the profile (API.md).
pub async fn delete_client(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = parse_id(&id)?;
    let outcome = state
        .store
        .delete_client(staff.business_id, id, &staff.actor(), state.now_millis())
        .await?;
    match outcome {
        DeleteOutcome::Deleted => Ok(StatusCode::NO_CONTENT.into_response()),
        DeleteOutcome::Kept { codes } => Ok(Json(json!({
            "kept_by_orders": codes,
            "message": "the client's appointments were deleted; active orders keep the profile until they are deleted",
        }))
        .into_response()),
        DeleteOutcome::NotFound => Err(ApiError::NotFound),
    }
}
