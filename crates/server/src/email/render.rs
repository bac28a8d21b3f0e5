//! The emails Clientele sends, rendered from templates compiled into the binary.
//!
//! Each message is a pair of templates under `render/templates/`: `NAME.txt`
//! for the plain-text part (never escaped) and `NAME.html` for the HTML part
//! (auto-escaped by minijinja, because of the `.html` suffix). The words come
//! from the per-language tables in `strings.rs`, so French and English share
//! one layout and cannot drift apart.
//!
//! Rendering never fails for the caller: the templates are fixed at compile
//! time and every one of them is rendered in both languages by the unit tests,
//! so an error here is a programming error; it is logged and the part comes
//! out empty rather than taking the worker down.

use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike as _, Utc};
use minijinja::{context, Environment, UndefinedBehavior, Value};

use strings::{DateFormat, Lang, Strings};

mod strings;
#[cfg(test)]
mod tests;

/// One intake-form answer as the client gave it.
pub struct Answer<'a> {
    pub label: &'a str,
    pub value: &'a str,
}

/// What the confirmation email of one appointment says. There is deliberately
/// no field for staff notes: they never reach the client.
pub struct Confirmation<'a> {
    pub business_name: &'a str,
    /// `"fr"` or `"en"`; anything else is rendered in English.
    pub locale: &'a str,
    /// The business time zone, in which the appointment time is written.
    pub time_zone: chrono_tz::Tz,
    /// The client's first name.
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub appointment_type: &'a str,
    /// Unix milliseconds, UTC.
    pub start_at: i64,
    /// Unix milliseconds, UTC.
    pub end_at: i64,
    pub answers: &'a [Answer<'a>],
    /// Staff pressed "Resend confirmation".
    pub resent: bool,
}

/// A rendered email: subject, plain-text part, HTML part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The confirmation email of a booking (or its copy, when `resent`).
pub fn confirmation(c: &Confirmation) -> RenderedEmail {
    let lang = Lang::from_locale(c.locale);
    let t = lang.strings();
    let mut subject_words = t.confirmation_subject.to_owned();
    if c.resent {
        subject_words.push(' ');
        subject_words.push_str(t.resent_mark);
    }
    let answers: Vec<Value> = c
        .answers
        .iter()
        .map(|a| context! { label => a.label, value => a.value })
        .collect();
    render(
        "confirmation",
        subject(&subject_words, c.business_name),
        context! {
            greeting => greeting(t, c.first_name),
            appointment_type => c.appointment_type,
            when => appointment_period(&t.dates, c.time_zone, c.start_at, c.end_at),
            time_zone => c.time_zone.name(),
            answers,
            resent => c.resent,
            ..common(t, c.business_name)
        },
    )
}

/// The `clientele email test --to …` message: says which server/business sent it.
pub fn test_email(locale: &str, business_name: &str) -> RenderedEmail {
    let t = Lang::from_locale(locale).strings();
    render(
        "test",
        subject(t.test_subject, business_name),
        context! {
            sender => concat!("Clientele ", env!("CARGO_PKG_VERSION")),
            ..common(t, business_name)
        },
    )
}

/// Sign-up email verification: a link the client opens to confirm their address.
pub fn account_verification(
    locale: &str,
    business_name: &str,
    first_name: &str,
    link: &str,
) -> RenderedEmail {
    let t = Lang::from_locale(locale).strings();
    render(
        "account_verification",
        subject(t.verification_subject, business_name),
        context! {
            greeting => greeting(t, first_name),
            link,
            ..common(t, business_name)
        },
    )
}

static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // A misspelt variable must fail the tests, not silently render as "".
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Block tags on their own line leave no blank line behind in the text part.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    let sources = [
        ("layout.html", include_str!("render/templates/layout.html")),
        (
            "confirmation.txt",
            include_str!("render/templates/confirmation.txt"),
        ),
        (
            "confirmation.html",
            include_str!("render/templates/confirmation.html"),
        ),
        ("test.txt", include_str!("render/templates/test.txt")),
        ("test.html", include_str!("render/templates/test.html")),
        (
            "account_verification.txt",
            include_str!("render/templates/account_verification.txt"),
        ),
        (
            "account_verification.html",
            include_str!("render/templates/account_verification.html"),
        ),
    ];
    for (name, source) in sources {
        if let Err(err) = env.add_template(name, source) {
            tracing::error!(template = name, error = %err, "email template does not parse");
        }
    }
    env
});

/// What every template reads: the words of the language and who is writing.
fn common(t: &'static Strings, business_name: &str) -> Value {
    context! { t => Value::from_serialize(t), business_name }
}

fn render(name: &str, subject: String, ctx: Value) -> RenderedEmail {
    let ctx = context! { subject => &subject, ..ctx };
    RenderedEmail {
        text: render_part(&format!("{name}.txt"), &ctx),
        html: render_part(&format!("{name}.html"), &ctx),
        subject,
    }
}

fn render_part(template: &str, ctx: &Value) -> String {
    match ENVIRONMENT
        .get_template(template)
        .and_then(|tmpl| tmpl.render(ctx))
    {
        Ok(rendered) => rendered,
        Err(err) => {
            tracing::error!(template, error = %err, "email template failed to render");
            String::new()
        }
    }
}

/// "Words – Business", on one line whatever the business name contains, so
/// a stray newline can never end up in a mail header.
fn subject(words: &str, business_name: &str) -> String {
    let business = one_line(business_name);
    if business.is_empty() {
        words.to_owned()
    } else {
        format!("{words} – {business}")
    }
}

fn one_line(value: &str) -> String {
    value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plain text ("Bonjour Marie,"); the HTML template escapes it like any value.
fn greeting(t: &Strings, first_name: &str) -> String {
    let first_name = one_line(first_name);
    if first_name.is_empty() {
        t.hello_anonymous.to_owned()
    } else {
        format!("{} {first_name},", t.hello)
    }
}

/// "lundi 15 juin 2026 à 14:30, jusqu'à 15:30" in the business time zone;
/// the end carries its date only when it falls on another day.
fn appointment_period(dates: &DateFormat, tz: chrono_tz::Tz, start_at: i64, end_at: i64) -> String {
    let Some(start) = local_time(tz, start_at) else {
        return dates.unknown.to_owned();
    };
    let mut period = String::new();
    // Writing into a String only fails on a bad format string, which the
    // tests would catch; `to_string()` would panic instead.
    let _ = write!(
        period,
        "{}",
        start.format_localized(dates.date_time, dates.locale)
    );
    if let Some(end) = local_time(tz, end_at).filter(|end| *end > start) {
        let _ = if end.date_naive() == start.date_naive() {
            write!(
                period,
                ", {} {}",
                dates.until_time,
                end.format_localized(dates.time, dates.locale)
            )
        } else {
            write!(
                period,
                ", {} {}",
                dates.until_date,
                end.format_localized(dates.date_time, dates.locale)
            )
        };
    }
    period
}

/// `None` for instants chrono cannot show in every time zone (outside years
/// 1–9999): converting those to local time could overflow.
fn local_time(tz: chrono_tz::Tz, unix_ms: i64) -> Option<DateTime<chrono_tz::Tz>> {
    DateTime::<Utc>::from_timestamp_millis(unix_ms)
        .filter(|utc| (1..=9999).contains(&utc.naive_utc().year()))
        .map(|utc| utc.with_timezone(&tz))
}
