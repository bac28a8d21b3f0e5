//! An optional client phone number: kept as typed for display, plus its
//! digits for matching (search, duplicates, booking).

use std::fmt;

use crate::error::DomainError;

/// Longest accepted phone number as typed, in characters (after trimming).
pub const PHONE_MAX_CHARS: usize = 40;
const MIN_DIGITS: usize = 3;
const MAX_DIGITS: usize = 20;
const FIELD: &str = "phone";

/// A plausible phone number: as typed (trimmed) plus its digits only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    typed: String,
    digits: String,
}

impl Phone {
    /// Parses a phone number: digits, spaces, `. - ( ) /` and a leading `+`.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let typed = s.trim();
        if typed.is_empty() {
            return Err(invalid("it is empty"));
        }
        if typed.chars().count() > PHONE_MAX_CHARS {
            return Err(invalid("too long (max 40 characters)"));
        }
        for (i, c) in typed.chars().enumerate() {
            if c == '+' && i > 0 {
                return Err(invalid("'+' is only allowed at the start"));
            }
            if c != '+' && !c.is_ascii_digit() && !is_phone_separator(c) {
                return Err(invalid("only digits, spaces and . - ( ) / + are allowed"));
            }
        }
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < MIN_DIGITS {
            return Err(invalid("too few digits (min 3)"));
        }
        if digits.len() > MAX_DIGITS {
            return Err(invalid("too many digits (max 20)"));
        }
        Ok(Self {
            typed: typed.to_owned(),
            digits,
        })
    }

    /// The number as typed (trimmed).
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    /// Only the digits, e.g. `"+33 6 12-34"` gives `"3361234"`.
    pub fn digits(&self) -> &str {
        &self.digits
    }
}

impl fmt::Display for Phone {
    /// The number as typed (trimmed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.typed)
    }
}

/// Parses an optional phone field: `None` or blank gives `Ok(None)`.
pub fn parse_optional_phone(s: Option<&str>) -> Result<Option<Phone>, DomainError> {
    match s {
        Some(s) if !s.trim().is_empty() => Phone::parse(s).map(Some),
        _ => Ok(None),
    }
}

/// Characters allowed between the digits of a phone number (and of a phone
/// search). Non-breaking and narrow non-breaking spaces are included because
/// French typography puts them in numbers ("06 12 34 56 78") and they arrive
/// by copy-paste; they look like spaces, so refusing them would baffle users.
pub(crate) fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '(' | ')' | '/' | '\u{a0}' | '\u{202f}')
}

fn invalid(reason: &str) -> DomainError {
    DomainError::new(FIELD, format!("invalid phone number: {reason}"))
}

#[cfg(test)]
mod tests;
