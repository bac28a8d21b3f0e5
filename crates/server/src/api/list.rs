//! `GET /api/clients` (the list) and `POST /api/clients/bulk-delete`.

use axum::extract::State;
use axum::Json;
use clientele_domain::period::parse_time_zone;
use clientele_domain::{ListFilter, SearchQuery};
use clientele_store::{BulkSelection, BusinessId, ListQuery};
use serde::Deserialize;
use serde_json::{json, Value};

use super::client_json::client_json;
use super::{cursor, parse_id};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, Staff};
use crate::state::AppState;

pub const DEFAULT_PAGE: u32 = 500;
pub const MAX_PAGE: u32 = 1000;
/// Ids accepted by one bulk delete by ids (a "select all matching" goes by search/filter).
const MAX_BULK_IDS: usize = 10_000;

#[derive(Deserialize)]
pub struct ListParams {
    search: Option<String>,
    filter: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
}

/// A search and a filter as the list and bulk delete understand them.
pub struct Selection {
    pub search: Option<SearchQuery>,
    pub filter: Option<ListFilter>,
    pub filter_since: Option<i64>,
    pub now: i64,
}

/// Parses the search box and filter, resolving the filter's period in the business's
/// time zone.
pub async fn selection(
    state: &AppState,
    business: BusinessId,
    search: Option<&str>,
    filter: Option<&str>,
) -> ApiResult<Selection> {
    let search = SearchQuery::parse(search.unwrap_or(""))?;
    let filter = match filter.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => Some(ListFilter::parse(f)?),
        None => None,
    };
    let now = state.clock.now();
    let filter_since = match filter {
        Some(f) => {
            let business = state
                .store
                .business(business)
                .await?
                .ok_or(ApiError::NotFound)?;
            let tz = parse_time_zone(&business.time_zone)?;
            Some(f.since(now, tz).timestamp_millis())
        }
        None => None,
    };
    Ok(Selection {
        search,
        filter,
        filter_since,
        now: now.timestamp_millis(),
    })
}

pub async fn list_clients(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Value>> {
    let limit = match params.limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_PAGE,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|l| (1..=MAX_PAGE).contains(l))
            .ok_or_else(|| {
                ApiError::validation("limit", format!("limit must be between 1 and {MAX_PAGE}"))
            })?,
    };
    let after = match params.cursor.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(cursor::decode(raw)?),
    };
    let sel = selection(
        &state,
        staff.business_id,
        params.search.as_deref(),
        params.filter.as_deref(),
    )
    .await?;
    let query = ListQuery {
        search: sel.search,
        filter: sel.filter,
        filter_since: sel.filter_since,
        now: sel.now,
        after,
        limit,
    };
    let page = state.store.list_clients(staff.business_id, &query).await?;
    Ok(Json(json!({
        "clients": page.clients.iter().map(client_json).collect::<Vec<_>>(),
        "next_cursor": page.next.as_ref().map(cursor::encode),
        "total": page.total,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkDeleteBody {
    ids: Option<Vec<String>>,
    search: Option<String>,
    filter: Option<String>,
}

pub async fn bulk_delete(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<BulkDeleteBody>,
) -> ApiResult<Json<Value>> {
    let selection = match body {
        BulkDeleteBody {
            ids: Some(ids),
            search: None,
            filter: None,
        } => {
            if ids.len() > MAX_BULK_IDS {
                return Err(ApiError::validation(
                    "ids",
                    format!("at most {MAX_BULK_IDS} ids at once; delete by search/filter instead"),
                ));
            }
            // Unknown or malformed ids simply match nothing, as for another business.
            BulkSelection::Ids(ids.iter().filter_map(|id| parse_id(id).ok()).collect())
        }
        BulkDeleteBody {
            ids: None,
            search,
            filter,
        } if search.is_some() || filter.is_some() => {
            let sel = selection(
                &state,
                staff.business_id,
                search.as_deref(),
                filter.as_deref(),
            )
            .await?;
            BulkSelection::Matching {
                search: sel.search,
                filter: sel.filter,
                filter_since: sel.filter_since,
                now: sel.now,
            }
        }
        _ => {
            return Err(ApiError::validation(
                "ids",
                "give either \"ids\", or \"search\" and/or \"filter\" (all matching clients)",
            ))
        }
    };
    let report = state
        .store
        .bulk_delete_clients(
            staff.business_id,
            &selection,
            &staff.actor(),
            state.now_millis(),
        )
        .await?;
    let kept: Vec<Value> = report
        .kept
        .iter()
        .map(|(id, codes)| json!({ "id": id.to_string(), "codes": codes }))
        .collect();
    Ok(Json(json!({ "deleted": report.deleted, "kept": kept })))
}
