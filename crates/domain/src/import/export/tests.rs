use super::*;
use crate::import::map_headers;
use proptest::prelude::*;

#[test]
fn formula_like_cells_get_a_quote() {
    for (cell, out) in [
        ("=1+1", "'=1+1"),
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rhidden", "'\rhidden"),
        ("'=already quoted", "''=already quoted"),
    ] {
        assert_eq!(neutralise_cell(cell), out, "{cell:?}");
    }
}

#[test]
fn other_cells_are_borrowed_unchanged() {
    for cell in [
        "", "Jean", " =1+1", "a=b", "06 12", "'quoted", "\nx", "é=", "''",
    ] {
        assert!(
            matches!(neutralise_cell(cell), Cow::Borrowed(c) if c == cell),
            "{cell:?}"
        );
    }
}

#[test]
fn the_import_takes_one_quote_off() {
    assert_eq!(unneutralise("'=1+1"), "=1+1");
    assert_eq!(unneutralise("''=x"), "'=x");
    assert_eq!(unneutralise("'quoted"), "'quoted");
    assert_eq!(unneutralise("'"), "'");
    assert_eq!(unneutralise("=raw"), "=raw");
}

#[test]
fn headers_follow_the_locale() {
    assert_eq!(
        export_headers("fr"),
        [
            "Prénom",
            "Nom",
            "Téléphone",
            "E-mail",
            "Remarques",
            "Compte",
            "Banni",
            "Créé le",
            "Dernier rendez-vous",
            "Nombre de rendez-vous"
        ]
    );
    assert_eq!(
        export_headers("en"),
        [
            "First Name",
            "Last Name",
            "Phone",
            "Email",
            "Notes",
            "Account",
            "Banned",
            "Created",
            "Last Appointment",
            "Appointment Count"
        ]
    );
    for fr in ["FR", "fr-FR", "fr_CA", " fr "] {
        assert_eq!(export_headers(fr)[0], "Prénom", "{fr}");
    }
    for en in ["", "en-GB", "de", "frisian", "fra"] {
        assert_eq!(export_headers(en)[0], "First Name", "{en}");
    }
}

#[test]
fn export_headers_map_back() {
    for locale in ["fr", "en"] {
        let headers: Vec<String> = export_headers(locale)
            .iter()
            .map(|h| (*h).to_owned())
            .collect();
        let m = map_headers(&headers).expect("maps");
        assert_eq!(
            [m.first_name, m.last_name, m.phone, m.email, m.notes],
            [Some(0), Some(1), Some(2), Some(3), Some(4)],
            "{locale}"
        );
        assert_eq!(m.full_name, None);
        assert_eq!(m.unknown, headers[5..], "{locale}");
    }
}

proptest! {
    #[test]
    fn neutralising_is_undone_by_the_import(s in any::<String>()) {
        let cell = neutralise_cell(&s);
        prop_assert_eq!(unneutralise(&cell), s.as_str());
    }

    #[test]
    fn neutralised_cells_never_start_a_formula(s in "[=+@\t\r'-]{0,3}.{0,10}") {
        prop_assert!(!neutralise_cell(&s).starts_with(FORMULA_STARTS));
    }
}
