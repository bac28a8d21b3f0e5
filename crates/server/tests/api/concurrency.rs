//! Concurrent public bookings (SPEC §8, §11): however they interleave, bookings of one
//! person make one client on both backends, and no booking is lost.

use std::collections::BTreeSet;

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

/// Fires all the bookings at once; asserts each is 201 and returns their client ids.
async fn book_all(public: &Public, bodies: Vec<Value>) -> Vec<String> {
    let url = public.url("/bookings");
    let mut tasks = Vec::new();
    for body in bodies {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.text().await.unwrap())
        }));
    }
    let mut client_ids = Vec::new();
    for task in tasks {
        let (status, text) = task.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        client_ids.push(body["client_id"].as_str().unwrap().to_string());
    }
    client_ids
}

fn distinct(ids: &[String]) -> BTreeSet<&String> {
    ids.iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_bookings_with_one_new_email_make_one_client() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let bodies = (0..20)
        .map(|i| {
            let start = days_from_now(1) + Duration::hours(i);
            // The same email, typed in two cases.
            let email = if i % 2 == 0 {
                "rush@example.fr"
            } else {
                "Rush@Example.fr"
            };
            booking(&type_id, start, "Rush", "Hour", email)
        })
        .collect();
    let client_ids = book_all(&public, bodies).await;
    assert_eq!(
        distinct(&client_ids).len(),
        1,
        "one client for all: {client_ids:?}"
    );

    let list = app.list("search=rush%40example.fr").await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(app.list("").await["total"], 1);
    assert_eq!(app.stored_appointments(&client_ids[0]).await, 20);
    let profile = app.profile(&client_ids[0]).await;
    assert_eq!(profile["appointments"].as_array().unwrap().len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_bookings_with_one_name_and_phone_make_one_client() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    // No email in common: the name and phone decide (the first creates the client, the
    // others attach to it).
    let bodies = (0..10)
        .map(|i| {
            let start = days_from_now(1) + Duration::hours(i);
            let email = format!("race{i}@example.fr");
            let mut body = booking(&type_id, start, "Léo", "Course", &email);
            body["phone"] = json!("06 12 12 12 12");
            body
        })
        .collect();
    let client_ids = book_all(&public, bodies).await;
    assert_eq!(distinct(&client_ids).len(), 1, "{client_ids:?}");
    assert_eq!(app.list("").await["total"], 1);
    assert_eq!(app.stored_appointments(&client_ids[0]).await, 10);
}
