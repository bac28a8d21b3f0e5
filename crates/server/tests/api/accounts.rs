//! Client accounts (SPEC §8, API.md "Public side"): the Account check mark, "my
//! appointments" with active codes and never staff notes, sessions by Bearer token or
//! cookie, and online cancel/reschedule of one's own appointments only.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

fn ids(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&Value]) -> BTreeSet<String> {
    items
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn booking_while_logged_in_gives_the_account_check_mark() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let token = public.account("zoe@example.fr", "Zoé", "Lambert").await;
    assert_eq!(app.list("").await["total"], 0, "signing up adds no client");

    let body = booking(
        &type_id,
        days_from_now(1),
        "Zoé",
        "Lambert",
        "zoe@example.fr",
    );
    let with_account = public.book_ok(&body, Some(&token)).await;
    let body = booking(
        &type_id,
        days_from_now(1),
        "Marc",
        "Petit",
        "marc@example.fr",
    );
    let without = public.book_ok(&body, None).await;

    let zoe = app
        .profile(with_account["client_id"].as_str().unwrap())
        .await;
    assert_eq!(zoe["client"]["has_account"], true);
    assert_eq!(zoe["appointments"][0]["booked_with_account"], true);
    let marc = app.profile(without["client_id"].as_str().unwrap()).await;
    assert_eq!(marc["client"]["has_account"], false);
    assert_eq!(marc["appointments"][0]["booked_with_account"], false);

    // The list shows the check mark too.
    let list = app.list("").await;
    for client in list["clients"].as_array().unwrap() {
        let expected = client["id"] == with_account["client_id"];
        assert_eq!(client["has_account"], expected, "{client}");
    }

    // Logged in, the form may leave the details out: the account's are used.
    let body = json!({
        "appointment_type_id": type_id,
        "start": rfc3339(days_from_now(2)),
        "form": [],
    });
    let prefilled = public.book_ok(&body, Some(&token)).await;
    assert_eq!(prefilled["client_id"], with_account["client_id"]);
    // A later booking without the session is not marked, and the check mark stays.
    let body = booking(
        &type_id,
        days_from_now(3),
        "Zoé",
        "Lambert",
        "ZOE@example.fr",
    );
    let later = public.book_ok(&body, None).await;
    assert_eq!(later["client_id"], with_account["client_id"]);
    let zoe = app
        .profile(with_account["client_id"].as_str().unwrap())
        .await;
    assert_eq!(zoe["client"]["has_account"], true);
    let by_id = |id: &Value| {
        zoe["appointments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| &a["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        by_id(&prefilled["appointment_id"])["booked_with_account"],
        true
    );
    assert_eq!(
        by_id(&later["appointment_id"])["booked_with_account"],
        false
    );
}

#[tokio::test]
async fn me_shows_the_accounts_appointments_and_active_codes_and_never_staff_notes() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let token = public.account("lea@example.fr", "Léa", "Roux").await;
    let body = booking(&type_id, days_from_now(1), "Léa", "Roux", "lea@example.fr");
    let first = public.book_ok(&body, Some(&token)).await;
    let body = booking(&type_id, days_from_now(8), "Léa", "Roux", "lea@example.fr");
    let second = public.book_ok(&body, Some(&token)).await;
    let client_id = first["client_id"].as_str().unwrap().to_string();

    // Staff writes private notes, and gives Léa an active and an expired order.
    let secret = "Cliente difficile, ne jamais rappeler avant midi";
    let version = app.profile(&client_id).await["client"]["version"].clone();
    let response = app
        .patch(
            &format!("/api/clients/{client_id}"),
            &json!({ "notes": secret, "version": version }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let active = app
        .add_order(
            &client_id,
            "package",
            json!({ "code": "LEA-PACK-10", "remaining": 10 }),
        )
        .await;
    let expired = rfc3339(days_from_now(-2));
    app.add_order(
        &client_id,
        "gift_certificate",
        json!({ "code": "LEA-OLD", "expires_at": expired }),
    )
    .await;
    // Another client's appointment and code are none of Léa's business.
    let body = booking(&type_id, days_from_now(2), "Tom", "Roux", "tom@example.fr");
    let tom = public.book_ok(&body, None).await;
    app.add_order(
        tom["client_id"].as_str().unwrap(),
        "package",
        json!({ "code": "TOM-CODE" }),
    )
    .await;

    let (me, text) = public.me(&token).await;
    assert_eq!(me["account"]["email"], "lea@example.fr");
    assert_eq!(me["account"]["first_name"], "Léa");
    assert_eq!(
        ids(&me["appointments"]),
        set(&[&first["appointment_id"], &second["appointment_id"]])
    );
    let codes: Vec<&str> = me["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["LEA-PACK-10"], "{me}");
    assert_eq!(me["codes"][0]["id"], active["id"]);
    assert_eq!(me["codes"][0]["remaining"], 10);
    assert!(!text.contains(secret), "staff notes leak into /me: {text}");
    assert!(!text.contains("ne jamais rappeler"), "{text}");
    assert!(
        !text.contains("TOM-CODE") && !text.contains("tom@example.fr"),
        "{text}"
    );
    // Staff still sees the notes.
    assert_eq!(app.profile(&client_id).await["client"]["notes"], secret);
}

#[tokio::test]
async fn sessions_work_by_cookie_and_token_and_end_on_log_out() {
    let app = spawn_app().await;
    let public = app.public().await;
    let response = public.get("/me", None).await;
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    public.account("ines@example.fr", "Inès", "Blanc").await;

    // Logging in (email in any case) sets an HttpOnly cookie and gives the same session
    // as a token.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = browser
        .post(public.url("/session"))
        .json(&json!({ "email": "Ines@Example.fr", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        set_cookie.starts_with("clientele_client_session="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    let token = response.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let response = browser.get(public.url("/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        public.get("/me", Some(&token)).await.status(),
        StatusCode::OK
    );

    // A bad password or a bad token is refused.
    let wrong = json!({ "email": "ines@example.fr", "password": "wrong password" });
    let response = public.post("/session", &wrong, None).await;
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let response = public.get("/me", Some("not-a-token")).await;
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // A second sign-up with the same email (another case) is a conflict.
    let body = json!({ "email": "INES@example.fr", "password": PASSWORD, "first_name": "I", "last_name": "B" });
    let response = public.post("/accounts", &body, None).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    // A session of this business is no session at another business.
    let other = app.other_app("fr").await;
    let response = other.public().await.get("/me", Some(&token)).await;
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;

    // Log out by the cookie: the token is dead too.
    let response = browser.delete(public.url("/session")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = public.get("/me", Some(&token)).await;
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let response = browser.get(public.url("/me")).send().await.unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_client_cancels_and_reschedules_only_their_own_appointments() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let anna = public.account("anna@example.fr", "Anna", "Weber").await;
    let bob = public.account("bob@example.fr", "Bob", "Weber").await;
    let body = booking(
        &type_id,
        days_from_now(1),
        "Anna",
        "Weber",
        "anna@example.fr",
    );
    let booked = public.book_ok(&body, Some(&anna)).await;
    let id = booked["appointment_id"].as_str().unwrap().to_string();
    let client_id = booked["client_id"].as_str().unwrap().to_string();
    // Booked by Anna's email but without her session: not hers to manage online.
    let body = booking(
        &type_id,
        days_from_now(2),
        "Anna",
        "Weber",
        "anna@example.fr",
    );
    let anonymous = public.book_ok(&body, None).await;
    let anonymous_id = anonymous["appointment_id"].as_str().unwrap();

    let cancel = |id: String| format!("/appointments/{id}/cancel");
    let reschedule = |id: String| format!("/appointments/{id}/reschedule");
    let new_start = json!({ "start": rfc3339(days_from_now(5)) });
    let response = public.post(&cancel(id.clone()), &json!({}), None).await;
    expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    expect_not_found(
        public
            .post(&cancel(id.clone()), &json!({}), Some(&bob))
            .await,
    )
    .await;
    expect_not_found(
        public
            .post(&reschedule(id.clone()), &new_start, Some(&bob))
            .await,
    )
    .await;
    let response = public
        .post(&cancel(anonymous_id.to_string()), &json!({}), Some(&anna))
        .await;
    expect_not_found(response).await;
    expect_not_found(
        public
            .post(&cancel("999999".into()), &json!({}), Some(&anna))
            .await,
    )
    .await;

    // Into the past: refused.
    let past = json!({ "start": rfc3339(days_from_now(-1)) });
    expect_validation(
        public
            .post(&reschedule(id.clone()), &past, Some(&anna))
            .await,
        "start",
    )
    .await;

    let response = public
        .post(&reschedule(id.clone()), &new_start, Some(&anna))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let moved: Value = response.json().await.unwrap();
    assert_eq!(utc(moved["start"].as_str().unwrap()), days_from_now(5));
    assert_eq!(
        utc(moved["end"].as_str().unwrap()),
        days_from_now(5) + chrono::Duration::minutes(60)
    );

    let response = public
        .post(&cancel(id.clone()), &json!({}), Some(&anna))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let profile = app.profile(&client_id).await;
    let appointment = profile["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(appointment["status"], "canceled");
    assert_eq!(
        utc(appointment["start"].as_str().unwrap()),
        days_from_now(5)
    );
    // Bob's and the anonymous appointments are untouched.
    let untouched = profile["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == anonymous_id)
        .unwrap()
        .clone();
    assert_eq!(untouched["status"], "scheduled");
    // A canceled appointment is not canceled twice.
    let response = public
        .post(&cancel(id.clone()), &json!({}), Some(&anna))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_account_sees_only_codes_it_booked_or_ordered_for_not_those_of_its_email() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    // A client who never used an account has a gift certificate.
    let victim = app
        .add_client("Claire", "Petit", json!({ "email": "claire@example.fr" }))
        .await;
    let gift = app
        .add_order(&id_of(&victim), "gift_certificate", json!({}))
        .await;
    let code = gift["code"].as_str().unwrap().to_string();

    // Someone signs up with Claire's email: the sign-up proves nothing, the code stays hidden.
    let token = public.account("claire@example.fr", "Claire", "Petit").await;
    let (_, text) = public.me(&token).await;
    assert!(!text.contains(&code), "{text}");

    // An order placed online under the account shows.
    let response = public
        .post("/orders", &json!({ "kind": "package" }), Some(&token))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let own: Value = response.json().await.unwrap();
    let (me, _) = public.me(&token).await;
    let codes: Vec<&str> = me["codes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(codes, vec![own["code"].as_str().unwrap()]);

    // Booking under the account for that client links them: now the client's codes show.
    let body = booking(
        &type_id,
        days_from_now(2),
        "Claire",
        "Petit",
        "claire@example.fr",
    );
    public.book_ok(&body, Some(&token)).await;
    let (_, text) = public.me(&token).await;
    assert!(text.contains(&code), "{text}");
}

/// The gap an unverified email left open (issue 3): signing up with someone else's email
/// and booking under that account linked the account to their client. Now nothing goes
/// under an account before its emailed link is opened.
#[tokio::test]
async fn nothing_is_booked_under_an_account_before_its_email_is_verified() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    public
        .unverified_account("victim@example.fr", "Anne", "Victime")
        .await;
    let token = public.log_in("victim@example.fr").await;
    let start = test_now() + chrono::Duration::days(2);
    let booked = public
        .book_ok(
            &booking(&type_id, start, "Anne", "Victime", "victim@example.fr"),
            Some(&token),
        )
        .await;
    let client = app.profile(booked["client_id"].as_str().unwrap()).await;
    assert_eq!(client["client"]["has_account"], false);
    assert_eq!(client["appointments"][0]["booked_with_account"], false);
    let (me, _) = public.me(&token).await;
    assert_eq!(me["account"]["email_verified"], false);
    assert_eq!(me["appointments"], serde_json::json!([]));

    // The emailed link verifies once; then bookings go under the account.
    let link = public.verification_token("victim@example.fr").await;
    let verify = |t: String| {
        let public = &public;
        async move {
            public
                .post("/accounts/verify", &serde_json::json!({ "token": t }), None)
                .await
        }
    };
    assert_eq!(verify(link.clone()).await.status(), reqwest::StatusCode::OK);
    assert_eq!(
        verify(link).await.status(),
        reqwest::StatusCode::UNPROCESSABLE_ENTITY
    );
    let again = public
        .book_ok(
            &booking(
                &type_id,
                start + chrono::Duration::days(1),
                "Anne",
                "Victime",
                "victim@example.fr",
            ),
            Some(&token),
        )
        .await;
    let client = app.profile(again["client_id"].as_str().unwrap()).await;
    assert_eq!(client["client"]["has_account"], true);
    let (me, _) = public.me(&token).await;
    assert_eq!(me["account"]["email_verified"], true);
    assert_eq!(me["appointments"].as_array().unwrap().len(), 1);
    // The verification email went through the outbox, in the business's language.
    let emails: serde_json::Value = app.get("/api/emails").await.json().await.unwrap();
    let mail = emails["emails"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "verification")
        .unwrap()
        .clone();
    assert_eq!(mail["to"], "victim@example.fr");
    assert!(mail["text"].as_str().unwrap().contains("/verify?token="));
}
