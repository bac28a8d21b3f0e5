//! The words of every email, one table per language.
//!
//! Both languages are values of the same struct, so a sentence added for one
//! and forgotten in the other does not compile. Sentences that name the
//! business carry a `{business}` placeholder, filled in by the templates with
//! minijinja's `replace` filter (so the HTML part still escapes the name).

use chrono::Locale;
use serde::Serialize;

/// A language the emails are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Fr,
    En,
}

impl Lang {
    /// `fr` (also `fr-CA`, `FR_fr`…) is French; anything else is English.
    pub(super) fn from_locale(locale: &str) -> Lang {
        let primary = locale.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    pub(super) fn strings(self) -> &'static Strings {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// How dates are written: chrono format strings and the locale of the names.
pub(super) struct DateFormat {
    pub(super) locale: Locale,
    /// "lundi 15 juin 2026 à 14:30".
    pub(super) date_time: &'static str,
    /// "14:30", for an end on the same day as the start.
    pub(super) time: &'static str,
    /// Joins the start and an end on the same day: "…, jusqu'à 15:30".
    pub(super) until_time: &'static str,
    /// Joins the start and an end on another day: "…, jusqu'au mardi …".
    pub(super) until_date: &'static str,
    /// Shown instead of a timestamp chrono cannot represent.
    pub(super) unknown: &'static str,
}

#[derive(Serialize)]
pub(super) struct Strings {
    /// The `lang` attribute of the HTML part.
    pub(super) lang: &'static str,
    #[serde(skip)]
    pub(super) dates: DateFormat,
    /// Between a label and its value ("Allergies : aucune").
    pub(super) colon: &'static str,
    pub(super) hello: &'static str,
    pub(super) hello_anonymous: &'static str,
    pub(super) regards: &'static str,

    pub(super) confirmation_subject: &'static str,
    pub(super) resent_mark: &'static str,
    pub(super) confirmation_intro: &'static str,
    pub(super) resent_note: &'static str,
    pub(super) appointment_type: &'static str,
    pub(super) when: &'static str,
    pub(super) time_zone: &'static str,
    pub(super) answers_heading: &'static str,

    pub(super) test_subject: &'static str,
    pub(super) test_body: &'static str,
    pub(super) test_sent_by: &'static str,

    pub(super) verification_subject: &'static str,
    pub(super) verification_body: &'static str,
    pub(super) verification_button: &'static str,
    pub(super) verification_fallback: &'static str,
    pub(super) verification_ignore: &'static str,
}

static FR: Strings = Strings {
    lang: "fr",
    dates: DateFormat {
        locale: Locale::fr_FR,
        date_time: "%A %-d %B %Y à %H:%M",
        time: "%H:%M",
        until_time: "jusqu'à",
        until_date: "jusqu'au",
        unknown: "date inconnue",
    },
    colon: " : ",
    hello: "Bonjour",
    hello_anonymous: "Bonjour,",
    regards: "À bientôt,",

    confirmation_subject: "Confirmation de votre rendez-vous",
    resent_mark: "(renvoi)",
    confirmation_intro: "Votre rendez-vous chez {business} est confirmé.",
    resent_note: "Ce message vous est renvoyé à la demande de {business}.",
    appointment_type: "Prestation",
    when: "Date",
    time_zone: "Fuseau horaire",
    answers_heading: "Vos réponses",

    test_subject: "E-mail de test",
    test_body: "Ceci est un e-mail de test envoyé par le serveur Clientele de {business}. \
                S'il vous est parvenu, l'envoi des e-mails fonctionne.",
    test_sent_by: "Envoyé par",

    verification_subject: "Confirmez votre adresse e-mail",
    verification_body: "Pour terminer la création de votre compte client chez {business}, \
                        confirmez votre adresse e-mail en ouvrant ce lien :",
    verification_button: "Confirmer mon adresse e-mail",
    verification_fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
    verification_ignore: "Si vous n'avez pas créé de compte, ignorez simplement ce message.",
};

static EN: Strings = Strings {
    lang: "en",
    dates: DateFormat {
        locale: Locale::en_US,
        date_time: "%A, %B %-d, %Y at %-I:%M %p",
        time: "%-I:%M %p",
        until_time: "until",
        until_date: "until",
        unknown: "unknown date",
    },
    colon: ": ",
    hello: "Hello",
    hello_anonymous: "Hello,",
    regards: "See you soon,",

    confirmation_subject: "Your appointment is confirmed",
    resent_mark: "(resent)",
    confirmation_intro: "Your appointment with {business} is confirmed.",
    resent_note: "This message was sent again at the request of {business}.",
    appointment_type: "Appointment",
    when: "When",
    time_zone: "Time zone",
    answers_heading: "Your answers",

    test_subject: "Test email",
    test_body: "This is a test email sent by the Clientele server of {business}. \
                If you received it, sending email works.",
    test_sent_by: "Sent by",

    verification_subject: "Confirm your email address",
    verification_body: "To finish creating your client account with {business}, \
                        confirm your email address by opening this link:",
    verification_button: "Confirm my email address",
    verification_fallback: "If the button does not work, copy this link into your browser:",
    verification_ignore: "If you did not create an account, you can ignore this message.",
};
