//! Imports (SPEC §9): `POST /api/imports/clients` (CSV, streamed), `POST
//! /api/imports/contacts` (vCard), `GET /api/imports` (batches), `DELETE
//! /api/imports/{batch}` (undo). A file that cannot be read at all is refused whole;
//! otherwise rows are matched and applied in one transaction, or only reported when
//! `dry_run` is set.

use std::io;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::Json;
use clientele_domain::import::{open_csv, parse_vcards, CsvRow, OpenError, RowOutcome};
use clientele_store::{
    ClientFields, ImportBatch, ImportMeta, ImportRow, ImportRowResult, ImportSession, UndoOutcome,
};
use futures_util::TryStreamExt;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiQuery, Staff};
use crate::state::AppState;
use crate::time::{opt_rfc3339, to_rfc3339};

/// Rows handed to the store at a time: one lookup query per chunk, bounded memory.
const CHUNK_ROWS: usize = 1_000;
/// Largest vCard file accepted (a phone's whole address book is far smaller).
pub const VCARD_LIMIT: usize = 20 * 1024 * 1024;

#[derive(Deserialize)]
pub struct ImportParams {
    dry_run: Option<bool>,
    file_name: Option<String>,
    /// vCard only: comma-separated contact indexes to import (default: all).
    select: Option<String>,
}

/// What the parsing thread hands over.
enum Parsed {
    Rows(Vec<CsvRow>),
    Failed(OpenError),
}

/// Rejected lines kept with a batch for its result page (all of them are counted): the
/// first thousand are enough to mend a file, and a broken million-line file stays small.
pub const KEPT_REJECTIONS: usize = 1_000;

/// Counts and rejections, as API.md's import report.
#[derive(Default)]
struct Report {
    counts: [u64; 3],
    rejected: Vec<Value>,
}

impl Report {
    fn count(&mut self, results: &[ImportRowResult]) {
        for r in results {
            self.counts[*r as usize] += 1;
        }
    }

    /// What the batch keeps beyond its counts (see [`KEPT_REJECTIONS`]): the first
    /// rejected lines, the unknown columns, and the rejected contacts of a vCard file.
    fn details(&self, extra: &Map<String, Value>) -> String {
        let kept = &self.rejected[..self.rejected.len().min(KEPT_REJECTIONS)];
        let mut details = Map::new();
        details.insert("rejected".into(), json!(kept));
        if let Some(unknown) = extra.get("unknown_columns") {
            details.insert("unknown_columns".into(), unknown.clone());
        }
        if let Some(Value::Array(contacts)) = extra.get("contacts") {
            let indexes: std::collections::HashSet<u64> =
                kept.iter().filter_map(|r| r["index"].as_u64()).collect();
            let rejected: Vec<&Value> = contacts
                .iter()
                .filter(|c| c["index"].as_u64().is_some_and(|i| indexes.contains(&i)))
                .collect();
            details.insert("contacts".into(), json!(rejected));
        }
        Value::Object(details).to_string()
    }

    fn json(self, dry_run: bool, batch: Option<i64>, extra: Map<String, Value>) -> Value {
        let mut answer = json!({
            "created": self.counts[0],
            "updated": self.counts[1],
            "unchanged": self.counts[2],
            "rejected": self.rejected,
            "dry_run": dry_run,
            "batch_id": batch.map(|b| b.to_string()),
        });
        if let Some(obj) = answer.as_object_mut() {
            obj.extend(extra);
        }
        answer
    }
}

fn meta(
    staff: &Staff,
    params: &ImportParams,
    kind: &'static str,
    default_name: &str,
) -> ImportMeta {
    let file_name: String = params
        .file_name
        .as_deref()
        .unwrap_or(default_name)
        .chars()
        .take(200)
        .collect();
    ImportMeta {
        actor: staff.actor(),
        file_name,
        kind,
        dry_run: params.dry_run.unwrap_or(false),
    }
}

fn open_error(err: OpenError) -> ApiError {
    match err {
        OpenError::Invalid(e) => e.into(),
        OpenError::Io(e) => ApiError::BadRequest(format!("could not read the file: {e}")),
    }
}

pub async fn clients(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Body,
) -> ApiResult<Json<Value>> {
    let meta = meta(&staff, &params, "csv", "clients.csv");
    // The upload is parsed on a blocking thread as it arrives.
    let reader =
        tokio_util::io::StreamReader::new(body.into_data_stream().map_err(io::Error::other));
    let raw = tokio_util::io::SyncIoBridge::new(reader);
    let report = import_csv(
        &state.store,
        staff.business_id,
        meta,
        state.now_millis(),
        raw,
        |_| {},
    )
    .await?;
    Ok(Json(report))
}

/// Imports a CSV file as it is read from `raw`, on a blocking thread, through one import
/// session (the HTTP route and the command line share it). `progress` hears the number
/// of rows read so far after each chunk. Returns API.md's import report.
pub async fn import_csv<R: io::Read + Send + 'static>(
    store: &std::sync::Arc<dyn clientele_store::Store>,
    business: clientele_store::BusinessId,
    meta: ImportMeta,
    now: i64,
    raw: R,
    mut progress: impl FnMut(u64) + Send,
) -> ApiResult<Value> {
    let dry_run = meta.dry_run;
    let (opened_tx, opened_rx) = tokio::sync::oneshot::channel::<Result<Vec<String>, OpenError>>();
    let (rows_tx, mut rows_rx) = tokio::sync::mpsc::channel::<Parsed>(4);
    tokio::task::spawn_blocking(move || {
        let rows = match open_csv(raw) {
            Ok(rows) => {
                let _ = opened_tx.send(Ok(rows.columns().unknown.clone()));
                rows
            }
            Err(err) => {
                let _ = opened_tx.send(Err(err));
                return;
            }
        };
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        for item in rows {
            match item {
                Ok(row) => chunk.push(row),
                Err(err) => {
                    let _ = rows_tx.blocking_send(Parsed::Failed(OpenError::Io(err)));
                    return;
                }
            }
            if chunk.len() == CHUNK_ROWS
                && rows_tx
                    .blocking_send(Parsed::Rows(std::mem::take(&mut chunk)))
                    .is_err()
            {
                return;
            }
        }
        let _ = rows_tx.blocking_send(Parsed::Rows(chunk));
    });
    let unknown = opened_rx
        .await
        .map_err(|_| ApiError::BadRequest("the file could not be read".into()))?
        .map_err(open_error)?;

    let mut session = store.begin_import(business, meta, now).await?;
    let mut report = Report::default();
    let mut rows_read = 0u64;
    while let Some(parsed) = rows_rx.recv().await {
        match parsed {
            // Dropping the session rolls everything back: a failed upload changes nothing.
            Parsed::Failed(err) => return Err(open_error(err)),
            Parsed::Rows(rows) => {
                rows_read += rows.len() as u64;
                apply_rows(&mut session, &mut report, rows).await?;
                progress(rows_read);
            }
        }
    }
    if report.counts == [0; 3] && report.rejected.is_empty() {
        // Dropping the session rolls back: a file without rows is no batch.
        return Err(ApiError::validation(
            "file",
            "the file has no rows to import, only a header line",
        ));
    }
    let mut extra = Map::new();
    extra.insert("unknown_columns".into(), json!(unknown));
    let details = report.details(&extra);
    let batch = session
        .finish(report.rejected.len() as u64, &details)
        .await?;
    Ok(report.json(dry_run, batch, extra))
}

async fn apply_rows(
    session: &mut Box<dyn ImportSession>,
    report: &mut Report,
    rows: Vec<CsvRow>,
) -> ApiResult<()> {
    let mut clients = Vec::with_capacity(rows.len());
    for row in rows {
        match row.outcome {
            RowOutcome::Client(c) => clients.push(ImportRow {
                line: row.line,
                fields: ClientFields {
                    name: c.name,
                    email: c.email,
                    phone: c.phone,
                    notes: c.notes.unwrap_or_default(),
                },
            }),
            RowOutcome::Rejected(reason) => report
                .rejected
                .push(json!({ "line": row.line, "reason": reason })),
            RowOutcome::Blank => {}
        }
    }
    if !clients.is_empty() {
        let results = session.apply(&clients).await?;
        report.count(&results);
    }
    Ok(())
}

/// vCard contacts (a phone's address book): all of them or the selected indexes. The
/// answer lists every contact found, so that a first dry run serves as the preview.
pub async fn contacts(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let meta = meta(&staff, &params, "vcard", "contacts.vcf");
    let select = parse_select(params.select.as_deref())?;
    let report = import_vcard(
        &state.store,
        staff.business_id,
        meta,
        state.now_millis(),
        &body,
        select.as_deref(),
    )
    .await?;
    Ok(Json(report))
}

/// `"0,2,5"` → those indexes; blank or `all` → every contact.
pub fn parse_select(raw: Option<&str>) -> ApiResult<Option<Vec<usize>>> {
    match raw.map(str::trim) {
        None | Some("") | Some("all") => Ok(None),
        Some(list) => list
            .split(',')
            .map(|i| i.trim().parse::<usize>())
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
            .map_err(|_| {
                ApiError::validation(
                    "select",
                    "select is a comma-separated list of contact indexes, or all",
                )
            }),
    }
}

/// Imports the vCard file `bytes` (the HTTP route and the command line share it).
pub async fn import_vcard(
    store: &std::sync::Arc<dyn clientele_store::Store>,
    business: clientele_store::BusinessId,
    meta: ImportMeta,
    now: i64,
    bytes: &[u8],
    select: Option<&[usize]>,
) -> ApiResult<Value> {
    let dry_run = meta.dry_run;
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::validation("file", "not a vCard file: it is not UTF-8 text"))?;
    let contacts = parse_vcards(text)?;
    let mut report = Report::default();
    let mut rows = Vec::new();
    for c in contacts
        .iter()
        .filter(|c| select.is_none_or(|s| s.contains(&c.index)))
    {
        match (&c.name, &c.problem) {
            (Some(name), None) => rows.push(ImportRow {
                line: c.index as u64,
                fields: ClientFields {
                    name: name.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    notes: clientele_domain::Notes::parse(c.notes.as_deref().unwrap_or(""))
                        .unwrap_or_default(),
                },
            }),
            (_, problem) => report.rejected.push(json!({
                "index": c.index,
                "reason": problem.clone().unwrap_or_else(|| "no name".into()),
            })),
        }
    }
    let mut session = store.begin_import(business, meta, now).await?;
    if !rows.is_empty() {
        let results = session.apply(&rows).await?;
        report.count(&results);
    }
    let preview: Vec<Value> = contacts
        .iter()
        .map(|c| {
            json!({
                "index": c.index,
                "first_name": c.name.as_ref().map(|n| n.first().to_string()),
                "last_name": c.name.as_ref().map(|n| n.last().to_string()),
                "email": c.email.as_ref().map(|e| e.as_str().to_string()),
                "phone": c.phone.as_ref().map(|p| p.as_str().to_string()),
                "problem": c.problem,
            })
        })
        .collect();
    let mut extra = Map::new();
    extra.insert("contacts".into(), Value::Array(preview));
    let details = report.details(&extra);
    let batch = session
        .finish(report.rejected.len() as u64, &details)
        .await?;
    Ok(report.json(dry_run, batch, extra))
}

pub async fn batches(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Value>> {
    let batches = state.store.import_batches(staff.business_id).await?;
    let batches: Vec<Value> = batches.iter().map(batch_json).collect();
    Ok(Json(json!({ "batches": batches })))
}

fn batch_json(b: &ImportBatch) -> Value {
    json!({
        "id": b.id.to_string(),
        "actor": b.actor,
        "file_name": b.file_name,
        "kind": b.kind,
        "created_at": to_rfc3339(b.created_at),
        "created": b.created,
        "updated": b.updated,
        "unchanged": b.unchanged,
        "rejected": b.rejected,
        "undone_at": opt_rfc3339(b.undone_at),
    })
}

/// One batch, with what its import kept of its report: `details.rejected` (the first
/// [`KEPT_REJECTIONS`] rejected lines), `details.unknown_columns`, `details.contacts`
/// (vCard: the rejected contacts). `details` is `{}` for a batch from before they were kept.
pub async fn batch(
    State(state): State<AppState>,
    staff: Staff,
    Path(batch): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&batch)?;
    let (batch, details) = batch_with_details(&state, staff.business_id, id).await?;
    let mut answer = batch_json(&batch);
    answer["details"] = details;
    Ok(Json(answer))
}

/// A batch of the business and its kept details (`{}` when none were kept), or 404.
pub async fn batch_with_details(
    state: &AppState,
    business: clientele_store::BusinessId,
    id: i64,
) -> ApiResult<(ImportBatch, Value)> {
    let (batch, details) = state
        .store
        .import_batch(business, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let details = match details {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("import details: {e}")))?,
        None => json!({}),
    };
    Ok((batch, details))
}

/// Undo: 200 with what was deleted and reverted, or 409 naming the clients changed since.
pub async fn undo(
    State(state): State<AppState>,
    staff: Staff,
    Path(batch): Path<String>,
) -> ApiResult<Json<Value>> {
    let batch = parse_id(&batch)?;
    match state
        .store
        .undo_import(staff.business_id, batch, &staff.actor(), state.now_millis())
        .await?
    {
        UndoOutcome::Undone { deleted, reverted } => Ok(Json(
            json!({ "undone": true, "deleted": deleted, "reverted": reverted }),
        )),
        UndoOutcome::AlreadyUndone => Err(ApiError::Conflict {
            code: "conflict",
            message: "this import was already undone".into(),
            extra: Map::new(),
        }),
        UndoOutcome::Blocked { client_ids } => {
            let mut extra = Map::new();
            let ids: Vec<String> = client_ids.iter().map(|id| id.to_string()).collect();
            extra.insert("blocking_client_ids".into(), json!(ids));
            Err(ApiError::Conflict {
                code: "conflict",
                message: format!(
                    "{} client(s) of this import changed since (edited, booked or ordered): nothing was undone",
                    client_ids.len()
                ),
                extra,
            })
        }
    }
}
