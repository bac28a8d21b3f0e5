//! Recent and past (inactive) filters of SPEC §3, as `crates/domain/src/period.rs`
//! fixes them: the period starts at local midnight (Europe/Paris) of the day that lies
//! the period before today; canceled appointments never count; a future booking makes a
//! client active; a never-booked client is past once created before the period start.
//!
//! Now is 2026-06-15T10:00Z (12:00 in Paris). Period starts, in UTC:
//! recent:30d 2026-05-15T22:00, recent:60d 2026-04-15T22:00, recent:90d 2026-03-16T23:00,
//! 6m 2025-12-14T23:00, 1y 2025-06-14T22:00, 2y 2024-06-14T22:00;
//! past:2w 2026-05-31T22:00, past:1m 2026-05-14T22:00, past:3m 2026-03-14T23:00.

use clientele_domain::{Notes, PersonName};
use clientele_store::{BulkAppointment, BulkClient, ClientFields};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

/// First names of the clients a filter returns, sorted.
async fn firsts(app: &TestApp, filter: &str) -> Vec<String> {
    app.matching_names(&format!("filter={filter}"))
        .await
        .into_iter()
        .map(|name| name.split(' ').next().unwrap().to_string())
        .collect()
}

/// Clients created long ago (2023-01-01) unless said otherwise, each with its
/// appointments (instants; `true` = canceled afterwards).
async fn timeline() -> TestApp {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let long_ago = utc("2023-01-01T00:00:00Z");
    let d = |days: i64| (days_from_now(days), false);
    let at = |s: &str| (utc(s), false);
    let clients: Vec<(&str, Vec<_>)> = vec![
        ("Alice", vec![d(-10)]),
        ("Bruno", vec![(days_from_now(-10), true)]),
        ("Chloe", vec![d(-40)]),
        ("David", vec![d(-400), d(5)]),
        ("Emma", vec![d(-10), d(5)]),
        ("Fanny", vec![d(5)]),
        ("Gaston", vec![]),
        // Exactly at local midnight starting recent:30d, and one second before.
        ("Iris", vec![at("2026-05-15T22:00:00Z")]),
        ("Jules", vec![at("2026-05-15T21:59:59Z")]),
        // Exactly at the start of past:1m (not "after" it), and one second after.
        ("Kevin", vec![at("2026-05-14T22:00:00Z")]),
        ("Lea", vec![at("2026-05-14T22:00:01Z")]),
        // Local midnight in winter time (UTC+1) starting recent:6m / past:6m.
        ("Marie", vec![at("2025-12-14T23:00:00Z")]),
        ("Nina", vec![at("2025-12-14T22:59:59Z")]),
    ];
    for (first, appointments) in clients {
        let client = app
            .add_client_created_at(long_ago, first, "Client", json!({}))
            .await;
        for (start, canceled) in appointments {
            let appointment = app.book_at(&type_id, &id_of(&client), start).await;
            if canceled {
                let id = appointment["id"].as_str().unwrap();
                assert_eq!(app.cancel(id).await.status(), StatusCode::OK);
            }
        }
    }
    // Never booked, created today.
    app.add_client("Hugo", "Client", json!({})).await;
    app
}

#[tokio::test]
async fn every_filter_returns_exactly_its_clients() {
    let app = timeline().await;
    let recent_60d = ["Alice", "Chloe", "Emma", "Iris", "Jules", "Kevin", "Lea"];
    let with = |base: &[&'static str], more: &[&'static str]| {
        let mut v: Vec<&'static str> = base.iter().chain(more).copied().collect();
        v.sort();
        v
    };
    let expected: Vec<(&str, Vec<&str>)> = vec![
        ("recent:30d", vec!["Alice", "Emma", "Iris"]),
        ("recent:60d", with(&recent_60d, &[])),
        ("recent:90d", with(&recent_60d, &[])),
        ("recent:6m", with(&recent_60d, &["Marie"])),
        ("recent:1y", with(&recent_60d, &["Marie", "Nina"])),
        ("recent:2y", with(&recent_60d, &["David", "Marie", "Nina"])),
        ("recent:3y", with(&recent_60d, &["David", "Marie", "Nina"])),
        ("recent:4y", with(&recent_60d, &["David", "Marie", "Nina"])),
        (
            "past:2w",
            vec![
                "Bruno", "Chloe", "Gaston", "Iris", "Jules", "Kevin", "Lea", "Marie", "Nina",
            ],
        ),
        (
            "past:1m",
            vec!["Bruno", "Chloe", "Gaston", "Kevin", "Marie", "Nina"],
        ),
        ("past:3m", vec!["Bruno", "Gaston", "Marie", "Nina"]),
        ("past:6m", vec!["Bruno", "Gaston", "Marie", "Nina"]),
        ("past:1y", vec!["Bruno", "Gaston"]),
        ("past:2y", vec!["Bruno", "Gaston"]),
    ];
    for (filter, names) in expected {
        assert_eq!(firsts(&app, filter).await, sorted(&names), "{filter}");
    }
    // No filter: everyone.
    assert_eq!(app.list("").await["total"], 14);
}

#[tokio::test]
async fn the_rules_of_the_issue_one_by_one() {
    let app = timeline().await;
    let has = |v: &Vec<String>, name: &str| v.iter().any(|n| n == name);
    let recent_30d = firsts(&app, "recent:30d").await;
    let recent_60d = firsts(&app, "recent:60d").await;
    let past_2w = firsts(&app, "past:2w").await;
    let past_1m = firsts(&app, "past:1m").await;
    let past_1y = firsts(&app, "past:1y").await;
    // An appointment 10 days ago: recent, not past.
    assert!(has(&recent_30d, "Alice") && !has(&past_2w, "Alice"));
    // Only a canceled appointment 10 days ago: not recent.
    assert!(!has(&recent_30d, "Bruno") && !has(&recent_60d, "Bruno"));
    // Last appointment 40 days ago.
    assert!(has(&recent_60d, "Chloe") && !has(&recent_30d, "Chloe"));
    assert!(has(&past_1m, "Chloe"));
    // A future booking: never past; recent only with one inside the period.
    for filter in [
        "past:2w", "past:1m", "past:3m", "past:6m", "past:1y", "past:2y",
    ] {
        let past = firsts(&app, filter).await;
        for name in ["David", "Emma", "Fanny"] {
            assert!(!has(&past, name), "{name} in {filter}");
        }
    }
    assert!(!has(&recent_30d, "David") && has(&recent_30d, "Emma"));
    assert!(!has(&firsts(&app, "recent:4y").await, "Fanny"));
    // Never booked: past once created before the period start, not when created today.
    assert!(has(&past_1y, "Gaston") && !has(&past_2w, "Hugo"));
    // Local midnight of the first day counts; one second before does not.
    assert!(has(&recent_30d, "Iris") && !has(&recent_30d, "Jules"));
}

#[tokio::test]
async fn canceling_the_only_recent_appointment_makes_a_client_inactive() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let old = utc("2024-01-01T00:00:00Z");
    let client = app
        .add_client_created_at(old, "Olga", "Client", json!({}))
        .await;
    let appointment = app
        .book_at(&type_id, &id_of(&client), days_from_now(-3))
        .await;
    assert_eq!(firsts(&app, "recent:30d").await, ["Olga"]);
    assert!(firsts(&app, "past:2w").await.is_empty());
    let id = appointment["id"].as_str().unwrap();
    assert_eq!(app.cancel(id).await.status(), StatusCode::OK);
    assert!(firsts(&app, "recent:30d").await.is_empty());
    assert_eq!(firsts(&app, "past:2w").await, ["Olga"]);
    assert!(app.profile(&id_of(&client)).await["client"]["last_appointment_at"].is_null());
}

#[tokio::test]
async fn unknown_filters_are_refused() {
    let app = spawn_app().await;
    app.add_client("Any", "Client", json!({})).await;
    for filter in [
        "recent:5d",
        "past:",
        "recent:",
        "past:2d",
        "recent:30",
        "recent:1w",
        "past:5y",
        "old",
        "recent",
        "RECENT:30D",
    ] {
        let response = app
            .get(&format!("/api/clients?filter={}", enc(filter)))
            .await;
        expect_validation(response, "filter").await;
    }
    // An empty filter is no filter.
    assert_eq!(app.list("filter=").await["total"], 1);
}

#[tokio::test]
async fn filters_follow_the_clock_forward_and_back() {
    let mut app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let old = utc("2024-01-01T00:00:00Z");
    let soon = app
        .add_client_created_at(old, "Sam", "Soon", json!({}))
        .await;
    let done = app
        .add_client_created_at(old, "Dora", "Done", json!({}))
        .await;
    app.book_at(&type_id, &id_of(&soon), days_from_now(5)).await;
    app.book_at(&type_id, &id_of(&done), days_from_now(-20))
        .await;
    assert_eq!(firsts(&app, "recent:30d").await, ["Dora"]);
    assert_eq!(firsts(&app, "past:2w").await, ["Dora"]);

    // Ten days later Sam's appointment has taken place: recent, still not past.
    app.clock.set(days_from_now(10));
    assert_eq!(firsts(&app, "recent:30d").await, ["Dora", "Sam"]);
    assert_eq!(firsts(&app, "past:2w").await, ["Dora"]);
    // Fifty days later both visits are over a month old (and the session has expired).
    app.clock.set(days_from_now(50));
    app.http = login(&app.base, &app.owner_email).await;
    assert!(firsts(&app, "recent:30d").await.is_empty());
    assert_eq!(firsts(&app, "recent:60d").await, ["Sam"]);
    assert_eq!(firsts(&app, "past:1m").await, ["Dora", "Sam"]);
    // The clock may also go back (a corrected server time).
    app.clock.set(test_now());
    assert_eq!(firsts(&app, "recent:30d").await, ["Dora"]);
    assert_eq!(firsts(&app, "recent:4y").await, ["Dora"]);

    // Bookings and cancellations made while the filters last looked at a later instant.
    app.clock.set(days_from_now(10));
    assert_eq!(firsts(&app, "recent:30d").await, ["Dora", "Sam"]);
    let late = app
        .add_client_created_at(old, "Lea", "Late", json!({}))
        .await;
    app.book_at(&type_id, &id_of(&late), days_from_now(3)).await;
    let sam_appointment = app.profile(&id_of(&soon)).await["appointments"][0]["id"].clone();
    assert_eq!(
        app.cancel(sam_appointment.as_str().unwrap()).await.status(),
        StatusCode::OK
    );
    assert_eq!(firsts(&app, "recent:30d").await, ["Dora"]);
    assert_eq!(firsts(&app, "past:2w").await, ["Dora", "Sam"]);
    app.clock.set(days_from_now(10));
    assert_eq!(firsts(&app, "recent:30d").await, ["Dora", "Lea"]);
}

#[tokio::test]
async fn bulk_loaded_appointments_count_like_booked_ones() {
    let app = spawn_app().await;
    let type_id: i64 = app.appointment_type().await.parse().unwrap();
    let created = utc("2020-01-01T00:00:00Z").timestamp_millis();
    let names = ["Vera", "Yann", "Zack", "Wilma"];
    let clients: Vec<BulkClient> = names
        .iter()
        .map(|first| BulkClient {
            fields: ClientFields {
                name: PersonName::parse(first, "Bulk").unwrap(),
                email: None,
                phone: None,
                notes: Notes::default(),
            },
            created_at: created,
        })
        .collect();
    let at = |client_index: usize, days: i64, canceled: bool| {
        let start = days_from_now(days).timestamp_millis();
        BulkAppointment {
            client_index,
            start_at: start,
            end_at: start + 3_600_000,
            canceled,
        }
    };
    // Vera: 10 days ago; Yann: in 5 days (and 400 days ago); Zack: canceled 10 days ago.
    let appointments = [
        at(0, -10, false),
        at(1, 5, false),
        at(1, -400, false),
        at(2, -10, true),
    ];
    let now = test_now().timestamp_millis();
    app.store
        .bulk_load(app.business_id, type_id, &clients, &appointments, now)
        .await
        .unwrap();
    assert_eq!(firsts(&app, "recent:30d").await, ["Vera"]);
    assert_eq!(firsts(&app, "recent:2y").await, ["Vera", "Yann"]);
    assert_eq!(firsts(&app, "past:2w").await, ["Wilma", "Zack"]);
    app.clock.set(days_from_now(10));
    assert_eq!(firsts(&app, "recent:30d").await, ["Vera", "Yann"]);
    assert_eq!(firsts(&app, "past:2w").await, ["Vera", "Wilma", "Zack"]);
}
