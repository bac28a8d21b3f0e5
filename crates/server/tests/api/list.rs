//! The client list of SPEC §3: order (last name, first name, accent- and
//! case-insensitive, id tie-break), keyset pagination, page sizes and cursors.

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clientele_domain::{Notes, PersonName};
use clientele_store::{BulkClient, ClientFields};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

/// (first, last) in the order the list must show them, homonyms in creation order.
const ORDERED: [(&str, &str); 13] = [
    ("Eric", "Abel"),
    ("Charles", "de Gaulle"),
    ("Émile", "Dupont"),
    ("Jean", "Dupont"),
    ("Aaron", "Dupontel"),
    ("alice", "dupuis"),
    ("Anne", "Durand"),
    ("Zoé", "Écosse"),
    ("paul", "lefebvre"),
    ("Marc", "Lefèvre"),
    ("Jean", "Martin"),
    ("Jean", "Martin"),
    ("Éric", "Zola"),
];

/// Adds the clients of [`ORDERED`] in a shuffled order (homonyms kept in order), and
/// returns the expected order as "First Last".
async fn add_shuffled(app: &TestApp) -> Vec<String> {
    for i in [12, 10, 3, 7, 0, 9, 5, 2, 11, 8, 4, 1, 6] {
        let (first, last) = ORDERED[i];
        app.add_client(first, last, json!({})).await;
    }
    ORDERED.iter().map(|(f, l)| format!("{f} {l}")).collect()
}

fn numeric(id: &str) -> i64 {
    id.parse().expect("numeric id")
}

#[tokio::test]
async fn sorted_by_last_then_first_name_ignoring_accents_and_case() {
    let app = spawn_app().await;
    let expected = add_shuffled(&app).await;
    assert_eq!(app.list_names("").await, expected);
    // Homonyms: the id breaks the tie, so the order is stable.
    let list = app.list("search=jean%20martin").await;
    let ids = ids_in(&list);
    assert_eq!(ids.len(), 2);
    assert!(numeric(&ids[0]) < numeric(&ids[1]), "{ids:?}");
    // A search or filter keeps the same order.
    assert_eq!(
        app.list_names("search=e").await,
        ["Eric Abel", "Émile Dupont", "Zoé Écosse", "Éric Zola"]
    );
}

/// Walks the whole list with `limit`, checking `total` on every page.
async fn walk(app: &TestApp, limit: u32, expected_total: usize) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            None => format!("limit={limit}"),
            Some(c) => format!("limit={limit}&cursor={}", enc(c)),
        };
        let page = app.list(&query).await;
        pages += 1;
        assert_eq!(page["total"], expected_total, "total on page {pages}");
        let page_ids = ids_in(&page);
        assert!(page_ids.len() <= limit as usize);
        ids.extend(page_ids.clone());
        match &page["next_cursor"] {
            Value::Null => break,
            Value::String(next) => {
                assert_eq!(page_ids.len(), limit as usize, "a full page before the end");
                cursor = Some(next.clone());
            }
            other => panic!("next_cursor {other}"),
        }
        assert!(pages <= expected_total + 1, "pagination does not end");
    }
    (ids, pages)
}

#[tokio::test]
async fn keyset_pages_walk_the_whole_list_without_gaps_or_duplicates() {
    let app = spawn_app().await;
    add_shuffled(&app).await;
    app.add_client("Jean", "Martin", json!({})).await;
    let all = app.list_ids("limit=1000").await;
    assert_eq!(all.len(), 14);

    // 14 rows by 2: the last page is full and still ends the walk.
    let (ids, pages) = walk(&app, 2, 14).await;
    assert_eq!(ids, all);
    assert_eq!(pages, 7);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 14);

    // By 5: a short last page; by 3: the three homonyms straddle a page boundary.
    assert_eq!(walk(&app, 5, 14).await, (all.clone(), 3));
    assert_eq!(walk(&app, 3, 14).await, (all.clone(), 5));
    assert_eq!(walk(&app, 1, 14).await.0, all);
}

fn bulk_client(i: usize) -> BulkClient {
    BulkClient {
        fields: ClientFields {
            name: PersonName::parse(&format!("Client{i:04}"), &format!("Name{i:04}")).unwrap(),
            email: None,
            phone: None,
            notes: Notes::default(),
        },
        created_at: test_now().timestamp_millis(),
    }
}

#[tokio::test]
async fn default_page_is_500_and_at_most_1000() {
    let app = spawn_app().await;
    let clients: Vec<BulkClient> = (0..1001).map(bulk_client).collect();
    app.store
        .bulk_load(
            app.business_id,
            0,
            &clients,
            &[],
            test_now().timestamp_millis(),
        )
        .await
        .unwrap();

    let first = app.list("").await;
    assert_eq!(first["clients"].as_array().unwrap().len(), 500);
    assert_eq!(first["total"], 1001);
    assert_eq!(first["clients"][0]["last_name"], "Name0000");
    assert_eq!(first["clients"][499]["last_name"], "Name0499");
    let cursor = first["next_cursor"].as_str().expect("more pages");
    let second = app.list(&format!("cursor={}", enc(cursor))).await;
    assert_eq!(second["clients"][0]["last_name"], "Name0500");
    assert_eq!(second["clients"].as_array().unwrap().len(), 500);
    let third = app
        .list(&format!(
            "cursor={}",
            enc(second["next_cursor"].as_str().unwrap())
        ))
        .await;
    assert_eq!(third["clients"].as_array().unwrap().len(), 1);
    assert!(third["next_cursor"].is_null());

    let max = app.list("limit=1000").await;
    assert_eq!(max["clients"].as_array().unwrap().len(), 1000);
    assert!(max["next_cursor"].is_string());

    for limit in ["1001", "0", "-1", "abc", "5000"] {
        let response = app.get(&format!("/api/clients?limit={limit}")).await;
        expect_validation(response, "limit").await;
    }
}

#[tokio::test]
async fn a_bad_cursor_is_a_bad_request() {
    let app = spawn_app().await;
    add_shuffled(&app).await;
    let not_json = URL_SAFE_NO_PAD.encode(b"[1,2]");
    let wrong_shape = URL_SAFE_NO_PAD.encode(br#"{"sort_key":5}"#);
    for cursor in ["garbage!", "%%%", not_json.as_str(), wrong_shape.as_str()] {
        let response = app
            .get(&format!("/api/clients?cursor={}", enc(cursor)))
            .await;
        expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
}

#[tokio::test]
async fn pages_stay_right_when_the_list_changes_between_them() {
    let app = spawn_app().await;
    let expected = add_shuffled(&app).await;
    let page1 = app.list("limit=4").await;
    assert_eq!(app_names(&page1), expected[..4]);
    let cursor = page1["next_cursor"].as_str().unwrap().to_string();

    // Added before the cursor position, and after it; the last row of page 1 deleted.
    app.add_client("Zed", "Aaronson", json!({})).await;
    app.add_client("Bob", "Dupuy", json!({})).await;
    let last_of_page1 = page1["clients"][3]["id"].as_str().unwrap();
    assert_eq!(
        app.delete(&format!("/api/clients/{last_of_page1}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );

    let mut rest = Vec::new();
    let mut next = Some(cursor);
    while let Some(c) = next {
        let page = app.list(&format!("limit=4&cursor={}", enc(&c))).await;
        assert_eq!(page["total"], 14, "13 + 2 added - 1 deleted");
        rest.extend(app_names(&page));
        next = page["next_cursor"].as_str().map(str::to_string);
    }
    let mut want: Vec<String> = expected[4..].to_vec();
    want.insert(2, "Bob Dupuy".into());
    assert_eq!(rest, want);
}

fn app_names(page: &Value) -> Vec<String> {
    page["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["first_name"].as_str().unwrap(),
                c["last_name"].as_str().unwrap()
            )
        })
        .collect()
}
