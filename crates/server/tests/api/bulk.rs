//! Bulk delete (SPEC §3 "select and delete in bulk", API.md): by ids, or every client
//! matching a search and/or filter, with their appointments.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

async fn deleted(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["kept"], json!([]));
    body["deleted"].clone()
}

#[tokio::test]
async fn by_ids_deletes_those_only() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let a = app.add_client("Anne", "Aa", json!({})).await;
    let b = app.add_client("Bruno", "Bb", json!({})).await;
    let c = app.add_client("Chloe", "Cc", json!({})).await;
    let d = app.add_client("David", "Dd", json!({})).await;
    app.book(&type_id, &id_of(&a), "2026-06-01T09:00:00Z").await;
    app.book(&type_id, &id_of(&b), "2026-06-01T10:00:00Z").await;

    let ids = json!([a["id"], c["id"], "999999999", "not-an-id"]);
    assert_eq!(
        deleted(app.bulk_delete(&json!({ "ids": ids })).await).await,
        2
    );
    assert_eq!(app.list_ids("").await, [id_of(&b), id_of(&d)]);
    assert_eq!(app.stored_appointments(&id_of(&a)).await, 0);
    assert_eq!(app.stored_appointments(&id_of(&b)).await, 1);
    // Again: they are gone, nothing else goes.
    let again = json!({ "ids": [a["id"], c["id"]] });
    assert_eq!(deleted(app.bulk_delete(&again).await).await, 0);
    assert_eq!(
        deleted(app.bulk_delete(&json!({ "ids": [] })).await).await,
        0
    );
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn by_search_deletes_every_match_beyond_the_loaded_page() {
    let app = spawn_app().await;
    for i in 0..5 {
        app.add_client(&format!("Jean{i}"), "Dupont", json!({}))
            .await;
    }
    app.add_client("Hélène", "Martin", json!({ "email": "dupont@x.fr" }))
        .await;
    app.add_client("Paul", "Dupuis", json!({})).await;
    app.add_client("Anne", "Durand", json!({ "phone": "06 12 34 56 78" }))
        .await;
    // One page of 2 is loaded; "select all 6 matching" deletes the six.
    assert_eq!(app.list("search=dupont&limit=2").await["total"], 6);
    assert_eq!(
        deleted(app.bulk_delete(&json!({ "search": "dupont" })).await).await,
        6
    );
    assert_eq!(app.list_names("").await, ["Paul Dupuis", "Anne Durand"]);
    let by_phone = json!({ "search": "56 78" });
    assert_eq!(deleted(app.bulk_delete(&by_phone).await).await, 1);
    assert_eq!(app.list_names("").await, ["Paul Dupuis"]);
}

#[tokio::test]
async fn by_filter_removes_exactly_the_inactive_clients() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let long_ago = utc("2023-03-01T10:00:00Z");
    let old_visit = app
        .add_client_created_at(long_ago, "Olga", "Oldvisit", json!({}))
        .await;
    let never = app
        .add_client_created_at(long_ago, "Nora", "Neverbooked", json!({}))
        .await;
    let recent = app
        .add_client_created_at(long_ago, "Rita", "Recent", json!({}))
        .await;
    let upcoming = app
        .add_client_created_at(long_ago, "Ugo", "Upcoming", json!({}))
        .await;
    let newcomer = app.add_client("Nils", "Newcomer", json!({})).await;
    app.book_at(&type_id, &id_of(&old_visit), days_from_now(-500))
        .await;
    app.book_at(&type_id, &id_of(&old_visit), days_from_now(-400))
        .await;
    app.book_at(&type_id, &id_of(&recent), days_from_now(-500))
        .await;
    app.book_at(&type_id, &id_of(&recent), days_from_now(-20))
        .await;
    app.book_at(&type_id, &id_of(&upcoming), days_from_now(-600))
        .await;
    app.book_at(&type_id, &id_of(&upcoming), days_from_now(10))
        .await;

    assert_eq!(app.list("filter=past:1y").await["total"], 2);
    let body = json!({ "filter": "past:1y" });
    assert_eq!(deleted(app.bulk_delete(&body).await).await, 2);
    assert_eq!(
        app.list_names("").await,
        ["Nils Newcomer", "Rita Recent", "Ugo Upcoming"]
    );
    for gone in [&old_visit, &never] {
        assert_eq!(
            app.profile_status(&id_of(gone)).await,
            StatusCode::NOT_FOUND
        );
        assert_eq!(app.stored_appointments(&id_of(gone)).await, 0);
    }
    assert_eq!(app.stored_appointments(&id_of(&recent)).await, 2);
    assert_eq!(app.stored_appointments(&id_of(&upcoming)).await, 2);
    assert_eq!(app.list("filter=past:1y").await["total"], 0);
    assert_eq!(
        app.profile(&id_of(&newcomer)).await["client"]["first_name"],
        "Nils"
    );
}

#[tokio::test]
async fn by_search_and_filter_together() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let a = app.add_client("Jean", "Dupont", json!({})).await;
    let b = app.add_client("Paul", "Dupont", json!({})).await;
    let c = app.add_client("Anne", "Durand", json!({})).await;
    for client in [&a, &c] {
        app.book_at(&type_id, &id_of(client), days_from_now(-5))
            .await;
    }
    let body = json!({ "search": "dupont", "filter": "recent:30d" });
    assert_eq!(deleted(app.bulk_delete(&body).await).await, 1);
    assert_eq!(app.list_ids("").await, [id_of(&b), id_of(&c)]);
}

#[tokio::test]
async fn unclear_or_invalid_requests_delete_nothing() {
    let app = spawn_app().await;
    let a = app.add_client("Jean", "Dupont", json!({})).await;
    app.add_client("Paul", "Durand", json!({})).await;
    for body in [
        json!({}),
        json!({ "ids": [a["id"]], "search": "dupont" }),
        json!({ "ids": [a["id"]], "filter": "past:1y" }),
    ] {
        let response = app.bulk_delete(&body).await;
        expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    }
    let response = app.bulk_delete(&json!({ "filter": "past:5d" })).await;
    expect_validation(response, "filter").await;
    let response = app.bulk_delete(&json!({ "search": "5" })).await;
    expect_validation(response, "search").await;
    let response = app
        .bulk_delete(&json!({ "ids": [a["id"]], "all": true }))
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn ids_of_another_business_are_not_deleted() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let a = app.add_client("Jean", "Dupont", json!({})).await;
    app.book(&type_id, &id_of(&a), "2026-06-01T09:00:00Z").await;
    let (_, other) = app.other_business().await;
    let mine = other
        .post(app.url("/api/clients"))
        .json(&json!({ "first_name": "Jean", "last_name": "Dupont" }))
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), StatusCode::CREATED);
    let mine: Value = mine.json().await.unwrap();

    let response = other
        .post(app.url("/api/clients/bulk-delete"))
        .json(&json!({ "ids": [a["id"], mine["id"]] }))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted(response).await, 1, "only its own client");
    assert_eq!(app.list_ids("").await, [id_of(&a)]);
    assert_eq!(app.stored_appointments(&id_of(&a)).await, 1);
}

#[tokio::test]
async fn by_recent_filter_counts_appointments_that_have_since_taken_place() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let old = utc("2024-01-01T00:00:00Z");
    let sam = app
        .add_client_created_at(old, "Sam", "Soon", json!({}))
        .await;
    let ida = app
        .add_client_created_at(old, "Ida", "Idle", json!({}))
        .await;
    app.book_at(&type_id, &id_of(&sam), days_from_now(5)).await;
    app.book_at(&type_id, &id_of(&ida), days_from_now(-300))
        .await;
    // No list in between: the delete itself must see that Sam's visit is now past.
    app.clock.set(days_from_now(10));
    let body = json!({ "filter": "recent:30d" });
    assert_eq!(deleted(app.bulk_delete(&body).await).await, 1);
    assert_eq!(app.list_ids("").await, [id_of(&ida)]);
    assert_eq!(app.stored_appointments(&id_of(&sam)).await, 0);
}
