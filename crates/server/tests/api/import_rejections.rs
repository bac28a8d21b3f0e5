//! CSV import (SPEC §9, API.md): each rejected row is reported with its physical line
//! and reason while the other rows go in; a file that cannot be read at all is refused
//! as a whole and changes nothing.

use serde_json::json;

use crate::helpers::{expect_validation, sorted, spawn_app, TestApp};
use crate::transfer::{counts, data, expect_refused, lines, outcome, rejected};

/// The rows of `rejections.csv` that are not imported, with their line.
const REJECTIONS: &[(u64, &str)] = &[
    (3, "missing first name"),
    (4, "missing last name"),
    (5, "invalid email address: missing '@'"),
    (
        6,
        "invalid phone number: only digits, spaces and . - ( ) / + are allowed",
    ),
    (7, "first name is too long (max 100 characters)"),
    (10, "ragged row: 6 fields, the header has 5"),
    (
        14,
        "broken quoting: a quote opened on this line is never closed",
    ),
];

#[tokio::test]
async fn each_rejection_reason_comes_with_its_physical_line() {
    let app = spawn_app().await;
    let preview = app.import_csv(data("rejections.csv"), true).await;
    assert_eq!(counts(&preview), (3, 0, 0), "{preview}");
    assert_eq!(rejected(&preview), lines(REJECTIONS));

    let report = app.import_csv(data("rejections.csv"), false).await;
    assert_eq!(outcome(&report), outcome(&preview));
    // The valid rows went in, before and after the multi-line record; the row swallowed
    // by the unclosed quote did not.
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Valid Person", "Multi Line", "After Multi"])
    );
    assert_eq!(
        app.client_named("Multi", "Line").await["notes"],
        "note on\ntwo lines"
    );
    let batches = app.batches().await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0]["created"], 3);
    assert_eq!(batches[0]["rejected"], 7);
}

#[tokio::test]
async fn every_problem_of_a_row_is_named() {
    let app = spawn_app().await;
    let csv = "First Name,Last Name,Email,Phone\n,,bad@,12\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (0, 0, 0));
    assert_eq!(
        rejected(&report),
        lines(&[(
            2,
            "missing first and last name; invalid email address: nothing after '@'; \
             invalid phone number: too few digits (min 3)"
        )])
    );
}

#[tokio::test]
async fn over_long_fields_are_rejected_and_the_longest_allowed_ones_accepted() {
    let app = spawn_app().await;
    let notes_max = "é".repeat(10_000);
    let notes_over = "n".repeat(10_001);
    let email_over = format!("{}@{}.example.com", "a".repeat(64), "d".repeat(63 * 3));
    let rows = [
        format!("Ten,Thousand,,,{notes_max}"),                // 2
        format!("Too,Long,,,\"{notes_over}\""),               // 3
        format!("Last,{},,,", "L".repeat(101)),               // 4
        format!("Max,{},,,", "M".repeat(100)),                // 5
        format!("Mail,Long,{email_over},,"),                  // 6
        format!("Phone,Long,,{},", "0".repeat(41)),           // 7
        format!("Field,Huge,,,\"{}\"", "x\n".repeat(20_000)), // 8..20007
        "After,Huge,,,".to_string(),                          // 20008
    ];
    let csv = format!(
        "First Name,Last Name,Email,Phone,Notes\n{}\n",
        rows.join("\n")
    );
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (3, 0, 0), "{}", report["rejected"]);
    assert_eq!(
        rejected(&report),
        lines(&[
            (3, "notes are too long (max 10000 characters)"),
            (4, "last name is too long (max 100 characters)"),
            (6, "invalid email address: too long (max 254 characters)"),
            (7, "invalid phone number: too long (max 40 characters)"),
            (8, "notes are too long (max 10000 characters)"),
        ])
    );
    let kept = app.client_named("Ten", "Thousand").await;
    assert_eq!(kept["notes"].as_str().unwrap(), notes_max);
    app.client_named("Max", &"M".repeat(100)).await;
    app.client_named("After", "Huge").await;
}

#[tokio::test]
async fn ragged_rows_are_rejected_unless_only_trailing_unmapped_cells_are_missing() {
    let app = spawn_app().await;
    let report = app.import_csv(data("ragged_rows.csv"), false).await;
    assert_eq!(counts(&report), (3, 0, 0), "{report}");
    assert_eq!(
        rejected(&report),
        lines(&[
            (4, "ragged row: 7 fields, the header has 6"),
            (5, "ragged row: 2 fields, the header has 6"),
        ])
    );
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Alice Ok", "Bruno Short", "Emma Ok"])
    );
    assert_eq!(
        app.client_named("Bruno", "Short").await["notes"],
        "trailing cell dropped"
    );
}

#[tokio::test]
async fn an_unclosed_quote_mid_file_rejects_its_line_and_imports_the_rows_before() {
    let app = spawn_app().await;
    let csv = "First Name,Last Name,Notes\r\n\
               Anna,Before,ok\r\n\
               Ben,\"Open,never\r\n\
               Carl,Swallowed,x\r\n\
               Dora,Swallowed,y\r\n";
    let preview = app.import_csv(csv, true).await;
    assert_eq!(counts(&preview), (1, 0, 0));
    assert_eq!(
        rejected(&preview),
        lines(&[(
            3,
            "broken quoting: a quote opened on this line is never closed"
        )])
    );
    let report = app.import_csv(csv, false).await;
    assert_eq!(outcome(&report), outcome(&preview));
    assert_eq!(app.matching_names("").await, sorted(&["Anna Before"]));
}

#[tokio::test]
async fn a_row_not_in_the_files_encoding_is_rejected_alone() {
    let app = spawn_app().await;
    // UTF-8 is chosen on the first accent; a Latin-1 byte over 64 KiB later is invalid.
    let mut bytes = "First Name,Last Name\nHélène,Lefèvre\n".as_bytes().to_vec();
    for i in 0..3000 {
        bytes.extend_from_slice(format!("Client{i},Ascii filler row {i}\n").as_bytes());
    }
    assert!(bytes.len() > 64 * 1024 + 100);
    bytes.extend_from_slice(b"Ren\xe9e,Latin\nMarie,Curie\n");
    let report = app.import_csv(bytes, false).await;
    assert_eq!(counts(&report), (3002, 0, 0));
    assert_eq!(
        rejected(&report),
        lines(&[(
            3003,
            "invalid characters: this row is not in the file's text encoding"
        )])
    );
    app.client_named("Hélène", "Lefèvre").await;
    app.client_named("Marie", "Curie").await;
}

/// Uploads `body` as a dry run and for real, expecting both refused with nothing changed.
async fn refused_whole(app: &TestApp, body: &[u8], what: &str) -> String {
    let before = app.snapshot().await;
    let mut messages = Vec::new();
    for query in ["dry_run=true", "dry_run=false", "file_name=x.csv"] {
        let error = expect_refused(app.upload_csv(query, body.to_vec()).await).await;
        messages.push(error["message"].as_str().unwrap().to_string());
    }
    assert_eq!(app.snapshot().await, before, "{what} changed nothing");
    messages.dedup();
    assert_eq!(messages.len(), 1, "{what}: one reason, {messages:?}");
    messages.remove(0)
}

#[tokio::test]
async fn unreadable_files_are_refused_as_a_whole() {
    let app = spawn_app().await;
    app.add_client("Déjà", "Là", json!({ "email": "deja@example.fr" }))
        .await;
    let empty = refused_whole(&app, &data("empty.csv"), "empty file").await;
    assert!(empty.contains("empty"), "{empty}");
    let blank = refused_whole(&app, b"\xef\xbb\xbf \r\n\r\n", "BOM and blank lines").await;
    assert!(blank.contains("empty"), "{blank}");
    for name in ["garbage.png", "random.bin"] {
        let binary = refused_whole(&app, &data(name), name).await;
        assert!(binary.contains("binary"), "{name}: {binary}");
    }
    let no_name = refused_whole(&app, &data("no_name_column.csv"), "no name column").await;
    assert!(no_name.contains("name"), "{no_name}");
    // First name alone, or last name alone, is not enough either.
    refused_whole(&app, b"First Name,Email\nJean,j@example.fr\n", "first only").await;
    refused_whole(&app, b"Nom;Email\nDupont;d@example.fr\n", "last only").await;
    let header = refused_whole(
        &app,
        b"\"First Name,Last Name\nJean,Dupont\n",
        "broken quoting in the header",
    )
    .await;
    assert!(header.contains("quot"), "{header}");
}

#[tokio::test]
async fn a_header_only_file_is_refused_as_a_whole() {
    let app = spawn_app().await;
    app.add_client("Déjà", "Là", json!({})).await;
    for body in [
        data("header_only.csv"),
        b"First Name,Last Name".to_vec(),
        b"Prenom;Nom\r\n\r\n;\r\n".to_vec(),
    ] {
        let message = refused_whole(&app, &body, "header only").await;
        assert!(message.contains("no rows"), "{message}");
    }
    for body in [data("header_only.csv"), b"Nom;Prenom\n;\n".to_vec()] {
        let response = app.upload_csv("", body).await;
        expect_validation(response, "file").await;
    }
    assert_eq!(app.batches().await, Vec::<serde_json::Value>::new());
}

#[tokio::test]
async fn blank_lines_before_the_header_still_count() {
    let app = spawn_app().await;
    let csv = "\u{feff}\r\n\r\nPrénom;Nom\r\nJeanne;\r\nJeanne;Moreau\r\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0));
    assert_eq!(rejected(&report), lines(&[(4, "missing last name")]));
}

#[tokio::test]
async fn control_characters_past_the_first_block_reject_only_their_row() {
    let app = spawn_app().await;
    // A NUL in the first 64 KiB means a binary file; further on, it is one bad row
    // (which PostgreSQL could not even store).
    let mut csv = String::from("First Name,Last Name,Email,Notes\n");
    for i in 0..2000 {
        csv.push_str(&format!("Client{i},Filler{i},,some ascii notes\n"));
    }
    assert!(csv.len() > 64 * 1024);
    csv.push_str("Nul,Notes,,before\0after\n");
    csv.push_str("Nul\0,Name,,\n");
    csv.push_str("Bell,Email,bell\u{7}@example.com,\n");
    csv.push_str("Last,Good,,fine\n");
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (2001, 0, 0), "{}", report["rejected"]);
    assert_eq!(
        rejected(&report),
        lines(&[
            (2002, "notes contain invalid characters"),
            (2003, "first name contains invalid characters"),
            (
                2004,
                "invalid email address: the part before '@' contains a space or a character not allowed"
            ),
        ])
    );
    app.client_named("Last", "Good").await;
}
