use super::*;
use proptest::prelude::*;

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| (*s).to_owned()).collect()
}

fn map(h: &[&str]) -> ColumnMap {
    map_headers(&headers(h)).expect("mapped")
}

/// (first, last, full, phone, email, notes) of a map.
fn columns(m: &ColumnMap) -> [Option<usize>; 6] {
    [
        m.first_name,
        m.last_name,
        m.full_name,
        m.phone,
        m.email,
        m.notes,
    ]
}

#[test]
fn separator_is_the_most_frequent() {
    assert_eq!(detect_separator("First Name,Last Name,Phone"), b',');
    assert_eq!(detect_separator("Prénom;Nom;Téléphone;E-mail"), b';');
    assert_eq!(detect_separator("First Name\tLast Name\tPhone"), b'\t');
    assert_eq!(detect_separator("Nom, prénom;Téléphone;Ville"), b';');
}

#[test]
fn separators_inside_quotes_do_not_count() {
    assert_eq!(detect_separator("\"Nom, complet, ici\";Tel"), b';');
    assert_eq!(detect_separator("\"a;b;c\",d"), b',');
}

#[test]
fn separator_defaults_to_comma() {
    assert_eq!(detect_separator("Name"), b',');
    assert_eq!(detect_separator(""), b',');
    assert_eq!(detect_separator("a,b;c"), b',');
    assert_eq!(detect_separator("a;b\tc"), b';');
}

#[test]
fn english_headers() {
    let m = map(&["First Name", "Last Name", "Phone", "Email", "Notes"]);
    assert_eq!(
        columns(&m),
        [Some(0), Some(1), None, Some(2), Some(3), Some(4)]
    );
    assert_eq!(m.columns, 5);
    assert!(m.unknown.is_empty());
}

#[test]
fn french_headers() {
    let m = map(&["Prénom", "Nom", "Téléphone", "E-mail", "Remarques"]);
    assert_eq!(
        columns(&m),
        [Some(0), Some(1), None, Some(2), Some(3), Some(4)]
    );
    let m = map(&[
        "Remarques sur le client",
        "Adresse e-mail",
        "Numéro de téléphone",
        "Nom de famille",
        "PRÉNOM",
    ]);
    assert_eq!(
        columns(&m),
        [Some(4), Some(3), None, Some(2), Some(1), Some(0)]
    );
}

#[test]
fn scheduler_export_and_other_spellings() {
    let m = map(&[
        "Firstname",
        "Surname",
        "Phone number",
        "Email address",
        "Client notes",
    ]);
    assert_eq!(
        columns(&m),
        [Some(0), Some(1), None, Some(2), Some(3), Some(4)]
    );
    for (first, last, phone, email, notes) in [
        (
            "Given name",
            "Family name",
            "Mobile",
            "Mail",
            "Commentaires",
        ),
        (
            "first_name",
            "last-name",
            "Tel",
            "E_Mail",
            "Notes sur le client",
        ),
        (" prenom ", "NOM", "Portable", "Courriel", "notes"),
        (
            "FIRST NAME",
            "last  name",
            "Téléphone",
            "e-mail",
            "Remarques",
        ),
    ] {
        let m = map(&[first, last, phone, email, notes]);
        assert_eq!(
            columns(&m),
            [Some(0), Some(1), None, Some(2), Some(3), Some(4)],
            "{first} {last} {phone} {email} {notes}"
        );
    }
}

#[test]
fn unknown_columns_are_listed_in_order() {
    let m = map(&[" Ville ", "First Name", "Last Name", "Birthday", "Email"]);
    assert_eq!(m.unknown, ["Ville", "Birthday"]);
    assert_eq!(m.email, Some(4));
    assert_eq!(m.phone, None);
}

#[test]
fn a_repeated_field_keeps_its_first_column() {
    let m = map(&["Email", "First Name", "Last Name", "E-mail", "Courriel"]);
    assert_eq!(m.email, Some(0));
    assert_eq!(m.unknown, ["E-mail", "Courriel"]);
}

#[test]
fn full_name_column_when_no_first_and_last() {
    for full in ["Name", "Nom complet", "Full name", "full_name", "NAME"] {
        let m = map(&["Phone", full]);
        assert_eq!(
            columns(&m),
            [None, None, Some(1), Some(0), None, None],
            "{full}"
        );
    }
}

#[test]
fn first_and_last_win_over_a_full_name() {
    let m = map(&["Name", "First Name", "Last Name"]);
    assert_eq!(columns(&m), [Some(1), Some(2), None, None, None, None]);
    assert_eq!(m.unknown, ["Name"]);
}

#[test]
fn a_lone_first_or_last_column_gives_way_to_a_full_name() {
    let m = map(&["First Name", "Full name", "Email"]);
    assert_eq!(columns(&m), [None, None, Some(1), None, Some(2), None]);
    assert_eq!(m.unknown, ["First Name"]);
}

#[test]
fn no_name_columns_is_an_error() {
    for h in [
        &["Phone", "Email"][..],
        &["First Name", "Phone"],
        &["Nom", "Email"],
        &[],
        &[""],
    ] {
        let e = map_headers(&headers(h)).expect_err("no names");
        assert_eq!(e.field, "file");
        assert!(
            e.message.contains("\"First Name\" and \"Last Name\""),
            "{}",
            e.message
        );
        assert!(e.message.contains("\"Prénom\" and \"Nom\""));
        assert!(e.message.contains("\"Name\""));
    }
}

proptest! {
    #[test]
    fn every_header_is_mapped_or_listed(h in proptest::collection::vec("[A-Za-zé _-]{0,12}", 0..8)) {
        let headers: Vec<String> = h;
        if let Ok(m) = map_headers(&headers) {
            let mapped = columns(&m).iter().flatten().count();
            prop_assert_eq!(mapped + m.unknown.len(), headers.len());
            prop_assert_eq!(m.columns, headers.len());
        }
    }

    #[test]
    fn detect_separator_never_panics(s in any::<String>()) {
        prop_assert!([b',', b';', b'\t'].contains(&detect_separator(&s)));
    }
}
