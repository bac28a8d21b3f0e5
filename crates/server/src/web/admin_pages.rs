//! Staff pages over the outbox and the integrations: the emails sent or waiting (with a
//! retry for a failed one) and the webhooks (register, delete, recent deliveries).

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use clientele_store::{Channel, WEBHOOK_EVENTS};
use serde_json::json;

use super::auth::WebStaff;
use super::csrf::{self, CsrfOnly, CsrfToken};
use super::templates::{render, render_with_status};
use crate::api::emails::{email_json, retry_email};
use crate::api::webhooks::register;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn outbox(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
) -> Response {
    let page = web.page(&csrf);
    match state
        .store
        .outbox(web.business_id(), Channel::Email, None, 200)
        .await
    {
        Ok(items) => {
            let tz = &web.business.time_zone;
            let emails: Vec<_> = items
                .iter()
                .map(|item| {
                    let mut email = email_json(item);
                    email["created_local"] =
                        super::dates::local(&email["created_at"], tz, web.lang).into();
                    email
                })
                .collect();
            render("outbox.html", &page, json!({ "emails": emails }))
        }
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub async fn retry(
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
    match retry_email(&state, web.business_id(), id).await {
        Ok(_) => Redirect::to("/outbox").into_response(),
        Err(err) => err.into_response(),
    }
}

async fn webhooks_page(
    state: &AppState,
    web: &WebStaff,
    csrf: &CsrfToken,
    status: StatusCode,
    extra: serde_json::Value,
) -> Response {
    let page = web.page(csrf);
    let business = web.business_id();
    let (hooks, deliveries) = match tokio::try_join!(
        state.store.webhooks(business),
        state.store.outbox(business, Channel::Webhook, None, 50),
    ) {
        Ok(found) => found,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let hooks: Vec<_> = hooks
        .iter()
        .map(|w| json!({ "id": w.id.to_string(), "url": w.url, "events": w.events }))
        .collect();
    let deliveries: Vec<_> = deliveries
        .iter()
        .map(|d| {
            json!({ "event": d.kind, "url": d.recipient, "status": d.status,
            "attempts": d.attempts, "last_error": d.last_error })
        })
        .collect();
    let data = json!({ "webhooks": hooks, "deliveries": deliveries, "events": WEBHOOK_EVENTS,
        "created": extra.get("created"), "error": extra.get("error") });
    render_with_status(status, "webhooks.html", &page, data)
}

pub async fn webhooks(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
) -> Response {
    webhooks_page(&state, &web, &csrf, StatusCode::OK, json!({})).await
}

pub async fn add_webhook(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
    };
    if !csrf::is_valid(&csrf, &get("csrf").unwrap_or_default()) {
        return csrf::forbidden();
    }
    let url = get("url").unwrap_or_default();
    let events: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "events")
        .map(|(_, v)| v.clone())
        .collect();
    match register(&state, web.business_id(), &url, &events).await {
        // The secret is shown this once, as by the API.
        Ok(hook) => {
            let extra = json!({ "created": { "url": hook.url, "secret": hook.secret } });
            webhooks_page(&state, &web, &csrf, StatusCode::CREATED, extra).await
        }
        Err(err @ ApiError::Validation { .. }) => {
            let extra = json!({ "error": web.lang.error(&err) });
            webhooks_page(&state, &web, &csrf, StatusCode::UNPROCESSABLE_ENTITY, extra).await
        }
        Err(err) => err.into_response(),
    }
}

pub async fn delete_webhook(
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
    match state.store.delete_webhook(web.business_id(), id).await {
        Ok(()) => Redirect::to("/webhooks").into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}
