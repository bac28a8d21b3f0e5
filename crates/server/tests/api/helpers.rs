//! `spawn_app()`: the real server on port 0 over a fresh database, SQLite by default or
//! PostgreSQL when `CLIENTELE_TEST_DATABASE_URL` is a postgres:// URL (each test then
//! gets its own schema). The clock is fixed so that filters are deterministic.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use clientele_server::auth::{password, tokens};
use clientele_server::{build_router, AppState, FixedClock};
use clientele_store::{Backend, BusinessId, NewBusiness, Role, Store};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    /// Logged in as the owner of `business_id`.
    pub http: reqwest::Client,
    pub clock: Arc<FixedClock>,
    pub store: Arc<dyn Store>,
    pub business_id: BusinessId,
    pub owner_email: String,
    /// The database URL of this test (PostgreSQL: with its schema as search path).
    pub database_url: String,
    pub _dir: Option<tempfile::TempDir>,
}

/// The fixed "now" of every test: a Monday noon in Paris summer time.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 10, 0, 0).unwrap()
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        Utc::now().timestamp_micros() % 1_000_000
    )
}

/// The database URL for a new test, and the temp dir that holds a SQLite file.
async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("CLIENTELE_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let schema = unique_name("t");
            let admin = sqlx::PgPool::connect(&base)
                .await
                .expect("connect to PostgreSQL");
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            (
                format!("{base}{sep}options[search_path]={schema},public"),
                None,
            )
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite:{}", dir.path().join("test.db").display());
            (url, Some(dir))
        }
    }
}

pub async fn spawn_app() -> TestApp {
    let (url, dir) = fresh_database().await;
    let database_url = url.clone();
    let store = clientele_store::connect(&clientele_store::ConnectOptions::new(&url))
        .await
        .expect("open store");
    let clock = Arc::new(FixedClock::new(test_now()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), clock.clone(), false).with_public_url(&base);
    tokio::spawn(clientele_server::startup::run_on(
        listener,
        build_router(state),
    ));

    let owner_email = format!("{}@example.org", unique_name("owner"));
    let business_id = create_business(&store, "Salon A", &owner_email).await;
    let http = login(&base, &owner_email).await;
    TestApp {
        base,
        http,
        clock,
        store,
        business_id,
        owner_email,
        database_url,
        _dir: dir,
    }
}

/// A business with an owner whose password is [`PASSWORD`].
pub async fn create_business(store: &Arc<dyn Store>, name: &str, owner: &str) -> BusinessId {
    create_business_in(store, name, owner, "fr").await
}

/// A business with the given locale (`fr`, `en`) and an owner whose password is
/// [`PASSWORD`].
pub async fn create_business_in(
    store: &Arc<dyn Store>,
    name: &str,
    owner: &str,
    locale: &str,
) -> BusinessId {
    let business = store
        .create_business(
            &NewBusiness {
                slug: unique_name("b").replace('_', "-"),
                name: name.into(),
                time_zone: "Europe/Paris".into(),
                locale: locale.into(),
            },
            test_now().timestamp_millis(),
        )
        .await
        .unwrap();
    let hash = password::hash_password(PASSWORD).unwrap();
    store
        .create_staff_user(
            business.id,
            owner,
            &hash,
            Role::Owner,
            test_now().timestamp_millis(),
        )
        .await
        .unwrap();
    business.id
}

/// A cookie-keeping client logged in as `email`.
pub async fn login(base: &str, email: &str) -> reqwest::Client {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = http
        .post(format!("{base}/api/session"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "login of {email}"
    );
    http
}

impl TestApp {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A second business with its own logged-in owner, for isolation tests.
    pub async fn other_business(&self) -> (BusinessId, reqwest::Client) {
        let email = format!("{}@example.org", unique_name("other"));
        let id = create_business(&self.store, "Salon B", &email).await;
        (id, login(&self.base, &email).await)
    }

    /// An API key of this app's business.
    pub async fn api_key(&self) -> String {
        let secret = tokens::new_secret();
        self.store
            .create_api_key(self.business_id, "test", &tokens::hash_secret(&secret), 0)
            .await
            .unwrap();
        tokens::api_key(self.business_id, &secret)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.http
            .patch(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.http.delete(self.url(path)).send().await.unwrap()
    }

    /// Adds a client (homonyms allowed) and returns its JSON.
    pub async fn add_client(&self, first: &str, last: &str, extra: Value) -> Value {
        let mut body = json!({ "first_name": first, "last_name": last, "allow_homonym": true });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let response = self.post("/api/clients", &body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "add {first} {last}");
        response.json().await.unwrap()
    }

    /// An appointment type of 60 minutes, returning its id.
    pub async fn appointment_type(&self) -> String {
        let response = self
            .post(
                "/api/appointment-types",
                &json!({ "name": "Coupe", "duration_minutes": 60 }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        body["id"].as_str().unwrap().to_string()
    }

    /// Books `client_id` at `start` (RFC 3339) and returns the appointment JSON.
    pub async fn book(&self, type_id: &str, client_id: &str, start: &str) -> Value {
        let response = self
            .post(
                "/api/appointments",
                &json!({ "client_id": client_id, "appointment_type_id": type_id, "start": start }),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "book {client_id} at {start}"
        );
        response.json().await.unwrap()
    }

    /// `GET /api/clients` with a raw query string, asserting 200.
    pub async fn list(&self, query: &str) -> Value {
        let response = self.get(&format!("/api/clients?{query}")).await;
        assert_eq!(response.status(), StatusCode::OK, "list ?{query}");
        response.json().await.unwrap()
    }

    /// Last names of a list answer, in order.
    pub async fn list_names(&self, query: &str) -> Vec<String> {
        let body = self.list(query).await;
        body["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    c["first_name"].as_str().unwrap(),
                    c["last_name"].as_str().unwrap()
                )
            })
            .collect()
    }
}

/// The client's id in an answer (a client object or a profile).
pub fn id_of(client: &Value) -> String {
    client["id"]
        .as_str()
        .or_else(|| client["client"]["id"].as_str())
        .expect("an id")
        .to_string()
}

/// `test_now()` moved by a number of days (negative: in the past).
pub fn days_from_now(days: i64) -> DateTime<Utc> {
    test_now() + Duration::days(days)
}

/// A UTC instant given as RFC 3339, e.g. `"2026-05-15T22:00:00Z"`.
pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid RFC 3339")
        .with_timezone(&Utc)
}

/// RFC 3339 text of an instant, as the API takes it.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Asserts an error answer's status and `error` code, returning its body.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> Value {
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "status of error answer {text}");
    let body: Value = serde_json::from_str(&text).expect("error body is JSON");
    assert_eq!(body["error"], code, "error code in {body}");
    assert!(body["message"].is_string(), "message in {body}");
    body
}

/// Asserts a 404 `not_found` answer.
pub async fn expect_not_found(response: Response) -> Value {
    expect_error(response, StatusCode::NOT_FOUND, "not_found").await
}

/// Asserts a 422 `validation` answer naming `field`.
pub async fn expect_validation(response: Response, field: &str) -> Value {
    let body = expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["field"], field, "field of {body}");
    body
}

impl TestApp {
    /// Refreshes the planner statistics of the client tables after a bulk load, as
    /// autovacuum would a little later (PostgreSQL only; SQLite plans well without).
    pub async fn analyze_clients(&self) {
        if self.backend() == Backend::Postgres {
            let pool = sqlx::PgPool::connect(&self.database_url).await.unwrap();
            sqlx::query("ANALYZE clients, client_words")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }

    /// Adds a client whose `created_at` is `at` (the clock is moved there and back).
    pub async fn add_client_created_at(
        &self,
        at: DateTime<Utc>,
        first: &str,
        last: &str,
        extra: Value,
    ) -> Value {
        self.clock.set(at);
        let client = self.add_client(first, last, extra).await;
        self.clock.set(test_now());
        client
    }

    /// Books `client_id` at the instant `at`.
    pub async fn book_at(&self, type_id: &str, client_id: &str, at: DateTime<Utc>) -> Value {
        self.book(type_id, client_id, &rfc3339(at)).await
    }

    /// `POST /api/appointments/{id}/cancel`.
    pub async fn cancel(&self, appointment_id: &str) -> Response {
        self.post(
            &format!("/api/appointments/{appointment_id}/cancel"),
            &json!({}),
        )
        .await
    }

    /// `GET /api/clients/{id}`, asserting 200.
    pub async fn profile(&self, id: &str) -> Value {
        let response = self.get(&format!("/api/clients/{id}")).await;
        assert_eq!(response.status(), StatusCode::OK, "profile of {id}");
        response.json().await.unwrap()
    }

    /// Status of `GET /api/clients/{id}`.
    pub async fn profile_status(&self, id: &str) -> StatusCode {
        self.get(&format!("/api/clients/{id}")).await.status()
    }

    /// Ids of one list page, in order.
    pub async fn list_ids(&self, query: &str) -> Vec<String> {
        ids_in(&self.list(query).await)
    }

    /// "First Last" of every client matching a raw query string (one page of up to
    /// 1000), sorted; asserts that `total` counts exactly them.
    pub async fn matching_names(&self, query: &str) -> Vec<String> {
        let sep = if query.is_empty() { "" } else { "&" };
        let body = self.list(&format!("{query}{sep}limit=1000")).await;
        let mut names: Vec<String> = body["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    c["first_name"].as_str().unwrap(),
                    c["last_name"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(body["total"], names.len(), "total of ?{query}");
        assert!(body["next_cursor"].is_null(), "one page for ?{query}");
        names.sort();
        names
    }

    /// `POST /api/clients/bulk-delete`.
    pub async fn bulk_delete(&self, body: &Value) -> Response {
        self.post("/api/clients/bulk-delete", body).await
    }

    /// Appointments of a client as the store holds them (whatever the API says).
    pub async fn stored_appointments(&self, client_id: &str) -> usize {
        self.store
            .client_appointments(self.business_id, client_id.parse().unwrap())
            .await
            .unwrap()
            .len()
    }
}

/// Ids of a list answer, in order.
pub fn ids_in(list: &Value) -> Vec<String> {
    list["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Sorted copy of names given as `&str`, to compare with [`TestApp::matching_names`].
pub fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// Encodes a query-string value.
pub fn enc(s: &str) -> String {
    url_encode(s)
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub use crate::public_helpers::*;
