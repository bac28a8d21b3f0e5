//! An optional client email address, validated the way users expect from a
//! booking form: strict enough to catch typos, lenient on what real
//! providers accept (plus-addressing, internationalised domains).

use std::fmt;

use crate::error::DomainError;

/// Longest accepted address, in characters (the SMTP path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
const LOCAL_MAX_CHARS: usize = 64;
const LABEL_MAX_CHARS: usize = 63;
const FIELD: &str = "email";
/// Printable ASCII that still cannot appear unquoted before the '@'.
const LOCAL_FORBIDDEN: &str = "()<>[]:;@\\,\"";

/// A syntactically valid email address, kept as typed (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an email address; surrounding whitespace is trimmed.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(invalid("it is empty"));
        }
        if t.chars().count() > EMAIL_MAX_CHARS {
            return Err(invalid("too long (max 254 characters)"));
        }
        let (local, domain) = match t.split_once('@') {
            Some((_, d)) if d.contains('@') => return Err(invalid("more than one '@'")),
            Some(parts) => parts,
            None => return Err(invalid("missing '@'")),
        };
        check_local(local)?;
        check_domain(domain)?;
        Ok(Self(t.to_owned()))
    }

    /// The address as typed (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercase form, the key for matching addresses (case-insensitive).
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    /// The address as typed (trimmed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses an optional email field: `None` or blank gives `Ok(None)`.
pub fn parse_optional_email(s: Option<&str>) -> Result<Option<Email>, DomainError> {
    match s {
        Some(s) if !s.trim().is_empty() => Email::parse(s).map(Some),
        _ => Ok(None),
    }
}

fn invalid(reason: &str) -> DomainError {
    DomainError::new(FIELD, format!("invalid email address: {reason}"))
}

fn check_local(local: &str) -> Result<(), DomainError> {
    if local.is_empty() {
        return Err(invalid("nothing before '@'"));
    }
    if local.chars().count() > LOCAL_MAX_CHARS {
        return Err(invalid(
            "the part before '@' is too long (max 64 characters)",
        ));
    }
    // Quoted local parts and non-ASCII mailboxes (RFC 6531) are valid on paper
    // but rarely deliverable; refusing them catches far more typos.
    let ok = |c: char| c.is_ascii_graphic() && !LOCAL_FORBIDDEN.contains(c);
    if !local.chars().all(ok) {
        return Err(invalid(
            "the part before '@' contains a space or a character not allowed",
        ));
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), DomainError> {
    if domain.is_empty() {
        return Err(invalid("nothing after '@'"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(invalid("the domain needs a dot, as in example.com"));
    }
    for label in &labels {
        check_label(label)?;
    }
    let tld = labels.last().copied().unwrap_or_default();
    // Punycode TLDs ("xn--p1ai" for .рф) hold digits and hyphens but are real.
    let punycode = tld.len() > 4 && tld[..4].eq_ignore_ascii_case("xn--");
    if !punycode && (tld.chars().count() < 2 || !tld.chars().all(char::is_alphabetic)) {
        return Err(invalid(
            "the domain must end with at least 2 letters, as in .com",
        ));
    }
    Ok(())
}

fn check_label(label: &str) -> Result<(), DomainError> {
    if label.is_empty() {
        return Err(invalid("empty part in the domain (two dots in a row?)"));
    }
    if label.chars().count() > LABEL_MAX_CHARS {
        return Err(invalid(
            "a part of the domain is too long (max 63 characters)",
        ));
    }
    // Non-ASCII letters are accepted for internationalised domains (müller.de);
    // the mail system converts them to punycode when sending.
    let ok =
        |c: char| c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && c.is_alphabetic());
    if !label.chars().all(ok) {
        return Err(invalid(
            "the domain contains a space or a character not allowed",
        ));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(invalid("a part of the domain starts or ends with '-'"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
