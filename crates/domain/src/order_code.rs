//! Redemption codes of orders (packages, gift certificates, subscriptions):
//! generated ones are short and easy to read aloud or type from paper.

use rand::Rng;

use crate::error::DomainError;

/// Characters of generated codes: no 0/O, 1/I/L nor U (read as V), so none can be mistaken for another.
pub const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
/// Shortest code accepted from staff, in characters.
pub const CODE_MIN_CHARS: usize = 4;
/// Longest code accepted from staff, in characters.
pub const CODE_MAX_CHARS: usize = 32;
/// Characters of a generated code on each side of its '-'.
const HALF: usize = 4;
const FIELD: &str = "code";

/// A new random code: 8 characters of [`CODE_ALPHABET`], shown as `XXXX-XXXX`.
///
/// 30^8 (about 6.6 × 10^11) codes: the store still checks uniqueness and
/// draws again on the rare collision.
pub fn generate_code(rng: &mut impl Rng) -> String {
    let alphabet = CODE_ALPHABET.as_bytes();
    let mut code = String::with_capacity(2 * HALF + 1);
    for i in 0..2 * HALF {
        if i == HALF {
            code.push('-');
        }
        code.push(char::from(alphabet[rng.gen_range(0..alphabet.len())]));
    }
    code
}

/// Parses a code typed or imported by staff: trimmed, uppercased, 4 to 32 of A-Z, 0-9 and '-'; returns that canonical form.
pub fn parse_code(s: &str) -> Result<String, DomainError> {
    let code = s.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(DomainError::new(FIELD, "code is required"));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(DomainError::new(
            FIELD,
            "code may only contain letters A-Z, digits and '-'",
        ));
    }
    // All ASCII from here on: bytes are characters.
    if !(CODE_MIN_CHARS..=CODE_MAX_CHARS).contains(&code.len()) {
        return Err(DomainError::new(
            FIELD,
            format!("code must be {CODE_MIN_CHARS} to {CODE_MAX_CHARS} characters long"),
        ));
    }
    if !code.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(DomainError::new(
            FIELD,
            "code must contain a letter or a digit",
        ));
    }
    Ok(code)
}

#[cfg(test)]
mod tests;
