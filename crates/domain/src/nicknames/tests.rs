use super::*;
use crate::text::fold;
use proptest::prelude::*;
use std::collections::HashSet;

#[test]
fn table_is_large_folded_and_without_duplicates() {
    let pairs = nickname_pairs();
    assert!(pairs.len() >= 200, "{} pairs", pairs.len());
    let mut seen = HashSet::new();
    for &(nick, full) in pairs {
        for name in [nick, full] {
            assert_eq!(fold(name), name, "{name} is not folded");
            assert_eq!(first_name_key(name), name, "{name} is not a key");
        }
        assert_ne!(nick, full);
        assert!(seen.insert((nick, full)), "duplicate pair {nick}/{full}");
        // A nickname is never itself listed as a full name with nicknames
        // (no chains: every nickname points straight at its full names).
        assert!(
            !pairs.iter().any(|&(_, f)| f == nick),
            "{nick} is both a nickname and a full name"
        );
    }
}

#[test]
fn table_has_english_and_french_pairs() {
    let pairs = nickname_pairs();
    for pair in [
        ("bob", "robert"),
        ("bill", "william"),
        ("kate", "katherine"),
        ("jeannot", "jean"),
        ("manu", "emmanuel"),
        ("fanfan", "francoise"),
        ("seb", "sebastien"),
        ("babette", "elisabeth"),
    ] {
        assert!(pairs.contains(&pair), "{pair:?} missing");
    }
}

#[test]
fn nickname_and_full_name_both_ways() {
    for (a, b) in [
        ("Bob", "Robert"),
        ("Kate", "Katherine"),
        ("Jeannot", "Jean"),
        ("Fanfan", "Françoise"),
        ("Séb", "Sébastien"),
        ("DÉDÉ", "André"),
        ("Babette", "Élisabeth"),
        ("Chris", "Christine"),
        ("Chris", "Christopher"),
        ("JP", "Jean-Pierre"),
        ("jp", "Jean Pierre"),
    ] {
        assert!(are_nicknames(a, b), "{a}/{b}");
        assert!(are_nicknames(b, a), "{b}/{a}");
    }
}

#[test]
fn nicknames_of_the_same_full_name() {
    assert!(are_nicknames("Bob", "Rob"));
    assert!(are_nicknames("bobby", "Robbie"));
    assert!(are_nicknames("Kate", "Kathy"));
    assert!(are_nicknames("Al", "Fred")); // both Alfred
}

#[test]
fn unrelated_or_equal_names_are_not_nicknames() {
    assert!(!are_nicknames("Bob", "Bob"));
    assert!(!are_nicknames("Robert", "ROBERT"));
    assert!(!are_nicknames("Robert", "William"));
    assert!(!are_nicknames("Bob", "Bill"));
    // Two full names of one nickname are different people.
    assert!(!are_nicknames("Christine", "Christopher"));
    assert!(!are_nicknames("Jean-Pierre", "Jean"));
    assert!(!are_nicknames("Jean-Pierre", "Jeannot"));
    assert!(!are_nicknames("", "Bob"));
    assert!(!are_nicknames("--", ""));
}

#[test]
fn keys_of_a_nickname_include_itself_first() {
    assert_eq!(nickname_keys("Bob"), ["bob", "robert"]);
    assert_eq!(nickname_keys("  BOB "), ["bob", "robert"]);
    assert_eq!(nickname_keys("Robert"), ["robert"]);
    assert_eq!(nickname_keys("Jeannot"), ["jeannot", "jean"]);
    assert_eq!(nickname_keys("Hélène"), ["helene"]);
    let chris = nickname_keys("Chris");
    assert_eq!(chris[0], "chris");
    assert!(chris.contains(&"christine".to_owned()));
    assert!(chris.contains(&"christopher".to_owned()));
    assert!(nickname_keys("").is_empty());
    assert!(nickname_keys(" - ").is_empty());
}

#[test]
fn compound_first_names_use_their_first_word() {
    assert_eq!(nickname_keys("Bob-Lee"), ["bob-lee", "robert"]);
    assert_eq!(nickname_keys("Bob Lee"), ["bob-lee", "robert"]);
    assert_eq!(nickname_keys("Jean-Pierre"), ["jean-pierre"]);
    assert!(are_nicknames("Bob-Lee", "Robert"));
    assert!(!are_nicknames("Jean-Pierre", "Jean-Paul"));
}

proptest! {
    #[test]
    fn nicknames_are_symmetric_and_irreflexive(
        a in "[a-zA-Zé -]{0,12}",
        i in 0usize..400,
        j in 0usize..400,
    ) {
        prop_assert!(!are_nicknames(&a, &a));
        let pairs = nickname_pairs();
        let x = pairs[i % pairs.len()].0;
        let y = pairs[j % pairs.len()].1;
        prop_assert_eq!(are_nicknames(x, y), are_nicknames(y, x));
        prop_assert_eq!(are_nicknames(&a, y), are_nicknames(y, &a));
    }

    #[test]
    fn shared_key_iff_nicknames_or_equal(
        i in 0usize..400,
        j in 0usize..400,
        k in 0usize..400,
    ) {
        let pairs = nickname_pairs();
        let a = pairs[i % pairs.len()].0;
        let b = if k % 2 == 0 { pairs[j % pairs.len()].0 } else { pairs[j % pairs.len()].1 };
        let ka = nickname_keys(a);
        let shared = nickname_keys(b).iter().any(|k| ka.contains(k));
        prop_assert_eq!(shared, a == b || are_nicknames(a, b));
    }
}
