//! Contacts import (SPEC §9, mobile seed): vCard 2.1, 3.0 and 4.0 files from a phone's
//! address book, previewed as a list, imported whole or by selected indexes.

use serde_json::{json, Value};

use crate::helpers::{sorted, spawn_app};
use crate::transfer::{contact, counts, data, expect_refused, outcome};

/// `(index, reason)` of the contacts a report rejects.
fn refused(report: &Value) -> Vec<(u64, String)> {
    report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["index"].as_u64().expect("an index"),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `(index, first, last)` of the preview list.
fn preview(report: &Value) -> Vec<(u64, Value, Value)> {
    report["contacts"]
        .as_array()
        .expect("a contacts preview")
        .iter()
        .map(|c| {
            (
                c["index"].as_u64().unwrap(),
                c["first_name"].clone(),
                c["last_name"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn vcard_2_1_with_quoted_printable_as_android_exports_it() {
    let app = spawn_app().await;
    let report = app.import_vcard("", data("contacts_v21.vcf")).await;
    assert_eq!(counts(&report), (2, 0, 0), "{report}");
    assert_eq!(refused(&report), vec![(2, "no name".to_string())]);
    assert_eq!(
        preview(&report),
        vec![
            (0, json!("Hélène"), json!("Lefèvre")),
            (1, json!("Paul"), json!("Martin")),
            (2, Value::Null, Value::Null),
        ]
    );
    assert_eq!(report["contacts"][2]["problem"], "no name");
    assert_eq!(
        app.contact_of("Hélène", "Lefèvre").await,
        contact(
            Some("helene@example.fr"),
            Some("+33 6 12 34 56 78"),
            "Other phones: 01 23 45 67 89"
        )
    );
    // The preferred email is kept, the other one goes to the notes, before the NOTE.
    assert_eq!(
        app.contact_of("Paul", "Martin").await,
        contact(
            Some("paul@example.org"),
            Some("06 98 76 54 32"),
            "Other emails: paul.martin@example.com\n\nAime le café crème\r\nDeuxième ligne"
        )
    );
}

#[tokio::test]
async fn vcard_3_0_as_an_iphone_exports_it() {
    let app = spawn_app().await;
    let report = app.import_vcard("", data("contacts_v30.vcf")).await;
    assert_eq!(counts(&report), (3, 0, 0), "{report}");
    assert_eq!(refused(&report), vec![]);
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Zoë Ñúñez", "Jan Willem van der Berg", "Amélie Folded"])
    );
    assert_eq!(
        app.contact_of("Zoë", "Ñúñez").await,
        contact(
            Some("zoe@example.com"),
            Some("+34 612 34 56 78"),
            "Other emails: zoe.work@example.com\n\nLine one\nLine two, with comma"
        )
    );
    assert_eq!(
        app.contact_of("Jan Willem", "van der Berg").await,
        contact(None, Some("020 123 4567"), "Other phones: +31 6 1234 5678")
    );
    // A folded line is joined back.
    assert_eq!(
        app.contact_of("Amélie", "Folded").await,
        contact(
            Some("amelie.very.long.folded.address@example.com"),
            None,
            ""
        )
    );
}

#[tokio::test]
async fn vcard_4_0_with_uri_phones_and_pref_ranks() {
    let app = spawn_app().await;
    let report = app.import_vcard("", data("contacts_v40.vcf")).await;
    assert_eq!(counts(&report), (2, 0, 0), "{report}");
    assert_eq!(
        refused(&report),
        vec![(2, "invalid email address: missing '@'".to_string())]
    );
    assert_eq!(
        app.contact_of("Camille Marie", "Dubois").await,
        contact(
            Some("camille@example.fr"),
            Some("+33-1-44-55-66-77"),
            "Other phones: +33-6-11-22-33-44"
        )
    );
    // No N: the formatted name is split at its last space.
    assert_eq!(
        app.contact_of("Ngozi", "Adichie").await,
        contact(
            Some("NGOZI@Example.COM"),
            None,
            "Other emails: ngozi.other@example.com"
        )
    );
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn only_the_selected_contacts_are_imported() {
    let app = spawn_app().await;
    let body = data("contacts_v30.vcf");
    // The preview (a dry run) lists every contact and changes nothing.
    let before = app.snapshot().await;
    let all = app.import_vcard("dry_run=true", body.clone()).await;
    assert_eq!(all["contacts"].as_array().unwrap().len(), 3);
    assert_eq!(counts(&all), (3, 0, 0));
    assert_eq!(app.snapshot().await, before);

    let picked = app
        .import_vcard("dry_run=true&select=0,2", body.clone())
        .await;
    assert_eq!(counts(&picked), (2, 0, 0));
    assert_eq!(
        picked["contacts"], all["contacts"],
        "the preview stays whole"
    );
    let report = app.import_vcard("select=2,0", body.clone()).await;
    assert_eq!(outcome(&report), outcome(&picked));
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Zoë Ñúñez", "Amélie Folded"])
    );
    // "all" and the remaining one later: the two already there are unchanged.
    let rest = app.import_vcard("select=all", body).await;
    assert_eq!(counts(&rest), (1, 0, 2));
    assert_eq!(app.list("").await["total"], 3);
}

#[tokio::test]
async fn a_bad_selection_is_refused() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    for select in ["1,x", "-1", "0;1"] {
        let response = app
            .upload_vcard(&format!("select={select}"), data("contacts_v30.vcf"))
            .await;
        let body = expect_refused(response).await;
        assert_eq!(body["field"], "select", "{select}: {body}");
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn contacts_match_existing_clients_by_email_then_name() {
    let app = spawn_app().await;
    app.add_client("Paul", "Martin", json!({ "notes": "Client depuis 2019" }))
        .await;
    app.add_client("Helene", "LEFEVRE", json!({ "email": "HELENE@example.fr" }))
        .await;
    let report = app.import_vcard("", data("contacts_v21.vcf")).await;
    assert_eq!(counts(&report), (0, 2, 0), "{report}");
    assert_eq!(
        app.contact_of("Paul", "Martin").await,
        contact(
            Some("paul@example.org"),
            Some("06 98 76 54 32"),
            "Client depuis 2019\n\nOther emails: paul.martin@example.com\n\nAime le café crème\r\nDeuxième ligne"
        )
    );
    // Matched by email: the name stays as staff typed it.
    assert_eq!(
        app.contact_of("Helene", "LEFEVRE").await,
        contact(
            Some("HELENE@example.fr"),
            Some("+33 6 12 34 56 78"),
            "Other phones: 01 23 45 67 89"
        )
    );
    let again = app.import_vcard("", data("contacts_v21.vcf")).await;
    assert_eq!(counts(&again), (0, 0, 2));
}

#[tokio::test]
async fn a_file_that_is_not_a_vcard_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.add_client("Déjà", "Là", json!({})).await;
    let before = app.snapshot().await;
    let bodies = [
        data("utf8_plain_en.csv"),
        data("garbage.png"),
        data("empty.csv"),
        data("cp1252_semicolon_fr.csv"),
        b"END:VCARD\r\n".to_vec(),
    ];
    for body in bodies {
        for query in ["dry_run=true", ""] {
            let error = expect_refused(app.upload_vcard(query, body.clone()).await).await;
            assert_eq!(error["field"], "file", "{error}");
        }
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_contact_cut_short_by_the_end_of_the_file_is_rejected() {
    let app = spawn_app().await;
    let body = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Entier;Jean;;;\r\nEND:VCARD\r\n\
                BEGIN:VCARD\r\nVERSION:3.0\r\nN:Coupé;Marc;;;\r\nEMAIL:marc@example.com\r\nTEL:06";
    let report = app.import_vcard("", body).await;
    assert_eq!(counts(&report), (1, 0, 0));
    assert_eq!(
        refused(&report),
        vec![(
            1,
            "incomplete contact: the file ends before END:VCARD".to_string()
        )]
    );
    assert_eq!(app.matching_names("").await, sorted(&["Jean Entier"]));
}
