//! The Orders page: every package, gift certificate and subscription with its code and
//! balance, and their deletion (which releases a deleted profile they kept, SPEC §7).

use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use serde_json::json;

use super::auth::WebStaff;
use super::csrf::{self, CsrfToken};
use super::templates::render;
use crate::api::client_json::order_json;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn page(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
) -> Response {
    let page = web.page(&csrf);
    match state
        .store
        .orders(web.business_id(), None, state.now_millis())
        .await
    {
        Ok(orders) => {
            let orders: Vec<_> = orders.iter().map(order_json).collect();
            render("orders.html", &page, json!({ "orders": orders }))
        }
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
    /// Where to go back to: the orders page or a profile.
    #[serde(default)]
    back: String,
}

pub async fn delete(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Response {
    let id = match csrf::checked_id(&csrf, &form.csrf, &id) {
        Ok(id) => id,
        Err(refused) => return refused.into_response(),
    };
    match state
        .store
        .delete_order(
            web.business_id(),
            id,
            &web.staff.actor(),
            state.now_millis(),
        )
        .await
    {
        // A profile the order kept may be gone now: back to the list then.
        Ok(deleted) if deleted.client_removed => {
            Redirect::to("/clients?done=deleted").into_response()
        }
        Ok(_) => {
            let back = if form.back.starts_with("/clients/") && !form.back.contains("//") {
                form.back
            } else {
                "/orders".to_string()
            };
            Redirect::to(&back).into_response()
        }
        Err(err) => ApiError::from(err).into_response(),
    }
}
