//! The import wizard (SPEC §9): upload a CSV or vCard file, preview what it would do,
//! confirm, see the result with Undo; and the past imports. Every step runs the JSON
//! API's own code (`import_csv`, `import_vcard`, the store's undo). It works without
//! JavaScript: the preview form carries the file back (base64), so nothing is kept on
//! the server between the preview and the confirmation, which imports the same bytes.

use std::io::Cursor;

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{Locale, TimeZone};
use clientele_store::{ImportBatch, ImportMeta, StoreError, UndoOutcome};
use serde_json::{json, Value};

use super::auth::WebStaff;
use super::csrf::{self, CsrfToken};
use super::templates::{render_with_status, Page};
use crate::api::imports::{batch_with_details, import_csv, import_vcard};
use crate::api::parse_id;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Templates of the wizard, registered with the others.
pub const TEMPLATES: [(&str, &str); 5] = [
    ("imports.html", include_str!("templates/imports.html")),
    (
        "import_preview.html",
        include_str!("templates/import_preview.html"),
    ),
    (
        "import_report.html",
        include_str!("templates/import_report.html"),
    ),
    (
        "import_result.html",
        include_str!("templates/import_result.html"),
    ),
    (
        "import_undo.html",
        include_str!("templates/import_undo.html"),
    ),
];

/// Largest file the pages take, as it travels back in the preview form; the command
/// line streams larger ones (the strings say "5 MB", a test keeps them true).
const FILE_LIMIT: usize = 5 * 1024 * 1024;
/// Uploads are read up to this size (the excess dropped), so that a file a little too
/// large gets the page that explains the limit rather than a cut connection.
const UPLOAD_CAP: usize = 32 * 1024 * 1024;
/// The confirmation form: the file in base64 (4 characters for 3 bytes) and a few fields.
const CONFIRM_LIMIT: usize = FILE_LIMIT / 3 * 4 + 1024 * 1024;

pub fn router() -> Router<AppState> {
    let preview_limit = DefaultBodyLimit::max(UPLOAD_CAP);
    let confirm_limit = DefaultBodyLimit::max(CONFIRM_LIMIT);
    Router::new()
        .route("/imports", get(page))
        .route("/imports/preview", post(preview).layer(preview_limit))
        .route("/imports/confirm", post(confirm).layer(confirm_limit))
        .route("/imports/{batch}", get(result))
        .route("/imports/{batch}/undo", post(undo))
}

/// `csv` or `vcard`: the form's choice, else a vCard by its extension or first line,
/// else CSV (whose reader then says what is wrong with a file that is neither).
fn detect_kind(choice: &str, file_name: &str, bytes: &[u8]) -> &'static str {
    let file_name = file_name.to_ascii_lowercase();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let first = head.trim_start_matches('\u{feff}').trim_start();
    let begins = first.get(..11).unwrap_or_default();
    let vcard = begins.eq_ignore_ascii_case("BEGIN:VCARD") || file_name.ends_with(".vcf");
    match (choice, vcard) {
        ("csv", _) => "csv",
        ("vcard", _) | (_, true) => "vcard",
        _ => "csv",
    }
}

/// A file on its way through the wizard.
struct Upload {
    kind: &'static str,
    file_name: String,
    bytes: Bytes,
}

impl Upload {
    fn new(kind: &'static str, raw_name: &str, bytes: Bytes) -> Upload {
        // Old browsers send the whole path; the batch records the name only.
        let base = raw_name.rsplit(['/', '\\']).next().unwrap_or("").trim();
        let mut file_name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
        if file_name.is_empty() {
            file_name = if kind == "csv" {
                "clients.csv"
            } else {
                "contacts.vcf"
            }
            .into();
        }
        Upload {
            kind,
            file_name,
            bytes,
        }
    }

    /// The file back from the confirmation form's fields.
    fn carried(fields: &[(String, String)]) -> Option<Upload> {
        let kind = ["csv", "vcard"]
            .into_iter()
            .find(|k| field(fields, "kind") == *k)?;
        let bytes = URL_SAFE_NO_PAD.decode(field(fields, "content")).ok()?;
        let name = field(fields, "file_name");
        (bytes.len() <= FILE_LIMIT).then(|| Upload::new(kind, name, bytes.into()))
    }
}

/// What every step needs: the app, the staff member and their page's CSRF token.
struct Wizard {
    state: AppState,
    web: WebStaff,
    csrf: CsrfToken,
}

impl FromRequestParts<AppState> for Wizard {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let web = WebStaff::from_request_parts(parts, state).await?;
        // Always set by the CSRF layer; without it no form could be checked.
        let csrf = parts.extensions.get::<CsrfToken>().cloned();
        let csrf = csrf.ok_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())?;
        let state = state.clone();
        Ok(Wizard { state, web, csrf })
    }
}

impl Wizard {
    fn page(&self) -> Page<'_> {
        Page::new(self.web.lang, &self.csrf.0, Some(&self.web.business.name))
    }

    fn csrf_ok(&self, fields: &[(String, String)]) -> bool {
        csrf::is_valid(&self.csrf, field(fields, "csrf"))
    }

    /// The imports page, with the message of a refused step (which changed nothing).
    async fn home(&self, status: StatusCode, error: Option<String>) -> Response {
        let business = self.web.business_id();
        let mut batches = match self.state.store.import_batches(business).await {
            Ok(batches) => batches,
            Err(err) => return ApiError::from(err).into_response(),
        };
        batches.sort_by_key(|b| std::cmp::Reverse((b.created_at, b.id)));
        let rows: Vec<Value> = batches.iter().map(|b| self.batch_row(b)).collect();
        let me = self.web.staff.actor().0;
        let data = json!({ "batches": rows, "me": me, "error": error });
        render_with_status(status, "imports.html", &self.page(), data)
    }

    /// A batch for the pages, its dates as the business reads them (its time zone, the
    /// page's language).
    fn batch_row(&self, b: &ImportBatch) -> Value {
        let tz = self
            .web
            .business
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::UTC);
        let fr = self.web.lang.code() == "fr";
        let locale = if fr { Locale::fr_FR } else { Locale::en_US };
        let local = |millis: i64| match tz.timestamp_millis_opt(millis).single() {
            Some(at) => at.format_localized("%e %B %Y, %H:%M", locale).to_string(),
            None => String::new(),
        };
        let mut row = json!(b);
        row["id"] = b.id.to_string().into();
        row["when"] = local(b.created_at).into();
        row["undone"] = b.undone_at.map(local).into();
        row
    }

    /// The imports page with one of the wizard's own messages.
    async fn refuse(&self, status: StatusCode, key: &str) -> Response {
        self.home(status, Some(self.web.lang.t(key))).await
    }

    /// A refused import: the imports page with the reason, in the API's words.
    async fn refused(&self, err: ApiError) -> Response {
        if let ApiError::Internal(cause) = &err {
            tracing::error!(error = format!("{cause:#}"), "web import failed");
        }
        let message = format!("{} {err}", self.web.lang.t("import_failed"));
        self.home(err.status(), Some(message)).await
    }

    /// The API's import of `file`, as a dry run or for real; `pick`: the contacts.
    async fn run(&self, file: &Upload, dry_run: bool, pick: Option<&[usize]>) -> ApiResult<Value> {
        let (store, now) = (&self.state.store, self.state.now_millis());
        let business = self.web.business_id();
        let meta = ImportMeta {
            actor: self.web.staff.actor(),
            file_name: file.file_name.clone(),
            kind: file.kind,
            dry_run,
        };
        let mut report = if file.kind == "vcard" {
            import_vcard(store, business, meta, now, &file.bytes, pick).await?
        } else {
            let raw = Cursor::new(file.bytes.clone());
            import_csv(store, business, meta, now, raw, |_| {}).await?
        };
        self.localize(&mut report);
        Ok(report)
    }

    /// Rejection reasons and contact problems in the page's language.
    fn localize(&self, report: &mut Value) {
        let lang = self.web.lang;
        for (list, key) in [("rejected", "reason"), ("contacts", "problem")] {
            if let Some(items) = report[list].as_array_mut() {
                for item in items {
                    if let Some(text) = item[key].as_str().map(|t| lang.reason(t)) {
                        item[key] = Value::String(text);
                    }
                }
            }
        }
    }

    /// The preview: a dry run of the whole file, with the `tick`ed contacts (`None`:
    /// all), and the hidden fields that carry the file to the confirmation.
    async fn preview(&self, file: &Upload, tick: Option<&[usize]>, err: Option<&str>) -> Response {
        let report = match self.run(file, true, None).await {
            Ok(report) => report,
            Err(err) => return self.refused(err).await,
        };
        let status = err.map_or(StatusCode::OK, |_| StatusCode::UNPROCESSABLE_ENTITY);
        let error = err.map(|key| self.web.lang.t(key));
        let content = URL_SAFE_NO_PAD.encode(&file.bytes);
        let upload = json!({ "kind": file.kind, "file_name": file.file_name, "content": content });
        let data = json!({ "upload": upload, "report": report, "ticked": tick, "error": error });
        render_with_status(status, "import_preview.html", &self.page(), data)
    }
}

/// `GET /imports`: the upload form and the past imports.
async fn page(wizard: Wizard) -> Response {
    wizard.home(StatusCode::OK, None).await
}

/// The upload form: its text fields, and the file's name and bytes (of which one byte
/// over [`FILE_LIMIT`] at most is kept).
async fn read_upload(
    mut multipart: Multipart,
) -> Result<(Fields, String, Vec<u8>), MultipartError> {
    let (mut fields, mut name, mut bytes) = (Vec::new(), String::new(), Vec::new());
    while let Some(mut part) = multipart.next_field().await? {
        let key = part.name().unwrap_or_default().to_string();
        if key != "file" {
            fields.push((key, part.text().await?));
            continue;
        }
        name = part.file_name().unwrap_or_default().to_string();
        while let Some(chunk) = part.chunk().await? {
            let room = (FILE_LIMIT + 1).saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
    }
    Ok((fields, name, bytes))
}

/// `POST /imports/preview`: a dry run of the uploaded file.
async fn preview(wizard: Wizard, multipart: Result<Multipart, MultipartRejection>) -> Response {
    let form = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => Ok(Default::default()),
    };
    let too_large = (StatusCode::PAYLOAD_TOO_LARGE, "import_too_large");
    let (status, key) = match form {
        Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large,
        Err(_) => (StatusCode::BAD_REQUEST, "import_unreadable"),
        Ok((fields, ..)) if !wizard.csrf_ok(&fields) => (StatusCode::FORBIDDEN, "csrf_failed"),
        Ok((_, _, bytes)) if bytes.len() > FILE_LIMIT => too_large,
        Ok((_, name, bytes)) if name.is_empty() && bytes.is_empty() => {
            (StatusCode::UNPROCESSABLE_ENTITY, "import_no_file")
        }
        Ok((fields, name, bytes)) => {
            let kind = detect_kind(field(&fields, "kind"), &name, &bytes);
            let upload = Upload::new(kind, &name, bytes.into());
            return wizard.preview(&upload, None, None).await;
        }
    };
    wizard.refuse(status, key).await
}

/// A form's fields, in order (a name may repeat).
type Fields = Vec<(String, String)>;

/// The fields of a url-encoded form.
fn form_fields(body: &[u8]) -> Fields {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// A url-encoded form's first value of `name`, or "".
fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    let found = fields.iter().find(|(k, _)| k == name);
    found.map_or("", |(_, v)| v)
}

/// `POST /imports/confirm`: the import for real, of the previewed bytes and the ticked
/// contacts (`select`, once per contact); or the preview again after "select all" or
/// "none" (`action`), which work without JavaScript.
async fn confirm(wizard: Wizard, body: Bytes) -> Response {
    let fields = form_fields(&body);
    if !wizard.csrf_ok(&fields) {
        return wizard.refuse(StatusCode::FORBIDDEN, "csrf_failed").await;
    }
    let Some(upload) = Upload::carried(&fields) else {
        return wizard
            .refuse(StatusCode::BAD_REQUEST, "import_unreadable")
            .await;
    };
    let select = fields.iter().filter(|(k, _)| k == "select");
    let select: Vec<usize> = select.filter_map(|(_, v)| v.trim().parse().ok()).collect();
    let none: &[usize] = &[];
    if upload.kind == "vcard" {
        match field(&fields, "action") {
            "all" => return wizard.preview(&upload, None, None).await,
            "none" => return wizard.preview(&upload, Some(none), None).await,
            _ if select.is_empty() => {
                let error = Some("import_select_one");
                return wizard.preview(&upload, Some(none), error).await;
            }
            _ => {}
        }
    }
    let pick = (upload.kind == "vcard").then_some(select.as_slice());
    // Post/redirect/get: reloading the result page shows the batch again, and never
    // imports the file a second time.
    match wizard.run(&upload, false, pick).await {
        Ok(report) => match report["batch_id"].as_str() {
            Some(batch) => Redirect::to(&format!("/imports/{batch}")).into_response(),
            None => {
                ApiError::Internal(anyhow::anyhow!("an import without a batch")).into_response()
            }
        },
        Err(err) => wizard.refused(err).await,
    }
}

/// `GET /imports/{batch}`: what an import did, from what its batch kept, with Undo.
async fn result(wizard: Wizard, Path(batch): Path<String>) -> Response {
    let business = wizard.web.business_id();
    let found = match parse_id(&batch) {
        Ok(id) => batch_with_details(&wizard.state, business, id).await,
        Err(err) => Err(err),
    };
    let (batch, details) = match found {
        Ok(found) => found,
        Err(ApiError::NotFound) => {
            return wizard
                .refuse(StatusCode::NOT_FOUND, "import_not_found")
                .await;
        }
        Err(err) => return err.into_response(),
    };
    let mut report = details;
    if !report["rejected"].is_array() {
        report["rejected"] = json!([]);
    }
    let listed = report["rejected"].as_array().map_or(0, Vec::len) as i64;
    report["rejected_count"] = batch.rejected.into();
    report["rejected_cut"] = (batch.rejected > listed).into();
    report["created"] = batch.created.into();
    report["updated"] = batch.updated.into();
    report["unchanged"] = batch.unchanged.into();
    report["batch_id"] = batch.id.to_string().into();
    wizard.localize(&mut report);
    let upload = json!({ "kind": batch.kind, "file_name": batch.file_name });
    let data = json!({ "upload": upload, "report": report, "batch": wizard.batch_row(&batch) });
    render_with_status(StatusCode::OK, "import_result.html", &wizard.page(), data)
}

/// `POST /imports/{batch}/undo`: the store's undo, as `DELETE /api/imports/{batch}`.
async fn undo(wizard: Wizard, Path(batch): Path<String>, body: Bytes) -> Response {
    if !wizard.csrf_ok(&form_fields(&body)) {
        return wizard.refuse(StatusCode::FORBIDDEN, "csrf_failed").await;
    }
    let (state, web) = (&wizard.state, &wizard.web);
    let (business, actor, now) = (web.business_id(), web.staff.actor(), state.now_millis());
    let outcome = match parse_id(&batch) {
        Ok(id) => state.store.undo_import(business, id, &actor, now).await,
        Err(_) => Err(StoreError::NotFound),
    };
    let (status, data) = match outcome {
        Ok(UndoOutcome::Undone { deleted, reverted }) => {
            let data = json!({ "outcome": "undone", "deleted": deleted, "reverted": reverted });
            (StatusCode::OK, data)
        }
        Ok(UndoOutcome::AlreadyUndone) => (StatusCode::CONFLICT, json!({ "outcome": "already" })),
        Ok(UndoOutcome::Blocked { client_ids }) => {
            let mut clients = Vec::with_capacity(client_ids.len());
            for id in client_ids {
                let name = match state.store.client(business, id).await {
                    Ok(Some(c)) => format!("{} {}", c.first_name, c.last_name),
                    _ => format!("#{id}"),
                };
                clients.push(json!({ "id": id.to_string(), "name": name }));
            }
            (
                StatusCode::CONFLICT,
                json!({ "outcome": "blocked", "clients": clients }),
            )
        }
        Err(StoreError::NotFound) => (StatusCode::NOT_FOUND, json!({ "outcome": "not_found" })),
        Err(err) => return ApiError::from(err).into_response(),
    };
    render_with_status(status, "import_undo.html", &wizard.page(), data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn the_kind_is_the_choice_else_the_extension_or_first_line() {
        assert_eq!(detect_kind("csv", "a.vcf", b"BEGIN:VCARD"), "csv");
        assert_eq!(detect_kind("vcard", "a.csv", b"Nom"), "vcard");
        assert_eq!(detect_kind("auto", "Contacts.VCF", b""), "vcard");
        assert_eq!(
            detect_kind("", "x.txt", b"\xef\xbb\xbf\nbegin:vcard"),
            "vcard"
        );
        assert_eq!(detect_kind("", "photo.png", b"\x89PNG"), "csv");
        let upload = Upload::new("csv", "C:\\Users\\me\\list\t.csv", Bytes::new());
        assert_eq!(upload.file_name, "list.csv");
    }

    #[test]
    fn the_size_limit_in_the_strings_is_the_real_one() {
        let mb = FILE_LIMIT / (1024 * 1024);
        assert!(Lang::En.t("import_too_large").contains(&format!("{mb} MB")));
        assert!(Lang::Fr.t("import_too_large").contains(&format!("{mb} Mo")));
    }
}
