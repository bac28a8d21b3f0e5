//! `clientele apikey create | list | revoke` on a SQLite file: a key is printed once,
//! listed by id and name (never its secret), and revoked by id; a wrong id is an error.

mod common;

use clientele_store::NewBusiness;
use common::clientele;

#[tokio::test]
async fn keys_are_created_listed_and_revoked_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("keys.db").display());
    let store = clientele_store::connect(&clientele_store::ConnectOptions::new(&url))
        .await
        .expect("open the test database");
    let business = NewBusiness {
        slug: "salon".into(),
        name: "Salon".into(),
        time_zone: "Europe/Paris".into(),
        locale: "fr".into(),
    };
    let business = store.create_business(&business, 0).await.unwrap();

    let (ok, out) = clientele(
        &url,
        &[
            "apikey",
            "create",
            "--business",
            "salon",
            "--name",
            "zapier",
        ],
    );
    assert!(ok, "{out}");
    let secret = out.lines().last().unwrap().trim().to_string();
    assert!(secret.starts_with(&format!("ck_{}_", business.id)), "{out}");

    let (ok, out) = clientele(&url, &["apikey", "list", "--business", "salon"]);
    assert!(ok, "{out}");
    let keys = store.api_keys(business.id).await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(
        out.starts_with(&format!("{}\tzapier\t", keys[0].id)),
        "{out}"
    );
    assert!(!out.contains(&secret), "a listing never shows the secret");

    let id = keys[0].id.to_string();
    let (ok, out) = clientele(
        &url,
        &["apikey", "revoke", "--business", "salon", "--id", &id],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("API key {id} of Salon revoked.")),
        "{out}"
    );
    assert!(store.api_keys(business.id).await.unwrap().is_empty());

    let (ok, out) = clientele(
        &url,
        &["apikey", "revoke", "--business", "salon", "--id", &id],
    );
    assert!(!ok, "{out}");
    assert!(out.contains(&format!("Salon has no API key {id}")), "{out}");
}
