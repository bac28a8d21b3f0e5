use chrono::{TimeZone as _, Utc};
use chrono_tz::Europe::Paris;

use super::*;

#[track_caller]
fn has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "{needle:?} missing from:\n{haystack}"
    );
}

#[track_caller]
fn lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "{needle:?} found in:\n{haystack}"
    );
}

const SCRIPT: &str = "<script>alert(1)</script>";

fn ms(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .timestamp_millis()
}

/// 2026-06-15 12:30–13:30 UTC, i.e. 14:30–15:30 in Paris.
fn booking<'a>(locale: &'a str, answers: &'a [Answer<'a>]) -> Confirmation<'a> {
    Confirmation {
        business_name: "Salon Léa",
        locale,
        time_zone: Paris,
        first_name: "Marie",
        last_name: "Curie",
        appointment_type: "Coupe femme",
        start_at: ms(2026, 6, 15, 12, 30),
        end_at: ms(2026, 6, 15, 13, 30),
        answers,
        resent: false,
    }
}

const ANSWERS: [Answer<'static>; 2] = [
    Answer {
        label: "Allergies",
        value: "Aucune",
    },
    Answer {
        label: "Longueur",
        value: "Mi-longs",
    },
];

#[test]
fn every_template_renders_in_both_languages() {
    for locale in ["fr", "en"] {
        let emails = [
            confirmation(&booking(locale, &ANSWERS)),
            resent(locale),
            test_email(locale, "Salon Léa"),
            account_verification(locale, "Salon Léa", "Marie", "https://example.test/v"),
        ];
        for email in emails {
            assert!(!email.subject.is_empty());
            has(&email.text, "Salon Léa");
            lacks(&email.text, "\n\n\n");
            let lang = format!("<html lang=\"{locale}\">");
            assert!(email.html.starts_with("<!DOCTYPE html>"), "{}", email.html);
            has(&email.html, &lang);
            has(&email.html, "Salon Léa");
            assert!(email.html.trim_end().ends_with("</html>"), "{}", email.html);
            // Self-contained: nothing to fetch, nothing to run.
            for forbidden in ["<script", "src=", "<link", "url("] {
                lacks(&email.html, forbidden);
            }
        }
    }
}

#[test]
fn french_confirmation() {
    let email = confirmation(&booking("fr", &ANSWERS));
    let subject = "Confirmation de votre rendez-vous – Salon Léa";
    assert_eq!(email.subject, subject);
    for part in [&email.text, &email.html] {
        has(part, "Bonjour Marie,");
        has(part, "Coupe femme");
    }
    for needle in [
        "Date : lundi 15 juin 2026 à 14:30, jusqu'à 15:30",
        "Fuseau horaire : Europe/Paris",
        "Vos réponses :\n- Allergies : Aucune\n- Longueur : Mi-longs",
    ] {
        has(&email.text, needle);
    }
    for needle in [
        "lundi 15 juin 2026 à 14:30, jusqu&#x27;à 15:30",
        "Europe&#x2f;Paris",
        "<strong>Allergies</strong> : ",
    ] {
        has(&email.html, needle);
    }
}

#[test]
fn english_confirmation() {
    let email = confirmation(&booking("en", &ANSWERS));
    assert_eq!(email.subject, "Your appointment is confirmed – Salon Léa");
    assert!(email.text.starts_with("Hello Marie,\n"), "{}", email.text);
    for needle in [
        "When: Monday, June 15, 2026 at 2:30 PM, until 3:30 PM",
        "Time zone: Europe/Paris",
        "Your answers:\n- Allergies: Aucune\n- Longueur: Mi-longs",
    ] {
        has(&email.text, needle);
    }
    has(
        &email.html,
        "Monday, June 15, 2026 at 2:30 PM, until 3:30 PM",
    );
}

#[test]
fn an_end_on_another_day_carries_its_date() {
    let end_at = ms(2026, 6, 15, 23, 0);
    let text = |locale| {
        confirmation(&Confirmation {
            end_at,
            ..booking(locale, &[])
        })
        .text
    };
    has(&text("fr"), "à 14:30, jusqu'au mardi 16 juin 2026 à 01:00");
    has(
        &text("en"),
        "at 2:30 PM, until Tuesday, June 16, 2026 at 1:00 AM",
    );
}

fn resent(locale: &str) -> RenderedEmail {
    confirmation(&Confirmation {
        resent: true,
        ..booking(locale, &[])
    })
}

#[test]
fn resent_confirmation_says_so() {
    let fr = resent("fr");
    let subject = "Confirmation de votre rendez-vous (renvoi) – Salon Léa";
    assert_eq!(fr.subject, subject);
    has(&fr.text, "renvoyé à la demande de Salon Léa");
    let en = resent("en");
    let subject = "Your appointment is confirmed (resent) – Salon Léa";
    assert_eq!(en.subject, subject);
    has(&en.html, "sent again at the request of Salon Léa");
    lacks(&confirmation(&booking("en", &[])).text, "sent again");
}

#[test]
fn no_answers_no_answers_section() {
    let fr = confirmation(&booking("fr", &[]));
    let en = confirmation(&booking("en", &[]));
    for part in [&fr.text, &fr.html] {
        lacks(part, "Vos réponses");
    }
    for part in [&en.text, &en.html] {
        lacks(part, "Your answers");
    }
    lacks(&en.html, "<ul");
}

#[test]
fn client_input_is_escaped_in_html_and_verbatim_in_text() {
    let answers = [Answer {
        label: "Note <b>",
        value: SCRIPT,
    }];
    let email = confirmation(&Confirmation {
        business_name: "Tom & Jerry's",
        first_name: SCRIPT,
        appointment_type: "\"Color\"",
        ..booking("en", &answers)
    });
    let subject = "Your appointment is confirmed – Tom & Jerry's";
    assert_eq!(email.subject, subject);
    lacks(&email.html, "<script");
    lacks(&email.html, "<b>");
    for needle in [
        "Hello &lt;script&gt;alert(1)&lt;&#x2f;script&gt;,",
        "<title>Your appointment is confirmed – Tom &amp; Jerry&#x27;s</title>",
        "&quot;Color&quot;",
        "<strong>Note &lt;b&gt;</strong>",
        "pre-line;\">&lt;script&gt;alert(1)",
    ] {
        has(&email.html, needle);
    }
    for needle in [
        &format!("Hello {SCRIPT},"),
        &format!("- Note <b>: {SCRIPT}"),
        "Your appointment with Tom & Jerry's is confirmed.",
        "\"Color\"",
    ] {
        has(&email.text, needle);
    }
}

#[test]
fn multi_line_answers_stay_readable() {
    let answers = [Answer {
        label: "Notes",
        value: "line one\nline two",
    }];
    let email = confirmation(&booking("en", &answers));
    has(&email.text, "- Notes: line one\n  line two");
    has(
        &email.html,
        "white-space:pre-line;\">line one\nline two</span>",
    );
}

#[test]
fn other_locales_fall_back_to_english() {
    for locale in ["de", "", "english", "fra"] {
        let email = confirmation(&booking(locale, &[]));
        assert_eq!(email, confirmation(&booking("en", &[])), "{locale}");
    }
    // A regional French tag is still French.
    for locale in ["fr-CA", "fr_FR", "FR"] {
        let email = confirmation(&booking(locale, &[]));
        assert_eq!(email, confirmation(&booking("fr", &[])), "{locale}");
    }
    assert_eq!(test_email("de", "X"), test_email("en", "X"));
}

#[test]
fn no_panic_on_odd_input() {
    for (start_at, end_at) in [(i64::MIN, i64::MAX), (i64::MAX, i64::MIN), (0, -1)] {
        let email = confirmation(&Confirmation {
            business_name: "",
            first_name: "",
            start_at,
            end_at,
            ..booking("fr", &[])
        });
        assert!(email.text.starts_with("Bonjour,\n"), "{}", email.text);
        assert!(!email.html.is_empty());
    }
    let unknown = confirmation(&Confirmation {
        start_at: i64::MAX,
        ..booking("en", &[])
    });
    has(&unknown.text, "When: unknown date");
}

#[test]
fn subject_stays_on_one_line() {
    let email = test_email("en", "Evil\r\nBcc: someone@example.test");
    assert_eq!(email.subject, "Test email – Evil Bcc: someone@example.test");
    assert_eq!(test_email("en", "  ").subject, "Test email");
}

#[test]
fn test_email_names_the_sender() {
    let fr = test_email("fr", "Salon Léa");
    assert_eq!(fr.subject, "E-mail de test – Salon Léa");
    has(&fr.text, "serveur Clientele de Salon Léa");
    let en = test_email("en", "Salon Léa");
    assert_eq!(en.subject, "Test email – Salon Léa");
    has(&en.html, "Clientele server of Salon Léa");
    let version = concat!("Clientele ", env!("CARGO_PKG_VERSION"));
    for part in [&fr.text, &fr.html, &en.text, &en.html] {
        has(part, version);
    }
}

#[test]
fn account_verification_carries_the_link() {
    let link = "https://example.test/verify?token=a&b=\"c\"";
    let escaped = "https:&#x2f;&#x2f;example.test&#x2f;verify?token=a&amp;b=&quot;c&quot;";
    let fr = account_verification("fr", "Salon Léa", "Marie", link);
    assert_eq!(fr.subject, "Confirmez votre adresse e-mail – Salon Léa");
    has(&fr.text, "Bonjour Marie,");
    let en = account_verification("en", "Salon Léa", SCRIPT, link);
    assert_eq!(en.subject, "Confirm your email address – Salon Léa");
    has(&en.html, "Confirm my email address");
    lacks(&en.html, "<script");
    for email in [&fr, &en] {
        has(&email.text, &format!("\n{link}\n"));
        has(&email.html, &format!("href=\"{escaped}\""));
        lacks(&email.html, link);
    }
}
