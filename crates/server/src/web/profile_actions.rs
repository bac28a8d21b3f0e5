//! What staff do from a profile: edit (with the merge a rename causes explained before
//! saving, SPEC §6), ban and unban with a message (SPEC §8), delete after a
//! confirmation (SPEC §7), and resend an appointment's confirmation. Each goes through
//! the same store calls as the JSON API.

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use clientele_domain::ban::{default_ban_message, parse_ban_message};
use clientele_domain::{Notes, PersonName};
use clientele_store::{DeleteOutcome, StoreError, UpdateOutcome};
use serde::Deserialize;
use serde_json::json;

use super::auth::WebStaff;
use super::csrf::{self, CsrfOnly, CsrfToken};
use super::templates::{render, render_with_status};
use crate::api::client_json::client_json;
use crate::api::emails::queue_resend;
use crate::api::parse_id;
use crate::error::ApiError;
use crate::forms::client_fields_from;
use crate::state::AppState;

fn to_profile(id: i64, done: &str) -> Response {
    Redirect::to(&format!("/clients/{id}?done={done}")).into_response()
}

pub async fn edit_page(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
) -> Response {
    let page = web.page(&csrf);
    let client = match parse_id(&id) {
        Ok(id) => state.store.client(web.business_id(), id).await,
        Err(_) => Ok(None),
    };
    match client {
        Ok(Some(c)) => render(
            "client_edit.html",
            &page,
            json!({ "form": client_json(&c), "id": c.id.to_string() }),
        ),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    csrf: String,
    version: i64,
    first_name: String,
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    notes: String,
    /// Ticked after the page explained that saving merges with a homonym.
    confirm_merge: Option<String>,
}

pub async fn edit(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Response {
    let id = match csrf::checked_id(&csrf, &form.csrf, &id) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    let page = web.page(&csrf);
    let again =
        |status: StatusCode, error: Option<String>, merge_into: Option<serde_json::Value>| {
            let data = json!({
                "id": id.to_string(),
                "form": {
                    "first_name": form.first_name, "last_name": form.last_name, "email": form.email,
                    "phone": form.phone, "notes": form.notes, "version": form.version,
                },
                "error": error,
                "merge_into": merge_into,
            });
            render_with_status(status, "client_edit.html", &page, data)
        };
    let business = web.business_id();
    let current = match state.store.client(business, id).await {
        Ok(Some(c)) => c,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => return ApiError::from(err).into_response(),
    };
    let mut fields = match client_fields_from(
        &form.first_name,
        &form.last_name,
        &form.email,
        &form.phone,
        &form.notes,
    ) {
        Ok(fields) => fields,
        Err(err) => {
            return again(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(web.lang.error(&err)),
                None,
            )
        }
    };
    // Notes longer than the input limit (left by a merge) stay as stored when untouched.
    if form.notes == current.notes {
        fields.notes = Notes::from_stored(current.notes.clone());
    }
    // The same test as the store's: only a change of the normalised name can merge.
    let old_key = PersonName::parse(&current.first_name, &current.last_name)
        .map(|n| n.name_key())
        .ok();
    let new_key = fields.name.name_key();
    if old_key.as_deref() != Some(new_key.as_str()) && form.confirm_merge.is_none() {
        match state.store.client_by_name_key(business, &new_key, id).await {
            Ok(Some(other)) => return again(StatusCode::OK, None, Some(client_json(&other))),
            Ok(None) => {}
            Err(err) => return ApiError::from(err).into_response(),
        }
    }
    let outcome = state
        .store
        .update_client(
            business,
            id,
            form.version,
            &fields,
            &web.staff.actor(),
            state.now_millis(),
        )
        .await;
    match outcome {
        Ok(UpdateOutcome::Updated(c)) => to_profile(c.id, "saved"),
        Ok(UpdateOutcome::Merged { into }) => to_profile(into.id, "merged"),
        Err(StoreError::VersionConflict { .. }) => again(
            StatusCode::CONFLICT,
            Some(web.lang.t("edit_conflict")),
            None,
        ),
        Err(err) => {
            let err = ApiError::from(err);
            again(err.status(), Some(web.lang.error(&err)), None)
        }
    }
}

#[derive(Deserialize)]
pub struct BanForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    message: String,
}

pub async fn ban(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<BanForm>,
) -> Response {
    let id = match csrf::checked_id(&csrf, &form.csrf, &id) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    let message = match parse_ban_message(Some(&form.message)) {
        Ok(message) => message,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let banned = state
        .store
        .set_ban(
            web.business_id(),
            id,
            Some(message),
            &web.staff.actor(),
            state.now_millis(),
        )
        .await;
    match banned {
        Ok(_) => to_profile(id, "banned"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub async fn unban(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    let id = match csrf::checked_id(&csrf, &form.csrf, &id) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    match state
        .store
        .set_ban(
            web.business_id(),
            id,
            None,
            &web.staff.actor(),
            state.now_millis(),
        )
        .await
    {
        Ok(_) => to_profile(id, "unbanned"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    let id = match csrf::checked_id(&csrf, &form.csrf, &id) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    match state
        .store
        .delete_client(
            web.business_id(),
            id,
            &web.staff.actor(),
            state.now_millis(),
        )
        .await
    {
        Ok(DeleteOutcome::Deleted) => Redirect::to("/clients?done=deleted").into_response(),
        Ok(DeleteOutcome::Kept { .. }) => to_profile(id, "kept"),
        Ok(DeleteOutcome::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ResendForm {
    #[serde(default)]
    csrf: String,
    client_id: String,
}

pub async fn resend(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<ResendForm>,
) -> Response {
    if !csrf::is_valid(&csrf, &form.csrf) {
        return csrf::forbidden();
    }
    let (Ok(id), Ok(client)) = (parse_id(&id), parse_id(&form.client_id)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match queue_resend(&state, web.business_id(), id).await {
        Ok(_) => to_profile(client, "resent"),
        Err(err) => err.into_response(),
    }
}

/// The default ban message shown as the placeholder of the ban form.
pub fn ban_placeholder(business_default: Option<&str>, lang: &str) -> String {
    business_default
        .map(str::to_string)
        .unwrap_or_else(|| default_ban_message(lang).to_string())
}
