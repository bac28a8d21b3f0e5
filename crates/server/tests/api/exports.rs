//! CSV export (SPEC §9): UTF-8 with a BOM, headers in the business's language, the
//! current search and filter honoured, formula-like cells neutralised with a leading
//! `'`, streamed; and an export re-imports as `unchanged` for every row.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{days_from_now, enc, id_of, spawn_app, TestApp};
use crate::transfer::{counts, rejected};

const FRENCH: [&str; 10] = [
    "Prénom",
    "Nom",
    "Téléphone",
    "E-mail",
    "Remarques",
    "Compte",
    "Banni",
    "Créé le",
    "Dernier rendez-vous",
    "Nombre de rendez-vous",
];

const ENGLISH: [&str; 10] = [
    "First Name",
    "Last Name",
    "Phone",
    "Email",
    "Notes",
    "Account",
    "Banned",
    "Created",
    "Last Appointment",
    "Appointment Count",
];

#[tokio::test]
async fn a_french_business_gets_french_headers_after_a_bom_and_every_column() {
    let app = spawn_app().await;
    let helene = app
        .add_client(
            "Hélène",
            "Lefèvre",
            json!({ "email": "helene@example.fr", "phone": "06 12 34 56 78", "notes": "Fidèle" }),
        )
        .await;
    let zoe = app.add_client("Zoé", "Élan", json!({})).await;
    let kind = app.appointment_type().await;
    app.book(&kind, &id_of(&helene), "2026-06-10T12:30:00Z")
        .await;
    app.book(&kind, &id_of(&helene), "2026-06-12T08:00:00Z")
        .await;
    assert_eq!(app.ban(&id_of(&zoe), None).await.status(), StatusCode::OK);

    let response = app.get("/api/exports/clients.csv").await;
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let export = app.export("").await;
    let first_line = "\u{feff}Prénom,Nom,Téléphone,E-mail,Remarques,Compte,Banni,Créé le,\
                      Dernier rendez-vous,Nombre de rendez-vous\n";
    assert!(
        export.bytes.starts_with(first_line.as_bytes()),
        "{}",
        String::from_utf8_lossy(&export.bytes)
    );
    assert_eq!(export.header, FRENCH);
    // List order: last name then first name, accent-insensitively (Élan before Lefèvre).
    assert_eq!(
        export.rows,
        vec![
            vec![
                "Zoé",
                "Élan",
                "",
                "",
                "",
                "non",
                "oui",
                "2026-06-15 12:00",
                "",
                "0"
            ],
            vec![
                "Hélène",
                "Lefèvre",
                "06 12 34 56 78",
                "helene@example.fr",
                "Fidèle",
                "non",
                "non",
                "2026-06-15 12:00",
                "2026-06-12 10:00",
                "2"
            ],
        ]
    );
}

#[tokio::test]
async fn an_english_business_gets_english_headers() {
    let app = spawn_app().await;
    let en = app.other_app("en").await;
    en.add_client("Ada", "Lovelace", json!({ "email": "ada@example.org" }))
        .await;
    let export = en.export("").await;
    assert_eq!(export.header, ENGLISH);
    assert_eq!(
        export.rows,
        vec![vec![
            "Ada",
            "Lovelace",
            "",
            "ada@example.org",
            "",
            "no",
            "no",
            "2026-06-15 12:00",
            "",
            "0"
        ]]
    );
    // Each business exports only its own clients.
    assert_eq!(app.export("").await.rows, Vec::<Vec<String>>::new());
}

#[tokio::test]
async fn formula_like_cells_are_neutralised_with_a_leading_quote() {
    let app = spawn_app().await;
    let cases = [
        (
            "=Cmd",
            "+Plus",
            "+33 6 12 34 56 78",
            "=x@example.com",
            "@SUM(A1)",
        ),
        ("-Minus", "@At", "", "", "\tTabbed"),
        ("Quote", "Already", "", "", "'=already quoted"),
        (
            "Safe",
            "Cells",
            "06 00 00 00 00",
            "a=b@example.com",
            "a=b, x-y; 'fine",
        ),
        ("Carriage", "Return", "", "", "\rstarts with CR"),
    ];
    for (first, last, phone, email, notes) in cases {
        let mut extra = json!({ "notes": notes });
        if !phone.is_empty() {
            extra["phone"] = json!(phone);
        }
        if !email.is_empty() {
            extra["email"] = json!(email);
        }
        app.add_client(first, last, extra).await;
    }
    let export = app.export("").await;
    let cells: Vec<Vec<String>> = export.rows.iter().map(|r| r[..5].to_vec()).collect();
    assert_eq!(
        cells,
        vec![
            vec![
                "'=Cmd",
                "'+Plus",
                "'+33 6 12 34 56 78",
                "'=x@example.com",
                "'@SUM(A1)"
            ],
            vec!["'-Minus", "'@At", "", "", "'\tTabbed"],
            vec!["Quote", "Already", "", "", "''=already quoted"],
            vec![
                "Safe",
                "Cells",
                "06 00 00 00 00",
                "a=b@example.com",
                "a=b, x-y; 'fine"
            ],
            vec!["Carriage", "Return", "", "", "'\rstarts with CR"],
        ]
    );
    // And each comes back as it was.
    let report = app.import_csv(export.bytes, false).await;
    assert_eq!(counts(&report), (0, 0, 5), "{report}");
    assert_eq!(rejected(&report), vec![]);
}

#[tokio::test]
async fn the_export_honours_the_search_and_the_filter() {
    let app = spawn_app().await;
    let jean = app.add_client("Jean", "Dupont", json!({})).await;
    app.add_client("Marie", "Dupond", json!({ "email": "marie@example.fr" }))
        .await;
    let paul = app.add_client("Paul", "Martin", json!({})).await;
    let kind = app.appointment_type().await;
    app.book_at(&kind, &id_of(&paul), days_from_now(-5)).await;
    app.book_at(&kind, &id_of(&jean), days_from_now(-200)).await;

    assert_eq!(
        export_names(&app, "search=dupon").await,
        ["Marie Dupond", "Jean Dupont"]
    );
    assert_eq!(
        export_names(&app, &format!("search={}", enc("marie@example"))).await,
        ["Marie Dupond"]
    );
    assert_eq!(
        export_names(&app, "filter=recent:30d").await,
        ["Paul Martin"]
    );
    // Never booked but created today: not inactive yet.
    assert_eq!(export_names(&app, "filter=past:3m").await, ["Jean Dupont"]);
    assert_eq!(
        export_names(&app, "search=dupon&filter=recent:1y").await,
        ["Jean Dupont"]
    );
    assert_eq!(
        export_names(&app, "search=nobody").await,
        Vec::<String>::new()
    );
    let response = app.get("/api/exports/clients.csv?filter=recent:7x").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// "First Last" of each exported row, in order.
async fn export_names(app: &TestApp, query: &str) -> Vec<String> {
    let export = app.export(query).await;
    export
        .rows
        .iter()
        .map(|r| format!("{} {}", r[0], r[1]))
        .collect()
}

/// The export reads the list in pages of 5,000: 12,003 clients cross two page
/// boundaries, and every client must come out once, in list order, with or without a
/// search.
#[tokio::test]
async fn a_list_longer_than_a_page_exports_every_client_once_in_list_order() {
    let app = spawn_app().await;
    let mut csv = String::from("First Name,Last Name,Email\n");
    for n in 0..12_003 {
        // Zero-padded so that the list order (by last name) is the numeric order.
        let last = if n % 2 == 0 { "Martin" } else { "Bernard" };
        csv.push_str(&format!("Client{n:05},{last}{n:05},c{n}@example.fr\n"));
    }
    assert_eq!(counts(&app.import_csv(csv, false).await), (12_003, 0, 0));

    let all = app.export("").await;
    assert_eq!(all.rows.len(), 12_003);
    let mut expected: Vec<String> = (0..12_003)
        .map(|n| {
            let last = if n % 2 == 0 { "Martin" } else { "Bernard" };
            format!("{last}{n:05}")
        })
        .collect();
    expected.sort();
    assert_eq!(all.column(1), expected);

    // 6,002 Martins: the searched export crosses a page boundary too.
    let martins = app.export("search=martin").await;
    let names = martins.column(1);
    assert_eq!(names.len(), 6_002);
    assert!(names.iter().all(|n| n.starts_with("Martin")));
    assert!(names.windows(2).all(|w| w[0] < w[1]), "list order");
}

/// The appointment count is kept with each client (not counted at export time): it
/// follows bookings, cancellations (still counted) and merges.
#[tokio::test]
async fn the_appointment_count_follows_bookings_cancellations_and_merges() {
    let app = spawn_app().await;
    let kind = app.appointment_type().await;
    let anna = id_of(&app.add_client("Anna", "Aubert", json!({})).await);
    let anne = id_of(&app.add_client("Anne", "Aubert", json!({})).await);
    let first = app.book(&kind, &anna, "2026-06-10T12:30:00Z").await;
    app.book(&kind, &anna, "2026-06-20T08:00:00Z").await;
    app.book(&kind, &anne, "2026-06-11T09:00:00Z").await;
    let count_of = |export: &crate::transfer::Export, first: &str| {
        let row = export.rows.iter().find(|r| r[0] == first).cloned();
        row.map(|r| r[9].clone())
    };
    let export = app.export("").await;
    assert_eq!(count_of(&export, "Anna").as_deref(), Some("2"));
    assert_eq!(count_of(&export, "Anne").as_deref(), Some("1"));

    let cancel = app.cancel(first["id"].as_str().unwrap()).await;
    assert_eq!(cancel.status(), StatusCode::OK);
    let export = app.export("").await;
    assert_eq!(
        count_of(&export, "Anna").as_deref(),
        Some("2"),
        "canceled still counts"
    );

    let merged = app.merge(&anne, &anna, false).await;
    assert_eq!(merged.status(), StatusCode::OK);
    let export = app.export("").await;
    assert_eq!(count_of(&export, "Anna").as_deref(), Some("3"));
    assert_eq!(count_of(&export, "Anne"), None);
}
