//! `GET /api/exports/clients.csv?search=&filter=`: the list (or the current search and
//! filter) as CSV, streamed with flat memory. UTF-8 with a BOM so that Excel reads the
//! accents; headers in the business's language; formula-like cells neutralised.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use std::borrow::Cow;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use clientele_domain::import::{export_headers, neutralise_cell, CsvRecords};
use clientele_domain::period::parse_time_zone;
use clientele_store::{ExportRow, ListQuery};
use serde::Deserialize;

use super::list::selection;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiQuery, Staff};
use crate::state::AppState;

/// Bytes gathered before a chunk goes out: big enough for throughput, small for memory.
const CHUNK_BYTES: usize = 64 * 1024;

#[derive(Deserialize)]
pub struct ExportParams {
    search: Option<String>,
    filter: Option<String>,
}

pub async fn clients_csv(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> ApiResult<Response> {
    let business = state
        .store
        .business(staff.business_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let tz = parse_time_zone(&business.time_zone)?;
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
        after: None,
        limit: 0,
    };
    let (rows_tx, rows_rx) = tokio::sync::mpsc::channel::<Vec<ExportRow>>(4);
    let store = state.store.clone();
    let business_id = business.id;
    tokio::spawn(async move {
        if let Err(err) = store.export_clients(business_id, &query, rows_tx).await {
            tracing::error!(error = %err, "export failed");
        }
    });
    let locale = business.locale.clone();
    let mut records = CsvRecords::default();
    records.write(export_headers(&locale));
    let mut bom = Vec::from("\u{feff}".as_bytes());
    bom.append(&mut records.take());
    let stream = futures_util::stream::unfold(
        (rows_rx, Some(bom), records, locale, tz),
        |(mut rx, mut pending, mut records, locale, tz)| async move {
            while records.len() < CHUNK_BYTES {
                match rx.recv().await {
                    Some(rows) => rows
                        .iter()
                        .for_each(|row| records.write(cells(row, &locale, tz))),
                    None => break,
                }
            }
            let mut buf = pending.take().unwrap_or_default();
            buf.append(&mut records.take());
            if buf.is_empty() {
                None
            } else {
                let state = (rx, None, records, locale, tz);
                Some((Ok::<_, std::io::Error>(buf), state))
            }
        },
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"clients.csv\"".to_string(),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// The ten cells of a client, in `export_headers` order.
pub fn cells<'a>(row: &'a ExportRow, locale: &str, tz: Tz) -> [Cow<'a, str>; 10] {
    let yes_no = |b: bool| match (b, locale.starts_with("fr")) {
        (true, true) => "oui",
        (false, true) => "non",
        (true, false) => "yes",
        (false, false) => "no",
    };
    // `YYYY-MM-DD HH:MM` in the business's zone, written directly: chrono's `format`
    // parses its pattern again for every call, a cost seen on a million rows.
    let local = |millis: i64| -> Cow<'a, str> {
        DateTime::<Utc>::from_timestamp_millis(millis)
            .map(|t| {
                let t = t.with_timezone(&tz);
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute()
                )
            })
            .unwrap_or_default()
            .into()
    };
    [
        neutralise_cell(&row.first_name),
        neutralise_cell(&row.last_name),
        neutralise_cell(row.phone.as_deref().unwrap_or("")),
        neutralise_cell(row.email.as_deref().unwrap_or("")),
        neutralise_cell(&row.notes),
        yes_no(row.has_account).into(),
        yes_no(row.banned).into(),
        local(row.created_at),
        row.last_appointment_at.map(local).unwrap_or_default(),
        row.appointment_count.to_string().into(),
    ]
}
