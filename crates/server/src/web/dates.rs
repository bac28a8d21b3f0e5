//! Dates as a business reads them: in its time zone, written the way its language does
//! ("lundi 15 juin 2026, 14:30" / "Monday 15 June 2026, 14:30").

use chrono::TimeZone;

use super::i18n::Lang;

/// An RFC 3339 instant (as the API writes them) in `time_zone`, in `lang`.
pub fn local(rfc3339: &serde_json::Value, time_zone: &str, lang: Lang) -> Option<String> {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    let locale = match lang {
        Lang::Fr => chrono::Locale::fr_FR,
        Lang::En => chrono::Locale::en_GB,
    };
    let at = chrono::DateTime::parse_from_rfc3339(rfc3339.as_str()?).ok()?;
    let at = tz.from_utc_datetime(&at.naive_utc());
    Some(
        at.format_localized("%A %e %B %Y, %H:%M", locale)
            .to_string(),
    )
}

/// Adds `start_local` to each appointment of `appointments` (a JSON array).
pub fn localize_appointments(appointments: &mut serde_json::Value, time_zone: &str, lang: Lang) {
    if let Some(list) = appointments.as_array_mut() {
        for a in list {
            a["start_local"] = local(&a["start"], time_zone, lang).into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_summer_time_in_both_languages() {
        let at = serde_json::json!("2026-06-15T12:30:00.000Z");
        assert_eq!(
            local(&at, "Europe/Paris", Lang::Fr).unwrap(),
            "lundi 15 juin 2026, 14:30"
        );
        assert_eq!(
            local(&at, "Europe/Paris", Lang::En).unwrap(),
            "Monday 15 June 2026, 14:30"
        );
        assert!(local(&serde_json::json!("not a date"), "Europe/Paris", Lang::Fr).is_none());
    }
}
