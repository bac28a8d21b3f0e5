//! The staff pages over the outbox, webhooks, duplicates and merge (issue 6).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::web_pages::Browser;

#[tokio::test]
async fn the_outbox_page_shows_emails_and_retries_an_unsent_one() {
    let app = spawn_app().await;
    let client = app
        .add_client("Léa", "Petit", json!({ "email": "lea@example.fr" }))
        .await;
    let type_id = app.appointment_type().await;
    app.book(&type_id, &id_of(&client), "2026-06-20T08:00:00Z")
        .await;
    let worker = app.start_worker(None);
    let emails = app
        .wait_for_emails(|e| e.len() == 1 && e[0]["status"] == "not_sent")
        .await;
    drop(worker);
    let browser = Browser::logged_in(&app).await;
    let html = browser.html("/outbox").await;
    assert!(html.contains("lea@example.fr") && html.contains("pas de serveur SMTP"));
    let csrf = browser.csrf("/outbox").await;
    let id = emails[0]["id"].as_str().unwrap();
    let retried = browser
        .post_form(&format!("/outbox/{id}/retry"), &[("csrf", &csrf)])
        .await;
    assert_eq!(retried.status(), StatusCode::SEE_OTHER);
    let page: Value = app.get("/api/emails").await.json().await.unwrap();
    assert_eq!(page["emails"][0]["status"], "queued");
}

#[tokio::test]
async fn webhooks_are_added_with_their_secret_shown_once_and_deleted() {
    let app = spawn_app().await;
    let browser = Browser::logged_in(&app).await;
    let csrf = browser.csrf("/webhooks").await;
    let bad = browser
        .post_form(
            "/webhooks",
            &[
                ("csrf", &csrf),
                ("url", "ftp://x.example"),
                ("events", "client.created"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let added = browser
        .post_form(
            "/webhooks",
            &[
                ("csrf", &csrf),
                ("url", "https://hooks.example/in"),
                ("events", "client.created"),
                ("events", "client.deleted"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let html = added.text().await.unwrap();
    assert!(html.contains("webhook-created"));
    let listed: Value = app.get("/api/webhooks").await.json().await.unwrap();
    let hook = &listed["webhooks"][0];
    assert_eq!(hook["events"], json!(["client.created", "client.deleted"]));
    assert!(
        !browser.html("/webhooks").await.contains("webhook-created"),
        "secret shown once"
    );
    let id = hook["id"].as_str().unwrap();
    let deleted = browser
        .post_form(&format!("/webhooks/{id}/delete"), &[("csrf", &csrf)])
        .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let listed: Value = app.get("/api/webhooks").await.json().await.unwrap();
    assert_eq!(listed["webhooks"], json!([]));
}

#[tokio::test]
async fn a_duplicate_pair_is_merged_after_a_preview_that_changes_nothing() {
    let app = spawn_app().await;
    let a = app
        .add_client("Robert", "Durand", json!({ "email": "rd@example.fr" }))
        .await;
    let b = app
        .add_client("Bob", "Durand", json!({ "phone": "06 11 22 33 44" }))
        .await;
    let browser = Browser::logged_in(&app).await;
    let html = browser.html("/duplicates").await;
    assert!(html.contains("diminutif"), "{html}");
    // The page links the pair to "Merge into…", one way or the other.
    let b_into_a = format!("/clients/{}/merge?into={}", id_of(&b), id_of(&a));
    let (dup, keep) = if html.contains(&b_into_a) {
        (&b, &a)
    } else {
        (&a, &b)
    };
    assert!(html.contains(&format!(
        "/clients/{}/merge?into={}",
        id_of(dup),
        id_of(keep)
    )));
    let preview = browser
        .html(&format!(
            "/clients/{}/merge?into={}",
            id_of(dup),
            id_of(keep)
        ))
        .await;
    assert!(
        preview.contains("merge-preview")
            && preview.contains("rd@example.fr")
            && preview.contains("06 11 22 33 44")
    );
    assert_eq!(app.list("").await["total"], 2, "a preview merges nothing");

    let csrf = browser
        .csrf(&format!(
            "/clients/{}/merge?into={}",
            id_of(dup),
            id_of(keep)
        ))
        .await;
    let merged = browser
        .post_form(
            &format!("/clients/{}/merge", id_of(dup)),
            &[("csrf", &csrf), ("into", &id_of(keep))],
        )
        .await;
    assert_eq!(merged.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.list("").await["total"], 1);
    let forged = browser
        .post_form(
            &format!("/clients/{}/merge", id_of(keep)),
            &[("csrf", "x"), ("into", &id_of(dup))],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn settings_change_the_name_zone_language_and_refuse_a_bad_zone() {
    let app = spawn_app().await;
    let browser = Browser::logged_in(&app).await;
    let csrf = browser.csrf("/settings").await;
    let bad = browser
        .post_form(
            "/settings",
            &[
                ("csrf", &csrf),
                ("name", "Salon B"),
                ("time_zone", "Mars/Olympus"),
                ("locale", "en"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved = browser
        .post_form(
            "/settings",
            &[
                ("csrf", &csrf),
                ("name", "Salon B"),
                ("time_zone", "America/Montreal"),
                ("locale", "en"),
                ("default_ban_message", "Call us."),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let business: Value = app.get("/api/business").await.json().await.unwrap();
    assert_eq!(business["name"], "Salon B");
    assert_eq!(business["time_zone"], "America/Montreal");
    assert_eq!(business["default_ban_message"], "Call us.");
    // The pages now speak English, the business's new language.
    assert!(browser
        .html("/clients")
        .await
        .contains("<html lang=\"en\">"));
    // The API takes the same settings.
    let patched = app
        .patch(
            "/api/business",
            &json!({ "locale": "fr", "default_ban_message": null }),
        )
        .await;
    assert_eq!(patched.status(), StatusCode::OK);
    let business: Value = patched.json().await.unwrap();
    assert_eq!(business["locale"], "fr");
    assert!(business["default_ban_message"].is_null());
    let refused = app.patch("/api/business", &json!({ "locale": "de" })).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn orders_are_listed_and_deleting_the_last_one_releases_a_kept_profile() {
    let app = spawn_app().await;
    let client = app.add_client("Noé", "Garnier", json!({})).await;
    let id = id_of(&client);
    let order = app
        .add_order(&id, "package", json!({ "remaining": 5 }))
        .await;
    let code = order["code"].as_str().unwrap().to_string();
    let browser = Browser::logged_in(&app).await;
    let html = browser.html("/orders").await;
    assert!(html.contains(&code) && html.contains("forfait"));

    // Deleted while the order is active: the profile is kept and says why.
    let csrf = browser.csrf(&format!("/clients/{id}")).await;
    let kept = browser
        .post_form(&format!("/clients/{id}/delete"), &[("csrf", &csrf)])
        .await;
    assert_eq!(location_of(&kept), format!("/clients/{id}?done=kept"));
    let profile = browser.html(&format!("/clients/{id}")).await;
    assert!(profile.contains(&code) && profile.contains("commandes actives"));

    let order_id = order["id"].as_str().unwrap();
    let back = format!("/clients/{id}");
    let forged = browser
        .post_form(
            &format!("/orders/{order_id}/delete"),
            &[("csrf", "x"), ("back", &back)],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let deleted = browser
        .post_form(
            &format!("/orders/{order_id}/delete"),
            &[("csrf", &csrf), ("back", &back)],
        )
        .await;
    assert_eq!(location_of(&deleted), "/clients?done=deleted");
    assert_eq!(app.profile_status(&id).await, StatusCode::NOT_FOUND);
}

fn location_of(response: &reqwest::Response) -> String {
    response.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}
