//! The words of the web pages in French and English: one JSON table per language,
//! compiled in; a unit test keeps both tables' keys identical.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::http::HeaderMap;

pub type Strings = BTreeMap<String, String>;

/// One file per part of the site and language, merged; the test below keeps the French
/// and English keys identical.
static FR: LazyLock<Strings> = LazyLock::new(|| {
    merge(&[
        include_str!("i18n/fr/core.json"),
        include_str!("i18n/fr/import.json"),
        include_str!("i18n/fr/public.json"),
    ])
});
static EN: LazyLock<Strings> = LazyLock::new(|| {
    merge(&[
        include_str!("i18n/en/core.json"),
        include_str!("i18n/en/import.json"),
        include_str!("i18n/en/public.json"),
    ])
});

fn merge(files: &[&str]) -> Strings {
    let mut all = Strings::new();
    for json in files {
        match serde_json::from_str::<Strings>(json) {
            Ok(strings) => all.extend(strings),
            Err(err) => tracing::error!(error = %err, "a strings file does not parse"),
        }
    }
    all
}

/// The supported languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("fr") {
            Some(Lang::Fr)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a page: the `lang` cookie (the switcher in the footer), else
    /// `preferred` (the business setting on staff pages), else the browser's
    /// `Accept-Language`, else French.
    pub fn choose(headers: &HeaderMap, preferred: Option<&str>) -> Lang {
        cookie(headers, "lang")
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| preferred.and_then(Lang::parse))
            .or_else(|| accept_language(headers))
            .unwrap_or(Lang::Fr)
    }

    /// The language of a public page: the `lang` cookie, else the visitor's browser,
    /// else the business's.
    pub fn choose_public(headers: &HeaderMap, business_locale: &str) -> Lang {
        cookie(headers, "lang")
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| accept_language(headers))
            .or_else(|| Lang::parse(business_locale))
            .unwrap_or(Lang::Fr)
    }

    /// An error as a person reads it: a validation error in this language (by field,
    /// with the field's own explanation when the page has one), anything else as is.
    pub fn error(self, err: &crate::error::ApiError) -> String {
        if let crate::error::ApiError::Validation { field, message } = err {
            let key = format!("invalid_{}", field.split('.').next().unwrap_or(field));
            if let Some(text) = self.strings().get(&key) {
                let detail = message.split_once(": ").and_then(|(_, d)| self.detail(d));
                return match (self, detail) {
                    (Lang::En, _) => format!("{text} ({message})"),
                    (_, Some(detail)) => format!("{text} ({detail})"),
                    (_, None) => text.clone(),
                };
            }
        }
        err.to_string()
    }

    /// The words of a domain check's detail, the part after `: ` of its message
    /// (`detail:<English>` in the strings), when they exist in this language.
    fn detail(self, detail: &str) -> Option<&'static String> {
        self.strings().get(&format!("detail:{detail}"))
    }

    /// An import's rejection reason (the domain writes them in English): each part
    /// translated by its leading words (`reason:<words>` in the strings), then its
    /// detail after `: ` when translated too; an unknown part stays as written.
    pub fn reason(self, text: &str) -> String {
        if self == Lang::En {
            return text.to_string();
        }
        let strings = self.strings();
        text.split("; ")
            .map(|part| {
                let (head, detail) = match part.split_once(": ") {
                    Some((head, detail)) => (head, Some(detail)),
                    None => (part, None),
                };
                let head = head.split(" (").next().unwrap_or(head);
                let Some(said) = strings.get(&format!("reason:{head}")) else {
                    return part.to_string();
                };
                // The detail ("missing '@'") when it has words in this language too.
                match detail.and_then(|d| self.detail(d)) {
                    Some(detail) => format!("{said} : {detail}"),
                    None => said.clone(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ; ")
    }

    /// One string, or the key itself if missing (visible, never a crash).
    pub fn t(self, key: &str) -> String {
        self.strings()
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// The first supported language of `Accept-Language`, in the browser's order.
fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()?;
    value
        .split(',')
        .filter_map(|part| part.split(';').next())
        .find_map(Lang::parse)
}

pub use crate::extract::cookie;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_string() {
        let fr: Vec<&String> = FR.keys().collect();
        let en: Vec<&String> = EN.keys().collect();
        assert!(!fr.is_empty());
        assert_eq!(fr, en);
        assert!(FR.values().chain(EN.values()).all(|v| !v.trim().is_empty()));
    }

    /// Every reason the email and phone checks give reads in French with its detail.
    #[test]
    fn invalid_email_and_phone_reasons_read_in_french_with_their_detail() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_label = format!("a@{}.com", "b".repeat(64));
        let long_email = format!("{}@example.com", "a.".repeat(130));
        let emails = [
            " ",
            "a@b@c.com",
            "ab.com",
            "@b.com",
            "a@",
            "a@localhost",
            "a@b..com",
            "a@-b.com",
            &long_local,
            "a b@c.com",
            "a@b.c1",
            &long_label,
            "a@b c.com",
            &long_email,
        ];
        let phones = ["1+2", "06 12 ab", "12", &"1".repeat(21), &"1 ".repeat(25)];
        let errors = emails
            .iter()
            .filter_map(|e| clientele_domain::Email::parse(e).err())
            .chain(
                phones
                    .iter()
                    .filter_map(|p| clientele_domain::Phone::parse(p).err()),
            );
        let mut seen = 0;
        for error in errors {
            seen += 1;
            let french = Lang::Fr.reason(&error.message);
            let (_, detail) = french
                .split_once(" : ")
                .unwrap_or_else(|| panic!("{:?} reads {french:?}", error.message));
            assert!(FR.contains_key(&format!(
                "detail:{}",
                error.message.split_once(": ").unwrap().1
            )));
            assert!(!detail.is_empty());
        }
        assert_eq!(seen, emails.len() + phones.len(), "every sample is refused");
        assert_eq!(
            Lang::Fr.reason("invalid email address: missing '@'; invalid phone number: too few digits (min 3)"),
            "adresse e-mail invalide : '@' manquant ; numéro de téléphone invalide : trop peu de chiffres (3 au moins)"
        );
        assert_eq!(
            Lang::Fr.reason("something new: detail"),
            "something new: detail"
        );
    }

    #[test]
    fn the_cookie_wins_then_the_business_then_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "accept-language",
            "en-GB,en;q=0.9,fr;q=0.8".parse().unwrap(),
        );
        assert_eq!(Lang::choose(&headers, None), Lang::En);
        assert_eq!(Lang::choose(&headers, Some("fr")), Lang::Fr);
        headers.insert("cookie", "a=b; lang=en".parse().unwrap());
        assert_eq!(Lang::choose(&headers, Some("fr")), Lang::En);
        assert_eq!(Lang::choose(&HeaderMap::new(), None), Lang::Fr);
    }
}
