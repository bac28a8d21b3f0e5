use super::*;
use crate::import::{map_headers, neutralise_cell};
use proptest::prelude::*;

fn map(h: &[&str]) -> ColumnMap {
    let headers: Vec<String> = h.iter().map(|s| (*s).to_owned()).collect();
    map_headers(&headers).expect("mapped")
}

fn standard() -> ColumnMap {
    map(&["First Name", "Last Name", "Phone", "Email", "Notes"])
}

fn client(row: &[&str]) -> ImportedClient {
    match parse_row(row, &standard()) {
        RowOutcome::Client(c) => c,
        other => panic!("expected a client from {row:?}, got {other:?}"),
    }
}

fn reason(row: &[&str], map: &ColumnMap) -> String {
    match parse_row(row, map) {
        RowOutcome::Rejected(r) => r,
        other => panic!("expected a rejection of {row:?}, got {other:?}"),
    }
}

#[test]
fn a_valid_row_gives_a_client() {
    let c = client(&[
        " Hélène ",
        "Dupont",
        "06 12 34 56 78",
        "helene@example.fr",
        "Prefers mornings\nAllergic to latex",
    ]);
    assert_eq!(c.name.first(), "Hélène");
    assert_eq!(c.name.last(), "Dupont");
    assert_eq!(c.phone.expect("phone").digits(), "0612345678");
    assert_eq!(c.email.expect("email").as_str(), "helene@example.fr");
    assert_eq!(
        c.notes.expect("notes").as_str(),
        "Prefers mornings\nAllergic to latex"
    );
}

#[test]
fn blank_optional_cells_are_none() {
    let c = client(&["Jean", "Dupont", " ", "", "\n"]);
    assert_eq!((c.phone, c.email, c.notes), (None, None, None));
}

#[test]
fn blank_rows_are_skipped() {
    let m = standard();
    assert_eq!(parse_row(&["", " ", "", "\t", ""], &m), RowOutcome::Blank);
    assert_eq!(parse_row(&[""], &m), RowOutcome::Blank);
    assert_eq!(parse_row(&[], &m), RowOutcome::Blank);
    assert_eq!(parse_row(&[""; 9], &m), RowOutcome::Blank);
}

#[test]
fn missing_names_are_rejected() {
    let m = standard();
    assert_eq!(
        reason(&["", "Dupont", "", "", ""], &m),
        "missing first name"
    );
    assert_eq!(reason(&["Jean", "  ", "", "", ""], &m), "missing last name");
    assert_eq!(
        reason(&["", "", "0612345678", "", ""], &m),
        "missing first and last name"
    );
}

#[test]
fn invalid_fields_are_rejected_with_their_reason() {
    let m = standard();
    assert_eq!(
        reason(&["Jean", "Dupont", "", "jean.example.com", ""], &m),
        "invalid email address: missing '@'"
    );
    assert_eq!(
        reason(&["Jean", "Dupont", "06 CALL ME", "", ""], &m),
        "invalid phone number: only digits, spaces and . - ( ) / + are allowed"
    );
    assert_eq!(
        reason(&["Jean", "Dupont", "", "", "bell\u{7}"], &m),
        "notes contain invalid characters"
    );
    assert_eq!(
        reason(&["Jean\tPierre", "Dupont", "", "", ""], &m),
        "first name contains invalid characters"
    );
}

#[test]
fn over_long_fields_are_rejected() {
    let m = standard();
    let long = "é".repeat(101);
    assert_eq!(
        reason(&[&long, "Dupont", "", "", ""], &m),
        "first name is too long (max 100 characters)"
    );
    assert_eq!(
        reason(&["Jean", &long, "", "", ""], &m),
        "last name is too long (max 100 characters)"
    );
    let ten_thousand = "x".repeat(10_000);
    let c = client(&["Jean", "Dupont", "", "", &ten_thousand]);
    assert_eq!(c.notes.expect("notes").as_str().len(), 10_000);
    assert_eq!(
        reason(&["Jean", "Dupont", "", "", &format!("{ten_thousand}x")], &m),
        "notes are too long (max 10000 characters)"
    );
    assert_eq!(
        reason(&["Jean", "Dupont", "", &ten_thousand, ""], &m),
        "invalid email address: too long (max 254 characters)"
    );
    assert_eq!(
        reason(&["Jean", "Dupont", &ten_thousand, "", ""], &m),
        "invalid phone number: too long (max 40 characters)"
    );
}

#[test]
fn every_problem_of_a_row_is_listed() {
    assert_eq!(
        reason(&["Jean", "", "1", "nope", ""], &standard()),
        "missing last name; invalid email address: missing '@'; invalid phone number: too few digits (min 3)"
    );
}

#[test]
fn rows_longer_than_the_header_are_rejected() {
    assert_eq!(
        reason(&["Jean", "Dupont", "", "", "", "extra"], &standard()),
        "ragged row: 6 fields, the header has 5"
    );
}

#[test]
fn shorter_rows_need_every_mapped_column() {
    assert_eq!(
        reason(&["Jean", "Dupont", "0612345678"], &standard()),
        "ragged row: 3 fields, the header has 5"
    );
    let m = map(&["First Name", "Last Name", "Phone", "Ville", "Birthday"]);
    match parse_row(&["Jean", "Dupont", "0612345678"], &m) {
        RowOutcome::Client(c) => assert_eq!(c.phone.expect("phone").as_str(), "0612345678"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        reason(&["Jean"], &m),
        "ragged row: 1 fields, the header has 5"
    );
}

#[test]
fn full_name_is_split_at_the_first_space() {
    let m = map(&["Name", "Email"]);
    let name = |row: &[&str]| match parse_row(row, &m) {
        RowOutcome::Client(c) => (c.name.first().to_owned(), c.name.last().to_owned()),
        other => panic!("{other:?}"),
    };
    assert_eq!(name(&["Jean Dupont", ""]), ("Jean".into(), "Dupont".into()));
    assert_eq!(
        name(&["  Marie   de La  Fontaine ", ""]),
        ("Marie".into(), "de La Fontaine".into())
    );
    assert_eq!(reason(&["Madonna", ""], &m), "missing last name");
    assert_eq!(
        reason(&["", "a@example.com"], &m),
        "missing first and last name"
    );
}

#[test]
fn neutralised_cells_are_restored() {
    let c = client(&[
        "'=Jean",
        "'@Dupont",
        "'+33 6 12 34 56 78",
        "'-x@example.com",
        "'-- allergic\n'=not a prefix here",
    ]);
    assert_eq!(c.name.first(), "=Jean");
    assert_eq!(c.name.last(), "@Dupont");
    assert_eq!(c.phone.expect("phone").as_str(), "+33 6 12 34 56 78");
    assert_eq!(c.email.expect("email").as_str(), "-x@example.com");
    assert_eq!(
        c.notes.expect("notes").as_str(),
        "-- allergic\n'=not a prefix here"
    );
}

#[test]
fn other_leading_quotes_are_kept() {
    let c = client(&["'Jean", "O'Brien", "", "", "''=x"]);
    assert_eq!(c.name.first(), "'Jean");
    assert_eq!(c.notes.expect("notes").as_str(), "'=x");
}

proptest! {
    #[test]
    fn parse_row_never_panics(
        row in proptest::collection::vec(any::<String>(), 0..8),
        cols in proptest::collection::vec(proptest::option::of(0usize..10), 6),
        columns in 0usize..10,
    ) {
        let m = ColumnMap {
            columns,
            first_name: cols[0],
            last_name: cols[1],
            full_name: cols[2],
            phone: cols[3],
            email: cols[4],
            notes: cols[5],
            unknown: Vec::new(),
        };
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        let _ = parse_row(&cells, &m);
    }

    #[test]
    fn neutralised_then_imported_gives_the_original(
        first in "[=+@'-]{0,2}[A-Za-zé]{1,10}",
        last in "['=+-]{0,3}[A-Za-z]{1,10}",
        phone in "[+]?[0-9]{3}[0-9 ]{0,9}",
        notes in "[=+@\t'-]{0,3}[^\u{0}-\u{8}\u{b}-\u{1f}\u{7f}-\u{9f}]{0,40}",
    ) {
        let cells = [&first, &last, &phone, &String::new(), &notes].map(|s| neutralise_cell(s).into_owned());
        let row: Vec<&str> = cells.iter().map(String::as_str).collect();
        match parse_row(&row, &standard()) {
            RowOutcome::Client(c) => {
                prop_assert_eq!(c.name.first(), first.as_str());
                prop_assert_eq!(c.name.last(), last.as_str());
                prop_assert_eq!(c.phone.map(|p| p.as_str().to_owned()), Some(phone.trim().to_owned()));
                let expected = Notes::parse(&notes).expect("valid notes");
                prop_assert_eq!(c.notes.unwrap_or_default(), expected);
            }
            other => prop_assert!(false, "{:?} gave {:?}", row, other),
        }
    }
}
