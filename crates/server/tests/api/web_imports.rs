//! The import wizard's pages over HTTP (SPEC §9): upload, preview (a dry run that
//! changes nothing), confirm with the same bytes, the batches with Undo, undo and its
//! refusal; CSRF on every post; vCard contacts ticked one by one; files refused whole.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{id_of, sorted, spawn_app, TestApp};
use crate::transfer::data;

const CSV: &str = "First Name,Last Name,Email\n\
    Alice,Martin,alice@example.com\n\
    ,Nofirst,nofirst@example.com\n\
    Bob,Stone,bob@example.com\n\
    Carl,,carl@example.com\n";

/// The page's text with HTML's escapes undone (values are escaped in attributes).
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of the first `<input ... name="NAME" value="...">` of a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("a {name} field in {html}"))
        + marker.len();
    unescape(&html[start..start + html[start..].find('"').unwrap()])
}

/// The hidden CSRF token of the imports page (its cookie comes with it).
async fn csrf(app: &TestApp) -> String {
    let response = app.get("/imports").await;
    assert_eq!(response.status(), StatusCode::OK);
    hidden(&response.text().await.unwrap(), "csrf")
}

/// Posts the upload form: `(status, page)`.
async fn upload(
    app: &TestApp,
    csrf: Option<&str>,
    kind: &str,
    name: &str,
    bytes: impl Into<Vec<u8>>,
) -> (StatusCode, String) {
    let mut form = Form::new().text("kind", kind.to_string());
    if let Some(csrf) = csrf {
        form = form.text("csrf", csrf.to_string());
    }
    let form = form.part(
        "file",
        Part::bytes(bytes.into()).file_name(name.to_string()),
    );
    let response = app
        .http
        .post(app.url("/imports/preview"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// A preview that went well.
async fn preview(app: &TestApp, kind: &str, name: &str, bytes: impl Into<Vec<u8>>) -> String {
    let token = csrf(app).await;
    let (status, html) = upload(app, Some(&token), kind, name, bytes).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    html
}

/// Posts the confirmation form of a preview page, plus `extra` fields.
async fn confirm(app: &TestApp, preview: &str, extra: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form: Vec<(&str, String)> = ["csrf", "kind", "file_name", "content"]
        .into_iter()
        .map(|name| (name, hidden(preview, name)))
        .collect();
    form.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    let response = app
        .http
        .post(app.url("/imports/confirm"))
        .form(&form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn post_undo(app: &TestApp, batch: &str, csrf: &str) -> (StatusCode, String) {
    let response = app
        .http
        .post(app.url(&format!("/imports/{batch}/undo")))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn total(app: &TestApp) -> u64 {
    app.list("limit=1").await["total"].as_u64().unwrap()
}

/// The `<dd>` after the `<dt>` of `label` in a page's counts.
fn count(html: &str, label: &str) -> String {
    let dt = format!("<dt>{label}</dt><dd>");
    let start = html
        .find(&dt)
        .unwrap_or_else(|| panic!("{label} in {html}"))
        + dt.len();
    html[start..start + html[start..].find('<').unwrap()].to_string()
}

#[tokio::test]
async fn a_csv_is_previewed_confirmed_listed_and_undone() {
    let app = spawn_app().await;
    app.add_client("Alice", "Martin", json!({ "email": "alice@example.com" }))
        .await;
    let before = app.snapshot().await;

    // The preview: counts and the rejected rows with line and reason; nothing changed.
    let page = preview(&app, "auto", "clients été.csv", CSV).await;
    assert_eq!(count(&page, "Créés"), "1");
    assert_eq!(count(&page, "Inchangés"), "1");
    assert_eq!(count(&page, "Rejetés"), "2");
    assert!(
        page.contains("<td>3</td>\n    <td>prénom manquant</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td>5</td>\n    <td>nom manquant</td>"),
        "{page}"
    );
    assert_eq!(hidden(&page, "file_name"), "clients été.csv");
    assert_eq!(app.snapshot().await, before, "a preview changes nothing");
    assert_eq!(app.batches().await.len(), 0);

    // Confirmed: the same rows go in, and the result offers Undo of the new batch.
    let (status, result) = confirm(&app, &page, &[("action", "import")]).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(count(&result, "Créés"), "1");
    assert!(result.contains("prénom manquant"));
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Alice Martin", "Bob Stone"])
    );
    let batches = app.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0]["file_name"], "clients été.csv");
    let batch = batches[0]["id"].as_str().unwrap().to_string();
    let undo_form = format!("action=\"/imports/{batch}/undo\"");
    assert!(result.contains(&undo_form), "{result}");

    // Post/redirect/get: the result has its own address (linked from the list), and
    // reloading it shows the batch again without importing anything.
    let address = format!("/imports/{batch}");
    let again = app.get(&address).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again = again.text().await.unwrap();
    assert_eq!(count(&again, "Créés"), "1");
    assert_eq!(count(&again, "Rejetés"), "2");
    assert!(again.contains("prénom manquant"), "{again}");
    assert!(again.contains(&undo_form));
    assert_eq!(app.batches().await.len(), 1);
    let (_, other) = app.other_business().await;
    let response = other.get(app.url(&address)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The imports page lists it, who and counts, with Undo.
    let list = app.get("/imports").await.text().await.unwrap();
    assert!(list.contains("clients été.csv"), "{list}");
    assert!(list.contains(&undo_form));
    assert!(list.contains("<td>vous</td>"), "{list}");

    // Undo removes what it created; the batch shows as undone, without the button.
    let (status, page) = post_undo(&app, &batch, &csrf(&app).await).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(count(&page, "Clients supprimés"), "1");
    assert_eq!(app.matching_names("").await, sorted(&["Alice Martin"]));
    let list = app.get("/imports").await.text().await.unwrap();
    assert!(!list.contains(&undo_form));
    assert!(list.contains("Annulé le"));
    assert!(list.contains(&format!("href=\"{address}\"")), "{list}");
    let again = app.get(&address).await.text().await.unwrap();
    assert!(
        again.contains("Annulé le") && !again.contains(&undo_form),
        "{again}"
    );
    let (status, _) = post_undo(&app, &batch, &csrf(&app).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "already undone");
}

#[tokio::test]
async fn an_undo_blocked_by_a_changed_client_names_it_and_changes_nothing() {
    let app = spawn_app().await;
    let page = preview(&app, "csv", "c.csv", CSV).await;
    confirm(&app, &page, &[]).await;
    let bob = app.client_named("Bob", "Stone").await;
    let response = app
        .patch(
            &format!("/api/clients/{}", id_of(&bob)),
            &json!({ "notes": "came in person", "version": bob["version"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let batch = app.batches().await[0]["id"].as_str().unwrap().to_string();
    let (status, page) = post_undo(&app, &batch, &csrf(&app).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let link = format!(
        "<a href=\"&#x2f;clients&#x2f;{}\">Bob Stone</a>",
        id_of(&bob)
    );
    let link_raw = format!("<a href=\"/clients/{}\">Bob Stone</a>", id_of(&bob));
    assert!(page.contains(&link) || page.contains(&link_raw), "{page}");
    assert_eq!(total(&app).await, 2, "nothing undone");
    let (status, _) = post_undo(&app, "999999", &csrf(&app).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn posts_without_the_csrf_token_are_refused_and_import_nothing() {
    let app = spawn_app().await;
    let (status, page) = upload(&app, None, "auto", "c.csv", CSV).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    let (status, _) = upload(&app, Some("forged"), "auto", "c.csv", CSV).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let page = preview(&app, "auto", "c.csv", CSV).await;
    let forged = page.replace(&hidden(&page, "csrf"), "forged-token-of-another-site-0000");
    let (status, _) = confirm(&app, &forged, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(total(&app).await, 0, "nothing imported");
    assert_eq!(app.batches().await.len(), 0);

    confirm(&app, &page, &[]).await;
    let batch = app.batches().await[0]["id"].as_str().unwrap().to_string();
    let (status, _) = post_undo(&app, &batch, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(total(&app).await, 2, "nothing undone");
}

#[tokio::test]
async fn a_vcard_preview_lists_contacts_and_only_the_ticked_ones_are_imported() {
    let app = spawn_app().await;
    let page = preview(&app, "auto", "contacts.vcf", data("contacts_v30.vcf")).await;
    assert_eq!(hidden(&page, "kind"), "vcard");
    for (i, name) in ["Zoë Ñúñez", "Jan Willem van der Berg", "Amélie Folded"]
        .iter()
        .enumerate()
    {
        assert!(
            page.contains(&format!("name=\"select\" value=\"{i}\" checked")),
            "{page}"
        );
        assert!(page.contains(name), "{name}");
    }
    assert!(page.contains("zoe@example.com"));

    // "Select none" without JavaScript: the preview again, nothing ticked.
    let (status, none) = confirm(&app, &page, &[("action", "none")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!none.contains("checked"), "{none}");
    // Importing with nothing ticked is refused.
    let (status, _) = confirm(&app, &page, &[("action", "import")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(total(&app).await, 0);

    let picked = [("select", "0"), ("select", "2"), ("action", "import")];
    let (status, result) = confirm(&app, &page, &picked).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(count(&result, "Créés"), "2");
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Zoë Ñúñez", "Amélie Folded"])
    );
    assert_eq!(app.batches().await[0]["kind"], "vcard");
}

#[tokio::test]
async fn files_that_cannot_be_imported_show_why_and_change_nothing() {
    let app = spawn_app().await;
    let token = csrf(&app).await;
    let cases: [(&str, &str, Vec<u8>, StatusCode, &str); 5] = [
        (
            "auto",
            "photo.png",
            data("garbage.png"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "this is not a CSV file",
        ),
        (
            "auto",
            "empty.csv",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the file is empty",
        ),
        (
            "vcard",
            "c.csv",
            CSV.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a vCard file",
        ),
        (
            "auto",
            "",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choisissez un fichier",
        ),
        (
            "csv",
            "big.csv",
            vec![b'a'; 5 * 1024 * 1024 + 1],
            StatusCode::PAYLOAD_TOO_LARGE,
            "clientele import clients",
        ),
    ];
    for (kind, name, bytes, status, message) in cases {
        let (got, page) = upload(&app, Some(&token), kind, name, bytes).await;
        assert_eq!(got, status, "{name}: {page}");
        assert!(page.contains("role=\"alert\""), "{page}");
        assert!(unescape(&page).contains(message), "{name}: {page}");
        assert!(
            page.contains("enctype=\"multipart/form-data\""),
            "the form again"
        );
    }
    assert_eq!(total(&app).await, 0);
    assert_eq!(app.batches().await.len(), 0);

    // In English too, the limit and the command line to use instead.
    app.get("/lang/en").await;
    let big = vec![b'a'; 5 * 1024 * 1024 + 1];
    let (_, page) = upload(&app, Some(&token), "auto", "big.csv", big).await;
    assert!(page.contains("larger than 5 MB"), "{page}");
    assert!(page.contains("Past imports"));
}
