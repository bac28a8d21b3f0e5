//! Tenant isolation and authentication of admin routes (SPEC §13, API.md "Auth"):
//! another business's ids are 404 (never 403), lists and searches never cross
//! businesses, and every admin route needs a session or an API key.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

/// Business A with one client (with email, phone, an appointment) seen from business B.
struct TwoBusinesses {
    app: TestApp,
    b: reqwest::Client,
    client: Value,
    appointment: Value,
}

async fn two_businesses() -> TwoBusinesses {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let client = app
        .add_client(
            "Hélène",
            "Dupont",
            json!({ "email": "helene@x.fr", "phone": "06 12 34 56 78", "notes": "secret" }),
        )
        .await;
    let appointment = app
        .book(&type_id, &id_of(&client), "2026-06-20T09:00:00Z")
        .await;
    // As it stands after the booking, to compare with later.
    let client = app.profile(&id_of(&client)).await["client"].clone();
    let (_, b) = app.other_business().await;
    TwoBusinesses {
        app,
        b,
        client,
        appointment,
    }
}

async fn send(
    http: &reqwest::Client,
    method: Method,
    url: String,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = http.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

impl TwoBusinesses {
    /// A request of business B's owner to `path`.
    async fn as_b(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        send(&self.b, method, self.app.url(path), body).await
    }

    /// B's answers to a booking naming something of A and to the same booking naming
    /// an id that exists nowhere must be the same refusal (nothing revealed, no 403).
    async fn book_same_as_nowhere(&self, of_a: Value, nowhere: Value) -> StatusCode {
        let mut answers = Vec::new();
        for body in [of_a, nowhere] {
            let response = self
                .as_b(Method::POST, "/api/appointments", Some(body))
                .await;
            answers.push((response.status(), response.text().await.unwrap()));
        }
        assert_eq!(answers[0], answers[1]);
        let status = answers[0].0;
        assert!(
            !status.is_success() && status != StatusCode::FORBIDDEN,
            "{status}"
        );
        status
    }
}

#[tokio::test]
async fn another_business_cannot_read_change_or_delete_a_client() {
    let t = two_businesses().await;
    let path = format!("/api/clients/{}", id_of(&t.client));
    let patch = json!({ "first_name": "Pirate", "email": "p@evil.fr", "version": 1 });
    for (method, body) in [
        (Method::GET, None),
        (Method::PATCH, Some(patch)),
        (Method::DELETE, None),
    ] {
        let response = t.as_b(method.clone(), &path, body.clone()).await;
        let theirs = expect_not_found(response).await;
        // Exactly what an id that exists nowhere gets: nothing is revealed.
        let response = t.as_b(method.clone(), "/api/clients/999999999", body).await;
        let nowhere = expect_not_found(response).await;
        assert_eq!(theirs, nowhere, "{method}");
    }
    let appointment = t.appointment["id"].as_str().unwrap();
    let path = format!("/api/appointments/{appointment}/cancel");
    let response = t.as_b(Method::POST, &path, Some(json!({}))).await;
    expect_not_found(response).await;

    let profile = t.app.profile(&id_of(&t.client)).await;
    assert_eq!(profile["client"], t.client, "A's client untouched");
    assert_eq!(profile["appointments"][0]["status"], "scheduled");
}

#[tokio::test]
async fn another_business_cannot_book_merge_into_or_bulk_delete_a_client() {
    let t = two_businesses().await;
    let b_type = json!({ "name": "B", "duration_minutes": 30 });
    let b_type = t
        .as_b(Method::POST, "/api/appointment-types", Some(b_type))
        .await;
    assert_eq!(b_type.status(), StatusCode::CREATED);
    let b_type = id_of(&b_type.json::<Value>().await.unwrap());
    let own = json!({ "first_name": "Helene", "last_name": "Dupond" });
    let own: Value = t
        .as_b(Method::POST, "/api/clients", Some(own))
        .await
        .json()
        .await
        .unwrap();

    // Booking A's client, or B's own client with A's appointment type: refused as for
    // ids that exist nowhere (API.md wants 404; the product answers 422 "unknown").
    let book = |client: &Value, kind: &Value| json!({ "client_id": client, "appointment_type_id": kind, "start": "2026-06-21T09:00:00Z" });
    let (nowhere, b_type) = (json!("999999999"), json!(b_type));
    let status = t
        .book_same_as_nowhere(book(&t.client["id"], &b_type), book(&nowhere, &b_type))
        .await;
    assert!(
        status == StatusCode::NOT_FOUND || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{status}"
    );
    let a_type = &t.appointment["appointment_type_id"];
    t.book_same_as_nowhere(book(&own["id"], a_type), book(&own["id"], &nowhere))
        .await;
    assert_eq!(t.app.stored_appointments(&id_of(&t.client)).await, 1);

    // Renaming B's own client to A's client's name is a plain rename, no merge.
    let rename = json!({ "first_name": "Hélène", "last_name": "Dupont", "version": 1 });
    let path = format!("/api/clients/{}", id_of(&own));
    let renamed = t.as_b(Method::PATCH, &path, Some(rename)).await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let renamed: Value = renamed.json().await.unwrap();
    assert!(renamed.get("merged_into").is_none(), "{renamed}");
    assert_eq!(renamed["id"], own["id"]);

    // Bulk deletes by A's id and by A's search touch B's clients only.
    for (body, deleted) in [
        (json!({ "ids": [t.client["id"]] }), 0),
        (json!({ "search": "helene@x.fr" }), 0),
        (json!({ "search": "5678" }), 0),
        (json!({ "filter": "recent:4y" }), 0),
        (json!({ "search": "dupont" }), 1),
    ] {
        let response = t
            .as_b(Method::POST, "/api/clients/bulk-delete", Some(body))
            .await;
        assert_eq!(response.json::<Value>().await.unwrap()["deleted"], deleted);
    }
    let profile = t.app.profile(&id_of(&t.client)).await;
    assert_eq!(profile["client"], t.client);
    assert_eq!(profile["appointments"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn lists_and_searches_never_cross_businesses() {
    let t = two_businesses().await;
    let bob = json!({ "first_name": "Bob", "last_name": "Other" });
    let response = t.as_b(Method::POST, "/api/clients", Some(bob)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let all: Value = t
        .as_b(Method::GET, "/api/clients", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 1);
    assert_eq!(all["clients"][0]["first_name"], "Bob");
    for query in [
        "search=helene",
        "search=dupont",
        "search=helene%40x.fr",
        "search=5678",
        "search=x.fr",
        "filter=recent:4y",
        "search=helene&filter=past:2w",
    ] {
        let response = t
            .as_b(Method::GET, &format!("/api/clients?{query}"), None)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["total"], 0, "{query}");
        assert_eq!(page["clients"], json!([]), "{query}");
    }
    // B's appointment types are B's only.
    let types = t.as_b(Method::GET, "/api/appointment-types", None).await;
    assert_eq!(types.json::<Value>().await.unwrap(), json!([]));
    // And A still sees only its own.
    assert_eq!(t.app.list_names("").await, ["Hélène Dupont"]);
}

#[tokio::test]
async fn an_api_key_works_as_bearer_for_its_business_only() {
    let t = two_businesses().await;
    let key = t.app.api_key().await;
    let anonymous = reqwest::Client::new();
    let response = anonymous
        .get(t.app.url("/api/clients"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let list: Value = response.json().await.unwrap();
    assert_eq!(ids_in(&list), [id_of(&t.client)]);
    let response = anonymous
        .post(t.app.url("/api/clients"))
        .bearer_auth(&key)
        .json(&json!({ "first_name": "Via", "last_name": "Key" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(t.app.list("").await["total"], 2);

    // The same secret under another business's id is no key at all.
    let (b_id, _) = t.app.other_business().await;
    let secret = key.split_once('_').unwrap().1.split_once('_').unwrap().1;
    let forged = format!("ck_{b_id}_{secret}");
    let response = anonymous
        .get(t.app.url("/api/clients"))
        .bearer_auth(forged)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

/// Every admin route of API.md that the router has, with a body where it takes one.
fn admin_routes(client_id: &str, appointment_id: &str) -> Vec<(Method, String, Option<Value>)> {
    let client = format!("/api/clients/{client_id}");
    let new_client = json!({ "first_name": "No", "last_name": "Auth" });
    vec![
        (Method::GET, "/api/business".into(), None),
        (Method::GET, "/api/clients".into(), None),
        (Method::GET, "/api/clients?search=dupont".into(), None),
        (Method::POST, "/api/clients".into(), Some(new_client)),
        (
            Method::POST,
            "/api/clients/bulk-delete".into(),
            Some(json!({ "ids": [client_id] })),
        ),
        (Method::GET, client.clone(), None),
        (
            Method::PATCH,
            client.clone(),
            Some(json!({ "notes": "x", "version": 1 })),
        ),
        (Method::DELETE, client, None),
        (Method::GET, "/api/appointment-types".into(), None),
        (
            Method::POST,
            "/api/appointment-types".into(),
            Some(json!({ "name": "X", "duration_minutes": 5 })),
        ),
        (
            Method::POST,
            "/api/appointments".into(),
            Some(
                json!({ "client_id": client_id, "appointment_type_id": "1", "start": "2026-06-20T09:00:00Z" }),
            ),
        ),
        (
            Method::POST,
            format!("/api/appointments/{appointment_id}/cancel"),
            Some(json!({})),
        ),
    ]
}

#[tokio::test]
async fn admin_routes_need_valid_credentials() {
    let t = two_businesses().await;
    let appointment = t.appointment["id"].as_str().unwrap();
    let garbage: Vec<(&str, String)> = vec![
        ("none", String::new()),
        ("bearer", "Bearer garbage".into()),
        ("bearer", "Bearer ck_1_nope".into()),
        ("bearer", format!("Bearer ck_{}_nope", t.app.business_id)),
        ("bearer", "Bearer ".into()),
        ("cookie", "clientele_session=garbage".into()),
        (
            "cookie",
            format!("clientele_session={}.nope", t.app.business_id),
        ),
        ("cookie", "clientele_session=".into()),
    ];
    let anonymous = reqwest::Client::new();
    for (method, path, body) in admin_routes(&id_of(&t.client), appointment) {
        for (kind, value) in &garbage {
            let mut request = anonymous.request(method.clone(), t.app.url(&path));
            match *kind {
                "bearer" => request = request.header("authorization", value),
                "cookie" => request = request.header("cookie", value),
                _ => {}
            }
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {kind} {value:?}"
            );
            let error: Value = response.json().await.unwrap();
            assert_eq!(error["error"], "unauthorized");
        }
    }
    // Nothing happened.
    let profile = t.app.profile(&id_of(&t.client)).await;
    assert_eq!(profile["client"], t.client);
    assert_eq!(profile["appointments"][0]["status"], "scheduled");
    assert_eq!(t.app.list("").await["total"], 1);
}

#[tokio::test]
async fn logout_makes_the_session_cookie_stop_working() {
    let app = spawn_app().await;
    // No cookie store: the cookie is replayed by hand, as a thief would.
    let raw = reqwest::Client::new();
    let response = raw
        .post(app.url("/api/session"))
        .json(&json!({ "email": app.owner_email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let get = || {
        raw.get(app.url("/api/clients"))
            .header("cookie", &cookie)
            .send()
    };
    assert_eq!(get().await.unwrap().status(), StatusCode::OK);

    let response = raw
        .delete(app.url("/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cleared = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    expect_error(
        get().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    // The owner's other session (the test app's) still works.
    assert_eq!(app.get("/api/clients").await.status(), StatusCode::OK);
}
