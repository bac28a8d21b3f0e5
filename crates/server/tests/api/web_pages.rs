//! The web admin's pages over HTTP (issue 6): login with CSRF, security headers, the
//! client list escaping names, add with the homonym warning, edit with the merge
//! explained before saving, ban then a refused public booking, delete, resend, and the
//! two languages. (The browser tests in `e2e/` drive the same pages in Chromium.)

use reqwest::header::{CONTENT_SECURITY_POLICY, LOCATION};
use reqwest::{redirect, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;
use crate::public_helpers::booking;

/// A browser-like client: keeps cookies, does not follow redirects (tests check them).
pub struct Browser {
    pub http: reqwest::Client,
    base: String,
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            http,
            base: app.base.clone(),
        }
    }

    /// Logged in through the login form as the app's owner.
    pub async fn logged_in(app: &TestApp) -> Browser {
        let browser = Browser::new(app);
        let csrf = browser.csrf("/login").await;
        let response = browser
            .post_form(
                "/login",
                &[
                    ("csrf", &csrf),
                    ("email", &app.owner_email),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        browser
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.unwrap()
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The hidden `csrf` value of the page at `path` (the cookie comes with it).
    pub async fn csrf(&self, path: &str) -> String {
        let html = self.html(path).await;
        let start = html
            .find("name=\"csrf\" value=\"")
            .expect("a form with a csrf field")
            + 19;
        html[start..start + html[start..].find('"').unwrap()].to_string()
    }
}

fn location(response: &reqwest::Response) -> String {
    response.headers()[LOCATION].to_str().unwrap().to_string()
}

#[tokio::test]
async fn login_needs_the_form_token_and_pages_need_a_session() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let page = browser.get("/clients").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/login");

    let login = browser.get("/login").await;
    let csp = login.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let without = browser
        .post_form(
            "/login",
            &[
                ("csrf", "forged"),
                ("email", &app.owner_email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get("/clients").await.status(),
        StatusCode::SEE_OTHER
    );

    let csrf = browser.csrf("/login").await;
    let wrong = browser
        .post_form(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", &app.owner_email),
                ("password", "nope"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.text().await.unwrap().contains("incorrect"));
    let ok = browser
        .post_form(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", &app.owner_email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&ok), "/clients");
    assert_eq!(browser.get("/clients").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn names_are_text_everywhere_on_the_list_and_the_profile() {
    let app = spawn_app().await;
    let evil = app
        .add_client(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(2)>",
            json!({ "notes": "<b>bold</b>" }),
        )
        .await;
    let browser = Browser::logged_in(&app).await;
    for path in ["/clients".to_string(), format!("/clients/{}", id_of(&evil))] {
        let html = browser.html(&path).await;
        assert!(!html.contains("<script>alert(1)"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(html.contains("&lt;script&gt;alert(1)"), "{path}");
    }
}

/// A form refused for a bad email says what is wrong with it, in the page's language.
#[tokio::test]
async fn a_refused_email_says_why_in_french() {
    let app = spawn_app().await;
    let browser = Browser::logged_in(&app).await;
    let csrf = browser.csrf("/clients/new").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("first_name", "Hélène"),
        ("last_name", "Dupré"),
        ("email", "helene.example.fr"),
    ];
    let refused = browser.post_form("/clients/new", &form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("L&#x27;adresse e-mail n&#x27;est pas valide. (&#x27;@&#x27; manquant)"),
        "{page}"
    );
    assert_eq!(app.list("").await["total"], 0);
}

#[tokio::test]
async fn adding_a_client_warns_about_a_homonym_before_creating_a_twin() {
    let app = spawn_app().await;
    let browser = Browser::logged_in(&app).await;
    let csrf = browser.csrf("/clients/new").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("first_name", "Hélène"),
        ("last_name", "Dupré"),
        ("email", "h@example.fr"),
    ];
    let created = browser.post_form("/clients/new", &form).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let profile = location(&created);
    assert!(browser.html(&profile).await.contains("Hélène Dupré"));

    let again = browser.post_form("/clients/new", &form).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("allow_homonym"));
    assert_eq!(app.list("").await["total"], 1);
    let mut twin = form.to_vec();
    twin.push(("allow_homonym", "1"));
    assert_eq!(
        browser.post_form("/clients/new", &twin).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn a_rename_onto_another_client_explains_the_merge_before_saving() {
    let app = spawn_app().await;
    let keep = app
        .add_client("Jean", "Martin", json!({ "email": "jean@example.fr" }))
        .await;
    let dup = app
        .add_client("Jan", "Martin", json!({ "notes": "Allergique" }))
        .await;
    let browser = Browser::logged_in(&app).await;
    let path = format!("/clients/{}/edit", id_of(&dup));
    let csrf = browser.csrf(&path).await;
    let version = dup["version"].to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("version", &version),
        ("first_name", "Jean"),
        ("last_name", "Martin"),
        ("notes", "Allergique"),
    ];
    let warned = browser.post_form(&path, &form).await;
    assert_eq!(warned.status(), StatusCode::OK);
    let html = warned.text().await.unwrap();
    assert!(
        html.contains("merge-warning") && html.contains("confirm_merge"),
        "{html}"
    );
    assert_eq!(
        app.list("").await["total"],
        2,
        "nothing merged before the confirmation"
    );

    let mut confirmed = form.to_vec();
    confirmed.push(("confirm_merge", "1"));
    let merged = browser.post_form(&path, &confirmed).await;
    assert_eq!(
        location(&merged),
        format!("/clients/{}?done=merged", id_of(&keep))
    );
    assert_eq!(app.list("").await["total"], 1);
    let kept = app.profile(&id_of(&keep)).await;
    assert!(kept["client"]["notes"]
        .as_str()
        .unwrap()
        .contains("Allergique"));
}

#[tokio::test]
async fn a_ban_from_the_profile_refuses_the_next_public_booking_with_its_message() {
    let app = spawn_app().await;
    let client = app
        .add_client("Zoé", "Bernard", json!({ "email": "zoe@example.fr" }))
        .await;
    let id = id_of(&client);
    let browser = Browser::logged_in(&app).await;
    let profile = format!("/clients/{id}");
    let html = browser.html(&profile).await;
    // The default message is the ban form's placeholder.
    assert!(
        html.contains("prendre des rendez-vous en ligne"),
        "placeholder"
    );
    let csrf = browser.csrf(&profile).await;
    let banned = browser
        .post_form(
            &format!("/clients/{id}/ban"),
            &[("csrf", &csrf), ("message", "Merci d'appeler le salon.")],
        )
        .await;
    assert_eq!(location(&banned), format!("/clients/{id}?done=banned"));
    assert!(browser.html(&profile).await.contains("unban"));

    let type_id = app.appointment_type().await;
    let public = app.public().await;
    let start = test_now() + chrono::Duration::days(2);
    let refused = public
        .book(
            &booking(&type_id, start, "Zoé", "Bernard", "zoe@example.fr"),
            None,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["message"], "Merci d'appeler le salon.");

    let unbanned = browser
        .post_form(&format!("/clients/{id}/unban"), &[("csrf", &csrf)])
        .await;
    assert_eq!(location(&unbanned), format!("/clients/{id}?done=unbanned"));
    assert_eq!(app.profile(&id).await["client"]["banned"], false);
}

#[tokio::test]
async fn delete_and_resend_from_the_profile_need_the_token() {
    let app = spawn_app().await;
    let client = app
        .add_client("Léa", "Petit", json!({ "email": "lea@example.fr" }))
        .await;
    let id = id_of(&client);
    let type_id = app.appointment_type().await;
    let appointment = app.book(&type_id, &id, "2026-06-20T08:00:00Z").await;
    let browser = Browser::logged_in(&app).await;
    let csrf = browser.csrf(&format!("/clients/{id}")).await;

    let resend = format!("/appointments/{}/resend", id_of(&appointment));
    let forged = browser
        .post_form(&resend, &[("csrf", "x"), ("client_id", &id)])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let resent = browser
        .post_form(&resend, &[("csrf", &csrf), ("client_id", &id)])
        .await;
    assert_eq!(location(&resent), format!("/clients/{id}?done=resent"));
    let emails: Value = app.get("/api/emails").await.json().await.unwrap();
    let kinds: Vec<&str> = emails["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["resend", "confirmation"]);

    let delete = format!("/clients/{id}/delete");
    assert_eq!(
        browser.post_form(&delete, &[("csrf", "x")]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.profile_status(&id).await, StatusCode::OK);
    let deleted = browser.post_form(&delete, &[("csrf", &csrf)]).await;
    assert_eq!(location(&deleted), "/clients?done=deleted");
    assert_eq!(app.profile_status(&id).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_speak_the_business_language_until_the_switcher_says_otherwise() {
    let app = spawn_app().await;
    let browser = Browser::logged_in(&app).await;
    let french = browser.html("/clients").await;
    assert!(french.contains("<html lang=\"fr\">") && french.contains("Rechercher par nom"));
    let switched = browser.get("/lang/en").await;
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    let english = browser.html("/clients").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Search by name"));
    // Another business's client is never found through a page.
    let (other, _) = app.other_business().await;
    let stranger = app
        .store
        .insert_client(
            other,
            &clientele_server::forms::client_fields_from("Ana", "Autre", "", "", "").unwrap(),
            false,
            test_now().timestamp_millis(),
        )
        .await
        .unwrap();
    let page = browser.get(&format!("/clients/{}", stranger.id)).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
}
