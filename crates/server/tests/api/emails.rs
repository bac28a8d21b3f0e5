//! Emails (issue 5): confirmations of bookings through the outbox to a real SMTP server
//! on 127.0.0.1, resend, retries with backoff, failure after the last attempt, the
//! outbox without SMTP, bans, and isolation between businesses.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::public_helpers::booking;
use crate::smtp::{Behaviour, TestSmtp};

/// A "Coloration" type with two intake questions; returns its id.
async fn coloration(app: &TestApp) -> String {
    let form = json!([
        { "label": "Allergies", "kind": "text", "required": false },
        { "label": "Première visite", "kind": "text", "required": false },
    ]);
    app.form_type("Coloration", form).await
}

/// Books online, Tuesday 2026-06-16 14:30 in Paris, with both answers; returns the body.
async fn book_online(app: &TestApp, type_id: &str, email: &str) -> Value {
    let public = app.public().await;
    let mut body = booking(
        type_id,
        utc("2026-06-16T12:30:00Z"),
        "Hélène",
        "Lefèvre",
        email,
    );
    body["form"] = json!([
        { "label": "Allergies", "value": "Pollen & <ammoniaque>" },
        { "label": "Première visite", "value": "Oui" },
    ]);
    public.book_ok(&body, None).await
}

fn status_of(email: &Value) -> &str {
    email["status"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn an_online_booking_sends_a_confirmation_with_both_parts_and_the_answers() {
    let app = spawn_app().await;
    let smtp = TestSmtp::start(Behaviour::Accept);
    let _worker = app.start_worker(Some(&smtp.url()));
    let type_id = coloration(&app).await;
    let booked = book_online(&app, &type_id, "helene@example.fr").await;

    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.to, vec!["helene@example.fr".to_string()]);
    let subject = mail.subject();
    assert!(subject.contains("Salon A"), "{subject}");
    let text = mail.text();
    let html = mail.html();
    for part in [&text, &html] {
        assert!(part.contains("Coloration"), "{part}");
        assert!(part.contains("Hélène"), "{part}");
        // 12:30 UTC is 14:30 in Paris, written the French way.
        assert!(part.contains("mardi 16 juin 2026"), "{part}");
        assert!(part.contains("14:30"), "{part}");
        assert!(part.contains("Première visite"), "{part}");
    }
    assert!(text.contains("Pollen & <ammoniaque>"), "{text}");
    assert!(html.contains("Pollen &amp; &lt;ammoniaque&gt;"), "{html}");
    assert!(!html.contains("<ammoniaque>"), "{html}");

    let emails = app
        .wait_for_emails(|e| e.len() == 1 && status_of(&e[0]) == "sent")
        .await;
    assert_eq!(emails[0]["kind"], "confirmation");
    assert_eq!(emails[0]["to"], "helene@example.fr");
    assert_eq!(emails[0]["attempts"], 1);
    assert!(emails[0]["sent_at"].is_string());
    // The appointment remembers when its confirmation went out.
    let profile = app.profile(booked["client_id"].as_str().unwrap()).await;
    let appointment = &profile["appointments"][0];
    assert_eq!(appointment["id"], booked["appointment_id"]);
    assert_eq!(appointment["confirmation_sent_at"], emails[0]["sent_at"]);
}

#[tokio::test]
async fn staff_notes_never_reach_the_email() {
    let app = spawn_app().await;
    let smtp = TestSmtp::start(Behaviour::Accept);
    let _worker = app.start_worker(Some(&smtp.url()));
    let client = app
        .add_client(
            "Zoé",
            "Martin",
            json!({ "email": "zoe@example.fr", "notes": "Note interne: paie en retard" }),
        )
        .await;
    let type_id = coloration(&app).await;
    app.book(&type_id, &id_of(&client), "2026-06-20T08:00:00Z")
        .await;
    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.to, vec!["zoe@example.fr".to_string()]);
    for part in [mail.text(), mail.html(), mail.subject()] {
        assert!(!part.contains("paie en retard"), "{part}");
    }
}

#[tokio::test]
async fn resend_queues_a_second_email_and_it_is_delivered_too() {
    let app = spawn_app().await;
    let smtp = TestSmtp::start(Behaviour::Accept);
    let _worker = app.start_worker(Some(&smtp.url()));
    let type_id = coloration(&app).await;
    let booked = book_online(&app, &type_id, "helene@example.fr").await;
    smtp.wait_for(1).await;

    let appointment = booked["appointment_id"].as_str().unwrap();
    let path = format!("/api/appointments/{appointment}/resend-confirmation");
    let response = app.post(&path, &json!({})).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let queued: Value = response.json().await.unwrap();
    assert_eq!(queued["kind"], "resend");
    assert_eq!(queued["appointment_id"], appointment);

    let mails = smtp.wait_for(2).await;
    assert!(mails
        .iter()
        .all(|m| m.to == vec!["helene@example.fr".to_string()]));
    assert!(mails[1].text().contains("Coloration"));
    let emails = app
        .wait_for_emails(|e| e.len() == 2 && e.iter().all(|m| status_of(m) == "sent"))
        .await;
    // Newest first.
    assert_eq!(emails[0]["kind"], "resend");
    assert_eq!(emails[1]["kind"], "confirmation");
}

#[tokio::test]
async fn resend_refuses_unknown_appointments_and_clients_without_email() {
    let app = spawn_app().await;
    let type_id = coloration(&app).await;
    let path = "/api/appointments/999999999/resend-confirmation";
    expect_not_found(app.post(path, &json!({})).await).await;
    let client = app.add_client("Sans", "Courriel", json!({})).await;
    let appointment = app
        .book(&type_id, &id_of(&client), "2026-06-20T08:00:00Z")
        .await;
    let path = format!(
        "/api/appointments/{}/resend-confirmation",
        id_of(&appointment)
    );
    expect_validation(app.post(&path, &json!({})).await, "email").await;
    // Nothing was queued, not even for the booking itself (no address).
    let page: Value = app.get("/api/emails").await.json().await.unwrap();
    assert_eq!(page["emails"], json!([]));
}

#[tokio::test]
async fn a_server_that_refuses_then_accepts_gets_the_mail_after_retries() {
    let app = spawn_app().await;
    let smtp = TestSmtp::start(Behaviour::RefuseFirst(2));
    let _worker = app.start_worker(Some(&smtp.url()));
    let type_id = coloration(&app).await;
    book_online(&app, &type_id, "helene@example.fr").await;

    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(smtp.refused(), 2);
    let emails = app
        .wait_for_emails(|e| e.len() == 1 && status_of(&e[0]) == "sent")
        .await;
    assert_eq!(emails[0]["attempts"], 3);
}

#[tokio::test]
async fn a_server_that_never_accepts_ends_failed_with_the_error_and_staff_can_retry() {
    let app = spawn_app().await;
    let smtp = TestSmtp::start(Behaviour::RefuseAll);
    let worker = app.start_worker(Some(&smtp.url()));
    let type_id = coloration(&app).await;
    book_online(&app, &type_id, "helene@example.fr").await;

    let emails = app
        .wait_for_emails(|e| e.len() == 1 && status_of(&e[0]) == "failed")
        .await;
    assert_eq!(emails[0]["attempts"], 3);
    let error = emails[0]["last_error"].as_str().unwrap();
    assert!(error.contains("554"), "{error}");
    assert!(smtp.received().is_empty());
    assert_eq!(smtp.refused(), 3);
    drop(worker);

    let id = emails[0]["id"].as_str().unwrap();
    let response = app
        .post(&format!("/api/emails/{id}/retry"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let retried: Value = response.json().await.unwrap();
    assert_eq!(retried["status"], "queued");
    assert_eq!(retried["attempts"], 0);
    // A queued email cannot be retried again.
    let again = app
        .post(&format!("/api/emails/{id}/retry"), &json!({}))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn without_smtp_emails_stay_readable_as_not_sent() {
    let app = spawn_app().await;
    let _worker = app.start_worker(None);
    let type_id = coloration(&app).await;
    book_online(&app, &type_id, "helene@example.fr").await;
    let emails = app
        .wait_for_emails(|e| e.len() == 1 && status_of(&e[0]) == "not_sent")
        .await;
    let email = &emails[0];
    assert!(email["last_error"].as_str().unwrap().contains("SMTP"));
    assert!(email["text"].as_str().unwrap().contains("Coloration"));
    assert!(email["html"].as_str().unwrap().contains("Coloration"));
    assert!(email["subject"].as_str().unwrap().contains("Salon A"));
}

#[tokio::test]
async fn staff_bookings_still_mail_a_banned_client_but_automatic_ones_are_suppressed() {
    let app = spawn_app().await;
    let smtp = TestSmtp::start(Behaviour::Accept);
    let type_id = coloration(&app).await;
    // Booked online while no worker runs, then banned before delivery: the automatic
    // confirmation is a follow-up to a banned address by the time it would go.
    let booked = book_online(&app, &type_id, "helene@example.fr").await;
    let client_id = booked["client_id"].as_str().unwrap();
    assert_eq!(app.ban(client_id, None).await.status(), StatusCode::OK);
    let start = rfc3339(test_now() + Duration::days(3));
    app.book(&type_id, client_id, &start).await;

    let _worker = app.start_worker(Some(&smtp.url()));
    let emails = app
        .wait_for_emails(|e| {
            e.len() == 2
                && e.iter()
                    .all(|m| matches!(status_of(m), "sent" | "suppressed"))
        })
        .await;
    let staff = &emails[0];
    let online = &emails[1];
    assert_eq!(status_of(staff), "sent");
    assert_eq!(staff["automatic"], false);
    assert_eq!(status_of(online), "suppressed");
    assert_eq!(online["automatic"], true);
    assert!(online["last_error"].as_str().unwrap().contains("banned"));
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
}

#[tokio::test]
async fn another_business_never_sees_or_retries_these_emails() {
    let app = spawn_app().await;
    let _worker = app.start_worker(None);
    let type_id = coloration(&app).await;
    book_online(&app, &type_id, "helene@example.fr").await;
    let emails = app
        .wait_for_emails(|e| e.len() == 1 && status_of(&e[0]) == "not_sent")
        .await;
    let id = emails[0]["id"].as_str().unwrap();

    let (_, other) = app.other_business().await;
    let page: Value = other
        .get(app.url("/api/emails"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["emails"], json!([]));
    let retry = other
        .post(app.url(&format!("/api/emails/{id}/retry")))
        .send()
        .await
        .unwrap();
    expect_not_found(retry).await;
    let resend = other
        .post(app.url("/api/appointments/1/resend-confirmation"))
        .send()
        .await
        .unwrap();
    expect_not_found(resend).await;
    // And without credentials, nothing at all.
    let anonymous = reqwest::get(app.url("/api/emails")).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
