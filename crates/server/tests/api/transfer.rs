//! Helpers of the import and export tests: the corpus of files under `tests/data/`,
//! uploads of CSV and vCard bodies, exports parsed back, and snapshots of a business's
//! clients and import batches to check that something changed nothing.

use std::path::Path;

use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::helpers::{enc, TestApp};

/// The bytes of a file of the corpus (`crates/server/tests/data/NAME`).
pub fn data(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `(created, updated, unchanged)` of an import report.
pub fn counts(report: &Value) -> (u64, u64, u64) {
    let n = |k: &str| {
        report[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {report}"))
    };
    (n("created"), n("updated"), n("unchanged"))
}

/// `(line, reason)` of every rejected row of a CSV import report, in order.
pub fn rejected(report: &Value) -> Vec<(u64, String)> {
    report["rejected"]
        .as_array()
        .unwrap_or_else(|| panic!("rejected in {report}"))
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().expect("a line"),
                r["reason"].as_str().expect("a reason").to_string(),
            )
        })
        .collect()
}

/// `(line, reason)` pairs from literals, to compare with [`rejected`].
pub fn lines(expected: &[(u64, &str)]) -> Vec<(u64, String)> {
    expected.iter().map(|(l, r)| (*l, r.to_string())).collect()
}

/// The report without what differs between a dry run and the real run.
pub fn outcome(report: &Value) -> Value {
    let mut r = report.clone();
    if let Some(obj) = r.as_object_mut() {
        obj.remove("dry_run");
        obj.remove("batch_id");
    }
    r
}

/// A CSV export parsed: the header and the rows, after checking and removing the BOM.
pub struct Export {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub bytes: Vec<u8>,
}

impl Export {
    /// The rows' cells of one column, by its index.
    pub fn column(&self, i: usize) -> Vec<String> {
        self.rows.iter().map(|r| r[i].clone()).collect()
    }
}

/// Parses CSV text (no BOM) into records, every record as strings.
pub fn parse_csv(text: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text);
    reader
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

impl TestApp {
    /// `POST /api/imports/clients?{query}` with a raw CSV body.
    pub async fn upload_csv(&self, query: &str, body: impl Into<Vec<u8>>) -> Response {
        self.http
            .post(self.url(&format!("/api/imports/clients?{query}")))
            .header("content-type", "text/csv")
            .body(body.into())
            .send()
            .await
            .unwrap()
    }

    /// Imports a CSV body (as a dry run or for real), asserting 200; returns the report.
    pub async fn import_csv(&self, body: impl Into<Vec<u8>>, dry_run: bool) -> Value {
        let response = self.upload_csv(&format!("dry_run={dry_run}"), body).await;
        report_of(response, dry_run).await
    }

    /// `POST /api/imports/contacts?{query}` with a raw vCard body.
    pub async fn upload_vcard(&self, query: &str, body: impl Into<Vec<u8>>) -> Response {
        self.http
            .post(self.url(&format!("/api/imports/contacts?{query}")))
            .header("content-type", "text/vcard")
            .body(body.into())
            .send()
            .await
            .unwrap()
    }

    /// Imports a vCard body (`query` e.g. `"dry_run=true&select=0,2"`), asserting 200.
    pub async fn import_vcard(&self, query: &str, body: impl Into<Vec<u8>>) -> Value {
        let dry_run = query.contains("dry_run=true");
        report_of(self.upload_vcard(query, body).await, dry_run).await
    }

    /// `GET /api/exports/clients.csv?{query}`, asserting 200, a CSV type and the BOM.
    pub async fn export(&self, query: &str) -> Export {
        let response = self.get(&format!("/api/exports/clients.csv?{query}")).await;
        assert_eq!(response.status(), StatusCode::OK, "export ?{query}");
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(kind.starts_with("text/csv"), "content type {kind}");
        let bytes = response.bytes().await.unwrap().to_vec();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "export starts with a UTF-8 BOM"
        );
        let mut records = parse_csv(&bytes[3..]);
        assert!(!records.is_empty(), "export has a header row");
        let header = records.remove(0);
        Export {
            header,
            rows: records,
            bytes,
        }
    }

    /// `GET /api/imports`, asserting 200: the batches, newest first.
    pub async fn batches(&self) -> Vec<Value> {
        let response = self.get("/api/imports").await;
        assert_eq!(response.status(), StatusCode::OK, "GET /api/imports");
        let body: Value = response.json().await.unwrap();
        body["batches"].as_array().expect("batches").clone()
    }

    /// `DELETE /api/imports/{batch}`.
    pub async fn undo(&self, batch: &str) -> Response {
        self.delete(&format!("/api/imports/{batch}")).await
    }

    /// Every client of the business, in list order (following the cursor page by page).
    pub async fn all_clients(&self) -> Vec<Value> {
        let mut out = Vec::new();
        let mut query = "limit=1000".to_string();
        loop {
            let page = self.list(&query).await;
            out.extend(page["clients"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(cursor) => query = format!("limit=1000&cursor={}", enc(cursor)),
                None => return out,
            }
        }
    }

    /// Every client of the business (full objects, list order) and every import batch:
    /// equal snapshots mean nothing changed.
    pub async fn snapshot(&self) -> Value {
        let clients = self.all_clients().await;
        serde_json::json!({
            "total": self.list("limit=1").await["total"],
            "clients": clients,
            "batches": self.batches().await,
        })
    }

    /// The only client named exactly `first last` (accents and case included).
    pub async fn client_named(&self, first: &str, last: &str) -> Value {
        let all = self.all_clients().await;
        let found: Vec<&Value> = all
            .iter()
            .filter(|c| c["first_name"] == first && c["last_name"] == last)
            .collect();
        assert_eq!(found.len(), 1, "one client named {first} {last}");
        found[0].clone()
    }

    /// `(email, phone, notes)` of the client named exactly `first last`.
    pub async fn contact_of(&self, first: &str, last: &str) -> (Value, Value, String) {
        let c = self.client_named(first, last).await;
        (
            c["email"].clone(),
            c["phone"].clone(),
            c["notes"].as_str().unwrap().to_string(),
        )
    }
}

/// Asserts a 200 import report with the expected `dry_run` flag, and a batch id only
/// for a real run.
async fn report_of(response: Response, dry_run: bool) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "import answer: {text}");
    let report: Value = serde_json::from_str(&text).expect("report is JSON");
    assert_eq!(report["dry_run"], dry_run, "dry_run in {report}");
    assert_eq!(
        report["batch_id"].is_string(),
        !dry_run,
        "batch_id only for a real run: {report}"
    );
    report
}

/// Asserts that a whole-file refusal is a JSON error with status 400, 415 or 422.
pub async fn expect_refused(response: Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(
        [
            StatusCode::BAD_REQUEST,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            StatusCode::UNPROCESSABLE_ENTITY
        ]
        .contains(&status),
        "refused as a whole, got {status}: {text}"
    );
    let body: Value = serde_json::from_str(&text).expect("error body is JSON");
    assert!(body["error"].is_string(), "error code in {body}");
    assert!(body["message"].is_string(), "message in {body}");
    body
}

/// `(email, phone, notes)` literal, to compare with [`TestApp::contact_of`].
pub fn contact(email: Option<&str>, phone: Option<&str>, notes: &str) -> (Value, Value, String) {
    (
        email.map_or(Value::Null, |e| Value::String(e.into())),
        phone.map_or(Value::Null, |p| Value::String(p.into())),
        notes.to_string(),
    )
}
