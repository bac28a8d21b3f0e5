//! Orders and the clients they keep (SPEC §2, §7, API.md): unique codes, generated codes
//! of the form XXXX-XXXX, a deleted client kept by active orders until the last one
//! goes, expired or used orders keeping nobody, bulk deletes reporting kept clients.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

fn is_generated_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| p.len() == 4 && p.chars().all(|c| CODE_ALPHABET.contains(c)))
}

async fn orders(app: &TestApp, query: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/orders{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["orders"].as_array().unwrap().clone()
}

async fn delete_order(app: &TestApp, order: &Value) -> Value {
    let id = order["id"].as_str().unwrap();
    let response = app.delete(&format!("/api/orders/{id}")).await;
    assert_eq!(response.status(), StatusCode::OK, "delete order {id}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn order_codes_are_unique_and_generated_ones_read_xxxx_xxxx() {
    let app = spawn_app().await;
    let anna = id_of(&app.add_client("Anna", "Lopez", json!({})).await);
    let bea = id_of(&app.add_client("Béa", "Lopez", json!({})).await);

    let given = app
        .add_order(
            &anna,
            "gift_certificate",
            json!({ "code": "GIFT-2026", "remaining": 5000 }),
        )
        .await;
    assert_eq!(given["code"], "GIFT-2026");
    assert_eq!(given["status"], "active");
    assert_eq!(given["kind"], "gift_certificate");
    assert_eq!(given["client_id"], anna.as_str());
    // The same code again, for anyone, typed in any case: 409.
    for (client, code) in [
        (&anna, "GIFT-2026"),
        (&bea, "GIFT-2026"),
        (&bea, " gift-2026 "),
    ] {
        let body = json!({ "kind": "package", "client_id": client, "code": code });
        let response = app.post("/api/orders", &body).await;
        expect_error(response, StatusCode::CONFLICT, "conflict").await;
    }

    let mut codes = BTreeSet::new();
    for i in 0..30 {
        let client = if i % 2 == 0 { &anna } else { &bea };
        let kind = ["package", "gift_certificate", "subscription"][i % 3];
        let order = app.add_order(client, kind, json!({})).await;
        let code = order["code"].as_str().unwrap().to_string();
        assert!(is_generated_code(&code), "generated code {code}");
        codes.insert(code);
    }
    assert_eq!(codes.len(), 30, "generated codes are distinct");

    // Bad orders are refused and create nothing.
    let other = app.other_app("fr").await;
    let stranger = id_of(&other.add_client("Zed", "Other", json!({})).await);
    let cases = [
        (json!({ "kind": "voucher", "client_id": anna }), "kind"),
        (
            json!({ "kind": "package", "client_id": anna, "code": "a b" }),
            "code",
        ),
        (
            json!({ "kind": "package", "client_id": anna, "code": "AB" }),
            "code",
        ),
        (
            json!({ "kind": "package", "client_id": anna, "remaining": -1 }),
            "remaining",
        ),
        (
            json!({ "kind": "package", "client_id": "999999999" }),
            "client_id",
        ),
        (
            json!({ "kind": "package", "client_id": stranger }),
            "client_id",
        ),
    ];
    for (body, field) in &cases {
        expect_validation(app.post("/api/orders", body).await, field).await;
    }
    assert_eq!(orders(&app, "").await.len(), 31);
    assert_eq!(orders(&app, &format!("?client_id={anna}")).await.len(), 16);
    assert_eq!(orders(&other, "").await.len(), 0);
    // Another business's order cannot be deleted from here.
    expect_not_found(
        other
            .delete(&format!("/api/orders/{}", given["id"].as_str().unwrap()))
            .await,
    )
    .await;
}

#[tokio::test]
async fn a_client_kept_by_an_active_order_goes_with_its_last_order() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let kept = id_of(
        &app.add_client("Karl", "Keeper", json!({ "email": "karl@example.fr" }))
            .await,
    );
    let other = id_of(&app.add_client("Olga", "Other", json!({})).await);
    app.book_at(&type_id, &kept, days_from_now(-10)).await;
    app.book_at(&type_id, &kept, days_from_now(5)).await;
    let package = app
        .add_order(
            &kept,
            "package",
            json!({ "code": "KEEP-0001", "remaining": 3 }),
        )
        .await;
    let subscription = app
        .add_order(&kept, "subscription", json!({ "code": "KEEP-0002" }))
        .await;
    let expired = rfc3339(days_from_now(-1));
    app.add_order(
        &kept,
        "gift_certificate",
        json!({ "code": "OLD-0001", "expires_at": expired }),
    )
    .await;

    let response = app.delete(&format!("/api/clients/{kept}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["kept_by_orders"],
        json!(["KEEP-0001", "KEEP-0002"]),
        "{body}"
    );
    // The appointments went; the profile stays, listed, saying why.
    assert_eq!(app.stored_appointments(&kept).await, 0);
    let profile = app.profile(&kept).await;
    assert_eq!(profile["client"]["kept_by_orders"], 2);
    assert_eq!(profile["appointments"], json!([]));
    assert_eq!(profile["client"]["last_appointment_at"], Value::Null);
    let listed = app.list("search=keeper").await;
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["clients"][0]["kept_by_orders"], 2);
    assert_eq!(app.list("").await["total"], 2);
    // Deleting it again says the same.
    let response = app.delete(&format!("/api/clients/{kept}")).await;
    assert_eq!(response.status(), StatusCode::OK);

    // One order less: still kept, by one.
    let answer = delete_order(&app, &package).await;
    assert_eq!(answer, json!({ "deleted": true, "client_removed": false }));
    assert_eq!(app.profile(&kept).await["client"]["kept_by_orders"], 1);
    // The last active order: the profile disappears with it (and its expired order).
    let answer = delete_order(&app, &subscription).await;
    assert_eq!(answer, json!({ "deleted": true, "client_removed": true }));
    assert_eq!(app.profile_status(&kept).await, StatusCode::NOT_FOUND);
    assert_eq!(app.list("search=keeper").await["total"], 0);
    assert_eq!(app.list("").await["total"], 1);
    assert!(orders(&app, "").await.is_empty());
    expect_not_found(
        app.delete(&format!("/api/orders/{}", package["id"].as_str().unwrap()))
            .await,
    )
    .await;

    // An order of a client nobody deleted goes alone.
    let order = app.add_order(&other, "package", json!({})).await;
    let answer = delete_order(&app, &order).await;
    assert_eq!(answer["client_removed"], false);
    assert_eq!(app.profile_status(&other).await, StatusCode::OK);
}

#[tokio::test]
async fn a_client_with_only_expired_or_used_orders_is_deleted_outright() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let expired = id_of(&app.add_client("Eve", "Expired", json!({})).await);
    let used = id_of(&app.add_client("Ugo", "Used", json!({})).await);
    let future = id_of(&app.add_client("Fay", "Future", json!({})).await);
    for id in [&expired, &used, &future] {
        app.book_at(&type_id, id, days_from_now(-3)).await;
    }
    let past = rfc3339(days_from_now(-1));
    app.add_order(&expired, "gift_certificate", json!({ "expires_at": past }))
        .await;
    let order = app
        .add_order(&used, "package", json!({ "remaining": 0 }))
        .await;
    // No route redeems an order yet: mark it used as redemption would.
    let order_id: i64 = order["id"].as_str().unwrap().parse().unwrap();
    app.exec_sql(&format!(
        "UPDATE orders SET status = 'used' WHERE id = {order_id}"
    ))
    .await;
    let soon = rfc3339(days_from_now(10));
    let active = app
        .add_order(&future, "subscription", json!({ "expires_at": soon }))
        .await;

    for id in [&expired, &used] {
        let response = app.delete(&format!("/api/clients/{id}")).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{id}");
        assert_eq!(app.profile_status(id).await, StatusCode::NOT_FOUND);
        assert_eq!(app.stored_appointments(id).await, 0);
    }
    // Not yet expired: kept.
    let response = app.delete(&format!("/api/clients/{future}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["kept_by_orders"], json!([active["code"]]));
    assert_eq!(app.list("").await["total"], 1);

    // Once its order has expired, the kept profile goes at the next order read
    // (docs/API-NOTES.md "Orders").
    app.clock.set(days_from_now(11));
    let all = orders(&app, "").await;
    assert!(
        all.iter().all(|o| o["id"] != active["id"]),
        "went with the profile: {all:?}"
    );
    assert_eq!(app.list("").await["total"], 0);
    assert_eq!(app.profile_status(&future).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_delete_reports_the_clients_kept_by_orders() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let plain = id_of(&app.add_client("Paul", "Dupont", json!({})).await);
    let kept = id_of(&app.add_client("Kim", "Dupont", json!({})).await);
    let expired = id_of(&app.add_client("Eli", "Dupont", json!({})).await);
    let twice = id_of(&app.add_client("Tia", "Dupont", json!({})).await);
    let outsider = id_of(&app.add_client("Otto", "Martin", json!({})).await);
    for id in [&plain, &kept, &twice, &outsider] {
        app.book_at(&type_id, id, days_from_now(-20)).await;
    }
    app.add_order(&kept, "package", json!({ "code": "BULK-KIM" }))
        .await;
    let past = rfc3339(days_from_now(-1));
    app.add_order(
        &expired,
        "package",
        json!({ "code": "BULK-ELI", "expires_at": past }),
    )
    .await;
    app.add_order(&twice, "package", json!({ "code": "BULK-TIA-2" }))
        .await;
    app.add_order(&twice, "gift_certificate", json!({ "code": "BULK-TIA-1" }))
        .await;

    let response = app
        .bulk_delete(&json!({ "ids": [plain, kept, expired, outsider] }))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["deleted"], 3, "{report}");
    assert_eq!(
        report["kept"],
        json!([{ "id": kept, "codes": ["BULK-KIM"] }])
    );
    assert_eq!(app.stored_appointments(&kept).await, 0);
    assert_eq!(app.profile(&kept).await["client"]["kept_by_orders"], 1);

    // "All matching": the search selects Kim again and Tia; both are kept.
    let response = app.bulk_delete(&json!({ "search": "dupont" })).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["deleted"], 0, "{report}");
    let mut kept_report = report["kept"].as_array().unwrap().clone();
    kept_report.sort_by_key(|k| k["id"].as_str().unwrap().parse::<i64>().unwrap());
    let mut expected = vec![
        json!({ "id": kept, "codes": ["BULK-KIM"] }),
        json!({ "id": twice, "codes": ["BULK-TIA-1", "BULK-TIA-2"] }),
    ];
    expected.sort_by_key(|k| k["id"].as_str().unwrap().parse::<i64>().unwrap());
    assert_eq!(kept_report, expected);
    assert_eq!(app.stored_appointments(&twice).await, 0);
    let names = app.matching_names("").await;
    assert_eq!(names, sorted(&["Kim Dupont", "Tia Dupont"]));
}

#[tokio::test]
async fn a_kept_profile_that_books_again_loses_nothing_when_its_order_goes() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let body = booking(
        &type_id,
        days_from_now(1),
        "Rita",
        "Back",
        "rita@example.fr",
    );
    let first = public.book_ok(&body, None).await;
    let rita = first["client_id"].as_str().unwrap().to_string();
    let order = app.add_order(&rita, "package", json!({})).await;
    let response = app.delete(&format!("/api/clients/{rita}")).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Rita books again online after staff deleted her profile.
    let body = booking(
        &type_id,
        days_from_now(7),
        "Rita",
        "Back",
        "rita@example.fr",
    );
    let again = public.book_ok(&body, None).await;
    let client = again["client_id"].as_str().unwrap().to_string();
    delete_order(&app, &order).await;
    // Her new booking is not deleted along with the order.
    let profile = app.profile(&client).await;
    let ids: Vec<&Value> = profile["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    assert!(ids.contains(&&again["appointment_id"]), "{profile}");
    assert_eq!(app.list("search=rita").await["total"], 1);
}
