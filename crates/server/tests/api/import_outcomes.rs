//! CSV import outcomes (SPEC §9): rows matched by email then by normalised name,
//! updates of only what differs (notes appended), a dry run that reports exactly what
//! the real run then does and changes nothing, and all-or-nothing imports.

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{id_of, spawn_app, TestApp};
use crate::transfer::{contact, counts, outcome, rejected};

const MIXED: &str = "First Name,Last Name,Email,Phone,Notes\n\
    Alicia,Martín,ALICE@EXAMPLE.COM,0611223344,Likes tea\n\
    berenice,DUPRE,berenice@example.fr,,First visit\n\
    Chris,Stone,,,\n\
    Dan,Brown,dan@example.com,+1 555 0100,Allergic\n\
    Eve,New,eve@example.com,,\n\
    Chris,Stone,chris@example.com,07 00 00 00 01,\n";

/// Four existing clients that the rows of [`MIXED`] match.
async fn existing(app: &TestApp) -> [Value; 4] {
    [
        app.add_client(
            "Alice",
            "Martin",
            json!({ "email": "alice@example.com", "phone": "06 11 22 33 44", "notes": "Likes tea" }),
        )
        .await,
        app.add_client("Bérénice", "Dupré", json!({})).await,
        app.add_client(
            "Chris",
            "Stone",
            json!({ "email": "chris@example.com", "phone": "0700000000", "notes": "VIP" }),
        )
        .await,
        app.add_client(
            "Dan",
            "Brown",
            json!({ "email": "dan@example.com", "notes": "Likes tea" }),
        )
        .await,
    ]
}

#[tokio::test]
async fn rows_create_update_or_leave_unchanged_and_only_differing_fields_change() {
    let app = spawn_app().await;
    let [alice, berenice, chris, dan] = existing(&app).await;
    let report = app.import_csv(MIXED, false).await;
    assert_eq!(counts(&report), (1, 3, 2), "{report}");
    assert_eq!(rejected(&report), vec![]);

    // Matched by email whatever its case; the same phone digits and notes already there.
    let a = app.profile(&id_of(&alice)).await["client"].clone();
    assert_eq!(a, alice, "Alice untouched: name, phone as typed, version");
    // Matched by normalised name: the name stays as it was, the missing email is set.
    let b = app.profile(&id_of(&berenice)).await["client"].clone();
    assert_eq!(
        (&b["first_name"], &b["last_name"]),
        (&json!("Bérénice"), &json!("Dupré"))
    );
    assert_eq!(
        app.contact_of("Bérénice", "Dupré").await,
        contact(Some("berenice@example.fr"), None, "First visit")
    );
    assert_eq!(b["version"], berenice["version"].as_i64().unwrap() + 1);
    // Blank cells change nothing; a different phone replaces the old one.
    assert_eq!(
        app.contact_of("Chris", "Stone").await,
        contact(Some("chris@example.com"), Some("07 00 00 00 01"), "VIP")
    );
    assert_eq!(
        app.client_named("Chris", "Stone").await["version"],
        chris["version"].as_i64().unwrap() + 1
    );
    // Notes are appended, never replaced.
    assert_eq!(
        app.contact_of("Dan", "Brown").await,
        contact(
            Some("dan@example.com"),
            Some("+1 555 0100"),
            "Likes tea\n\nAllergic"
        )
    );
    assert_eq!(
        app.client_named("Dan", "Brown").await["version"],
        dan["version"].as_i64().unwrap() + 1
    );
    assert_eq!(
        app.contact_of("Eve", "New").await,
        contact(Some("eve@example.com"), None, "")
    );
    assert_eq!(app.list("").await["total"], 5);
}

#[tokio::test]
async fn the_same_file_imported_again_leaves_everything_unchanged() {
    let app = spawn_app().await;
    existing(&app).await;
    app.import_csv(MIXED, false).await;
    let before = app.all_clients().await;
    let again = app.import_csv(MIXED, false).await;
    assert_eq!(counts(&again), (0, 0, 6), "{again}");
    assert_eq!(
        app.all_clients().await,
        before,
        "no version, date or field moved"
    );
    let batches = app.batches().await;
    assert_eq!(batches.len(), 2);
    assert_eq!(
        (
            &batches[0]["created"],
            &batches[0]["updated"],
            &batches[0]["unchanged"]
        ),
        (&json!(0), &json!(0), &json!(6))
    );
}

#[tokio::test]
async fn an_email_match_wins_over_a_name_match() {
    let app = spawn_app().await;
    let jean = app
        .add_client("Jean", "Dupont", json!({ "email": "jean@example.fr" }))
        .await;
    let marie = app.add_client("Marie", "Curie", json!({})).await;
    let csv = "Prénom,Nom,E-mail,Téléphone\nMarie,Curie,Jean@Example.fr,06 12 34 56 78\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (0, 1, 0));
    assert_eq!(
        app.contact_of("Jean", "Dupont").await,
        contact(Some("jean@example.fr"), Some("06 12 34 56 78"), "")
    );
    assert_eq!(app.profile(&id_of(&marie)).await["client"], marie);
    assert_eq!(app.list("").await["total"], 2);
    let _ = jean;
}

#[tokio::test]
async fn repeated_rows_of_one_file_create_once_then_update() {
    let app = spawn_app().await;
    let csv = "First Name,Last Name,Email,Notes\n\
               Zoé,Roy,zoe@example.com,first\n\
               Zoe,ROY,ZOE@example.com,second\n\
               Zoé,Roy,zoe@example.com,first\n\
               Noémail,Roy,,a\n\
               noemail,roy,,b\n";
    let preview = app.import_csv(csv, true).await;
    assert_eq!(counts(&preview), (2, 2, 1), "{preview}");
    let report = app.import_csv(csv, false).await;
    assert_eq!(outcome(&report), outcome(&preview));
    assert_eq!(
        app.contact_of("Zoé", "Roy").await,
        contact(Some("zoe@example.com"), None, "first\n\nsecond")
    );
    assert_eq!(app.contact_of("Noémail", "Roy").await.2, "a\n\nb");
    assert_eq!(app.client_named("Zoé", "Roy").await["version"], 1);
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn a_dry_run_reports_exactly_what_the_real_run_does_and_changes_nothing() {
    let app = spawn_app().await;
    existing(&app).await;
    let csv = format!("{MIXED}Bad,Row,not-an-email,,\n,Nofirst,,,\nEve,New,,,again\n");
    let before = app.snapshot().await;
    let preview = app.import_csv(csv.clone(), true).await;
    assert_eq!(counts(&preview), (1, 4, 2), "{preview}");
    assert_eq!(
        rejected(&preview),
        vec![
            (8, "invalid email address: missing '@'".to_string()),
            (9, "missing first name".to_string())
        ]
    );
    assert_eq!(app.snapshot().await, before, "a dry run changes nothing");
    // A second preview says the same: the first left nothing behind.
    assert_eq!(app.import_csv(csv.clone(), true).await, preview);

    let report = app.import_csv(csv, false).await;
    assert_eq!(outcome(&report), outcome(&preview));
    assert_eq!(app.list("").await["total"], 5);
    assert_eq!(app.contact_of("Eve", "New").await.2, "again");
    let batches = app.batches().await;
    assert_eq!(batches.len(), 1, "only the real run is a batch");
    assert_eq!(batches[0]["id"], report["batch_id"]);
}

#[tokio::test]
async fn rows_are_matched_across_chunks_of_a_large_file() {
    let app = spawn_app().await;
    let person = app.add_client("Existing", "Person", json!({})).await;
    let mut csv = String::from("First Name,Last Name,Email,Notes\n");
    for i in 0..2500 {
        csv.push_str(&format!("First{i},Last{i},c{i}@example.com,\n"));
    }
    csv.push_str("Again,Name,C3@example.com,late note\n");
    csv.push_str("existing,PERSON,,from the import\n");
    csv.push_str("First2499,Last2499,,\n");
    let before = app.snapshot().await;
    let preview = app.import_csv(csv.clone(), true).await;
    assert_eq!(counts(&preview), (2500, 2, 1), "{preview}");
    assert_eq!(app.snapshot().await, before);

    let report = app.import_csv(csv, false).await;
    assert_eq!(outcome(&report), outcome(&preview));
    assert_eq!(app.list("limit=1").await["total"], 2501);
    assert_eq!(
        app.contact_of("First3", "Last3").await,
        contact(Some("c3@example.com"), None, "late note")
    );
    assert_eq!(
        app.profile(&id_of(&person)).await["client"]["notes"],
        "from the import"
    );
}

/// Sends an import request whose body stops short of its announced length, then closes
/// the sending side: the server sees the upload fail mid-file. Returns what it answered.
async fn broken_upload(app: &TestApp, key: &str, body: &[u8]) -> String {
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/imports/clients?file_name=cut.csv HTTP/1.1\r\nHost: {addr}\r\n\
         Authorization: Bearer {key}\r\nContent-Type: text/csv\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len() + 100_000
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut answer = Vec::new();
    // The server answers once the handler gave up: that is the synchronisation.
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn an_upload_that_fails_mid_file_changes_nothing() {
    let app = spawn_app().await;
    existing(&app).await;
    let key = app.api_key().await;
    // Thousands of valid rows (several chunks applied inside the transaction), one of
    // them updating an existing client, then the upload breaks off.
    let mut body = String::from("First Name,Last Name,Email,Notes\n");
    body.push_str("Dan,Brown,dan@example.com,must not stay\n");
    for i in 0..3000 {
        body.push_str(&format!("Cut{i},Short{i},cut{i}@example.com,\n"));
    }
    let before = app.snapshot().await;
    let answer = broken_upload(&app, &key, body.as_bytes()).await;
    assert!(
        answer.starts_with("HTTP/1.1 400") && answer.contains("could not read the file"),
        "a cut upload is refused: {answer}"
    );
    assert_eq!(
        app.snapshot().await,
        before,
        "nothing of the cut upload stayed"
    );

    // The store is not left locked: the same rows, complete, import normally.
    let report = app.import_csv(body, false).await;
    assert_eq!(counts(&report), (3000, 1, 0));
    assert_eq!(
        app.contact_of("Dan", "Brown").await.2,
        "Likes tea\n\nmust not stay"
    );
}

#[tokio::test]
async fn an_email_set_by_a_row_is_what_later_rows_match_wherever_a_chunk_ends() {
    let app = spawn_app().await;
    app.add_client("Bérénice", "Dupré", json!({})).await;
    app.add_client("Chris", "Stone", json!({ "email": "chris@old.example" }))
        .await;
    let head = "First Name,Last Name,Email,Notes\n\
                berenice,dupre,b@example.fr,\n\
                Chris,Stone,chris@new.example,\n";
    // The first now has this email, the second no longer has that one.
    let tail = "Other,Person,B@example.fr,second\nSomeone,Else,chris@old.example,\n";
    let near = app.import_csv(format!("{head}{tail}"), true).await;
    assert_eq!(counts(&near), (1, 3, 0), "{near}");
    let mut filler = String::new();
    for i in 0..1500 {
        filler.push_str(&format!("Filler{i},Row{i},,\n"));
    }
    let far = app.import_csv(format!("{head}{filler}{tail}"), true).await;
    assert_eq!(counts(&far), (1501, 3, 0), "{far}");

    app.import_csv(format!("{head}{tail}"), false).await;
    assert_eq!(
        app.contact_of("Bérénice", "Dupré").await,
        contact(Some("b@example.fr"), None, "second")
    );
    assert_eq!(
        app.contact_of("Someone", "Else").await,
        contact(Some("chris@old.example"), None, "")
    );
}
