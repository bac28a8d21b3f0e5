//! `GET/POST /api/orders`, `DELETE /api/orders/{id}`: packages, gift certificates and
//! subscriptions with their redemption codes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::order_code::{generate_code, parse_code};
use clientele_store::NewOrder;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client_json::order_json;
use super::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Staff};
use crate::state::AppState;
use crate::time::parse_rfc3339;

pub const ORDER_KINDS: [&str; 3] = ["package", "gift_certificate", "subscription"];

#[derive(Deserialize)]
pub struct OrdersParams {
    client_id: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(params): ApiQuery<OrdersParams>,
) -> ApiResult<Json<Value>> {
    let client = match params.client_id.as_deref() {
        Some(raw) => Some(parse_id(raw)?),
        None => None,
    };
    let orders = state
        .store
        .orders(staff.business_id, client, state.now_millis())
        .await?;
    Ok(Json(
        json!({ "orders": orders.iter().map(order_json).collect::<Vec<_>>() }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrderBody {
    pub kind: String,
    pub client_id: String,
    pub code: Option<String>,
    pub remaining: Option<i64>,
    pub expires_at: Option<String>,
}

/// Parses an order body for `client_id`; a generated code when none is given.
pub fn parse_new_order(body: &NewOrderBody, client_id: i64) -> ApiResult<NewOrder> {
    if !ORDER_KINDS.contains(&body.kind.as_str()) {
        return Err(ApiError::validation(
            "kind",
            format!("kind must be one of {}", ORDER_KINDS.join(", ")),
        ));
    }
    let code = match body.code.as_deref() {
        Some(code) => parse_code(code)?,
        None => generate_code(&mut rand::thread_rng()),
    };
    if body.remaining.is_some_and(|r| r < 0) {
        return Err(ApiError::validation(
            "remaining",
            "remaining cannot be negative",
        ));
    }
    let expires_at = match body.expires_at.as_deref() {
        Some(raw) => Some(parse_rfc3339(raw).ok_or_else(|| {
            ApiError::validation("expires_at", "expires_at must be an RFC 3339 time")
        })?),
        None => None,
    };
    Ok(NewOrder {
        client_id,
        kind: body.kind.clone(),
        code,
        remaining: body.remaining,
        expires_at,
        account_id: None,
    })
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<NewOrderBody>,
) -> ApiResult<Response> {
    let client_id = parse_id(&body.client_id)
        .map_err(|_| ApiError::validation("client_id", "unknown client"))?;
    let new = parse_new_order(&body, client_id)?;
    let order = match create_with_fresh_code(&state, staff.business_id, new, body.code.is_none())
        .await
    {
        Err(ApiError::NotFound) => return Err(ApiError::validation("client_id", "unknown client")),
        other => other?,
    };
    Ok((StatusCode::CREATED, Json(order_json(&order))).into_response())
}

/// Creates the order; a generated code that happens to exist already is drawn again
/// (a code given by staff that exists is a 409).
pub async fn create_with_fresh_code(
    state: &AppState,
    business: clientele_store::BusinessId,
    mut new: NewOrder,
    generated: bool,
) -> ApiResult<clientele_store::Order> {
    const ATTEMPTS: usize = 5;
    let mut attempt = 1;
    loop {
        match state
            .store
            .create_order(business, &new, state.now_millis())
            .await
        {
            Err(clientele_store::StoreError::Conflict(_)) if generated && attempt < ATTEMPTS => {
                new.code = generate_code(&mut rand::thread_rng());
                attempt += 1;
            }
            other => return Ok(other?),
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    let deleted = state
        .store
        .delete_order(staff.business_id, id, &staff.actor(), state.now_millis())
        .await?;
    Ok(Json(
        json!({ "deleted": true, "client_removed": deleted.client_removed }),
    ))
}
