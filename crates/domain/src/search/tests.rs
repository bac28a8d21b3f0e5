use super::*;
use crate::phone::Phone;
use proptest::prelude::*;

fn q(s: &str) -> SearchQuery {
    SearchQuery::parse(s)
        .unwrap_or_else(|e| panic!("{s:?}: {e}"))
        .unwrap_or_else(|| panic!("{s:?} is blank"))
}

fn name(first: &str, last: &str) -> PersonName {
    PersonName::parse(first, last).expect("valid name")
}

fn finds_name(query: &str, first: &str, last: &str) -> bool {
    q(query).matches(&name(first, last), None, None)
}

#[test]
fn blank_is_no_search() {
    assert_eq!(SearchQuery::parse(""), Ok(None));
    assert_eq!(SearchQuery::parse("  \t\n "), Ok(None));
}

#[test]
fn errors() {
    let e = SearchQuery::parse(&"a".repeat(201)).expect_err("too long");
    assert_eq!(
        (e.field, e.message.as_str()),
        ("search", "search is too long (max 200 characters)")
    );
    assert!(SearchQuery::parse(&format!("  {}  ", "a".repeat(200))).is_ok());
    for s in ["5", "+3", " 7 ", "(0)", "+ 4"] {
        let e = SearchQuery::parse(s).expect_err(s);
        assert_eq!(e.field, "search");
        assert_eq!(e.message, "a phone search needs at least 2 digits");
    }
    let e = SearchQuery::parse("jean\u{0}").expect_err("control");
    assert_eq!(e.message, "search contains invalid characters");
    assert!(SearchQuery::parse("jean\tdupont").is_err());
}

#[test]
fn classifies_the_input() {
    let s = q("  Hélène ");
    assert_eq!(s.raw, "Hélène");
    assert_eq!(s.name_words, ["helene"]);
    assert_eq!(s.phone_digits, None);
    assert_eq!(s.email_fragment.as_deref(), Some("hélène"));

    let s = q("jean de la fontaine");
    assert_eq!(s.name_words, ["jean", "de", "la", "fontaine"]);
    assert_eq!(s.email_fragment, None);

    let s = q("06 12 34");
    assert!(s.name_words.is_empty());
    assert_eq!(s.phone_digits.as_deref(), Some("061234"));
    assert_eq!(s.email_fragment, None);

    let s = q("+33(6)12.34-56/78");
    assert_eq!(s.phone_digits.as_deref(), Some("33612345678"));
    assert_eq!(s.email_fragment.as_deref(), Some("+33(6)12.34-56/78"));

    let s = q("  Dupont@ ");
    assert!(s.name_words.is_empty());
    assert_eq!(s.phone_digits, None);
    assert_eq!(s.email_fragment.as_deref(), Some("dupont@"));

    let s = q("jean2");
    assert_eq!(s.name_words, ["jean2"]);
    assert_eq!(s.phone_digits, None);

    let s = q("-");
    assert!(s.name_words.is_empty());
    assert_eq!(s.phone_digits, None);
    assert_eq!(s.email_fragment.as_deref(), Some("-"));
}

#[test]
fn name_search_is_accent_and_case_insensitive_prefix() {
    assert!(finds_name("helene", "Hélène", "Dupont"));
    assert!(finds_name("HÉL", "Helene", "Dupont"));
    assert!(finds_name("dup", "Hélène", "Dupont"));
    assert!(finds_name("oeu", "Anne", "Œuvre"));
    assert!(finds_name("strass", "Hans", "Straße"));
    assert!(finds_name("strasse", "Hans", "Strasse"));
    assert!(!finds_name("upont", "Hélène", "Dupont"));
    assert!(!finds_name("helenex", "Hélène", "Dupont"));
}

#[test]
fn several_words_first_name_then_last_name() {
    assert!(finds_name("jean dup", "Jean", "Dupont"));
    assert!(finds_name("dupont jean", "Jean", "Dupont"));
    assert!(!finds_name("jean durand", "Jean", "Dupont"));
    assert!(!finds_name("marie dupont", "Jean", "Dupont"));
}

#[test]
fn compound_names() {
    assert!(finds_name("de la fontaine", "Jean", "de La Fontaine"));
    assert!(finds_name("jean de la font", "Jean", "de La Fontaine"));
    assert!(finds_name("fontaine", "Jean", "de La Fontaine"));
    assert!(finds_name("pierre", "Jean-Pierre", "Martin"));
    assert!(finds_name("jean-pierre", "Jean-Pierre", "Martin"));
    assert!(finds_name("jean pierre", "Jean-Pierre", "Martin"));
    assert!(finds_name("d'arc", "Jeanne", "d'Arc"));
    assert!(finds_name("arc", "Jeanne", "d'Arc"));
}

#[test]
fn phone_search_ignores_formatting_and_matches_anywhere() {
    let n = name("Jean", "Dupont");
    assert!(q("06 12 34").matches(&n, None, Some("0612345678")));
    assert!(q("5678").matches(&n, None, Some("0612345678")));
    assert!(q("34.56").matches(&n, None, Some("0612345678")));
    assert!(q("+33 6").matches(&n, None, Some("33612345678")));
    assert!(q("06\u{a0}12").matches(&n, None, Some("0612345678")));
    assert!(!q("99").matches(&n, None, Some("0612345678")));
    assert!(!q("0612").matches(&n, None, None));
    let p = Phone::parse("06 12 34 56 78").expect("valid");
    assert!(q("(06) 12-34").matches(&n, None, Some(p.digits())));
}

#[test]
fn email_search_is_case_insensitive_substring() {
    let n = name("Jean", "Martin");
    let email = Some("Jean.Dupont@Example.com");
    assert!(q("  dupont@ ").matches(&n, email, None));
    assert!(q("EXAMPLE.COM").matches(&n, email, None));
    assert!(q("t@ex").matches(&n, email, None));
    assert!(q("dupont").matches(&n, email, None));
    assert!(!q("durand@").matches(&n, email, None));
    assert!(!q("dupont@").matches(&n, None, None));
    // An '@' query is not a name search: "martin@" does not find every Martin.
    assert!(!q("martin@").matches(&n, None, None));
}

#[test]
fn any_criterion_is_enough() {
    let n = name("Jean", "Dupont");
    // "12" is both a phone and an email search.
    assert!(q("12").matches(&n, Some("jean12@example.com"), None));
    assert!(q("12").matches(&n, None, Some("0612")));
    assert!(!q("12").matches(&n, Some("jean@example.com"), Some("0634")));
    // A query with no usable criterion matches nothing.
    assert!(!q("@ x").matches(&n, Some("x@y.fr"), Some("0612")));
}

fn person() -> impl Strategy<Value = (String, String)> {
    let part = "[a-zA-ZàâäçéèêëîïôöùûüÿñßœŒæÆøØ]{1,8}([ '-][a-zA-Zéèßœ]{1,8}){0,2}";
    (part, part)
}

proptest! {
    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = SearchQuery::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_phone_like(s in "[0-9 .()/+@a-z-]{0,12}") {
        let _ = SearchQuery::parse(&s);
    }

    #[test]
    fn client_matches_any_prefix_of_its_name_words(
        (first, last) in person(),
        word in any::<prop::sample::Index>(),
        len in any::<prop::sample::Index>(),
    ) {
        let n = name(&first, &last);
        let own = n.search_words();
        prop_assume!(!own.is_empty());
        let w = word.get(&own);
        let prefix = &w[..1 + len.index(w.len())];
        let s = q(prefix);
        prop_assert!(s.matches(&n, None, None), "{:?} should find {}", prefix, n);
        let upper = q(&prefix.to_uppercase());
        prop_assert!(upper.matches(&n, None, None));
    }

    #[test]
    fn client_matches_any_digit_substring_of_its_phone(
        phone in "\\+?[0-9]{3,20}",
        start in any::<prop::sample::Index>(),
        len in any::<prop::sample::Index>(),
    ) {
        let p = Phone::parse(&phone).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let digits = p.digits();
        let from = start.index(digits.len() - 1);
        let to = from + 2 + len.index(digits.len() - from - 1);
        let sub = &digits[from..to];
        let n = name("Jean", "Dupont");
        prop_assert!(q(sub).matches(&n, None, Some(digits)));
        let spaced: Vec<String> = sub.chars().map(String::from).collect();
        prop_assert!(q(&spaced.join(" ")).matches(&n, None, Some(digits)));
    }
}
