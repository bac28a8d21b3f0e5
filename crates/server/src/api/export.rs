//! `GET /api/exports/clients.csv?search=&filter=`: the list (or the current search and
//! filter) as CSV, streamed with flat memory. UTF-8 with a BOM so that Excel reads the
//! accents; headers in the business's language; formula-like cells neutralised.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clientele_domain::import::{export_headers, neutralise_cell};
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
    let (rows_tx, rows_rx) = tokio::sync::mpsc::channel::<ExportRow>(1024);
    let store = state.store.clone();
    let business_id = business.id;
    tokio::spawn(async move {
        if let Err(err) = store.export_clients(business_id, &query, rows_tx).await {
            tracing::error!(error = %err, "export failed");
        }
    });
    let locale = business.locale.clone();
    let mut header = Vec::from("\u{feff}".as_bytes());
    write_record(
        &mut header,
        export_headers(&locale).iter().map(|h| h.to_string()),
    );
    let stream = futures_util::stream::unfold(
        (rows_rx, Some(header), locale, tz),
        |(mut rx, mut pending, locale, tz)| async move {
            let mut buf = pending.take().unwrap_or_default();
            while buf.len() < CHUNK_BYTES {
                match rx.recv().await {
                    Some(row) => write_record(&mut buf, cells(&row, &locale, tz)),
                    None => break,
                }
            }
            if buf.is_empty() {
                None
            } else {
                Some((Ok::<_, std::io::Error>(buf), (rx, None, locale, tz)))
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
pub fn cells(row: &ExportRow, locale: &str, tz: Tz) -> impl Iterator<Item = String> {
    let c = &row.client;
    let yes_no = |b: bool| match (b, locale.starts_with("fr")) {
        (true, true) => "oui",
        (false, true) => "non",
        (true, false) => "yes",
        (false, false) => "no",
    };
    let local = |millis: i64| {
        DateTime::<Utc>::from_timestamp_millis(millis)
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    [
        neutralise_cell(&c.first_name).into_owned(),
        neutralise_cell(&c.last_name).into_owned(),
        neutralise_cell(c.phone.as_deref().unwrap_or("")).into_owned(),
        neutralise_cell(c.email.as_deref().unwrap_or("")).into_owned(),
        neutralise_cell(&c.notes).into_owned(),
        yes_no(c.has_account).to_string(),
        yes_no(c.banned).to_string(),
        local(c.created_at),
        c.last_appointment_at.map(local).unwrap_or_default(),
        row.appointment_count.to_string(),
    ]
    .into_iter()
}

/// Appends one CSV record (quoted as needed, CRLF-free `\n` line end) to `buf`.
pub fn write_record(buf: &mut Vec<u8>, fields: impl Iterator<Item = String>) {
    let mut writer = csv::WriterBuilder::new().from_writer(std::mem::take(buf));
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(fields.collect::<Vec<_>>());
    *buf = writer.into_inner().unwrap_or_default();
}
