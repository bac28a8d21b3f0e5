//! The public booking page (issue 6): the intake form of the chosen type, a booking in
//! the business's local time, a banned email refused with its message, the form token,
//! and the visitor's language.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::web_pages::Browser;

#[tokio::test]
async fn a_visitor_books_with_the_intake_form_and_a_banned_email_gets_the_message() {
    let app = spawn_app().await;
    let form = json!([{ "label": "Allergies", "kind": "text", "required": true }]);
    let type_id = app.form_type("Coloration", form).await;
    let slug = app.public().await.slug;
    let visitor = Browser::new(&app);
    let path = format!("/b/{slug}");
    let html = visitor.html(&path).await;
    assert!(html.contains("Coloration") && html.contains("Allergies"));
    let csrf = visitor.csrf(&path).await;
    let fields = |email: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("appointment_type_id", type_id.clone()),
            ("start", "2026-06-22T14:30".to_string()),
            ("first_name", "Hélène".to_string()),
            ("last_name", "Lefèvre".to_string()),
            ("email", email.to_string()),
            ("answer_0", "Pollen".to_string()),
        ]
    };

    let booked = visitor
        .http
        .post(app.url(&path))
        .form(&fields("helene@example.fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(booked.status(), StatusCode::CREATED);
    assert!(booked.text().await.unwrap().contains("helene@example.fr"));
    let list = app.list("search=helene").await;
    assert_eq!(list["total"], 1);
    let profile = app
        .profile(list["clients"][0]["id"].as_str().unwrap())
        .await;
    let appointment = &profile["appointments"][0];
    // 14:30 in Paris (summer time) is 12:30 UTC.
    assert_eq!(appointment["start"], "2026-06-22T12:30:00.000Z");
    assert_eq!(appointment["form"][0]["value"], "Pollen");

    let client_id = list["clients"][0]["id"].as_str().unwrap();
    assert_eq!(
        app.ban(client_id, Some("Appelez-nous.")).await.status(),
        StatusCode::OK
    );
    let refused = visitor
        .http
        .post(app.url(&path))
        .form(&fields("HELENE@example.fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("booking-error") && html.contains("Appelez-nous."),
        "{html}"
    );
    assert_eq!(
        app.profile(client_id).await["appointments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let mut forged = fields("other@example.fr");
    forged[0].1 = "forged".into();
    let response = visitor
        .http
        .post(app.url(&path))
        .form(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let mut bad_time = fields("other@example.fr");
    bad_time[2].1 = "tomorrow".into();
    let response = visitor
        .http
        .post(app.url(&path))
        .form(&bad_time)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.list("search=other@example").await["total"], 0);
}

#[tokio::test]
async fn the_page_speaks_the_visitors_language_and_unknown_businesses_are_404() {
    let app = spawn_app().await;
    app.appointment_type().await;
    let slug = app.public().await.slug;
    let english = reqwest::Client::new()
        .get(app.url(&format!("/b/{slug}")))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Book an appointment"));
    let french = reqwest::get(app.url(&format!("/b/{slug}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(french.contains("Prendre rendez-vous"));
    let missing = reqwest::get(app.url("/b/no-such-business")).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_client_signs_up_books_prefilled_and_finds_the_appointment_under_the_account() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let slug = app.public().await.slug;
    let visitor = Browser::new(&app);
    let account_page = format!("/b/{slug}/account");
    let csrf = visitor.csrf(&account_page).await;
    let signup = [
        ("csrf", csrf.as_str()),
        ("first_name", "Inès"),
        ("last_name", "Moreau"),
        ("email", "ines@example.fr"),
        ("password", "long enough pw"),
    ];
    let signed = visitor
        .post_form(&format!("/b/{slug}/signup"), &signup)
        .await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let twice = visitor
        .post_form(&format!("/b/{slug}/signup"), &signup)
        .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    // Until the emailed link is opened, the account asks for it.
    assert!(visitor
        .html(&format!("/b/{slug}/me"))
        .await
        .contains("verify-notice"));
    let token = app
        .public()
        .await
        .verification_token("ines@example.fr")
        .await;
    let opened = visitor
        .get(&format!("/b/{slug}/verify?token={token}"))
        .await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert!(!visitor
        .html(&format!("/b/{slug}/me"))
        .await
        .contains("verify-notice"));
    let reused = visitor
        .get(&format!("/b/{slug}/verify?token={token}"))
        .await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The booking form knows who is logged in.
    let form = visitor.html(&format!("/b/{slug}")).await;
    assert!(form.contains("value=\"ines@example.fr\""), "prefilled");
    let booked = visitor
        .post_form(
            &format!("/b/{slug}"),
            &[
                ("csrf", &csrf),
                ("appointment_type_id", &type_id),
                ("start", "2026-06-23T10:00"),
                ("first_name", "Inès"),
                ("last_name", "Moreau"),
                ("email", "ines@example.fr"),
            ],
        )
        .await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    let me = visitor.html(&format!("/b/{slug}/me")).await;
    assert!(
        me.contains("my-appointments") && me.contains("mardi 23 juin 2026, 10:00"),
        "{me}"
    );
    let list = app.list("search=ines").await;
    assert_eq!(list["clients"][0]["has_account"], true);

    let logged_out = visitor
        .post_form(&format!("/b/{slug}/logout"), &[("csrf", &csrf)])
        .await;
    assert_eq!(logged_out.status(), StatusCode::SEE_OTHER);
    let again = visitor.get(&format!("/b/{slug}/me")).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER, "logged out");
    let wrong = visitor
        .post_form(
            &format!("/b/{slug}/login"),
            &[
                ("csrf", &csrf),
                ("email", "ines@example.fr"),
                ("password", "wrong password"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = visitor
        .post_form(
            &format!("/b/{slug}/login"),
            &[
                ("csrf", &csrf),
                ("email", "ines@example.fr"),
                ("password", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        visitor.get(&format!("/b/{slug}/me")).await.status(),
        StatusCode::OK
    );
}
