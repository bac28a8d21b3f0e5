use super::*;
use proptest::prelude::*;

const PARIS: Tz = chrono_tz::Europe::Paris;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid instant")
        .with_timezone(&Utc)
}

fn since(filter: &str, now: &str, tz: Tz) -> DateTime<Utc> {
    ListFilter::parse(filter)
        .expect("valid filter")
        .since(utc(now), tz)
}

#[test]
fn parses_exactly_the_allowed_filters() {
    let allowed = [
        "recent:30d",
        "recent:60d",
        "recent:90d",
        "recent:6m",
        "recent:1y",
        "recent:2y",
        "recent:3y",
        "recent:4y",
        "past:2w",
        "past:1m",
        "past:3m",
        "past:6m",
        "past:1y",
        "past:2y",
    ];
    let all: Vec<String> = ListFilter::ALL.iter().map(ListFilter::as_str).collect();
    assert_eq!(all, allowed);
    for s in allowed {
        let f = ListFilter::parse(s).expect(s);
        assert_eq!(f.as_str(), s);
        assert_eq!(f.to_string(), s);
    }
    assert_eq!(
        ListFilter::parse("recent:30d"),
        Ok(ListFilter::Recent(Period::Days(30)))
    );
    assert_eq!(
        ListFilter::parse("past:2w"),
        Ok(ListFilter::Past(Period::Weeks(2)))
    );
    assert_eq!(
        ListFilter::parse("past:1m").map(|f| f.period()),
        Ok(Period::Months(1))
    );
}

#[test]
fn rejects_others_listing_allowed_values() {
    for bad in [
        "",
        "recent",
        "recent:",
        "recent:31d",
        "past:30d",
        "recent:1m",
        "RECENT:30d",
        " recent:30d",
        "recent:30D",
        "old:1y",
    ] {
        let e = ListFilter::parse(bad).expect_err(bad);
        assert_eq!(e.field, "filter");
        assert_eq!(
            e.message,
            "unknown filter; allowed values: recent:30d, recent:60d, recent:90d, recent:6m, \
             recent:1y, recent:2y, recent:3y, recent:4y, past:2w, past:1m, past:3m, past:6m, \
             past:1y, past:2y"
        );
    }
}

#[test]
fn since_is_start_of_local_day() {
    // 10:00 in Paris (UTC+2 in summer); 30 days before 15 June is 16 May.
    assert_eq!(
        since("recent:30d", "2024-06-15T08:00:00Z", PARIS),
        utc("2024-05-15T22:00:00Z")
    );
    // 00:30 local on 15 June is still 14 June in UTC: the local date counts.
    assert_eq!(
        since("recent:30d", "2024-06-14T22:30:00Z", PARIS),
        utc("2024-05-15T22:00:00Z")
    );
    assert_eq!(
        since("past:2w", "2024-06-15T08:00:00Z", chrono_tz::UTC),
        utc("2024-06-01T00:00:00Z")
    );
    let ny = chrono_tz::America::New_York;
    assert_eq!(
        since("recent:1y", "2024-06-15T03:00:00Z", ny),
        utc("2023-06-14T04:00:00Z")
    );
}

#[test]
fn dst_spring_forward_in_paris() {
    // Clocks go 02:00 -> 03:00 on Sunday 31 March 2024 (01:00 UTC).
    // Just after the change, 30 calendar days back is 1 March, in winter time.
    assert_eq!(
        since("recent:30d", "2024-03-31T01:00:01Z", PARIS),
        utc("2024-02-29T23:00:00Z")
    );
    assert_eq!(
        since("recent:30d", "2024-03-31T06:00:00Z", PARIS),
        utc("2024-02-29T23:00:00Z")
    );
    // A month after the change, the boundary day itself is the change day:
    // it starts at 00:00 CET although the day is only 23 hours long.
    assert_eq!(
        since("recent:30d", "2024-04-30T10:00:00Z", PARIS),
        utc("2024-03-30T23:00:00Z")
    );
    assert_eq!(
        since("recent:30d", "2024-05-01T10:00:00Z", PARIS),
        utc("2024-03-31T22:00:00Z")
    );
}

#[test]
fn dst_fall_back_in_paris() {
    // Clocks go 03:00 -> 02:00 on Sunday 27 October 2024 (01:00 UTC).
    assert_eq!(
        since("recent:30d", "2024-10-27T01:00:01Z", PARIS),
        utc("2024-09-26T22:00:00Z")
    );
    assert_eq!(
        since("recent:30d", "2024-10-27T00:59:59Z", PARIS),
        utc("2024-09-26T22:00:00Z")
    );
    // The 25-hour change day as the boundary: it starts at 00:00 CEST.
    assert_eq!(
        since("recent:30d", "2024-11-26T10:00:00Z", PARIS),
        utc("2024-10-26T22:00:00Z")
    );
    assert_eq!(
        since("recent:30d", "2024-11-27T10:00:00Z", PARIS),
        utc("2024-10-27T23:00:00Z")
    );
}

#[test]
fn midnight_in_a_dst_gap_starts_at_the_end_of_the_gap() {
    // São Paulo skipped 00:00 -> 01:00 on 4 November 2018 (UTC-3 -> UTC-2).
    let sp = chrono_tz::America::Sao_Paulo;
    assert_eq!(
        since("recent:30d", "2018-12-04T14:00:00Z", sp),
        utc("2018-11-04T03:00:00Z")
    );
    // Samoa skipped 30 December 2011 entirely: that day "starts" when 31 December does.
    let apia = chrono_tz::Pacific::Apia;
    let f = ListFilter::Recent(Period::Days(1));
    assert_eq!(
        f.since(utc("2011-12-30T12:00:00Z"), apia),
        utc("2011-12-30T10:00:00Z")
    );
}

#[test]
fn ambiguous_midnight_takes_the_first_one() {
    // Havana fell back 01:00 -> 00:00 on 5 November 2023: 00:00 happened twice.
    let havana = chrono_tz::America::Havana;
    let f = ListFilter::Recent(Period::Days(1));
    assert_eq!(
        f.since(utc("2023-11-06T17:00:00Z"), havana),
        utc("2023-11-05T04:00:00Z")
    );
}

#[test]
fn months_and_years_clamp_at_month_end() {
    let tz = chrono_tz::UTC;
    assert_eq!(
        since("past:1m", "2024-03-31T12:00:00Z", tz),
        utc("2024-02-29T00:00:00Z")
    );
    assert_eq!(
        since("past:1m", "2023-03-31T12:00:00Z", tz),
        utc("2023-02-28T00:00:00Z")
    );
    assert_eq!(
        since("past:3m", "2024-05-31T12:00:00Z", tz),
        utc("2024-02-29T00:00:00Z")
    );
    assert_eq!(
        since("recent:6m", "2024-08-31T12:00:00Z", tz),
        utc("2024-02-29T00:00:00Z")
    );
    assert_eq!(
        since("past:1y", "2024-02-29T12:00:00Z", tz),
        utc("2023-02-28T00:00:00Z")
    );
    assert_eq!(
        since("recent:4y", "2024-02-29T12:00:00Z", tz),
        utc("2020-02-29T00:00:00Z")
    );
    assert_eq!(
        since("past:1m", "2024-03-15T12:00:00Z", tz),
        utc("2024-02-15T00:00:00Z")
    );
}

#[test]
fn out_of_range_periods_give_the_earliest_instant() {
    let now = utc("2024-06-15T08:00:00Z");
    assert_eq!(
        ListFilter::Past(Period::Years(u32::MAX)).since(now, PARIS),
        DateTime::<Utc>::MIN_UTC
    );
    assert_eq!(
        ListFilter::Past(Period::Days(u32::MAX)).since(now, PARIS),
        DateTime::<Utc>::MIN_UTC
    );
    assert!(ListFilter::Past(Period::Weeks(u32::MAX)).since(now, PARIS) <= now);
    assert!(ListFilter::Past(Period::Months(u32::MAX)).since(now, PARIS) <= now);
}

#[test]
fn time_zones() {
    assert_eq!(parse_time_zone("Europe/Paris"), Ok(PARIS));
    assert_eq!(
        parse_time_zone(" America/New_York "),
        Ok(chrono_tz::America::New_York)
    );
    assert_eq!(parse_time_zone("UTC"), Ok(chrono_tz::UTC));
    for bad in ["", "Paris", "europe/paris", "Europe/Nowhere", "+02:00"] {
        let e = parse_time_zone(bad).expect_err(bad);
        assert_eq!(e.field, "time_zone");
        assert!(e.message.contains("IANA"), "{}", e.message);
    }
}

fn zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(vec![
        PARIS,
        chrono_tz::UTC,
        chrono_tz::America::New_York,
        chrono_tz::America::Sao_Paulo,
        chrono_tz::America::Havana,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::Pacific::Chatham,
        chrono_tz::Pacific::Kiritimati,
        chrono_tz::Asia::Kolkata,
    ])
}

fn kind() -> impl Strategy<Value = fn(u32) -> Period> {
    prop::sample::select(vec![
        Period::Days as fn(u32) -> Period,
        Period::Weeks,
        Period::Months,
        Period::Years,
    ])
}

proptest! {
    #[test]
    fn since_is_never_after_now(
        secs in 0i64..4_102_444_800,
        tz in zone(),
        i in 0usize..ListFilter::ALL.len(),
    ) {
        let now = DateTime::from_timestamp(secs, 0).expect("in range");
        prop_assert!(ListFilter::ALL[i].since(now, tz) <= now);
    }

    #[test]
    fn longer_periods_reach_strictly_earlier(
        secs in 0i64..4_102_444_800,
        tz in zone(),
        kind in kind(),
        a in 0u32..200,
        extra in 1u32..200,
    ) {
        let now = DateTime::from_timestamp(secs, 0).expect("in range");
        let shorter = ListFilter::Recent(kind(a)).since(now, tz);
        let longer = ListFilter::Past(kind(a + extra)).since(now, tz);
        prop_assert!(shorter <= now);
        prop_assert!(longer < shorter, "{:?} vs {:?}", longer, shorter);
    }
}
