//! Import batches and their undo (SPEC §9, beyond): every real import is recorded (who,
//! when, file name, counts); undo deletes the clients it created and reverts the ones it
//! updated, all or nothing, and only while none of them changed since.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    days_from_now, enc, expect_error, expect_not_found, id_of, rfc3339, spawn_app, TestApp,
};
use crate::transfer::{contact, counts, data};

const FILE: &str = "First Name,Last Name,Email,Phone,Notes\n\
    Alice,Martin,alice@example.com,06 99 99 99 99,\n\
    Dan,Brown,dan@example.com,,Allergic\n\
    Eve,New,eve@example.com,,\n\
    Fanny,Ardant,,01 02 03 04 05,Actrice\n";

/// Two existing clients, then [`FILE`] imported for real: returns (batch id, alice, dan).
async fn imported(app: &TestApp) -> (String, Value, Value) {
    let alice = app
        .add_client(
            "Alice",
            "Martin",
            json!({ "email": "alice@example.com", "phone": "06 11 22 33 44" }),
        )
        .await;
    let dan = app
        .add_client(
            "Dan",
            "Brown",
            json!({ "email": "dan@example.com", "notes": "Likes tea" }),
        )
        .await;
    let report = app.import_csv(FILE, false).await;
    assert_eq!(counts(&report), (2, 2, 0), "{report}");
    let batch = report["batch_id"].as_str().unwrap().to_string();
    (batch, alice, dan)
}

/// Asserts a 409 refusal of an undo naming exactly `blocking` (client ids).
async fn expect_blocked(app: &TestApp, batch: &str, blocking: &[String]) {
    let before = app.snapshot().await;
    let body = expect_error(app.undo(batch).await, StatusCode::CONFLICT, "conflict").await;
    let mut ids: Vec<String> = body["blocking_client_ids"]
        .as_array()
        .unwrap_or_else(|| panic!("blocking_client_ids in {body}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let mut want = blocking.to_vec();
    want.sort();
    assert_eq!(ids, want, "{body}");
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused undo changes nothing"
    );
}

#[tokio::test]
async fn every_real_import_is_recorded_with_who_when_file_name_and_counts() {
    let app = spawn_app().await;
    app.import_csv(FILE, true).await;
    assert_eq!(
        app.batches().await,
        Vec::<Value>::new(),
        "a dry run is no batch"
    );

    let response = app
        .upload_csv(&format!("file_name={}", enc("clients été.csv")), FILE)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    app.clock.set(days_from_now(1));
    let second = app
        .import_csv("Prénom,Nom\nJean,Dupont\n,Sansprénom\n", false)
        .await;
    let contacts = app.import_vcard("", data("contacts_v40.vcf")).await;

    let batches = app.batches().await;
    assert_eq!(batches.len(), 3, "{batches:?}");
    // Newest first.
    assert_eq!(batches[2]["id"], report["batch_id"]);
    assert_eq!(batches[1]["id"], second["batch_id"]);
    assert_eq!(batches[0]["id"], contacts["batch_id"]);
    let first = &batches[2];
    assert_eq!(first["file_name"], "clients été.csv");
    assert_eq!(first["kind"], "csv");
    assert_eq!(first["created_at"], "2026-06-15T10:00:00.000Z");
    assert!(
        first["actor"].as_str().unwrap().starts_with("staff:"),
        "{first}"
    );
    assert_eq!(
        (
            &first["created"],
            &first["updated"],
            &first["unchanged"],
            &first["rejected"]
        ),
        (&json!(4), &json!(0), &json!(0), &json!(0))
    );
    assert!(first["undone_at"].is_null());
    assert_eq!(batches[1]["file_name"], "clients.csv");
    assert_eq!(batches[1]["created_at"], rfc3339_millis(days_from_now(1)));
    assert_eq!(
        (&batches[1]["created"], &batches[1]["rejected"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(batches[0]["kind"], "vcard");
    assert_eq!(batches[0]["file_name"], "contacts.vcf");
}

fn rfc3339_millis(t: chrono::DateTime<chrono::Utc>) -> String {
    rfc3339(t).replace('Z', ".000Z")
}

#[tokio::test]
async fn undo_deletes_the_created_clients_and_reverts_the_updated_ones() {
    let app = spawn_app().await;
    let (batch, alice, dan) = imported(&app).await;
    let eve = app.client_named("Eve", "New").await;
    let fanny = app.client_named("Fanny", "Ardant").await;
    app.clock.set(days_from_now(2));

    let response = app.undo(&batch).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "undone": true, "deleted": 2, "reverted": 2 }));

    assert_eq!(
        app.profile_status(&id_of(&eve)).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.profile_status(&id_of(&fanny)).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.list("").await["total"], 2);
    assert_eq!(
        app.contact_of("Alice", "Martin").await,
        contact(Some("alice@example.com"), Some("06 11 22 33 44"), "")
    );
    assert_eq!(
        app.contact_of("Dan", "Brown").await,
        contact(Some("dan@example.com"), None, "Likes tea")
    );
    let _ = (alice, dan);
    let batches = app.batches().await;
    assert_eq!(batches[0]["undone_at"], rfc3339_millis(days_from_now(2)));
    // The same file imported again does the same as the first time.
    let again = app.import_csv(FILE, false).await;
    assert_eq!(counts(&again), (2, 2, 0));
}

#[tokio::test]
async fn undo_twice_is_a_conflict() {
    let app = spawn_app().await;
    let (batch, _, _) = imported(&app).await;
    assert_eq!(app.undo(&batch).await.status(), StatusCode::OK);
    let before = app.snapshot().await;
    expect_error(app.undo(&batch).await, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn undo_is_refused_when_a_created_client_was_edited_since() {
    let app = spawn_app().await;
    let (batch, _, _) = imported(&app).await;
    let eve = app.client_named("Eve", "New").await;
    let response = app
        .patch(
            &format!("/api/clients/{}", id_of(&eve)),
            &json!({ "notes": "came in person", "version": eve["version"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    expect_blocked(&app, &batch, &[id_of(&eve)]).await;
    assert_eq!(app.list("").await["total"], 4);
}

#[tokio::test]
async fn undo_is_refused_when_a_created_client_was_booked_or_given_an_order() {
    let app = spawn_app().await;
    let (batch, _, _) = imported(&app).await;
    let eve = app.client_named("Eve", "New").await;
    let fanny = app.client_named("Fanny", "Ardant").await;
    let kind = app.appointment_type().await;
    app.book(&kind, &id_of(&eve), &rfc3339(days_from_now(3)))
        .await;
    expect_blocked(&app, &batch, &[id_of(&eve)]).await;
    app.add_order(&id_of(&fanny), "package", json!({ "remaining": 5 }))
        .await;
    expect_blocked(&app, &batch, &[id_of(&eve), id_of(&fanny)]).await;
}

#[tokio::test]
async fn undo_is_refused_when_an_updated_client_was_edited_since() {
    let app = spawn_app().await;
    let (batch, _, dan) = imported(&app).await;
    let now = app.profile(&id_of(&dan)).await["client"].clone();
    let response = app
        .patch(
            &format!("/api/clients/{}", id_of(&dan)),
            &json!({ "phone": "0600000000", "version": now["version"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    expect_blocked(&app, &batch, &[id_of(&dan)]).await;
}

#[tokio::test]
async fn a_later_import_touching_the_same_clients_blocks_the_earlier_undo() {
    let app = spawn_app().await;
    let (first, _, _) = imported(&app).await;
    let later = app
        .import_csv("First Name,Last Name,Notes\nEve,New,second visit\n", false)
        .await;
    assert_eq!(counts(&later), (0, 1, 0));
    let eve = app.client_named("Eve", "New").await;
    expect_blocked(&app, &first, &[id_of(&eve)]).await;
    // The later import undoes on its own: Eve's notes are back.
    let response = app.undo(later["batch_id"].as_str().unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.contact_of("Eve", "New").await.2, "");
}

#[tokio::test]
async fn a_created_client_deleted_since_does_not_block_the_undo() {
    let app = spawn_app().await;
    let (batch, _, _) = imported(&app).await;
    let eve = app.client_named("Eve", "New").await;
    let response = app.delete(&format!("/api/clients/{}", id_of(&eve))).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.undo(&batch).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "undone": true, "deleted": 1, "reverted": 2 }));
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn a_large_import_undoes_whole() {
    let app = spawn_app().await;
    let before = app.all_clients().await;
    let mut csv = String::from("Prénom;Nom;E-mail\n");
    for i in 0..2200 {
        csv.push_str(&format!("Prénom{i};Nom{i};p{i}@example.fr\n"));
    }
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (2200, 0, 0));
    let response = app.undo(report["batch_id"].as_str().unwrap()).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "undone": true, "deleted": 2200, "reverted": 0 })
    );
    assert_eq!(app.all_clients().await, before);
}

#[tokio::test]
async fn another_business_can_neither_see_nor_undo_a_batch() {
    let app = spawn_app().await;
    let (batch, _, _) = imported(&app).await;
    let other = app.other_app("fr").await;
    let before = app.snapshot().await;
    expect_not_found(other.undo(&batch).await).await;
    assert_eq!(other.batches().await, Vec::<Value>::new());
    assert_eq!(app.snapshot().await, before);
    // Its own import does not show on this side either.
    other.import_csv("Prénom,Nom\nAutre,Salon\n", false).await;
    assert_eq!(app.batches().await.len(), 1);
    assert_eq!(app.undo(&batch).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn undoing_an_unknown_batch_is_not_found() {
    let app = spawn_app().await;
    imported(&app).await;
    expect_not_found(app.undo("987654321").await).await;
    expect_not_found(app.undo("not-a-batch").await).await;
}

#[tokio::test]
async fn a_contacts_import_undoes_too() {
    let app = spawn_app().await;
    let before = app.all_clients().await;
    let report = app.import_vcard("", data("contacts_v30.vcf")).await;
    assert_eq!(counts(&report), (3, 0, 0), "{report}");
    let response = app.undo(report["batch_id"].as_str().unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.all_clients().await, before);
}

/// `GET /api/imports/{batch}`: the batch with what its import reported beyond counts,
/// the rejected lines cut at the first thousand (all counted); other businesses' and
/// unknown batches are 404.
#[tokio::test]
async fn a_batch_keeps_its_first_rejected_lines_and_unknown_columns() {
    let app = spawn_app().await;
    let mut csv = String::from("First Name,Last Name,Email,Colour\nAnn,Lee,ann@example.com,red\n");
    for _ in 0..1_200 {
        csv.push_str(",Nobody,,\n");
    }
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0), "{report}");
    let batch = report["batch_id"].as_str().unwrap();

    let response = app.get(&format!("/api/imports/{batch}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["id"], batch);
    assert_eq!(
        (body["created"].as_i64(), body["rejected"].as_i64()),
        (Some(1), Some(1_200))
    );
    let kept = body["details"]["rejected"].as_array().unwrap();
    assert_eq!(kept.len(), 1_000);
    assert_eq!(kept[0], report["rejected"][0]);
    assert_eq!(kept[0]["line"], 3);
    assert_eq!(kept[999]["line"], 1_002);
    assert_eq!(body["details"]["unknown_columns"], json!(["Colour"]));

    let (_, other) = app.other_business().await;
    let url = app.url(&format!("/api/imports/{batch}"));
    let response = other.get(url).send().await.unwrap();
    expect_not_found(response).await;
    expect_not_found(app.get("/api/imports/999999999").await).await;
}
