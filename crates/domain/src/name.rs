//! A client's first and last name, both required.

use std::fmt;

use crate::error::DomainError;
use crate::text::{fold, has_control_chars, words};

/// Longest accepted first or last name, in characters (after trimming).
pub const NAME_MAX_CHARS: usize = 100;

/// Separator of the two folded parts in keys: below every printable char,
/// so "Dupont" sorts before "Dupontel" whatever the first names are, and it
/// can never occur inside a name (control chars are refused).
const KEY_SEPARATOR: char = '\u{1}';

/// A valid first + last name, kept as typed but trimmed with inner whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    first: String,
    last: String,
}

impl PersonName {
    /// Parses a first and a last name; both are required.
    pub fn parse(first: &str, last: &str) -> Result<Self, DomainError> {
        Ok(Self {
            first: parse_part(first, "first_name", "first name")?,
            last: parse_part(last, "last_name", "last name")?,
        })
    }

    /// The first name, as stored.
    pub fn first(&self) -> &str {
        &self.first
    }

    /// The last name, as stored.
    pub fn last(&self) -> &str {
        &self.last
    }

    /// List order key (last name, then first name, folded); compare as bytes.
    pub fn sort_key(&self) -> String {
        key(&self.last, &self.first)
    }

    /// Identity key of the name (folded first, then last): equal keys are "the same name".
    pub fn name_key(&self) -> String {
        key(&self.first, &self.last)
    }

    /// Folded words of the first then the last name, without duplicates, for search.
    pub fn search_words(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in words(&self.first).into_iter().chain(words(&self.last)) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
        out
    }
}

impl fmt::Display for PersonName {
    /// "First Last", as stored.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.first, self.last)
    }
}

fn key(a: &str, b: &str) -> String {
    let mut k = fold(a);
    k.push(KEY_SEPARATOR);
    k.push_str(&fold(b));
    k
}

fn parse_part(raw: &str, field: &'static str, label: &str) -> Result<String, DomainError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DomainError::new(field, format!("{label} is required")));
    }
    // Checked before collapsing whitespace: a tab or newline inside a name is
    // a paste or import accident, better refused than silently turned into a
    // space.
    if has_control_chars(trimmed) {
        return Err(DomainError::new(
            field,
            format!("{label} contains invalid characters"),
        ));
    }
    let collapsed = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > NAME_MAX_CHARS {
        return Err(DomainError::new(
            field,
            format!("{label} is too long (max {NAME_MAX_CHARS} characters)"),
        ));
    }
    // A name made only of punctuation or invisible chars ("-", zero-width
    // space) cannot be found by search nor told apart in the list.
    if !collapsed.chars().any(char::is_alphanumeric) {
        return Err(DomainError::new(
            field,
            format!("{label} must contain a letter or a digit"),
        ));
    }
    Ok(collapsed)
}

#[cfg(test)]
mod tests;
