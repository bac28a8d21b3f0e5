//! Conversions between the store's Unix milliseconds and the API's RFC 3339 strings.

use chrono::{DateTime, SecondsFormat, Utc};

pub fn to_rfc3339(millis: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn opt_rfc3339(millis: Option<i64>) -> Option<String> {
    millis.map(to_rfc3339)
}

/// Parses an RFC 3339 instant ("2026-11-25T10:00:00Z" or with an offset).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.timestamp_millis())
}
