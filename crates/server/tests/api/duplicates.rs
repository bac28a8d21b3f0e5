//! The duplicate finder (SPEC §6 "beyond"): likely pairs for each reason (same email,
//! same phone digits, same name up to accents/case, close spelling, nickname), each with
//! a score, strongest first; unrelated clients and other businesses are never paired.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

async fn pairs(app: &TestApp, query: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/clients/duplicates{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["pairs"].as_array().unwrap().clone()
}

/// The pair of two client ids, in either order.
fn pair_of<'a>(pairs: &'a [Value], x: &str, y: &str) -> Option<&'a Value> {
    pairs.iter().find(|p| {
        let (a, b) = (
            p["a"]["id"].as_str().unwrap(),
            p["b"]["id"].as_str().unwrap(),
        );
        (a == x && b == y) || (a == y && b == x)
    })
}

fn reasons(pair: &Value) -> Vec<&str> {
    pair["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_finder_suggests_a_pair_for_each_reason_with_a_score() {
    let app = spawn_app().await;
    let add = |first: &'static str, last: &'static str, extra: Value| {
        let app = &app;
        async move { id_of(&app.add_client(first, last, extra).await) }
    };
    let email_a = add("Alice", "Aubert", json!({ "email": "alice@example.fr" })).await;
    let email_b = add("Zoé", "Zeller", json!({ "email": "ALICE@Example.fr" })).await;
    let phone_a = add("Bernard", "Blanc", json!({ "phone": "06 12 34 56 78" })).await;
    let phone_b = add("Yves", "Yvon", json!({ "phone": "+33 6 12 34 56 78" })).await;
    let name_a = add("Hélène", "Dupont", json!({})).await;
    let name_b = add("helene", "DUPONT", json!({})).await;
    let close_a = add("Claire", "Fontaine", json!({})).await;
    let close_b = add("Claire", "Fontaines", json!({})).await;
    let nick = [
        (
            add("Bob", "Martin", json!({})).await,
            add("Robert", "Martin", json!({})).await,
        ),
        (
            add("Kate", "Wilson", json!({})).await,
            add("Katherine", "Wilson", json!({})).await,
        ),
        (
            add("Jeannot", "Moreau", json!({})).await,
            add("Jean", "Moreau", json!({})).await,
        ),
    ];
    let loners = [
        add(
            "Xavier",
            "Quentin",
            json!({ "email": "xq@example.fr", "phone": "0700000001" }),
        )
        .await,
        add(
            "Ursula",
            "Vogel",
            json!({ "email": "uv@example.fr", "phone": "0700000002" }),
        )
        .await,
    ];
    // Another business's twins are none of this business's pairs.
    let other = app.other_app("fr").await;
    let foreign = id_of(
        &other
            .add_client("Alice", "Aubert", json!({ "email": "alice@example.fr" }))
            .await,
    );

    let found = pairs(&app, "").await;
    let expect = |x: &str, y: &str, reason: &str| {
        let pair = pair_of(&found, x, y).unwrap_or_else(|| panic!("no {reason} pair in {found:?}"));
        assert!(
            reasons(pair).contains(&reason),
            "{reason} missing from {pair}"
        );
        let score = pair["score"].as_u64().expect("a score");
        assert!((1..=100).contains(&score), "score of {pair}");
        pair.clone()
    };
    let same_email = expect(&email_a, &email_b, "same_email");
    let same_phone = expect(&phone_a, &phone_b, "same_phone");
    let same_name = expect(&name_a, &name_b, "same_name");
    let close = expect(&close_a, &close_b, "close_spelling");
    for (a, b) in &nick {
        expect(a, b, "nickname");
    }
    // Each pair names its two clients.
    let names = [
        &same_email["a"]["first_name"],
        &same_email["b"]["first_name"],
    ];
    assert!(
        names.contains(&&json!("Alice")) && names.contains(&&json!("Zoé")),
        "{same_email}"
    );
    // A stronger reason scores higher.
    let score = |p: &Value| p["score"].as_u64().unwrap();
    assert!(
        score(&same_email) > score(&same_name),
        "{same_email} {same_name}"
    );
    assert!(score(&same_phone) > score(&close), "{same_phone} {close}");
    // Strongest first.
    let scores: Vec<u64> = found.iter().map(score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // Unrelated clients are in no pair, nor is another business's client.
    for p in &found {
        for id in loners.iter().chain([&foreign]) {
            assert!(
                p["a"]["id"] != id.as_str() && p["b"]["id"] != id.as_str(),
                "{p}"
            );
        }
    }
    assert_eq!(found.len(), 7, "one pair per couple: {found:?}");
    let other_pairs = pairs(&other, "").await;
    assert!(other_pairs.is_empty(), "{other_pairs:?}");

    // `limit` keeps the strongest.
    let two = pairs(&app, "?limit=2").await;
    assert_eq!(two.len(), 2);
    assert_eq!(two[0], found[0]);
    assert_eq!(two[1], found[1]);
}

#[tokio::test]
async fn a_suggested_pair_merges_and_is_no_longer_suggested() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let bob = id_of(
        &app.add_client("Bob", "Martin", json!({ "email": "bob@example.fr" }))
            .await,
    );
    let robert = id_of(
        &app.add_client("Robert", "Martin", json!({ "phone": "0611111111" }))
            .await,
    );
    app.book_at(&type_id, &bob, days_from_now(-5)).await;
    app.book_at(&type_id, &robert, days_from_now(5)).await;
    let found = pairs(&app, "").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(reasons(&found[0]), vec!["nickname"]);

    let response = app.merge(&bob, &robert, false).await;
    assert_eq!(response.status(), StatusCode::OK);
    let kept: Value = response.json().await.unwrap();
    assert_eq!(kept["email"], "bob@example.fr");
    assert_eq!(kept["phone"], "0611111111");
    assert_eq!(app.stored_appointments(&robert).await, 2);
    assert!(pairs(&app, "").await.is_empty());
}
