//! Webhooks (SPEC §10): registration and its validation, isolation between businesses,
//! signed deliveries to a real HTTP receiver, retries after a 500, the payload of every
//! event, subscriptions, and deletion.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::webhook_receiver::{Behaviour, ReceivedRequest, WebhookReceiver};

const ALL_EVENTS: [&str; 6] = [
    "client.created",
    "client.updated",
    "client.merged",
    "client.deleted",
    "appointment.scheduled",
    "appointment.canceled",
];

/// `POST /api/webhooks`, asserting 201; returns the registration (with its secret).
async fn register(app: &TestApp, url: &str, events: &[&str]) -> Value {
    let response = app
        .post("/api/webhooks", &json!({ "url": url, "events": events }))
        .await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "register {url}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn webhooks(app: &TestApp) -> Value {
    let response = app.get("/api/webhooks").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn hook_count(app: &TestApp) -> usize {
    webhooks(app).await["webhooks"].as_array().unwrap().len()
}

/// Polls the delivery listing (up to 20 s) until `done` holds; returns it, newest first.
async fn wait_for_deliveries(app: &TestApp, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let mut last = Vec::new();
    for _ in 0..400 {
        let response = app.get("/api/webhooks/deliveries").await;
        assert_eq!(response.status(), StatusCode::OK);
        let page: Value = response.json().await.unwrap();
        last = page["deliveries"].as_array().cloned().unwrap_or_default();
        if done(&last) {
            return last;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("webhook deliveries never reached the expected state: {last:#?}");
}

fn all_with_status(deliveries: &[Value], count: usize, status: &str) -> bool {
    deliveries.len() == count && deliveries.iter().all(|d| d["status"] == status)
}

#[tokio::test]
async fn registration_validates_lists_without_the_secret_and_deletes() {
    let app = spawn_app().await;
    let created = register(
        &app,
        "https://hooks.example.org/clientele?token=abc",
        &["client.created", "client.deleted", "client.created"],
    )
    .await;
    let secret = created["secret"].as_str().expect("the secret, this once");
    assert_eq!(secret.len(), 64, "32 bytes in hex: {secret}");
    assert_eq!(
        created["url"],
        "https://hooks.example.org/clientele?token=abc"
    );
    assert_eq!(
        created["events"],
        json!(["client.created", "client.deleted"])
    );
    assert!(created["created_at"].is_string());
    let id = created["id"].as_str().unwrap().to_string();

    let listed = webhooks(&app).await;
    assert_eq!(listed["events"], json!(ALL_EVENTS));
    let hooks = listed["webhooks"].as_array().unwrap();
    assert_eq!(hooks.len(), 1, "{listed}");
    assert_eq!(hooks[0]["id"], id.as_str());
    assert_eq!(hooks[0]["events"], created["events"]);
    assert!(hooks[0].get("secret").is_none(), "secret listed: {listed}");
    assert!(!listed.to_string().contains(secret));

    for url in [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "not a url",
        "http://",
    ] {
        let body = json!({ "url": url, "events": ["client.created"] });
        expect_validation(app.post("/api/webhooks", &body).await, "url").await;
    }
    for events in [
        json!(["client.exploded"]),
        json!([]),
        json!(["client.created", ""]),
    ] {
        let body = json!({ "url": "https://example.org/hook", "events": events });
        expect_validation(app.post("/api/webhooks", &body).await, "events").await;
    }
    assert_eq!(hook_count(&app).await, 1);

    let path = format!("/api/webhooks/{id}");
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(webhooks(&app).await["webhooks"], json!([]));
    expect_not_found(app.delete(&path).await).await;
    expect_not_found(app.delete("/api/webhooks/not-an-id").await).await;
}

#[tokio::test]
async fn another_business_cannot_see_or_delete_a_webhook_and_anonymous_gets_401() {
    let app = spawn_app().await;
    let created = register(&app, "https://example.org/hook", &["client.created"]).await;
    let id = created["id"].as_str().unwrap();
    let other = app.other_app("fr").await;

    let theirs = webhooks(&other).await;
    assert_eq!(theirs["webhooks"], json!([]), "{theirs}");
    expect_not_found(other.delete(&format!("/api/webhooks/{id}")).await).await;
    assert_eq!(hook_count(&app).await, 1);

    // This business's deliveries are not listed to the other one.
    app.add_client("Léa", "Moreau", json!({})).await;
    wait_for_deliveries(&app, |d| all_with_status(d, 1, "queued")).await;
    let page: Value = other
        .get("/api/webhooks/deliveries")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["deliveries"], json!([]));
    assert_eq!(page["next"], Value::Null);

    let anonymous = reqwest::Client::new();
    let body = json!({ "url": "https://example.org/x", "events": ["client.created"] });
    let requests = [
        anonymous.get(app.url("/api/webhooks")),
        anonymous.get(app.url("/api/webhooks/deliveries")),
        anonymous.post(app.url("/api/webhooks")).json(&body),
        anonymous.delete(app.url(&format!("/api/webhooks/{id}"))),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let url = response.url().clone();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{url}");
    }
    assert_eq!(hook_count(&app).await, 1);
}

#[tokio::test]
async fn a_delivery_is_signed_with_its_own_webhooks_secret_over_the_raw_body() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::Accept).await;
    let one = register(&app, &receiver.url("/one"), &["client.created"]).await;
    let two = register(&app, &receiver.url("/two"), &["client.created"]).await;
    let _worker = app.start_worker(None);
    let client = app
        .add_client("Hélène", "Lefèvre", json!({ "email": "helene@example.fr" }))
        .await;
    let client_id = id_of(&client);

    receiver.wait_for(2).await;
    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 2, "sent")).await;
    for (hook, path, other) in [(&one, "/one", &two), (&two, "/two", &one)] {
        let requests = receiver.requests_to(path);
        assert_eq!(requests.len(), 1, "{path}");
        let request = &requests[0];
        assert_eq!(request.method, "POST");
        assert!(request.is_signed_with(hook["secret"].as_str().unwrap()));
        assert!(!request.is_signed_with(other["secret"].as_str().unwrap()));
        let body = request.json();
        let delivery_id = body["id"].as_str().unwrap();
        let headers = [
            ("x-clientele-event", "client.created"),
            ("x-clientele-delivery", delivery_id),
            ("content-type", "application/json"),
        ];
        for (name, value) in headers {
            assert_eq!(request.header(name).as_deref(), Some(value), "{name}");
        }
        assert_eq!(body["event"], "client.created");
        assert_eq!(body["data"]["client"]["first_name"], "Hélène");
        assert_eq!(body["data"]["client"]["email"], "helene@example.fr");
        assert_eq!(body["data"]["client"]["id"], client_id.as_str());
        assert_eq!(body["data"]["client"]["version"], 1);
        assert_eq!(utc(body["created_at"].as_str().unwrap()), test_now());

        let listed = deliveries
            .iter()
            .find(|d| d["id"] == delivery_id)
            .expect("the delivery is listed");
        assert_eq!(listed["webhook_id"], hook["id"]);
        assert_eq!(listed["event"], "client.created");
        assert_eq!(listed["url"], receiver.url(path).as_str());
        assert_eq!(listed["attempts"], 1);
        assert_eq!(listed["last_error"], Value::Null);
        assert!(listed["sent_at"].is_string());
    }
}

#[tokio::test]
async fn a_500_is_retried_and_the_second_attempt_delivers_the_same_signed_body() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::FailFirst(1)).await;
    let hook = register(&app, &receiver.url("/hook"), &["client.created"]).await;
    let _worker = app.start_worker(None);
    app.add_client("Zoé", "Martin", json!({})).await;

    let requests = receiver.wait_for(2).await;
    assert_eq!(requests[0].status, 500);
    assert_eq!(requests[1].status, 204);
    assert_eq!(requests[0].body, requests[1].body, "the payload is stable");
    assert_eq!(requests[0].signature(), requests[1].signature());
    assert!(requests[1].is_signed_with(hook["secret"].as_str().unwrap()));
    assert_eq!(
        requests[0].header("x-clientele-delivery"),
        requests[1].header("x-clientele-delivery")
    );
    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 1, "sent")).await;
    assert_eq!(deliveries[0]["attempts"], 2);
    assert!(deliveries[0]["sent_at"].is_string());
    assert_eq!(receiver.requests().len(), 2);
}

#[tokio::test]
async fn a_receiver_that_always_fails_ends_failed_after_three_attempts() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::AlwaysFail).await;
    register(&app, &receiver.url("/hook"), &["client.created"]).await;
    let _worker = app.start_worker(None);
    app.add_client("Zoé", "Martin", json!({})).await;

    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 1, "failed")).await;
    let delivery = &deliveries[0];
    assert_eq!(delivery["attempts"], 3);
    assert_eq!(delivery["sent_at"], Value::Null);
    let error = delivery["last_error"].as_str().unwrap();
    assert!(error.contains("500"), "{error}");
    let requests = receiver.requests();
    assert_eq!(requests.len(), 3, "one request per attempt");
    assert!(requests.iter().all(|r| r.status == 500));
}

#[tokio::test]
async fn every_event_is_delivered_with_its_payload() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::Accept).await;
    let hook = register(&app, &receiver.url("/all"), &ALL_EVENTS).await;
    let secret = hook["secret"].as_str().unwrap().to_string();
    let _worker = app.start_worker(None);

    let keep = id_of(&app.add_client("Camille", "Durand", json!({})).await);
    let body = json!({ "notes": "VIP", "version": 1 });
    let response = app.patch(&format!("/api/clients/{keep}"), &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let type_id = app.appointment_type().await;
    let appointment = id_of(&app.book_at(&type_id, &keep, days_from_now(3)).await);
    assert_eq!(app.cancel(&appointment).await.status(), StatusCode::OK);
    let dup = id_of(&app.add_client("Camille", "Durand", json!({})).await);
    assert_eq!(app.merge(&dup, &keep, false).await.status(), StatusCode::OK);
    let response = app.delete(&format!("/api/clients/{keep}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 7, "sent")).await;
    let mut requests = receiver.wait_for(7).await;
    assert_eq!(requests.len(), 7, "exactly one request per event");
    for request in &requests {
        assert!(request.is_signed_with(&secret), "signature of {request:?}");
        let body = request.json();
        assert_eq!(
            request.header("x-clientele-event"),
            body["event"].as_str().map(str::to_owned)
        );
        assert!(deliveries.iter().any(|d| d["id"] == body["id"]), "{body}");
    }
    // Concurrent deliveries may arrive in any order: sort by delivery id, the order in
    // which the changes were written.
    requests.sort_by_key(|r| r.json()["id"].as_str().unwrap().parse::<i64>().unwrap());
    let bodies: Vec<Value> = requests.iter().map(ReceivedRequest::json).collect();
    let events: Vec<&str> = bodies
        .iter()
        .map(|b| b["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "client.created",
            "client.updated",
            "appointment.scheduled",
            "appointment.canceled",
            "client.created",
            "client.merged",
            "client.deleted",
        ]
    );
    let data: Vec<&Value> = bodies.iter().map(|b| &b["data"]).collect();
    assert_eq!(data[0]["client"]["id"], keep.as_str());
    assert_eq!(data[0]["client"]["first_name"], "Camille");
    assert_eq!(data[1]["client"]["id"], keep.as_str());
    assert_eq!(data[1]["client"]["notes"], "VIP");
    assert_eq!(data[1]["client"]["version"], 2);
    for (i, canceled) in [(2, false), (3, true)] {
        let a = &data[i]["appointment"];
        assert_eq!(a["id"], appointment.as_str(), "{a}");
        assert_eq!(a["client_id"], keep.as_str());
        assert_eq!(a["appointment_type_id"], type_id.as_str());
        assert_eq!(utc(a["start"].as_str().unwrap()), days_from_now(3));
        assert_eq!(a["canceled"], canceled, "{a}");
    }
    assert_eq!(data[4]["client"]["id"], dup.as_str());
    assert_eq!(data[5]["client"]["id"], keep.as_str());
    assert_eq!(data[5]["merged_ids"], json!([dup]));
    assert_eq!(data[6], &json!({ "client_id": keep }));
}

#[tokio::test]
async fn only_subscribed_events_are_delivered() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::Accept).await;
    register(&app, &receiver.url("/deleted"), &["client.deleted"]).await;
    let created = register(&app, &receiver.url("/created"), &["client.created"]).await;
    let _worker = app.start_worker(None);
    let other = app.other_app("fr").await;
    other.add_client("Autre", "Salon", json!({})).await;
    let client = id_of(&app.add_client("Léa", "Moreau", json!({})).await);

    let requests = receiver.wait_for_path("/created", 1).await;
    assert_eq!(requests[0].json()["data"]["client"]["id"], client.as_str());
    // The events were written with the change: one delivery exists, for one webhook.
    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 1, "sent")).await;
    assert_eq!(deliveries[0]["webhook_id"], created["id"]);
    assert_eq!(receiver.requests().len(), 1, "nothing went to /deleted");

    // The other webhook does work, for the event it listens to.
    let response = app.delete(&format!("/api/clients/{client}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let requests = receiver.wait_for_path("/deleted", 1).await;
    assert_eq!(requests[0].json()["data"], json!({ "client_id": client }));
    wait_for_deliveries(&app, |d| all_with_status(d, 2, "sent")).await;
    assert_eq!(receiver.requests().len(), 2);
}

#[tokio::test]
async fn a_deleted_webhook_stops_receiving() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::Accept).await;
    let gone = register(&app, &receiver.url("/gone"), &["client.created"]).await;
    register(&app, &receiver.url("/kept"), &["client.created"]).await;
    let _worker = app.start_worker(None);
    app.add_client("Avant", "Suppression", json!({})).await;
    receiver.wait_for(2).await;
    assert_eq!(receiver.requests_to("/gone").len(), 1);

    let path = format!("/api/webhooks/{}", gone["id"].as_str().unwrap());
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    app.add_client("Après", "Suppression", json!({})).await;
    receiver.wait_for_path("/kept", 2).await;
    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 3, "sent")).await;
    assert_eq!(
        receiver.requests_to("/gone").len(),
        1,
        "nothing after deletion"
    );
    // What it received before stays in the history.
    let of_gone = deliveries.iter().filter(|d| d["webhook_id"] == gone["id"]);
    assert_eq!(of_gone.count(), 1);
}

#[tokio::test]
async fn deliveries_still_queued_when_a_webhook_is_deleted_are_dropped() {
    let app = spawn_app().await;
    let receiver = WebhookReceiver::start(Behaviour::Accept).await;
    let gone = register(&app, &receiver.url("/gone"), &["client.created"]).await;
    let kept = register(&app, &receiver.url("/kept"), &["client.created"]).await;
    // No worker yet: both deliveries wait in the outbox.
    app.add_client("En", "Attente", json!({})).await;
    let queued = wait_for_deliveries(&app, |d| all_with_status(d, 2, "queued")).await;
    assert!(queued.iter().any(|d| d["webhook_id"] == gone["id"]));

    let path = format!("/api/webhooks/{}", gone["id"].as_str().unwrap());
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    let _worker = app.start_worker(None);
    receiver.wait_for_path("/kept", 1).await;
    let deliveries = wait_for_deliveries(&app, |d| all_with_status(d, 1, "sent")).await;
    assert_eq!(deliveries[0]["webhook_id"], kept["id"]);
    assert!(receiver.requests_to("/gone").is_empty());
}
