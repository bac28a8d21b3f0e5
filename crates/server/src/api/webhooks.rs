//! Webhook registrations (SPEC §10) and their deliveries.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use clientele_store::{Channel, OutboxItem, Webhook, WEBHOOK_EVENTS};
use rand::Rng;
use serde::Deserialize;
use serde_json::{json, Value};

use super::emails::{page, PageQuery};
use super::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Staff};
use crate::outbox::deliver_webhook::is_http_url;
use crate::state::AppState;
use crate::time::{opt_rfc3339, to_rfc3339};

/// Registrations a business may hold: each event is written once per webhook.
const MAX_WEBHOOKS: usize = 20;
const MAX_URL_CHARS: usize = 2000;

/// A registration; the secret only when it was just created (it signs every delivery).
fn webhook_json(w: &Webhook, with_secret: bool) -> Value {
    let mut value = json!({
        "id": w.id.to_string(),
        "url": w.url,
        "events": w.events,
        "created_at": to_rfc3339(w.created_at),
    });
    if with_secret {
        value["secret"] = json!(w.secret);
    }
    value
}

fn delivery_json(item: &OutboxItem) -> Value {
    json!({
        "id": item.id.to_string(),
        "webhook_id": item.webhook_id.map(|id| id.to_string()),
        "event": item.kind,
        "url": item.recipient,
        "status": item.status,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "created_at": to_rfc3339(item.created_at),
        "sent_at": opt_rfc3339(item.sent_at),
    })
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Value>> {
    let hooks = state.store.webhooks(staff.business_id).await?;
    let hooks: Vec<Value> = hooks.iter().map(|w| webhook_json(w, false)).collect();
    Ok(Json(json!({ "webhooks": hooks, "events": WEBHOOK_EVENTS })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookBody {
    url: String,
    events: Vec<String>,
}

/// Registers a URL → 201 with the signing secret, shown this once.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<NewWebhookBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let webhook = register(&state, staff.business_id, &body.url, &body.events).await?;
    Ok((StatusCode::CREATED, Json(webhook_json(&webhook, true))))
}

/// Checks and registers a webhook with a fresh signing secret (the API and the web
/// page share it): an http(s) URL with a host, known events (at least one, repeats
/// dropped), at most `MAX_WEBHOOKS` per business.
pub async fn register(
    state: &AppState,
    business: i64,
    url: &str,
    wanted: &[String],
) -> ApiResult<Webhook> {
    let url = url.trim();
    if url.chars().count() > MAX_URL_CHARS || !is_http_url(url) {
        return Err(ApiError::validation(
            "url",
            "the URL must be an http:// or https:// address",
        ));
    }
    let mut events: Vec<String> = Vec::new();
    for event in wanted {
        if !WEBHOOK_EVENTS.contains(&event.as_str()) {
            return Err(ApiError::validation(
                "events",
                format!(
                    "unknown event {event:?}; known: {}",
                    WEBHOOK_EVENTS.join(", ")
                ),
            ));
        }
        if !events.contains(event) {
            events.push(event.clone());
        }
    }
    if events.is_empty() {
        return Err(ApiError::validation("events", "choose at least one event"));
    }
    if state.store.webhooks(business).await?.len() >= MAX_WEBHOOKS {
        return Err(ApiError::validation(
            "webhooks",
            format!("a business can register at most {MAX_WEBHOOKS} webhooks"),
        ));
    }
    let secret = new_secret();
    Ok(state
        .store
        .create_webhook(business, url, &secret, &events, state.now_millis())
        .await?)
}

pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = parse_id(&id)?;
    state.store.delete_webhook(staff.business_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deliveries of every webhook of the business, newest first.
pub async fn deliveries(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult<Json<Value>> {
    page(
        &state,
        staff.business_id,
        Channel::Webhook,
        query,
        delivery_json,
    )
    .await
}

/// 32 random bytes, hex: the HMAC key.
fn new_secret() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
