use super::*;
use proptest::prelude::*;

fn name(first: &str, last: &str) -> PersonName {
    PersonName::parse(first, last).expect("valid name")
}

fn err(first: &str, last: &str) -> DomainError {
    PersonName::parse(first, last).expect_err("invalid name")
}

#[test]
fn keeps_name_as_typed_but_trimmed_and_collapsed() {
    let n = name("  Jean   Pierre ", "\tde  La Fontaine\n");
    assert_eq!(n.first(), "Jean Pierre");
    assert_eq!(n.last(), "de La Fontaine");
    assert_eq!(n.to_string(), "Jean Pierre de La Fontaine");
}

#[test]
fn both_parts_required() {
    let e = err("", "Dupont");
    assert_eq!(
        (e.field, e.message.as_str()),
        ("first_name", "first name is required")
    );
    let e = err("Jean", "   ");
    assert_eq!(
        (e.field, e.message.as_str()),
        ("last_name", "last name is required")
    );
    assert_eq!(err(" \u{a0}", "").field, "first_name");
}

#[test]
fn too_long_rejected() {
    let long = "a".repeat(NAME_MAX_CHARS + 1);
    let e = err(&long, "Dupont");
    assert_eq!(e.field, "first_name");
    assert_eq!(e.message, "first name is too long (max 100 characters)");
    let e = err("Jean", &long);
    assert_eq!(e.message, "last name is too long (max 100 characters)");
    // Limit counts characters, not bytes, after trimming.
    let max = "é".repeat(NAME_MAX_CHARS);
    assert_eq!(name(&format!("  {max}  "), "X").first(), max);
}

#[test]
fn control_chars_rejected() {
    let e = err("Je\tan", "Dupont");
    assert_eq!(e.field, "first_name");
    assert_eq!(e.message, "first name contains invalid characters");
    let e = err("Jean", "Du\u{0}pont");
    assert_eq!(e.message, "last name contains invalid characters");
}

#[test]
fn needs_a_letter_or_digit() {
    let e = err("-", "Dupont");
    assert_eq!(e.message, "first name must contain a letter or a digit");
    assert_eq!(err("Jean", "\u{200b}").field, "last_name");
    assert_eq!(name("Jean", "3").last(), "3");
    assert_eq!(name("李", "小龍").first(), "李");
}

#[test]
fn sort_key_orders_by_last_then_first_ignoring_accents_and_case() {
    let mut names = [
        name("Zoé", "Martin"),
        name("alice", "Martin"),
        name("Bob", "Dupontel"),
        name("Émile", "dupont"),
        name("Hélène", "Émery"),
    ];
    names.sort_by_key(PersonName::sort_key);
    let order: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        order,
        [
            "Émile dupont",
            "Bob Dupontel",
            "Hélène Émery",
            "alice Martin",
            "Zoé Martin"
        ]
    );
    assert_eq!(name("Hélène", "Œuvre").sort_key(), "oeuvre\u{1}helene");
}

#[test]
fn name_key_identifies_same_name_up_to_accents_case_and_spaces() {
    assert_eq!(
        name("Helene", "DUPONT").name_key(),
        name(" Hélène ", "Dupont").name_key()
    );
    assert_eq!(name("Hélène", "Dupont").name_key(), "helene\u{1}dupont");
    assert_eq!(
        name("Jean", "Straße").name_key(),
        name("jean", "STRASSE").name_key()
    );
    // The separator keeps the split between first and last name significant.
    assert_ne!(
        name("Jean Pierre", "Martin").name_key(),
        name("Jean", "Pierre Martin").name_key()
    );
}

#[test]
fn search_words_first_then_last_deduplicated() {
    assert_eq!(
        name("Jean-Pierre", "de La Fontaine").search_words(),
        ["jean", "pierre", "de", "la", "fontaine"]
    );
    assert_eq!(name("Martin", "Martin").search_words(), ["martin"]);
    assert_eq!(
        name("Hélène", "d'Œuvre").search_words(),
        ["helene", "d", "oeuvre"]
    );
}

proptest! {
    #[test]
    fn parse_never_panics(first in any::<String>(), last in any::<String>()) {
        let _ = PersonName::parse(&first, &last);
    }

    #[test]
    fn valid_names_round_trip_trimmed(
        first in "[ \t]{0,3}\\p{L}[\\p{L} '.-]{0,40}[ \n]{0,3}",
        last in " {0,3}[\\p{L}0-9][\\p{L}0-9 '-]{0,40} {0,3}",
    ) {
        let n = PersonName::parse(&first, &last).expect("valid");
        let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(n.first(), collapse(&first));
        prop_assert_eq!(n.last(), collapse(&last));
        prop_assert_eq!(PersonName::parse(n.first(), n.last()).expect("valid"), n.clone());
    }
}
