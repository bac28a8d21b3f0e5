//! An import's clients are searchable and counted like any other (SPEC §9, §5), across
//! import chunks, for a client that a later row of the file updates (indexed once, with
//! its new phone), for a client added after the import, after an undo, and not at all
//! after a dry run.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{enc, spawn_app, TestApp};
use crate::transfer::counts;

/// 2,500 new clients (more than one import chunk); the last row updates the client of
/// the sixth one, created two chunks earlier, with a phone.
fn file() -> String {
    let mut csv = String::from("First Name,Last Name,Email,Phone\n");
    for i in 0..2_500 {
        csv.push_str(&format!("First{i},Person{i},p{i}@import.test,\n"));
    }
    csv.push_str("First5,Person5,p5@import.test,06 11 22 33 44\n");
    csv
}

async fn found(app: &TestApp, search: &str) -> Vec<String> {
    app.list_names(&format!("search={}", enc(search))).await
}

#[tokio::test]
async fn imported_clients_are_found_by_email_and_phone_and_counted() {
    let app = spawn_app().await;
    app.add_client("Already", "There", json!({ "email": "already@there.test" }))
        .await;
    let report = app.import_csv(file(), false).await;
    assert_eq!(counts(&report), (2_500, 1, 0), "{report}");

    assert_eq!(app.list("").await["total"], 2_501);
    // Exactly once each: the update re-indexed the client, no second entry.
    assert_eq!(found(&app, "p5@import.test").await, vec!["First5 Person5"]);
    assert_eq!(found(&app, "0611223344").await, vec!["First5 Person5"]);
    assert_eq!(
        found(&app, "p2499@import").await,
        vec!["First2499 Person2499"]
    );
    assert_eq!(
        found(&app, "p1000@import").await,
        vec!["First1000 Person1000"]
    );
    assert_eq!(found(&app, "already@there").await, vec!["Already There"]);

    // After the import, clients added one by one are indexed and counted again.
    app.add_client(
        "Late",
        "Comer",
        json!({ "email": "late@import.test", "phone": "0799887766" }),
    )
    .await;
    assert_eq!(app.list("").await["total"], 2_502);
    assert_eq!(found(&app, "late@import").await, vec!["Late Comer"]);
    assert_eq!(found(&app, "0799887766").await, vec!["Late Comer"]);

    let batch = report["batch_id"].as_str().unwrap();
    assert_eq!(app.undo(batch).await.status(), StatusCode::OK);
    assert_eq!(app.list("").await["total"], 2);
    assert!(found(&app, "p5@import").await.is_empty());
    assert!(found(&app, "0611223344").await.is_empty());
    assert_eq!(found(&app, "late@import").await, vec!["Late Comer"]);
}

#[tokio::test]
async fn a_dry_run_leaves_search_and_count_as_they_were() {
    let app = spawn_app().await;
    app.add_client("Already", "There", json!({ "email": "already@there.test" }))
        .await;
    let report = app.import_csv(file(), true).await;
    assert_eq!(counts(&report), (2_500, 1, 0), "{report}");
    assert_eq!(app.list("").await["total"], 1);
    assert!(found(&app, "p5@import").await.is_empty());
    // The trigger still indexes one-by-one additions: the dry run left no mark behind.
    app.add_client("Late", "Comer", json!({ "email": "late@import.test" }))
        .await;
    assert_eq!(app.list("").await["total"], 2);
    assert_eq!(found(&app, "late@import").await, vec!["Late Comer"]);
}
