//! Private staff notes on a client: free text, never shown to the client.

use crate::error::DomainError;

/// Longest accepted notes when typed, in characters (merged notes may exceed it).
pub const NOTES_MAX_CHARS: usize = 10_000;
const FIELD: &str = "notes";

/// Staff notes: multi-line free text, trailing whitespace removed; may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notes(String);

impl Notes {
    /// Parses notes: trailing whitespace trimmed, size limited, no control chars but newlines and tabs.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        // Only the end is trimmed: leading spaces or blank lines can be
        // deliberate layout (an indented list), trailing ones never are.
        let t = s.trim_end();
        if t.chars().count() > NOTES_MAX_CHARS {
            return Err(DomainError::new(
                FIELD,
                format!("notes are too long (max {NOTES_MAX_CHARS} characters)"),
            ));
        }
        if t.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(DomainError::new(FIELD, "notes contain invalid characters"));
        }
        Ok(Self(t.to_owned()))
    }

    /// Notes read back from the store, already accepted once (or produced by a merge,
    /// which may exceed the typing limit): taken as they are.
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }

    /// The notes text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when there are no notes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Notes of two merged profiles: nothing dropped, no duplicate, a blank line between.
    pub fn concat(a: &str, b: &str) -> String {
        // Never truncated, even past NOTES_MAX_CHARS: a merge must not lose
        // what staff wrote; the limit only applies to what is typed.
        if b.trim().is_empty() {
            a.to_owned()
        } else if a.trim().is_empty() || a == b {
            b.to_owned()
        } else {
            format!("{a}\n\n{b}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_trailing_whitespace_only() {
        let n = Notes::parse("  - allergic to latex\n\tprefers mornings \n\n  ").expect("valid");
        assert_eq!(n.as_str(), "  - allergic to latex\n\tprefers mornings");
        assert!(!n.is_empty());
        assert!(Notes::parse(" \n\t ").expect("valid").is_empty());
        assert!(Notes::default().is_empty());
        assert_eq!(Notes::parse("a\r\nb").expect("valid").as_str(), "a\r\nb");
    }

    #[test]
    fn too_long_rejected() {
        let max = "é".repeat(NOTES_MAX_CHARS);
        assert_eq!(
            Notes::parse(&format!("{max}\n\n")).expect("valid").as_str(),
            max
        );
        let e = Notes::parse(&format!("{max}x")).expect_err("too long");
        assert_eq!(e.field, "notes");
        assert_eq!(e.message, "notes are too long (max 10000 characters)");
    }

    #[test]
    fn control_chars_other_than_newlines_and_tabs_rejected() {
        for bad in ["a\u{0}b", "a\u{7}", "\u{1b}[31m", "a\u{7f}b"] {
            let e = Notes::parse(bad).expect_err(bad);
            assert_eq!(e.field, "notes");
            assert_eq!(e.message, "notes contain invalid characters");
        }
    }

    #[test]
    fn concat_keeps_everything_once() {
        assert_eq!(Notes::concat("", "b"), "b");
        assert_eq!(Notes::concat("a", ""), "a");
        assert_eq!(Notes::concat("", ""), "");
        assert_eq!(Notes::concat("  \n", "b"), "b");
        assert_eq!(Notes::concat("same", "same"), "same");
        assert_eq!(Notes::concat("first", "second"), "first\n\nsecond");
    }

    #[test]
    fn concat_is_never_truncated() {
        let a = "a".repeat(NOTES_MAX_CHARS);
        let b = "b".repeat(NOTES_MAX_CHARS);
        assert_eq!(
            Notes::concat(&a, &b).chars().count(),
            2 * NOTES_MAX_CHARS + 2
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Notes::parse(&s);
        }

        #[test]
        fn concat_contains_both(a in ".{0,30}", b in ".{0,30}") {
            let c = Notes::concat(&a, &b);
            if !a.trim().is_empty() { prop_assert!(c.contains(&a)); }
            if !b.trim().is_empty() { prop_assert!(c.contains(&b)); }
        }
    }
}
