//! Text folding shared by names, sorting and search, so that every crate
//! compares names the same way (accent- and case-insensitive).

use deunicode::deunicode_with_tofu;

/// Accent- and case-insensitive form of `s`: ASCII transliteration, lowercase, whitespace runs collapsed, trimmed.
pub fn fold(s: &str) -> String {
    // Whitespace and control chars are handled before transliteration, which
    // would otherwise drop a tab or newline between two words and glue them.
    let cleaned: String = s
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    // An empty placeholder (instead of deunicode's "[?]") for symbols without
    // a transliteration: they carry nothing useful for sorting or matching,
    // and "[?]" would make unrelated names compare equal.
    let ascii = deunicode_with_tofu(&cleaned, "");
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// Folded words of `s`: [`fold`], then split on every char that is not ASCII alphanumeric.
pub fn words(s: &str) -> Vec<String> {
    // Hyphens, apostrophes and dots split too, so "Jean-Pierre" and
    // "d'Arc" are found by any of their parts.
    fold(s)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// True when `s` holds any control character (including tab and newline).
pub fn has_control_chars(s: &str) -> bool {
    s.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fold_removes_accents_case_and_extra_spaces() {
        assert_eq!(fold("  Hélène  Œuvre "), "helene oeuvre");
        assert_eq!(fold("HÉLÈNE"), "helene");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Ærø\tØst\n"), "aero ost");
        assert_eq!(fold("François"), "francois");
        assert_eq!(fold("é\u{1}e\u{85}x"), "ee x");
        assert_eq!(fold("a\u{1}b"), "ab");
        assert_eq!(fold(""), "");
        assert_eq!(fold("   "), "");
    }

    #[test]
    fn fold_drops_symbols_without_transliteration() {
        assert!(!fold("a\u{E000}b").contains('['));
    }

    #[test]
    fn words_split_on_punctuation() {
        assert_eq!(words("Jean-Pierre d'Arc"), ["jean", "pierre", "d", "arc"]);
        assert_eq!(words("J.-P. O’Neil"), ["j", "p", "o", "neil"]);
        assert_eq!(words("de La Fontaine"), ["de", "la", "fontaine"]);
        assert_eq!(words("Hélène2"), ["helene2"]);
        assert!(words(" -- ' ").is_empty());
    }

    #[test]
    fn control_chars_detected() {
        assert!(has_control_chars("a\tb"));
        assert!(has_control_chars("a\nb"));
        assert!(has_control_chars("a\u{0}b"));
        assert!(has_control_chars("\u{7f}"));
        assert!(has_control_chars("\u{85}"));
        assert!(!has_control_chars("Hélène Œ ß"));
        assert!(!has_control_chars(""));
    }

    proptest! {
        #[test]
        fn fold_is_idempotent_and_lowercase_ascii(s in any::<String>()) {
            let f = fold(&s);
            prop_assert!(f.is_ascii());
            prop_assert!(!f.chars().any(|c| c.is_ascii_uppercase()));
            prop_assert_eq!(fold(&f), f.clone());
            prop_assert_eq!(f.trim(), f.as_str());
            prop_assert!(!f.contains("  "));
            prop_assert!(!f.chars().any(|c| c.is_control()));
        }

        #[test]
        fn fold_of_accented_latin_is_idempotent(s in "[a-zA-ZÀ-ÿŒœß '-]{0,40}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f);
        }

        #[test]
        fn words_are_non_empty_ascii_alphanumeric(s in any::<String>()) {
            for w in words(&s) {
                prop_assert!(!w.is_empty());
                prop_assert!(w.chars().all(|c| c.is_ascii_alphanumeric()));
                prop_assert!(!w.chars().any(|c| c.is_ascii_uppercase()));
            }
        }
    }
}
