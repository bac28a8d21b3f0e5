//! `GET /api/business`: the caller's business.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::Staff;
use crate::state::AppState;

pub async fn get_business(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Value>> {
    let business = state
        .store
        .business(staff.business_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(json!({
        "id": business.id.to_string(),
        "slug": business.slug,
        "name": business.name,
        "time_zone": business.time_zone,
        "locale": business.locale,
    })))
}
