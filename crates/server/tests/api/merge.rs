//! Merging duplicates (SPEC §6): on rename and by "Merge into…", the kept profile keeps
//! its contact details and receives the duplicate's appointments, orders and account
//! links; notes are concatenated; a ban stays; a dry run previews and changes nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

async fn set_notes(app: &TestApp, id: &str, notes: &str) {
    let version = app.profile(id).await["client"]["version"].clone();
    let body = json!({ "notes": notes, "version": version });
    let response = app.patch(&format!("/api/clients/{id}"), &body).await;
    assert_eq!(response.status(), StatusCode::OK);
}

fn appointment_ids(profile: &Value) -> Vec<String> {
    let mut ids: Vec<String> = profile["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn order_codes(profile: &Value) -> Vec<String> {
    let mut codes: Vec<String> = profile["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn renaming_a_duplicate_merges_it_with_its_appointments_orders_and_account() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let keep = app
        .add_client(
            "Jean",
            "Dupont",
            json!({ "email": "jean@example.fr", "phone": "06 11 11 11 11", "notes": "Note de Jean" }),
        )
        .await;
    let keep_id = id_of(&keep);
    app.book_at(&type_id, &keep_id, days_from_now(-30)).await;
    app.book_at(&type_id, &keep_id, days_from_now(4)).await;
    app.add_order(&keep_id, "package", json!({ "code": "JEAN-PACK" }))
        .await;

    // The duplicate booked online under an account, with another spelling.
    let token = public.account("jan@example.fr", "Jan", "Dupond").await;
    let mut body = booking(
        &type_id,
        days_from_now(2),
        "Jan",
        "Dupond",
        "jan@example.fr",
    );
    body["phone"] = json!("07 22 22 22 22");
    let booked = public.book_ok(&body, Some(&token)).await;
    let dup_id = booked["client_id"].as_str().unwrap().to_string();
    set_notes(&app, &dup_id, "Note de Jan").await;
    app.add_order(&dup_id, "gift_certificate", json!({ "code": "JAN-GIFT" }))
        .await;
    let mut expected_appointments = appointment_ids(&app.profile(&keep_id).await);
    expected_appointments.extend(appointment_ids(&app.profile(&dup_id).await));
    expected_appointments.sort();

    // Staff fixes the duplicate's name: it merges into Jean Dupont.
    let version = app.profile(&dup_id).await["client"]["version"].clone();
    let body = json!({ "first_name": "Jean", "last_name": "Dupont", "version": version });
    let response = app.patch(&format!("/api/clients/{dup_id}"), &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let merged: Value = response.json().await.unwrap();
    assert_eq!(merged["merged_into"], keep_id.as_str(), "{merged}");
    assert_eq!(merged["client"]["id"], keep_id.as_str());

    assert_eq!(app.profile_status(&dup_id).await, StatusCode::NOT_FOUND);
    assert_eq!(app.list("").await["total"], 1);
    let profile = app.profile(&keep_id).await;
    let client = &profile["client"];
    assert_eq!(
        client["email"], "jean@example.fr",
        "the right profile's contact stays"
    );
    assert_eq!(client["phone"], "06 11 11 11 11");
    assert_eq!(client["has_account"], true, "the account link came along");
    let notes = client["notes"].as_str().unwrap();
    for kept in [
        "Note de Jean",
        "Note de Jan",
        "jan@example.fr",
        "07 22 22 22 22",
    ] {
        assert!(notes.contains(kept), "{kept} lost from notes {notes:?}");
    }
    assert_eq!(appointment_ids(&profile), expected_appointments);
    assert_eq!(order_codes(&profile), vec!["JAN-GIFT", "JEAN-PACK"]);
    assert_eq!(
        utc(client["last_appointment_at"].as_str().unwrap()),
        days_from_now(4)
    );

    // The account still sees (and manages) the appointment it booked.
    let (me, _) = public.me(&token).await;
    let mine: Vec<&Value> = me["appointments"].as_array().unwrap().iter().collect();
    assert_eq!(mine.len(), 1, "{me}");
    assert_eq!(mine[0]["id"], booked["appointment_id"]);
    assert_eq!(mine[0]["client_id"], keep_id.as_str());
    let cancel = format!(
        "/appointments/{}/cancel",
        booked["appointment_id"].as_str().unwrap()
    );
    let response = public.post(&cancel, &json!({}), Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn merge_into_moves_everything_and_a_dry_run_only_shows_the_result() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let keep = app
        .add_client(
            "Sophie",
            "Martin",
            json!({ "email": "s.martin@example.fr", "notes": "Préfère le matin" }),
        )
        .await;
    let keep_id = id_of(&keep);
    let dup = app
        .add_client(
            "Sofie",
            "Martin",
            json!({ "email": "sofie@example.fr", "phone": "07 33 33 33 33", "notes": "Allergique au latex" }),
        )
        .await;
    let dup_id = id_of(&dup);
    app.book_at(&type_id, &keep_id, days_from_now(-3)).await;
    app.book_at(&type_id, &dup_id, days_from_now(-60)).await;
    app.book_at(&type_id, &dup_id, days_from_now(6)).await;
    app.add_order(&keep_id, "package", json!({ "code": "SOPHIE-1" }))
        .await;
    app.add_order(&dup_id, "subscription", json!({ "code": "SOFIE-1" }))
        .await;
    let response = app.ban(&dup_id, Some("Trop d'absences.")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let keep_before = app.profile(&keep_id).await;
    let dup_before = app.profile(&dup_id).await;
    let (audit_before, _) = app.audit_log().await;

    // Dry run: the resulting profile and what would move, and nothing changes.
    let response = app.merge(&dup_id, &keep_id, true).await;
    assert_eq!(response.status(), StatusCode::OK);
    let preview: Value = response.json().await.unwrap();
    assert_eq!(preview["dry_run"], true);
    assert_eq!(preview["appointments_moved"], 2);
    assert_eq!(preview["orders_moved"], 1);
    let shown = &preview["client"];
    assert_eq!(shown["id"], keep_id.as_str());
    assert_eq!(shown["first_name"], "Sophie");
    assert_eq!(shown["email"], "s.martin@example.fr");
    assert_eq!(
        shown["phone"], "07 33 33 33 33",
        "a missing phone is taken from the duplicate"
    );
    assert_eq!(shown["banned"], true);
    assert_eq!(shown["ban_message"], "Trop d'absences.");
    let preview_notes = shown["notes"].as_str().unwrap();
    for kept in [
        "Préfère le matin",
        "Allergique au latex",
        "sofie@example.fr",
    ] {
        assert!(
            preview_notes.contains(kept),
            "{kept} missing from {preview_notes:?}"
        );
    }
    assert_eq!(app.profile(&keep_id).await, keep_before);
    assert_eq!(app.profile(&dup_id).await, dup_before);
    assert_eq!(app.list("").await["total"], 2);
    assert_eq!(
        app.audit_log().await.0,
        audit_before,
        "a dry run is not audited"
    );

    // The merge itself gives what the dry run showed.
    let response = app.merge(&dup_id, &keep_id, false).await;
    assert_eq!(response.status(), StatusCode::OK);
    let kept: Value = response.json().await.unwrap();
    for field in [
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "notes",
        "banned",
        "ban_message",
        "has_account",
    ] {
        assert_eq!(
            kept[field], shown[field],
            "{field} differs from the preview"
        );
    }
    assert_eq!(app.profile_status(&dup_id).await, StatusCode::NOT_FOUND);
    assert_eq!(app.list("").await["total"], 1);
    let profile = app.profile(&keep_id).await;
    let mut expected = appointment_ids(&keep_before);
    expected.extend(appointment_ids(&dup_before));
    expected.sort();
    assert_eq!(appointment_ids(&profile), expected);
    assert_eq!(order_codes(&profile), vec!["SOFIE-1", "SOPHIE-1"]);
    assert_eq!(
        profile["client"]["banned"], true,
        "a ban on either profile stays"
    );
    assert_eq!(app.list("search=sofie").await["total"], 0);
    assert_eq!(app.list("search=sophie").await["total"], 1);

    // The ban is in force on the kept profile's email.
    let public = app.public().await;
    let body = booking(
        &type_id,
        days_from_now(9),
        "Sophie",
        "Martin",
        "S.Martin@example.fr",
    );
    let refused = expect_error(
        public.book(&body, None).await,
        StatusCode::FORBIDDEN,
        "banned",
    )
    .await;
    assert_eq!(refused["message"], "Trop d'absences.");
}

#[tokio::test]
async fn merges_of_itself_unknown_or_foreign_clients_are_refused() {
    let app = spawn_app().await;
    let a = id_of(&app.add_client("Alice", "Roy", json!({})).await);
    let b = id_of(&app.add_client("Alicia", "Roy", json!({})).await);
    let other = app.other_app("fr").await;
    let foreign = id_of(&other.add_client("Alice", "Roy", json!({})).await);

    expect_validation(app.merge(&a, &a, false).await, "into").await;
    expect_validation(app.merge(&a, &a, true).await, "into").await;
    // Another business's client in the path: 404, as if it did not exist.
    expect_not_found(app.merge(&foreign, &a, false).await).await;
    expect_not_found(app.merge("999999999", &a, false).await).await;
    expect_not_found(app.get(&format!("/api/clients/{foreign}/export")).await).await;
    // … and as the client to keep: refused without revealing it (docs/API-NOTES.md).
    for into in [foreign.as_str(), "999999999", "not-an-id"] {
        expect_validation(app.merge(&a, into, false).await, "into").await;
    }
    let response = app
        .post(
            &format!("/api/clients/{a}/merge"),
            &json!({ "into": b, "keep": a }),
        )
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;

    // Nothing changed anywhere.
    assert_eq!(app.list("").await["total"], 2);
    assert_eq!(other.list("").await["total"], 1);
    assert_eq!(other.profile_status(&foreign).await, StatusCode::OK);
    let (entries, _) = app.audit_log().await;
    assert!(entries.iter().all(|e| e["action"] != "client.merged"));
}
