//! The Duplicates page (SPEC §6: likely pairs with their reasons) and "Merge into…" with
//! a preview of the profile that would result, through the store's merge with dry run.

use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use serde_json::json;

use super::auth::WebStaff;
use super::csrf::{self, CsrfToken};
use super::templates::render;
use crate::api::client_json::client_json;
use crate::api::moderation::duplicate_pairs;
use crate::api::parse_id;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn duplicates(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
) -> Response {
    let page = web.page(&csrf);
    match duplicate_pairs(&state, web.business_id(), 100).await {
        Ok(pairs) => render("duplicates.html", &page, json!({ "pairs": pairs })),
        Err(err) => err.into_response(),
    }
}

#[derive(Deserialize)]
pub struct Into {
    into: Option<String>,
}

/// `GET /clients/{id}/merge?into=…`: what merging `id` into `into` would give.
pub async fn preview(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Query(target): Query<Into>,
) -> Response {
    let page = web.page(&csrf);
    let business = web.business_id();
    let (Ok(dup), Some(Ok(keep))) = (parse_id(&id), target.into.as_deref().map(parse_id)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if dup == keep {
        return StatusCode::NOT_FOUND.into_response();
    }
    let clients = tokio::try_join!(
        state.store.client(business, dup),
        state.store.client(business, keep)
    );
    let (Some(dup_client), Some(keep_client)) = (match clients {
        Ok(found) => found,
        Err(err) => return ApiError::from(err).into_response(),
    }) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let result = state
        .store
        .merge_clients(
            business,
            dup,
            keep,
            true,
            &web.staff.actor(),
            state.now_millis(),
        )
        .await;
    match result {
        Ok(result) => render(
            "merge.html",
            &page,
            json!({
                "dup": client_json(&dup_client),
                "keep": client_json(&keep_client),
                "result": client_json(&result.kept),
                "appointments_moved": result.appointments_moved,
                "orders_moved": result.orders_moved,
            }),
        ),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf: String,
    into: String,
}

pub async fn merge(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<MergeForm>,
) -> Response {
    if !csrf::is_valid(&csrf, &form.csrf) {
        return (StatusCode::FORBIDDEN, "invalid form token: reload the page").into_response();
    }
    let (Ok(dup), Ok(keep)) = (parse_id(&id), parse_id(&form.into)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if dup == keep {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state
        .store
        .merge_clients(
            web.business_id(),
            dup,
            keep,
            false,
            &web.staff.actor(),
            state.now_millis(),
        )
        .await
    {
        Ok(result) => {
            Redirect::to(&format!("/clients/{}?done=merged", result.kept.id)).into_response()
        }
        Err(err) => ApiError::from(err).into_response(),
    }
}
