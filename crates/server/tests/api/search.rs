//! The search box of SPEC §3: names, phone digits and email parts, each checked for who
//! is found and who is not, with `total` counting exactly the matches.

use clientele_domain::{Notes, PersonName, Phone};
use clientele_store::{BulkClient, ClientFields};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

const HELENE: &str = "Hélène Dupont";
const JEAN_DUPONT: &str = "Jean Dupont";
const JEANNE: &str = "Jeanne Martin";
const FONTAINE: &str = "Jean de La Fontaine";
const JEAN_PIERRE: &str = "Jean-Pierre Martin";
const HELEN: &str = "Helen Smith";
const PAUL: &str = "Paul Durand";

/// Several clients whose names, phones and emails overlap in instructive ways.
async fn fixture() -> TestApp {
    let app = spawn_app().await;
    let rows = [
        ("Hélène", "Dupont", "Dupont@X.fr", "06 12 34 56 78"),
        ("Jean", "Dupont", "jean.d@mail.com", "04 00 00 00 01"),
        ("Jeanne", "Martin", "jm@mail.com", "+33 6 12 34 56 78"),
        (
            "Jean",
            "de La Fontaine",
            "fables@poesie.org",
            "01 98 76 54 32",
        ),
        ("Jean-Pierre", "Martin", "jp@mail.com", "07.11.22.33.44"),
        ("Helen", "Smith", "hs@example.org", "(02) 40-50-60"),
        ("Paul", "Durand", "paul@durand.net", "05 55 55 55 55"),
    ];
    for (first, last, email, phone) in rows {
        app.add_client(first, last, json!({ "email": email, "phone": phone }))
            .await;
    }
    app
}

async fn found(app: &TestApp, search: &str) -> Vec<String> {
    app.matching_names(&format!("search={}", enc(search))).await
}

#[tokio::test]
async fn names_match_by_prefix_ignoring_accents_and_case() {
    let app = fixture().await;
    assert_eq!(found(&app, "helene").await, sorted(&[HELENE]));
    assert_eq!(found(&app, "Hélène").await, sorted(&[HELENE]));
    assert_eq!(found(&app, "HÉL").await, sorted(&[HELENE, HELEN]));
    assert_eq!(found(&app, "hel").await, sorted(&[HELENE, HELEN]));
    assert_eq!(
        found(&app, "jean").await,
        sorted(&[JEAN_DUPONT, JEANNE, FONTAINE, JEAN_PIERRE])
    );
    assert_eq!(found(&app, "JEANNE").await, sorted(&[JEANNE]));
    assert_eq!(found(&app, "dupont").await, sorted(&[HELENE, JEAN_DUPONT]));
    assert_eq!(found(&app, "smi").await, sorted(&[HELEN]));
    // A prefix, not a substring: "ntaine" ends Fontaine but starts no word.
    assert_eq!(found(&app, "ntaine").await, Vec::<String>::new());
    assert_eq!(found(&app, "zzz").await, Vec::<String>::new());
}

#[tokio::test]
async fn first_word_is_the_first_name_and_the_rest_the_last_name() {
    let app = fixture().await;
    assert_eq!(found(&app, "jean dup").await, sorted(&[JEAN_DUPONT]));
    assert_eq!(found(&app, "Jean  DUPONT").await, sorted(&[JEAN_DUPONT]));
    assert_eq!(found(&app, "jeanne mar").await, sorted(&[JEANNE]));
    assert_eq!(found(&app, "helene dup").await, sorted(&[HELENE]));
    assert_eq!(found(&app, "helene martin").await, Vec::<String>::new());
}

#[tokio::test]
async fn compound_last_and_first_names_are_found_by_all_their_words() {
    let app = fixture().await;
    assert_eq!(found(&app, "de la fontaine").await, sorted(&[FONTAINE]));
    assert_eq!(found(&app, "De La Fontaine").await, sorted(&[FONTAINE]));
    assert_eq!(found(&app, "la font").await, sorted(&[FONTAINE]));
    assert_eq!(found(&app, "jean fontaine").await, sorted(&[FONTAINE]));
    assert_eq!(
        found(&app, "jean de la fontaine").await,
        sorted(&[FONTAINE])
    );
    assert_eq!(found(&app, "jean pierre").await, sorted(&[JEAN_PIERRE]));
    assert_eq!(found(&app, "jean-pierre").await, sorted(&[JEAN_PIERRE]));
    assert_eq!(found(&app, "jean pierre mar").await, sorted(&[JEAN_PIERRE]));
    assert_eq!(found(&app, "martin").await, sorted(&[JEANNE, JEAN_PIERRE]));
    assert_eq!(found(&app, "pierre martin").await, sorted(&[JEAN_PIERRE]));
}

#[tokio::test]
async fn phone_digits_match_anywhere_in_the_number() {
    let app = fixture().await;
    // The recommended query: the last four digits.
    assert_eq!(found(&app, "5678").await, sorted(&[HELENE, JEANNE]));
    assert_eq!(found(&app, "3344").await, sorted(&[JEAN_PIERRE]));
    assert_eq!(found(&app, "9876").await, sorted(&[FONTAINE]));
    assert_eq!(found(&app, "0612").await, sorted(&[HELENE]));
    assert_eq!(
        found(&app, "12").await,
        sorted(&[HELENE, JEANNE, JEAN_PIERRE])
    );
    assert_eq!(found(&app, "4321").await, Vec::<String>::new());
}

#[tokio::test]
async fn phone_queries_ignore_spaces_dots_dashes_parentheses_and_a_leading_plus() {
    let app = fixture().await;
    for query in [
        "06 12 34",
        "06.12.34",
        "(06) 12-34",
        "06-12-34",
        " 0612 34 ",
    ] {
        assert_eq!(found(&app, query).await, sorted(&[HELENE]), "{query:?}");
    }
    for query in ["+33 6 12", "+33612", "+33 (6) 12.34"] {
        assert_eq!(found(&app, query).await, sorted(&[JEANNE]), "{query:?}");
    }
    assert_eq!(found(&app, "6 12 34 56").await, sorted(&[HELENE, JEANNE]));
    assert_eq!(found(&app, "(02) 40").await, sorted(&[HELEN]));
    assert_eq!(found(&app, "07.11").await, sorted(&[JEAN_PIERRE]));
}

#[tokio::test]
async fn a_phone_query_needs_two_digits() {
    let app = fixture().await;
    for query in ["7", "+3", "(0)", " 5 "] {
        let response = app
            .get(&format!("/api/clients?search={}", enc(query)))
            .await;
        expect_validation(response, "search").await;
    }
}

#[tokio::test]
async fn any_part_of_the_email_matches_case_insensitively() {
    let app = fixture().await;
    for query in [
        "DUPONT@",
        "x.fr",
        "ont@x",
        "dupont@x.fr",
        "  dupont@x.fr  ",
        "@X.FR",
    ] {
        assert_eq!(found(&app, query).await, sorted(&[HELENE]), "{query:?}");
    }
    assert_eq!(
        found(&app, "mail.com").await,
        sorted(&[JEAN_DUPONT, JEANNE, JEAN_PIERRE])
    );
    assert_eq!(found(&app, "JM@MAIL").await, sorted(&[JEANNE]));
    assert_eq!(found(&app, "@poesie").await, sorted(&[FONTAINE]));
    assert_eq!(found(&app, "nobody@x.fr").await, Vec::<String>::new());
}

#[tokio::test]
async fn an_edited_contact_is_searched_by_its_new_value_only() {
    let app = fixture().await;
    let paul = app.list("search=paul").await["clients"][0].clone();
    let response = app
        .patch(
            &format!("/api/clients/{}", id_of(&paul)),
            &json!({ "email": "p.d@renamed.fr", "phone": "09 87 65 43 21", "version": paul["version"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(found(&app, "renamed").await, sorted(&[PAUL]));
    assert_eq!(found(&app, "4321").await, sorted(&[PAUL]));
    assert_eq!(found(&app, "durand.net").await, Vec::<String>::new());
    assert_eq!(found(&app, "5555").await, Vec::<String>::new());

    // Renamed: found once (by name and by email), in the order of the new name.
    let response = app
        .patch(
            &format!("/api/clients/{}", id_of(&paul)),
            &json!({ "last_name": "Zeller", "version": 2 }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(found(&app, "paul").await, ["Paul Zeller"]);
    assert_eq!(found(&app, "durand").await, Vec::<String>::new());
    assert_eq!(
        app.list_names("search=p").await,
        [FONTAINE, HELENE, JEAN_PIERRE, HELEN, "Paul Zeller"]
    );
}

#[tokio::test]
async fn search_combines_with_a_filter() {
    let app = fixture().await;
    let type_id = app.appointment_type().await;
    let jean = app.list("search=jean%20dupont").await["clients"][0].clone();
    let helene = app.list("search=helene").await["clients"][0].clone();
    app.book_at(&type_id, &id_of(&jean), days_from_now(-10))
        .await;
    app.book_at(&type_id, &id_of(&helene), days_from_now(-100))
        .await;

    let q = |search: &str, filter: &str| format!("search={}&filter={filter}", enc(search));
    assert_eq!(
        app.matching_names(&q("dupont", "recent:30d")).await,
        sorted(&[JEAN_DUPONT])
    );
    assert_eq!(
        app.matching_names(&q("dupont", "recent:1y")).await,
        sorted(&[HELENE, JEAN_DUPONT])
    );
    assert_eq!(
        app.matching_names(&q("dupont", "past:1m")).await,
        sorted(&[HELENE])
    );
    assert_eq!(
        app.matching_names(&q("5678", "recent:1y")).await,
        sorted(&[HELENE])
    );
    assert_eq!(
        app.matching_names(&q("mail.com", "recent:30d")).await,
        sorted(&[JEAN_DUPONT])
    );
    assert_eq!(
        app.matching_names(&q("martin", "recent:4y")).await,
        Vec::<String>::new()
    );
    // Without a search, the filter alone.
    assert_eq!(
        app.matching_names("filter=recent:1y").await,
        sorted(&[HELENE, JEAN_DUPONT])
    );
}

/// Bulk-loads `n` clients "Jean{i:05} Dupont", phone "06 00 {i:06}", created long ago.
async fn many_duponts(app: &TestApp, n: usize) {
    let created = utc("2020-01-01T00:00:00Z").timestamp_millis();
    let clients: Vec<BulkClient> = (0..n)
        .map(|i| BulkClient {
            fields: ClientFields {
                name: PersonName::parse(&format!("Jean{i:05}"), "Dupont").unwrap(),
                email: None,
                phone: Some(Phone::parse(&format!("06 00 {i:06}")).unwrap()),
                notes: Notes::default(),
            },
            created_at: created,
        })
        .collect();
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
    app.analyze_clients().await;
}

/// Walks every page of a query, checking `total` on each; returns the first names.
async fn walk_firsts(app: &TestApp, query: &str, expected_total: usize) -> Vec<String> {
    let mut firsts = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut q = format!("{query}&limit=1000");
        if let Some(c) = &cursor {
            q.push_str(&format!("&cursor={}", enc(c)));
        }
        let page = app.list(&q).await;
        assert_eq!(page["total"], expected_total, "total of ?{q}");
        for c in page["clients"].as_array().unwrap() {
            firsts.push(c["first_name"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return firsts,
        }
    }
}

#[tokio::test]
async fn a_search_with_more_than_ten_thousand_matches_pages_like_a_small_one() {
    let app = spawn_app().await;
    let n = 10_050;
    many_duponts(&app, n).await;
    // Around them, in list order: before, between and after the Duponts.
    app.add_client("Anne", "Dupond", json!({ "phone": "06 00 999999" }))
        .await;
    app.add_client("Zoe", "Dupont", json!({})).await;
    app.add_client("Paul", "Dupontel", json!({})).await;

    let expected: Vec<String> = (0..n)
        .map(|i| format!("Jean{i:05}"))
        .chain(["Zoe".to_string(), "Paul".to_string()])
        .collect();
    assert_eq!(walk_firsts(&app, "search=dupont", n + 2).await, expected);
    // Two name words (the longest drives the index, the other is checked).
    assert_eq!(
        walk_firsts(&app, "search=jean%20dupont", n).await,
        expected[..n]
    );
    // Phone digits.
    let mut by_phone = vec!["Anne".to_string()];
    by_phone.extend(expected[..n].iter().cloned());
    assert_eq!(walk_firsts(&app, "search=0600", n + 1).await, by_phone);
    // With a filter: the three added today are not inactive.
    assert_eq!(
        walk_firsts(&app, "search=dupont&filter=past:1y", n).await,
        expected[..n]
    );
    // A narrower search among them is still exact.
    assert_eq!(
        app.matching_names("search=jean0999").await,
        (9990..10_000)
            .map(|i| format!("Jean{i:05} Dupont"))
            .collect::<Vec<_>>()
    );
}
