//! CSV import (SPEC §9): every encoding, separator and header wording of the corpus
//! under `tests/data/` gives exactly the right clients, accents included.

use serde_json::json;

use crate::helpers::{sorted, spawn_app};
use crate::transfer::{contact, counts, data, rejected};

#[tokio::test]
async fn utf8_with_bom_and_french_headers() {
    let app = spawn_app().await;
    let report = app.import_csv(data("utf8_bom_fr.csv"), false).await;
    assert_eq!(counts(&report), (4, 0, 0), "{report}");
    assert_eq!(rejected(&report), vec![]);
    assert_eq!(report["unknown_columns"], json!([]));
    assert_eq!(
        app.matching_names("").await,
        sorted(&[
            "Hélène Lefèvre",
            "Zoë Ñúñez-Østergård",
            "François D'Aubigné",
            "Łukasz Żółkiewski",
        ])
    );
    assert_eq!(
        app.contact_of("Hélène", "Lefèvre").await,
        contact(
            Some("helene.lefevre@example.fr"),
            Some("06 12 34 56 78"),
            "Cliente fidèle"
        )
    );
    assert_eq!(
        app.contact_of("François", "D'Aubigné").await,
        contact(None, None, "Préfère le matin")
    );
    assert_eq!(
        app.contact_of("Łukasz", "Żółkiewski").await,
        contact(Some("lukasz@example.pl"), Some("01.23.45.67.89"), "")
    );
}

#[tokio::test]
async fn utf8_without_bom_and_english_headers_in_any_case() {
    let app = spawn_app().await;
    let report = app.import_csv(data("utf8_plain_en.csv"), false).await;
    assert_eq!(counts(&report), (4, 0, 0), "{report}");
    assert_eq!(
        app.matching_names("").await,
        sorted(&[
            "Renée O'Connor",
            "José García Márquez",
            "Søren Kierkegård",
            "Chloé Nguyễn",
        ])
    );
    assert_eq!(
        app.contact_of("José", "García Márquez").await,
        contact(Some("jose@example.com"), None, "Allergic to latex")
    );
    assert_eq!(
        app.contact_of("Søren", "Kierkegård").await,
        contact(None, Some("+45 12 34 56 78"), "")
    );
}

#[tokio::test]
async fn windows_1252_with_semicolons_as_french_excel_writes_it() {
    let app = spawn_app().await;
    let bytes = data("cp1252_semicolon_fr.csv");
    // The corpus file really is single-byte: "Hélène" as 48 E9 6C E8 6E 65.
    let helene = [0x48, 0xE9, 0x6C, 0xE8, 0x6E, 0x65];
    assert!(bytes.windows(6).any(|w| w == helene));
    assert!(std::str::from_utf8(&bytes).is_err());

    let report = app.import_csv(bytes, false).await;
    assert_eq!(counts(&report), (4, 0, 0), "{report}");
    assert_eq!(rejected(&report), vec![]);
    assert_eq!(report["unknown_columns"], json!([]));
    assert_eq!(
        app.matching_names("").await,
        sorted(&[
            "Hélène Lefèvre",
            "François Cœur",
            "Noël Bühler",
            "Ève Œillet"
        ])
    );
    assert_eq!(
        app.contact_of("Hélène", "Lefèvre").await,
        contact(
            Some("helene@example.fr"),
            Some("06 12 34 56 78"),
            "Teinture à 45 €"
        )
    );
    assert_eq!(
        app.contact_of("François", "Cœur").await,
        contact(None, Some("07 98 76 54 32"), "Client « VIP »")
    );
    assert_eq!(
        app.contact_of("Ève", "Œillet").await,
        contact(
            Some("eve@example.fr"),
            Some("01 02 03 04 05"),
            "Née à Besançon"
        )
    );
}

#[tokio::test]
async fn tab_separated_with_commas_and_semicolons_in_cells() {
    let app = spawn_app().await;
    let report = app.import_csv(data("tab_separated.tsv"), false).await;
    assert_eq!(counts(&report), (3, 0, 0), "{report}");
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Anne-Marie De la Tour, Jr", "Bob Smith", "Ünal Yılmaz"])
    );
    assert_eq!(
        app.contact_of("Anne-Marie", "De la Tour, Jr").await,
        contact(
            Some("am@example.com"),
            Some("06 11 22 33 44"),
            "colour; cut, blow-dry"
        )
    );
    assert_eq!(
        app.contact_of("Ünal", "Yılmaz").await,
        contact(None, Some("+90 212 555 0101"), "semi;colons;here")
    );
}

#[tokio::test]
async fn utf16_with_bom_as_excel_unicode_text() {
    let app = spawn_app().await;
    let report = app.import_csv(data("utf16le_excel.txt"), false).await;
    assert_eq!(counts(&report), (2, 0, 0), "{report}");
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Gaëlle Le Bihan", "Oscar Ødegaard"])
    );
    assert_eq!(
        app.contact_of("Gaëlle", "Le Bihan").await,
        contact(Some("gaelle@example.fr"), None, "")
    );
}

#[tokio::test]
async fn the_hosted_schedulers_own_export() {
    let app = spawn_app().await;
    let report = app.import_csv(data("acuity_export.csv"), false).await;
    assert_eq!(counts(&report), (3, 0, 0), "{report}");
    assert_eq!(
        report["unknown_columns"],
        json!(["Days Since Last Appointment", "Banned"])
    );
    assert_eq!(
        app.matching_names("").await,
        sorted(&["Inès Moreau", "Kwame Mensah", "Ana Sousa"])
    );
    assert_eq!(
        app.contact_of("Inès", "Moreau").await,
        contact(
            Some("ines.moreau@example.com"),
            Some("(555) 010-2030"),
            "Prefers Tuesdays"
        )
    );
    assert_eq!(
        app.contact_of("Ana", "Sousa").await,
        contact(None, Some("+351 912 345 678"), "Gift card holder")
    );
    // An unknown "Banned" column is reported, not applied.
    assert_eq!(app.client_named("Ana", "Sousa").await["banned"], false);
}

#[tokio::test]
async fn quoted_fields_with_newlines_and_doubled_quotes() {
    let app = spawn_app().await;
    let report = app.import_csv(data("quoted_multiline.csv"), false).await;
    assert_eq!(counts(&report), (4, 0, 0), "{report}");
    // Jean spans lines 2-4, Marie 5, Paul 6-7 (CRLF inside), a blank line 8.
    assert_eq!(
        rejected(&report),
        vec![(9, "missing first name".to_string())]
    );
    assert_eq!(
        app.contact_of("Jean", "Dupont").await,
        contact(
            Some("jean@example.fr"),
            None,
            "Line one\nLine two, with comma\nLine \"three\""
        )
    );
    assert_eq!(
        app.contact_of("Marie", "O\"Brien").await,
        contact(None, None, "She said \"hi\"")
    );
    assert_eq!(
        app.contact_of("Paul", "Martin, Jr").await,
        contact(Some("paul@example.fr"), None, "a\r\nb")
    );
    assert_eq!(
        app.contact_of("Luc", "Besson").await,
        contact(None, None, "plain")
    );
}

#[tokio::test]
async fn header_wordings_are_matched_whatever_their_case_accents_and_spaces() {
    let app = spawn_app().await;
    let csv = "PRENOM;NOM DE FAMILLE;telephone;COURRIEL;remarques\n\
               Agnès;Varda;06 00 00 00 01;agnes@example.fr;Cinéaste\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0), "{report}");
    assert_eq!(
        app.contact_of("Agnès", "Varda").await,
        contact(Some("agnes@example.fr"), Some("06 00 00 00 01"), "Cinéaste")
    );

    let csv =
        "Given-Name,Surname,E_mail,Phone Number\nAda,Lovelace,ada@example.org,020 7946 0000\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0), "{report}");
    assert_eq!(
        app.contact_of("Ada", "Lovelace").await,
        contact(Some("ada@example.org"), Some("020 7946 0000"), "")
    );
}

#[tokio::test]
async fn unknown_and_repeated_columns_are_reported_and_ignored() {
    let app = spawn_app().await;
    let csv = "First Name,Ville,Last Name,Birthday,Email,E-mail\n\
               Jean,Paris,Dupont,1970-01-01,jean@example.fr,autre@example.fr\n";
    let report = app.import_csv(csv, true).await;
    assert_eq!(
        report["unknown_columns"],
        json!(["Ville", "Birthday", "E-mail"])
    );
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0), "{report}");
    assert_eq!(
        report["unknown_columns"],
        json!(["Ville", "Birthday", "E-mail"])
    );
    assert_eq!(
        app.contact_of("Jean", "Dupont").await,
        contact(Some("jean@example.fr"), None, "")
    );
}

#[tokio::test]
async fn a_single_name_column_is_split_at_its_first_space() {
    let app = spawn_app().await;
    let csv = "Name;Phone\nJean Pierre Dupont;0612345678\nCher;\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0), "{report}");
    assert_eq!(
        rejected(&report),
        vec![(3, "missing last name".to_string())]
    );
    assert_eq!(
        app.contact_of("Jean", "Pierre Dupont").await,
        contact(None, Some("0612345678"), "")
    );
}

#[tokio::test]
async fn a_latin1_accent_far_into_an_ascii_file_is_still_decoded() {
    let app = spawn_app().await;
    // 1,500 plain ASCII rows (over 64 KiB) before the first Windows-1252 byte.
    let mut bytes = b"First Name;Last Name;Notes\r\n".to_vec();
    for i in 0..1500 {
        bytes.extend_from_slice(
            format!("Client{i};Ascii{i};some plain ascii notes to fill the first block\r\n")
                .as_bytes(),
        );
    }
    assert!(bytes.len() > 64 * 1024);
    bytes.extend_from_slice(b"H\xe9l\xe8ne;Lef\xe8vre;d\xe9j\xe0 vu\r\n");
    let report = app.import_csv(bytes, false).await;
    assert_eq!(counts(&report), (1501, 0, 0));
    assert_eq!(rejected(&report), vec![]);
    assert_eq!(
        app.contact_of("Hélène", "Lefèvre").await,
        contact(None, None, "déjà vu")
    );
}

#[tokio::test]
async fn old_mac_line_ends_and_blank_lines_count_as_physical_lines() {
    let app = spawn_app().await;
    let csv = "First Name,Last Name\r,Nofirst\r\rMarie,Curie\r\n\r\nNolast,\n";
    let report = app.import_csv(csv, false).await;
    assert_eq!(counts(&report), (1, 0, 0), "{report}");
    assert_eq!(
        rejected(&report),
        vec![
            (2, "missing first name".to_string()),
            (6, "missing last name".to_string())
        ]
    );
    assert_eq!(app.matching_names("").await, sorted(&["Marie Curie"]));
}
