//! Bans, explicit merges, the duplicate finder and the audit log (SPEC §6, §8).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::Json;
use clientele_domain::ban::parse_ban_message;
use clientele_domain::duplicates::find_duplicates;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client_json::client_json;
use super::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Staff};
use crate::state::AppState;
use crate::time::to_rfc3339;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct BanBody {
    message: Option<String>,
}

pub async fn ban(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    // The body is optional: an empty one bans with the default message.
    let body: BanBody = if body.iter().all(u8::is_ascii_whitespace) {
        BanBody::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("invalid JSON body: {e}")))?
    };
    let message = parse_ban_message(body.message.as_deref())?;
    let client = state
        .store
        .set_ban(
            staff.business_id,
            id,
            Some(message),
            &staff.actor(),
            state.now_millis(),
        )
        .await?;
    Ok(Json(client_json(&client)))
}

pub async fn unban(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    let client = state
        .store
        .set_ban(
            staff.business_id,
            id,
            None,
            &staff.actor(),
            state.now_millis(),
        )
        .await?;
    Ok(Json(client_json(&client)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    into: String,
    #[serde(default)]
    dry_run: bool,
}

/// `POST /api/clients/{id}/merge {"into", "dry_run"?}`: the kept client, or with
/// `dry_run` the profile that would result and what would move.
pub async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MergeBody>,
) -> ApiResult<Json<Value>> {
    let dup = parse_id(&id)?;
    let keep = parse_id(&body.into).map_err(|_| ApiError::validation("into", "unknown client"))?;
    if dup == keep {
        return Err(ApiError::validation(
            "into",
            "a client cannot be merged into itself",
        ));
    }
    // An unknown `into` (or another business's) is a body error, not a missing path
    // (docs/API-NOTES.md "Errors").
    if state.store.client(staff.business_id, keep).await?.is_none() {
        return Err(ApiError::validation("into", "unknown client"));
    }
    let result = state
        .store
        .merge_clients(
            staff.business_id,
            dup,
            keep,
            body.dry_run,
            &staff.actor(),
            state.now_millis(),
        )
        .await?;
    let mut answer = client_json(&result.kept);
    if body.dry_run {
        answer = json!({
            "dry_run": true,
            "client": answer,
            "appointments_moved": result.appointments_moved,
            "orders_moved": result.orders_moved,
        });
    }
    Ok(Json(answer))
}

#[derive(Deserialize)]
pub struct DuplicatesParams {
    limit: Option<u32>,
}

/// Suggested pairs with a score and reasons, strongest first.
pub async fn duplicates(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(params): ApiQuery<DuplicatesParams>,
) -> ApiResult<Json<Value>> {
    let limit = params.limit.unwrap_or(100).clamp(1, 1000) as usize;
    let pairs = duplicate_pairs(&state, staff.business_id, limit).await?;
    Ok(Json(json!({ "pairs": pairs })))
}

/// The `limit` likeliest duplicate pairs, `{a, b, score, reasons}` (the API and the web
/// Duplicates page share it).
pub async fn duplicate_pairs(
    state: &AppState,
    business: i64,
    limit: usize,
) -> ApiResult<Vec<Value>> {
    let candidates = state.store.duplicate_candidates(business).await?;
    let (pairs, candidates) = tokio::task::spawn_blocking(move || {
        let pairs = find_duplicates(&candidates, limit);
        (pairs, candidates)
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    let by_id: HashMap<i64, _> = candidates.iter().map(|c| (c.id, c)).collect();
    let summary = |id: i64| {
        by_id.get(&id).map(|c| {
            json!({
                "id": id.to_string(),
                "first_name": c.first_name,
                "last_name": c.last_name,
                "email": c.email,
            })
        })
    };
    Ok(pairs
        .iter()
        .map(|p| json!({ "a": summary(p.a), "b": summary(p.b), "score": p.score, "reasons": p.reasons }))
        .collect())
}

pub async fn audit_log(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Value>> {
    let entries = state.store.audit_log(staff.business_id, 500).await?;
    let entries: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id.to_string(),
                "at": to_rfc3339(e.at),
                "actor": e.actor,
                "action": e.action,
                "subject_id": e.subject_id.map(|id| id.to_string()),
                "details": e.details,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })))
}
