//! The one search box of the client list (SPEC §3): a single input searched
//! as a name, a phone number and an email at once.
//!
//! The database implementations translate these fields to their own queries;
//! [`SearchQuery::matches`] is the reference rule their tests compare with.

use crate::error::DomainError;
use crate::name::PersonName;
use crate::phone::is_phone_separator;
use crate::text::{has_control_chars, words};

/// Longest accepted search, in characters (after trimming).
pub const SEARCH_MAX_CHARS: usize = 200;
/// Fewer digits would match most of the list, so the seed product refuses them too.
const MIN_PHONE_DIGITS: usize = 2;
const FIELD: &str = "search";

/// A parsed search; a client matches when ANY present criterion matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// The input, trimmed.
    pub raw: String,
    /// Folded words of a name search: each must prefix some word of the client's name. Empty when absent.
    pub name_words: Vec<String>,
    /// Digits of a phone search, matched anywhere in the client's phone digits.
    pub phone_digits: Option<String>,
    /// Lowercase fragment matched anywhere in the client's email.
    pub email_fragment: Option<String>,
}

impl SearchQuery {
    /// Parses the search box; blank input gives `Ok(None)` (no search).
    pub fn parse(input: &str) -> Result<Option<Self>, DomainError> {
        // Trimmed so that a pasted " dupont@example.com " still finds the client.
        let raw = input.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if raw.chars().count() > SEARCH_MAX_CHARS {
            return Err(DomainError::new(
                FIELD,
                format!("search is too long (max {SEARCH_MAX_CHARS} characters)"),
            ));
        }
        if has_control_chars(raw) {
            return Err(DomainError::new(
                FIELD,
                "search contains invalid characters",
            ));
        }
        // An '@' means the user is typing an email: splitting it into name
        // words ("dupont", "gmail") would find unrelated people.
        let name_words = if !raw.contains('@') && raw.chars().any(char::is_alphabetic) {
            words(raw)
        } else {
            Vec::new()
        };
        let phone_digits = phone_digits(raw)?;
        // An email holds no whitespace, so a query with some cannot be part of one.
        let email_fragment = if raw.contains(char::is_whitespace) {
            None
        } else {
            Some(raw.to_lowercase())
        };
        Ok(Some(Self {
            raw: raw.to_owned(),
            name_words,
            phone_digits,
            email_fragment,
        }))
    }

    /// Reference rule: does a client with this name, email and phone digits match?
    pub fn matches(
        &self,
        name: &PersonName,
        email: Option<&str>,
        phone_digits: Option<&str>,
    ) -> bool {
        self.matches_name(name)
            || matches!((&self.phone_digits, phone_digits), (Some(q), Some(d)) if d.contains(q.as_str()))
            || matches!((&self.email_fragment, email), (Some(q), Some(e)) if e.to_lowercase().contains(q.as_str()))
    }

    fn matches_name(&self, name: &PersonName) -> bool {
        if self.name_words.is_empty() {
            return false;
        }
        // Any word of first or last name may match any query word: this
        // covers "first word = first name, rest = last name" (the seed rule)
        // as well as compound names ("de la fontaine"), in any order.
        let own = name.search_words();
        self.name_words
            .iter()
            .all(|q| own.iter().any(|w| w.starts_with(q.as_str())))
    }
}

/// Digits of a phone-like query (digits, phone separators, a leading '+'),
/// or `None` when the query is not phone-like.
fn phone_digits(raw: &str) -> Result<Option<String>, DomainError> {
    let body = raw.strip_prefix('+').unwrap_or(raw);
    let phone_like = body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || is_phone_separator(c));
    if !phone_like {
        return Ok(None);
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < MIN_PHONE_DIGITS {
        return Err(DomainError::new(
            FIELD,
            "a phone search needs at least 2 digits",
        ));
    }
    Ok(Some(digits))
}

#[cfg(test)]
mod tests;
