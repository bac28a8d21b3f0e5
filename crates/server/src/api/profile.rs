//! A client's whole record: the profile (SPEC §4) and the privacy export (SPEC §9).

use axum::extract::{Path, State};
use axum::http::header::CONTENT_DISPOSITION;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_store::BusinessId;
use serde_json::{json, Value};

use super::client_json::{appointment_json, client_json, order_json};
use super::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::extract::Staff;
use crate::state::AppState;
use crate::time::to_rfc3339;

/// `{client, appointments (with form answers, canceled marked), orders (with codes)}`.
pub async fn client_record(state: &AppState, business: BusinessId, id: i64) -> ApiResult<Value> {
    let client = state
        .store
        .client(business, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = state.now_millis();
    let (appointments, types, orders) = tokio::try_join!(
        state.store.client_appointments(business, id),
        state.store.appointment_types(business),
        state.store.orders(business, Some(id), now),
    )?;
    let type_name = |type_id: i64| {
        types
            .iter()
            .find(|t| t.id == type_id)
            .map(|t| t.name.as_str())
    };
    Ok(json!({
        "client": client_json(&client),
        "appointments": appointments
            .iter()
            .map(|a| appointment_json(a, type_name(a.appointment_type_id)))
            .collect::<Vec<_>>(),
        "orders": orders.iter().map(order_json).collect::<Vec<_>>(),
    }))
}

pub async fn get_profile(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        client_record(&state, staff.business_id, parse_id(&id)?).await?,
    ))
}

/// Everything about one client, for a privacy request, as a JSON download.
pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = parse_id(&id)?;
    let mut record = client_record(&state, staff.business_id, id).await?;
    let email = record["client"]["email"].as_str().map(str::to_lowercase);
    let account = match email {
        Some(email) => {
            state
                .store
                .client_account_by_email(staff.business_id, &email)
                .await?
        }
        None => None,
    };
    record["client_account"] = match account {
        Some(a) => {
            json!({ "email": a.email, "first_name": a.first_name, "last_name": a.last_name })
        }
        None => Value::Null,
    };
    record["exported_at"] = json!(to_rfc3339(state.now_millis()));
    let disposition = format!("attachment; filename=\"client-{id}.json\"");
    Ok(([(CONTENT_DISPOSITION, disposition)], Json(record)).into_response())
}
