//! Export then import (SPEC §9, issue 4): an export re-imports as `unchanged` for every
//! row, whatever the cells hold (accents, separators, quotes, newlines, formula-like
//! starts), and moves a client list from one business to another intact.

use serde_json::{json, Value};

use crate::helpers::{id_of, spawn_app, TestApp};
use crate::transfer::{counts, outcome, rejected};

/// Clients whose every cell is hard to carry through a CSV file.
async fn awkward_clients(app: &TestApp) {
    let clients = [
        (
            "Hélène",
            "Lefèvre",
            json!({
                "email": "Helene.Lefevre@Example.FR",
                "phone": "+33 6 12 34 56 78",
                "notes": "Allergique au latex, préfère \"le matin\"\nDeuxième ligne; avec point-virgule",
            }),
        ),
        (
            "=Formula",
            "@Client",
            json!({ "email": "-dash@example.com", "notes": "=1+1" }),
        ),
        (
            "Ñoño",
            "O'Brien-Smith",
            json!({ "notes": "  indented\r\nwindows line\n\n\ttabbed" }),
        ),
        (
            "Zoë",
            "Ünal",
            json!({ "notes": "Tab\tinside, \"quotes\" and ;;" }),
        ),
        (
            "Quote",
            "Start",
            json!({ "notes": "'=not a formula twice" }),
        ),
        (
            "Long",
            "Notes",
            json!({ "notes": "\"a\",\n".repeat(1_500) }),
        ),
        ("Plain", "Person", json!({ "phone": "0612345678" })),
        ("+Plus", "-Minus", json!({ "phone": "(01) 23-45/67.89" })),
        ("Chloé", "Nguyễn", json!({ "email": "chloe@example.com" })),
    ];
    for (first, last, extra) in clients {
        app.add_client(first, last, extra).await;
    }
    let banned = app.add_client("Banni", "Client", json!({})).await;
    assert!(app
        .ban(&id_of(&banned), Some("Non merci"))
        .await
        .status()
        .is_success());
    let booked = app.add_client("Booked", "Client", json!({})).await;
    let kind = app.appointment_type().await;
    app.book(&kind, &id_of(&booked), "2026-06-01T09:00:00Z")
        .await;
}

/// The fields that an import carries, for every client, in list order.
async fn carried(app: &TestApp) -> Vec<Value> {
    app.all_clients()
        .await
        .iter()
        .map(|c| {
            json!([
                c["first_name"],
                c["last_name"],
                c["email"],
                c["phone"],
                c["notes"]
            ])
        })
        .collect()
}

#[tokio::test]
async fn a_french_export_reimports_unchanged_row_for_row() {
    let app = spawn_app().await;
    awkward_clients(&app).await;
    let before = app.all_clients().await;
    let export = app.export("").await;
    assert_eq!(export.rows.len(), 11);

    let preview = app.import_csv(export.bytes.clone(), true).await;
    assert_eq!(counts(&preview), (0, 0, 11), "{preview}");
    assert_eq!(rejected(&preview), vec![]);
    assert_eq!(
        preview["unknown_columns"],
        json!([
            "Compte",
            "Banni",
            "Créé le",
            "Dernier rendez-vous",
            "Nombre de rendez-vous"
        ])
    );
    let report = app.import_csv(export.bytes.clone(), false).await;
    assert_eq!(outcome(&report), outcome(&preview));
    assert_eq!(
        app.all_clients().await,
        before,
        "no field, version or date moved"
    );
    // And the export of the re-imported list is the same file.
    assert_eq!(app.export("").await.bytes, export.bytes);
}

#[tokio::test]
async fn an_english_export_reimports_unchanged_too() {
    let app = spawn_app().await;
    let en = app.other_app("en").await;
    awkward_clients(&en).await;
    let before = en.all_clients().await;
    let export = en.export("").await;
    let report = en.import_csv(export.bytes, false).await;
    assert_eq!(counts(&report), (0, 0, 11), "{report}");
    assert_eq!(
        report["unknown_columns"],
        json!([
            "Account",
            "Banned",
            "Created",
            "Last Appointment",
            "Appointment Count"
        ])
    );
    assert_eq!(en.all_clients().await, before);
}

#[tokio::test]
async fn an_export_moves_a_client_list_to_another_business_intact() {
    let app = spawn_app().await;
    awkward_clients(&app).await;
    let export = app.export("").await;
    let other = app.other_app("en").await;
    let report = other.import_csv(export.bytes, false).await;
    assert_eq!(counts(&report), (11, 0, 0), "{report}");
    assert_eq!(carried(&other).await, carried(&app).await);
    // What the export does not carry back: bans and appointments stay behind.
    assert!(other
        .all_clients()
        .await
        .iter()
        .all(|c| c["banned"] == false && c["last_appointment_at"].is_null()));
}

#[tokio::test]
async fn homonyms_and_shared_emails_reimport_unchanged_each_matched_to_itself() {
    let app = spawn_app().await;
    app.add_client("Jean", "Dupont", json!({ "phone": "06 11 11 11 11" }))
        .await;
    app.add_client(
        "Jean",
        "Dupont",
        json!({ "phone": "06 22 22 22 22", "notes": "the other one" }),
    )
    .await;
    app.add_client("jean", "DUPONT", json!({ "email": "jd@example.fr" }))
        .await;
    // Two children booked with their mother's email.
    app.add_client(
        "Léa",
        "Martin",
        json!({ "email": "maman@example.fr", "notes": "6 ans" }),
    )
    .await;
    app.add_client(
        "Tom",
        "Martin",
        json!({ "email": "Maman@example.fr", "phone": "06 33 33 33 33", "notes": "9 ans" }),
    )
    .await;
    let before = app.all_clients().await;
    let export = app.export("").await;
    let report = app.import_csv(export.bytes, false).await;
    assert_eq!(counts(&report), (0, 0, 5), "{report}");
    assert_eq!(app.all_clients().await, before);
}

#[tokio::test]
async fn a_large_export_streams_every_row_in_list_order() {
    let app = spawn_app().await;
    let mut csv = String::from("Prénom;Nom;E-mail;Remarques\n");
    for i in 0..2500 {
        csv.push_str(&format!(
            "Prénom{i:04};Nom{i:04};p{i}@example.fr;\"notes, {i}\nwith a second line\"\n"
        ));
    }
    assert_eq!(counts(&app.import_csv(csv, false).await), (2500, 0, 0));
    let export = app.export("").await;
    assert!(export.bytes.len() > 128 * 1024, "several chunks");
    assert_eq!(export.rows.len(), 2500);
    let last: Vec<String> = export.column(1);
    let mut sorted = last.clone();
    sorted.sort();
    assert_eq!(last, sorted);
    assert_eq!(export.rows[1234][4], "notes, 1234\nwith a second line");
    let report = app.import_csv(export.bytes, false).await;
    assert_eq!(counts(&report), (0, 0, 2500));
}
