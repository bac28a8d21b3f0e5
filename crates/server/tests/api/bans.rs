//! Bans (SPEC §8): a banned email is refused online (in any case, under any name) with
//! the custom message or the default one in the business's language; the ban also
//! blocks online cancel, reschedule and orders; staff can still book; unban lifts it.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

const DEFAULT_FR: &str = "Vous n'êtes pas autorisé à prendre des rendez-vous en ligne";
const DEFAULT_EN: &str = "You are not permitted to schedule appointments online.";

/// Books once publicly as `email` and returns the new client's id.
async fn booked_client(public: &Public, type_id: &str, email: &str) -> String {
    let body = booking(type_id, days_from_now(1), "Kevin", "Durand", email);
    public.book_ok(&body, None).await["client_id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn ban_ok(app: &TestApp, id: &str, message: Option<&str>) -> Value {
    let response = app.ban(id, message).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "ban: {text}");
    serde_json::from_str(&text).unwrap()
}

/// Asserts a 403 `banned` answer carrying `message`.
async fn expect_banned(response: reqwest::Response, message: &str) {
    let body = expect_error(response, StatusCode::FORBIDDEN, "banned").await;
    assert_eq!(body["message"], message, "{body}");
}

#[tokio::test]
async fn a_banned_email_is_refused_in_any_case_and_under_any_name_with_the_custom_message() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let id = booked_client(&public, &type_id, "Kevin.Durand@Example.fr").await;

    let custom = "Merci de nous appeler pour réserver.";
    let banned = ban_ok(&app, &id, Some(custom)).await;
    assert_eq!(banned["banned"], true);
    assert_eq!(banned["ban_message"], custom);
    let profile = app.profile(&id).await;
    assert_eq!(profile["client"]["banned"], true);
    assert_eq!(profile["client"]["ban_message"], custom);
    assert_eq!(app.list("").await["clients"][0]["banned"], true);

    for (first, last, email) in [
        ("Kevin", "Durand", "kevin.durand@example.fr"),
        ("Jean", "Autre", "KEVIN.DURAND@EXAMPLE.FR"),
        ("Kévin", "Durand-Martin", " Kevin.Durand@example.FR "),
    ] {
        let body = booking(&type_id, days_from_now(2), first, last, email);
        expect_banned(public.book(&body, None).await, custom).await;
    }
    // Also when logged in to an account with that email.
    let token = public
        .account("kevin.durand@example.fr", "Kevin", "Durand")
        .await;
    let body =
        json!({ "appointment_type_id": type_id, "start": rfc3339(days_from_now(2)), "form": [] });
    expect_banned(public.book(&body, Some(&token)).await, custom).await;
    // Nothing was created by the refusals.
    assert_eq!(app.list("").await["total"], 1);
    assert_eq!(app.stored_appointments(&id).await, 1);
    // Other emails still book.
    let body = booking(
        &type_id,
        days_from_now(2),
        "Kevin",
        "Durand",
        "kevin@autre.fr",
    );
    public.book_ok(&body, None).await;
}

#[tokio::test]
async fn the_default_message_is_in_the_business_language() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    // Banned without a body, with an empty object, with a blank message: the default.
    let emails = ["a@example.fr", "b@example.fr", "c@example.fr"];
    let mut ids = Vec::new();
    for email in emails {
        ids.push(booked_client(&public, &type_id, email).await);
    }
    assert_eq!(
        ban_ok(&app, &ids[0], None).await["ban_message"],
        Value::Null
    );
    let response = app
        .http
        .put(app.url(&format!("/api/clients/{}/ban", ids[1])))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    ban_ok(&app, &ids[2], Some("   ")).await;
    for email in emails {
        let body = booking(&type_id, days_from_now(3), "Kevin", "Durand", email);
        expect_banned(public.book(&body, None).await, DEFAULT_FR).await;
    }
    // A bad ban body is refused and bans nobody.
    let id = booked_client(&public, &type_id, "d@example.fr").await;
    let response = app.ban(&id, Some(&"x".repeat(501))).await;
    expect_validation(response, "message").await;
    let response = app
        .http
        .put(app.url(&format!("/api/clients/{id}/ban")))
        .json(&json!({ "reason": "no" }))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(app.profile(&id).await["client"]["banned"], false);

    // An English-speaking business refuses in English.
    let english = app.other_app("en").await;
    let english_public = english.public().await;
    let english_type = english.appointment_type().await;
    let id = booked_client(&english_public, &english_type, "a@example.fr").await;
    ban_ok(&english, &id, None).await;
    let body = booking(
        &english_type,
        days_from_now(3),
        "Kevin",
        "Durand",
        "A@example.fr",
    );
    expect_banned(english_public.book(&body, None).await, DEFAULT_EN).await;
    // A custom message is shown as typed, whatever the language.
    ban_ok(&english, &id, Some("Please call us.")).await;
    expect_banned(english_public.book(&body, None).await, "Please call us.").await;
}

#[tokio::test]
async fn a_ban_blocks_online_cancel_reschedule_and_orders_but_not_staff() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let token = public.account("nina@example.fr", "Nina", "Simone").await;
    let body = booking(
        &type_id,
        days_from_now(1),
        "Nina",
        "Simone",
        "nina@example.fr",
    );
    let booked = public.book_ok(&body, Some(&token)).await;
    let id = booked["client_id"].as_str().unwrap().to_string();
    let appointment = booked["appointment_id"].as_str().unwrap().to_string();
    let custom = "Contactez le salon.";
    ban_ok(&app, &id, Some(custom)).await;

    let cancel = format!("/appointments/{appointment}/cancel");
    let reschedule = format!("/appointments/{appointment}/reschedule");
    let later = json!({ "start": rfc3339(days_from_now(6)) });
    expect_banned(public.post(&cancel, &json!({}), Some(&token)).await, custom).await;
    expect_banned(public.post(&reschedule, &later, Some(&token)).await, custom).await;
    for (kind, email) in [
        ("package", "nina@example.fr"),
        ("gift_certificate", "NINA@Example.FR"),
        ("subscription", "Nina@example.fr"),
    ] {
        let order =
            json!({ "kind": kind, "first_name": "Nina", "last_name": "Simone", "email": email });
        expect_banned(public.post("/orders", &order, None).await, custom).await;
    }
    let order = json!({ "kind": "package" });
    expect_banned(public.post("/orders", &order, Some(&token)).await, custom).await;
    // Nothing moved, nothing was bought.
    let profile = app.profile(&id).await;
    assert_eq!(profile["appointments"][0]["status"], "scheduled");
    assert_eq!(
        utc(profile["appointments"][0]["start"].as_str().unwrap()),
        days_from_now(1)
    );
    assert_eq!(profile["orders"].as_array().unwrap().len(), 0);
    let orders: Value = app.get("/api/orders").await.json().await.unwrap();
    assert_eq!(orders["orders"].as_array().unwrap().len(), 0);

    // Staff can still book for her, in the future or the past.
    app.book_at(&type_id, &id, days_from_now(4)).await;
    app.book_at(&type_id, &id, days_from_now(-4)).await;
    assert_eq!(app.stored_appointments(&id).await, 3);

    // Unbanned, she books, reschedules, cancels and orders online again.
    let response = app.delete(&format!("/api/clients/{id}/ban")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let unbanned: Value = response.json().await.unwrap();
    assert_eq!(unbanned["banned"], false);
    assert_eq!(unbanned["ban_message"], Value::Null);
    let body = booking(
        &type_id,
        days_from_now(9),
        "Nina",
        "Simone",
        "nina@example.fr",
    );
    assert_eq!(public.book_ok(&body, None).await["client_id"], id.as_str());
    let response = public.post(&reschedule, &later, Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = public.post(&cancel, &json!({}), Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let order = json!({ "kind": "package", "first_name": "Nina", "last_name": "Simone", "email": "nina@example.fr" });
    let response = public.post("/orders", &order, None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["client_id"], id.as_str());
    assert_eq!(order["status"], "active");
    assert_eq!(app.list("").await["total"], 1);
}

#[tokio::test]
async fn bans_stay_within_their_business() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let id = booked_client(&public, &type_id, "shared@example.fr").await;
    let other = app.other_app("fr").await;
    let other_public = other.public().await;
    let other_type = other.appointment_type().await;
    let other_id = booked_client(&other_public, &other_type, "shared@example.fr").await;

    // Another business's client can be neither banned nor unbanned from here.
    expect_not_found(app.ban(&other_id, Some("no")).await).await;
    expect_not_found(app.delete(&format!("/api/clients/{other_id}/ban")).await).await;
    expect_not_found(app.ban("999999999", None).await).await;
    assert_eq!(other.profile(&other_id).await["client"]["banned"], false);

    // Banned in one business, the same email still books in the other.
    ban_ok(&other, &other_id, None).await;
    let body = booking(
        &type_id,
        days_from_now(2),
        "Kevin",
        "Durand",
        "shared@example.fr",
    );
    assert_eq!(public.book_ok(&body, None).await["client_id"], id.as_str());
    let body = booking(
        &other_type,
        days_from_now(2),
        "Kevin",
        "Durand",
        "shared@example.fr",
    );
    expect_banned(other_public.book(&body, None).await, DEFAULT_FR).await;
}

#[tokio::test]
async fn a_ban_stays_on_the_email_of_a_merged_profile_until_unbanned() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let keep = app
        .add_client("Kevin", "Durand", json!({ "email": "kevin@example.fr" }))
        .await;
    let dup = booked_client(&public, &type_id, "k.durand@other.fr").await;
    ban_ok(&app, &dup, Some("Plus de réservation en ligne.")).await;

    // The duplicate (another email) merges into the kept profile, which keeps its email.
    let response = app.merge(&dup, &id_of(&keep), false).await;
    assert_eq!(response.status(), StatusCode::OK);
    let kept = app.profile(&id_of(&keep)).await;
    assert_eq!(kept["client"]["email"], "kevin@example.fr");
    assert_eq!(kept["client"]["banned"], true);

    // The duplicate's email is still refused, with its message, under any name.
    let body = booking(
        &type_id,
        days_from_now(3),
        "Someone",
        "Else",
        "K.Durand@other.fr",
    );
    expect_banned(
        public.book(&body, None).await,
        "Plus de réservation en ligne.",
    )
    .await;

    // Unbanning the kept profile lifts the ban it brought along.
    assert_eq!(
        app.delete(&format!("/api/clients/{}/ban", id_of(&keep)))
            .await
            .status(),
        StatusCode::OK
    );
    public.book_ok(&body, None).await;
}
