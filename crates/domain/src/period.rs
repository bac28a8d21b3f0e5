//! List filters of the client list (SPEC §3): recent and past (inactive)
//! clients, evaluated in the business time zone.

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::DomainError;

/// A length of time counted in calendar units of the business time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// N calendar days.
    Days(u32),
    /// N weeks of 7 calendar days.
    Weeks(u32),
    /// N calendar months (day clamped at month end).
    Months(u32),
    /// N calendar years (day clamped at month end: 29 Feb gives 28 Feb).
    Years(u32),
}

impl Period {
    /// Short form used in filter strings: "30d", "2w", "6m", "1y".
    pub fn as_str(&self) -> String {
        match self {
            Self::Days(n) => format!("{n}d"),
            Self::Weeks(n) => format!("{n}w"),
            Self::Months(n) => format!("{n}m"),
            Self::Years(n) => format!("{n}y"),
        }
    }

    /// The local date `self` before `date`, or `None` when out of chrono's range.
    fn before(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Days(n) => date.checked_sub_days(Days::new(n.into())),
            Self::Weeks(n) => date.checked_sub_days(Days::new(u64::from(n) * 7)),
            Self::Months(n) => date.checked_sub_months(Months::new(n)),
            Self::Years(n) => date.checked_sub_months(Months::new(n.checked_mul(12)?)),
        }
    }
}

/// A filter of the client list.
///
/// Both compare appointment starts with [`ListFilter::since`]; canceled
/// appointments never count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    /// Recent clients: at least one non-canceled appointment starting in `[since, now]`.
    Recent(Period),
    /// Past (inactive) clients: no non-canceled appointment starting after
    /// `since`, future bookings included (a booking makes a client active);
    /// a client who never booked is past once created before `since`.
    Past(Period),
}

impl ListFilter {
    /// Every accepted filter, in the order the UI offers them.
    pub const ALL: [ListFilter; 14] = [
        Self::Recent(Period::Days(30)),
        Self::Recent(Period::Days(60)),
        Self::Recent(Period::Days(90)),
        Self::Recent(Period::Months(6)),
        Self::Recent(Period::Years(1)),
        Self::Recent(Period::Years(2)),
        Self::Recent(Period::Years(3)),
        Self::Recent(Period::Years(4)),
        Self::Past(Period::Weeks(2)),
        Self::Past(Period::Months(1)),
        Self::Past(Period::Months(3)),
        Self::Past(Period::Months(6)),
        Self::Past(Period::Years(1)),
        Self::Past(Period::Years(2)),
    ];

    /// Parses one of the [`ListFilter::ALL`] filters, e.g. `"recent:30d"` or `"past:1y"`.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        // Only the periods the product offers: an arbitrary "recent:17d" would
        // be a URL nobody can produce from the UI, and it keeps caching and
        // index planning predictable.
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let allowed: Vec<String> = Self::ALL.iter().map(Self::as_str).collect();
                DomainError::new(
                    "filter",
                    format!("unknown filter; allowed values: {}", allowed.join(", ")),
                )
            })
    }

    /// The filter as a string, e.g. `"recent:30d"` (inverse of [`ListFilter::parse`]).
    pub fn as_str(&self) -> String {
        match self {
            Self::Recent(p) => format!("recent:{}", p.as_str()),
            Self::Past(p) => format!("past:{}", p.as_str()),
        }
    }

    /// The period of the filter.
    pub fn period(&self) -> Period {
        match self {
            Self::Recent(p) | Self::Past(p) => *p,
        }
    }

    /// Boundary instant: start of the local day that lies the period before `now`'s local date in `tz`.
    ///
    /// Whole local days, so that "the last 30 days" does not depend on the
    /// hour the list is opened and agrees with the dates users see. Days and
    /// weeks are calendar days (a DST change does not shift the boundary by
    /// an hour); months and years clamp the day at month end (31 March minus
    /// one month is 28/29 February). Always `<= now`.
    pub fn since(&self, now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        let today = now.with_timezone(&tz).date_naive();
        self.period()
            .before(today)
            .and_then(|day| start_of_day(day, tz))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

impl std::fmt::Display for ListFilter {
    /// Same as [`ListFilter::as_str`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// First instant of local `day` in `tz`, as UTC.
fn start_of_day(day: NaiveDate, tz: Tz) -> Option<DateTime<Utc>> {
    let midnight = day.and_time(NaiveTime::MIN);
    if let Some(t) = tz.from_local_datetime(&midnight).earliest() {
        return Some(t.with_timezone(&Utc));
    }
    // Midnight falls in a DST gap (e.g. São Paulo until 2019): the day starts
    // at the end of the gap. Gaps are whole minutes and shorter than a day,
    // except when a zone skipped a whole date (Samoa, 30 Dec 2011): then the
    // next existing instant is used.
    (1..=2 * 24 * 60)
        .find_map(|m| {
            let local = midnight.checked_add_signed(TimeDelta::minutes(m))?;
            tz.from_local_datetime(&local).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// Parses an IANA time zone name such as `"Europe/Paris"`.
pub fn parse_time_zone(s: &str) -> Result<Tz, DomainError> {
    s.trim().parse::<Tz>().map_err(|_| {
        DomainError::new(
            "time_zone",
            "unknown time zone: use an IANA name such as Europe/Paris",
        )
    })
}

#[cfg(test)]
mod tests;
