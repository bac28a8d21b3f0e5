//! The refusal shown to a banned client who tries to book, reschedule,
//! cancel or buy online (SPEC §8).

use crate::error::DomainError;
use crate::text::has_control_chars;

/// Longest custom ban message, in characters (after trimming).
pub const BAN_MESSAGE_MAX_CHARS: usize = 500;
const FIELD: &str = "message";
const DEFAULT_FR: &str = "Vous n'êtes pas autorisé à prendre des rendez-vous en ligne";
const DEFAULT_EN: &str = "You are not permitted to schedule appointments online.";

/// The built-in refusal: French for a French locale ("fr", "fr-CA", "fr_FR"), English otherwise.
pub fn default_ban_message(locale: &str) -> &'static str {
    let language = locale.trim().split(['-', '_']).next().unwrap_or_default();
    if language.eq_ignore_ascii_case("fr") {
        DEFAULT_FR
    } else {
        DEFAULT_EN
    }
}

/// The refusal to show: the custom message set by staff when not blank, else the default for `locale`.
pub fn ban_message(custom: Option<&str>, locale: &str) -> String {
    match custom.map(str::trim) {
        Some(m) if !m.is_empty() => m.to_owned(),
        _ => default_ban_message(locale).to_owned(),
    }
}

/// Parses the custom message typed when banning: trimmed, blank gives `None`, at most 500 characters, newlines allowed.
///
/// Windows line ends ("\r\n", what browsers send for a textarea) become "\n";
/// any other control character (tab included) is refused.
pub fn parse_ban_message(s: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(raw) = s else {
        return Ok(None);
    };
    let message = raw.replace("\r\n", "\n");
    let message = message.trim();
    if message.is_empty() {
        return Ok(None);
    }
    if message.chars().count() > BAN_MESSAGE_MAX_CHARS {
        return Err(DomainError::new(
            FIELD,
            format!("message is too long (max {BAN_MESSAGE_MAX_CHARS} characters)"),
        ));
    }
    if message.split('\n').any(has_control_chars) {
        return Err(DomainError::new(
            FIELD,
            "message contains invalid characters",
        ));
    }
    Ok(Some(message.to_owned()))
}

#[cfg(test)]
mod tests;
