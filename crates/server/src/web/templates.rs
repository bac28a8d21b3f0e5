//! The page templates, compiled into the binary and rendered with minijinja; `.html`
//! templates escape every value (SPEC §13): client names are text, never markup.

use std::sync::LazyLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use serde::Serialize;

use super::i18n::Lang;

/// (name, source) of every template.
const TEMPLATES: [(&str, &str); 16] = [
    ("layout.html", include_str!("templates/layout.html")),
    ("login.html", include_str!("templates/login.html")),
    ("clients.html", include_str!("templates/clients.html")),
    ("client_new.html", include_str!("templates/client_new.html")),
    ("profile.html", include_str!("templates/profile.html")),
    (
        "client_edit.html",
        include_str!("templates/client_edit.html"),
    ),
    (
        "public_book.html",
        include_str!("templates/public_book.html"),
    ),
    ("outbox.html", include_str!("templates/outbox.html")),
    ("webhooks.html", include_str!("templates/webhooks.html")),
    ("duplicates.html", include_str!("templates/duplicates.html")),
    ("merge.html", include_str!("templates/merge.html")),
    (
        "public_account.html",
        include_str!("templates/public_account.html"),
    ),
    ("public_me.html", include_str!("templates/public_me.html")),
    ("settings.html", include_str!("templates/settings.html")),
    ("orders.html", include_str!("templates/orders.html")),
    (
        "client_fields.html",
        include_str!("templates/client_fields.html"),
    ),
];

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES.into_iter().chain(super::imports::TEMPLATES) {
        if let Err(err) = env.add_template(name, source) {
            tracing::error!(template = name, error = %err, "template does not compile");
        }
    }
    env
});

/// What every page needs besides its own data.
#[derive(Serialize)]
pub struct Page<'a> {
    pub lang: &'static str,
    pub t: &'static super::i18n::Strings,
    pub csrf: &'a str,
    pub business_name: Option<&'a str>,
}

impl<'a> Page<'a> {
    pub fn new(lang: Lang, csrf: &'a str, business_name: Option<&'a str>) -> Page<'a> {
        Page {
            lang: lang.code(),
            t: lang.strings(),
            csrf,
            business_name,
        }
    }
}

/// Renders `name` with the page context and the page's own `data`.
pub fn render<T: Serialize>(name: &str, page: &Page, data: T) -> Response {
    render_with_status(StatusCode::OK, name, page, data)
}

pub fn render_with_status<T: Serialize>(
    status: StatusCode,
    name: &str,
    page: &Page,
    data: T,
) -> Response {
    let result = ENV
        .get_template(name)
        .and_then(|template| template.render(minijinja::context! { page => page, data => data }));
    match result {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(template = name, error = %err, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        for (name, _) in TEMPLATES
            .into_iter()
            .chain(super::super::imports::TEMPLATES)
        {
            assert!(ENV.get_template(name).is_ok(), "{name}");
        }
    }

    /// Renders the list with a hostile name: every filter exists, and the name is text.
    #[test]
    fn the_client_list_renders_and_escapes_names() {
        let page = Page::new(Lang::En, "token", Some("Salon"));
        let client = serde_json::json!({ "id": "1", "first_name": "<script>alert(1)</script>",
            "last_name": "O'Hara", "has_account": true, "banned": true });
        let data = serde_json::json!({ "clients": [client], "total": 1, "next": "abc",
            "search": "a&b", "filter": "recent:30d", "recent": ["30d"], "past": ["2w"] });
        let response = render("clients.html", &page, data);
        assert_eq!(response.status(), StatusCode::OK);
        let html = ENV
            .get_template("clients.html")
            .unwrap()
            .render(minijinja::context! { page => page, data => serde_json::json!({
                "clients": [serde_json::json!({ "id": "1", "first_name": "<script>alert(1)</script>",
                "last_name": "X" })], "total": 1, "search": "a&b", "filter": "", "recent": [], "past": [] }) })
            .unwrap();
        assert!(!html.contains("<script>alert(1)</script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
        assert!(html.contains("search=a%26b"));
    }
}
