//! Helpers for the public side (bookings, client accounts), bans, orders, merges and the
//! audit log; re-exported by `helpers`.

use chrono::{DateTime, Utc};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use clientele_store::Backend;

use crate::helpers::*;

// ---------------------------------------------------------------------------------
// Public side (bookings, client accounts), bans, orders, merges, audit log.

/// The public routes of one business (`/api/public/{slug}/…`), without cookies: a client
/// session goes as a Bearer token, so that requests without one are anonymous.
pub struct Public {
    base: String,
    pub slug: String,
    pub http: reqwest::Client,
    /// To read the verification email a sign-up sends.
    store: std::sync::Arc<dyn clientele_store::Store>,
    business_id: i64,
}

/// A public booking body with no phone and no form answers.
pub fn booking(type_id: &str, start: DateTime<Utc>, first: &str, last: &str, email: &str) -> Value {
    json!({
        "appointment_type_id": type_id,
        "start": rfc3339(start),
        "first_name": first,
        "last_name": last,
        "email": email,
        "form": [],
    })
}

impl Public {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/public/{}{path}", self.base, self.slug)
    }

    fn with_token(
        &self,
        request: reqwest::RequestBuilder,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> Response {
        let request = self.http.post(self.url(path)).json(body);
        self.with_token(request, token).send().await.unwrap()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let request = self.http.get(self.url(path));
        self.with_token(request, token).send().await.unwrap()
    }

    /// `POST …/bookings`, answer as it comes.
    pub async fn book(&self, body: &Value, token: Option<&str>) -> Response {
        self.post("/bookings", body, token).await
    }

    /// `POST …/bookings`, asserting 201; returns `{appointment_id, client_id}`.
    pub async fn book_ok(&self, body: &Value, token: Option<&str>) -> Value {
        let response = self.book(body, token).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "public booking {body}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Signs up a client account and logs it in; returns the session token.
    pub async fn account(&self, email: &str, first: &str, last: &str) -> String {
        self.unverified_account(email, first, last).await;
        let token = self.verification_token(email).await;
        let response = self
            .post("/accounts/verify", &json!({ "token": token }), None)
            .await;
        assert_eq!(response.status(), StatusCode::OK, "verification of {email}");
        self.log_in(email).await
    }

    /// Signs up without opening the emailed link.
    pub async fn unverified_account(&self, email: &str, first: &str, last: &str) {
        let body =
            json!({ "email": email, "password": PASSWORD, "first_name": first, "last_name": last });
        let response = self.post("/accounts", &body, None).await;
        assert_eq!(response.status(), StatusCode::CREATED, "sign-up of {email}");
    }

    /// The token of the link in the newest verification email to `email`.
    pub async fn verification_token(&self, email: &str) -> String {
        let emails = self
            .store
            .outbox(self.business_id, clientele_store::Channel::Email, None, 500)
            .await
            .unwrap();
        let mail = emails
            .iter()
            .find(|m| m.kind == "verification" && m.recipient == email.to_lowercase())
            .expect("a verification email");
        let start = mail.body.find("token=").expect("a link with a token") + 6;
        mail.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    /// Logs an account in; returns the session token.
    pub async fn log_in(&self, email: &str) -> String {
        let body = json!({ "email": email, "password": PASSWORD });
        let response = self.post("/session", &body, None).await;
        assert_eq!(response.status(), StatusCode::OK, "client login of {email}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().expect("a token").to_string()
    }

    /// `GET …/me` as the account of `token`, asserting 200; returns the raw text too.
    pub async fn me(&self, token: &str) -> (Value, String) {
        let response = self.get("/me", Some(token)).await;
        assert_eq!(response.status(), StatusCode::OK, "GET /me");
        let text = response.text().await.unwrap();
        (serde_json::from_str(&text).unwrap(), text)
    }
}

impl TestApp {
    /// The slug of this app's business (the `{business}` of public routes).
    pub async fn slug(&self) -> String {
        let response = self.get("/api/business").await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["slug"].as_str().expect("a slug").to_string()
    }

    /// The public side of this app's business.
    pub async fn public(&self) -> Public {
        Public {
            base: self.base.clone(),
            slug: self.slug().await,
            http: reqwest::Client::new(),
            store: self.store.clone(),
            business_id: self.business_id,
        }
    }

    /// Another business of the same server (with the given locale) seen by its own
    /// logged-in owner. Keep `self` alive while using it: it holds the database.
    pub async fn other_app(&self, locale: &str) -> TestApp {
        let email = format!("{}@example.org", unique_name("other"));
        let business_id = create_business_in(&self.store, "Salon B", &email, locale).await;
        TestApp {
            base: self.base.clone(),
            http: login(&self.base, &email).await,
            clock: self.clock.clone(),
            store: self.store.clone(),
            business_id,
            owner_email: email,
            database_url: self.database_url.clone(),
            _dir: None,
        }
    }

    /// An appointment type of 30 minutes with an intake form; returns its id.
    pub async fn form_type(&self, name: &str, form: Value) -> String {
        let body = json!({ "name": name, "duration_minutes": 30, "form": form });
        let response = self.post("/api/appointment-types", &body).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "appointment type: {text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        body["id"].as_str().unwrap().to_string()
    }

    /// `PUT /api/clients/{id}/ban`: with `{"message"}` when given, else without a body.
    pub async fn ban(&self, id: &str, message: Option<&str>) -> Response {
        let request = self.http.put(self.url(&format!("/api/clients/{id}/ban")));
        let request = match message {
            Some(m) => request.json(&json!({ "message": m })),
            None => request,
        };
        request.send().await.unwrap()
    }

    /// `POST /api/orders` for `client_id` (plus `extra` fields), asserting 201.
    pub async fn add_order(&self, client_id: &str, kind: &str, extra: Value) -> Value {
        let mut body = json!({ "kind": kind, "client_id": client_id });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let response = self.post("/api/orders", &body).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "order {body}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// `POST /api/clients/{id}/merge`.
    pub async fn merge(&self, dup: &str, into: &str, dry_run: bool) -> Response {
        let body = json!({ "into": into, "dry_run": dry_run });
        self.post(&format!("/api/clients/{dup}/merge"), &body).await
    }

    /// The audit log's entries (newest first), asserting 200; returns the raw text too.
    pub async fn audit_log(&self) -> (Vec<Value>, String) {
        let response = self.get("/api/audit-log").await;
        assert_eq!(response.status(), StatusCode::OK, "audit log");
        let text = response.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        (body["entries"].as_array().unwrap().clone(), text)
    }

    /// Runs one SQL statement on this test's database, for states no API reaches yet
    /// (e.g. an order marked used).
    pub async fn exec_sql(&self, sql: &str) {
        match self.backend() {
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(&self.database_url).await.unwrap();
                sqlx::query(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
                sqlx::query(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
        }
    }
}
