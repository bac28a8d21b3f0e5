//! The privacy export of one client (SPEC §9) and the audit log (who merged, deleted,
//! bulk-deleted or banned what, with counts, never contact data).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

#[tokio::test]
async fn the_export_holds_the_client_appointments_with_answers_and_orders() {
    let app = spawn_app().await;
    let public = app.public().await;
    let form = json!([
        { "label": "Allergies", "kind": "text", "required": true },
        { "label": "Première visite", "kind": "yes_no", "required": false },
    ]);
    let type_id = app.form_type("Soin", form).await;
    let token = public.account("emma@example.fr", "Emma", "Petit").await;
    let mut body = booking(
        &type_id,
        days_from_now(2),
        "Emma",
        "Petit",
        "emma@example.fr",
    );
    body["phone"] = json!("06 55 44 33 22");
    body["form"] = json!([
        { "label": "Allergies", "value": "Arachides" },
        { "label": "Première visite", "value": "oui" },
    ]);
    let booked = public.book_ok(&body, Some(&token)).await;
    let id = booked["client_id"].as_str().unwrap().to_string();
    let second = app.book_at(&type_id, &id, days_from_now(-7)).await;
    assert_eq!(
        app.cancel(second["id"].as_str().unwrap()).await.status(),
        StatusCode::OK
    );
    let order = app
        .add_order(
            &id,
            "package",
            json!({ "code": "EMMA-10", "remaining": 10 }),
        )
        .await;
    // Someone else's data stays out.
    let other = id_of(
        &app.add_client("Paul", "Autre", json!({ "email": "paul@example.fr" }))
            .await,
    );
    app.book_at(&type_id, &other, days_from_now(3)).await;

    let response = app.get(&format!("/api/clients/{id}/export")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let text = response.text().await.unwrap();
    let export: Value = serde_json::from_str(&text).unwrap();

    let client = &export["client"];
    assert_eq!(client["id"], id.as_str());
    assert_eq!(client["first_name"], "Emma");
    assert_eq!(client["email"], "emma@example.fr");
    assert_eq!(client["phone"], "06 55 44 33 22");
    assert_eq!(client["has_account"], true);
    let appointments = export["appointments"].as_array().unwrap();
    assert_eq!(appointments.len(), 2, "{export}");
    let online = appointments
        .iter()
        .find(|a| a["id"] == booked["appointment_id"])
        .expect("the online booking");
    assert_eq!(
        online["form"],
        json!([
            { "label": "Allergies", "value": "Arachides" },
            { "label": "Première visite", "value": "yes" },
        ])
    );
    assert_eq!(online["booked_with_account"], true);
    let canceled = appointments
        .iter()
        .find(|a| a["id"] == second["id"])
        .unwrap();
    assert_eq!(canceled["status"], "canceled");
    let orders = export["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["id"], order["id"]);
    assert_eq!(orders[0]["code"], "EMMA-10");
    assert_eq!(orders[0]["remaining"], 10);
    assert_eq!(export["client_account"]["email"], "emma@example.fr");
    assert!(export["exported_at"].is_string());
    assert!(
        !text.contains("argon2") && !text.contains("password"),
        "{text}"
    );
    assert!(!text.contains("paul@example.fr"), "{text}");

    // Unknown and foreign clients: 404.
    expect_not_found(app.get("/api/clients/999999999/export").await).await;
    let foreign = app.other_app("fr").await;
    expect_not_found(foreign.get(&format!("/api/clients/{id}/export")).await).await;
}

/// The newest audit entry with this action.
fn entry<'a>(entries: &'a [Value], action: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} entry in {entries:?}"))
}

#[tokio::test]
async fn the_audit_log_records_merges_deletes_and_bans_without_contact_data() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let contact = |email: &str, phone: &str| json!({ "email": email, "phone": phone });
    let merged = id_of(
        &app.add_client(
            "Marc",
            "Merge",
            contact("marc.merge@example.fr", "06 10 20 30 40"),
        )
        .await,
    );
    let kept = id_of(
        &app.add_client(
            "Marc",
            "Merged",
            contact("marc.kept@example.fr", "06 10 20 30 41"),
        )
        .await,
    );
    let banned = id_of(
        &app.add_client(
            "Bea",
            "Banned",
            contact("bea.banned@example.fr", "07 11 22 33 44"),
        )
        .await,
    );
    let gone = id_of(
        &app.add_client(
            "Dan",
            "Deleted",
            contact("dan.deleted@example.fr", "07 55 66 77 88"),
        )
        .await,
    );
    let mut bulk = Vec::new();
    for (i, first) in ["Ana", "Bo", "Cy"].iter().enumerate() {
        let email = format!("{}.bulk@example.fr", first.to_lowercase());
        let phone = format!("06 99 88 77 6{i}");
        bulk.push(id_of(
            &app.add_client(first, "Bulk", contact(&email, &phone)).await,
        ));
    }
    let held = id_of(
        &app.add_client(
            "Hal",
            "Held",
            contact("hal.held@example.fr", "06 31 41 59 26"),
        )
        .await,
    );
    app.add_order(&held, "package", json!({ "code": "HELD-1" }))
        .await;
    bulk.push(held.clone());
    for id in [&merged, &merged, &gone] {
        app.book_at(&type_id, id, days_from_now(-2)).await;
    }

    let response = app.merge(&merged, &kept, false).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.ban(&banned, Some("Pas en ligne")).await.status(),
        StatusCode::OK
    );
    let response = app.delete(&format!("/api/clients/{gone}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.bulk_delete(&json!({ "ids": bulk })).await;
    assert_eq!(response.status(), StatusCode::OK);
    // An API key is an actor too.
    let key = app.api_key().await;
    let response = app
        .http
        .delete(app.url(&format!("/api/clients/{banned}/ban")))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let (entries, text) = app.audit_log().await;
    let merge = entry(&entries, "client.merged");
    assert_eq!(merge["subject_id"], kept.as_str());
    assert_eq!(merge["details"]["appointments_moved"], 2);
    assert_eq!(merge["details"]["orders_moved"], 0);
    let ban = entry(&entries, "client.banned");
    assert_eq!(ban["subject_id"], banned.as_str());
    let unban = entry(&entries, "client.unbanned");
    assert!(
        unban["actor"].as_str().unwrap().starts_with("api_key:"),
        "{unban}"
    );
    let delete = entry(&entries, "client.deleted");
    assert_eq!(delete["subject_id"], gone.as_str());
    assert_eq!(delete["details"]["deleted"], 1);
    let bulk_entry = entry(&entries, "clients.bulk_deleted");
    assert_eq!(bulk_entry["details"]["deleted"], 3);
    assert_eq!(bulk_entry["details"]["kept"], 1);
    for e in [merge, ban, delete, bulk_entry] {
        let actor = e["actor"].as_str().unwrap();
        assert!(actor.starts_with("staff:") && actor.len() > 6, "{e}");
        assert_eq!(utc(e["at"].as_str().unwrap()), test_now());
    }

    // No email or phone of any client, in any form.
    let mut secrets = vec![
        "@example.fr".to_string(),
        "06 10 20 30 40".into(),
        "0610203040".into(),
        "0711223344".into(),
        "0755667788".into(),
        "0631415926".into(),
    ];
    secrets.extend((0..3).map(|i| format!("069988776{i}")));
    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{secret} in the audit log: {text}"
        );
    }
    // Another business sees none of it.
    let other = app.other_app("fr").await;
    assert!(other.audit_log().await.0.is_empty());
    // The log is for staff only.
    let response = reqwest::Client::new()
        .get(app.url("/api/audit-log"))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}
