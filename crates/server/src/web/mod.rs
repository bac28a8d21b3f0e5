//! The web admin (SPEC §10): server-rendered pages in French and English, working on a
//! phone as on a desktop, with a small script for what pages cannot do alone. Every
//! action goes through the same domain and store code as the JSON API.

mod admin_pages;
mod auth;
mod clients;
mod csrf;
mod dates;
pub mod i18n;
mod imports;
mod merge;
mod orders;
mod profile;
mod profile_actions;
mod public;
mod public_accounts;
mod security;
mod settings;
mod templates;

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, REFERER, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/clients") }))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/clients", get(clients::list_page))
        .route("/clients/new", get(clients::new_page).post(clients::create))
        .route("/clients/{id}", get(profile::page))
        .route(
            "/clients/{id}/edit",
            get(profile_actions::edit_page).post(profile_actions::edit),
        )
        .route("/clients/{id}/ban", post(profile_actions::ban))
        .route("/clients/{id}/unban", post(profile_actions::unban))
        .route("/clients/{id}/delete", post(profile_actions::delete))
        .route("/appointments/{id}/resend", post(profile_actions::resend))
        .route(
            "/clients/{id}/merge",
            get(merge::preview).post(merge::merge),
        )
        .route("/duplicates", get(merge::duplicates))
        .route("/settings", get(settings::page).post(settings::save))
        .route("/orders", get(orders::page))
        .route("/orders/{id}/delete", post(orders::delete))
        .route("/outbox", get(admin_pages::outbox))
        .route("/outbox/{id}/retry", post(admin_pages::retry))
        .route(
            "/webhooks",
            get(admin_pages::webhooks).post(admin_pages::add_webhook),
        )
        .route("/webhooks/{id}/delete", post(admin_pages::delete_webhook))
        .route("/b/{slug}", get(public::page).post(public::book))
        .route("/b/{slug}/account", get(public_accounts::page))
        .route("/b/{slug}/me", get(public_accounts::me))
        .route("/b/{slug}/verify", get(public_accounts::verify))
        .route("/b/{slug}/logout", post(public_accounts::log_out))
        .route("/b/{slug}/{action}", post(public_accounts::submit))
        .route("/lang/{code}", get(switch_language))
        .route("/static/{file}", get(asset))
        .merge(imports::router())
        .layer(axum::middleware::from_fn_with_state(
            state,
            csrf::ensure_token,
        ))
        .layer(axum::middleware::from_fn(security::headers))
}

/// The language switcher: remembers the choice in a cookie, back to the page it was on.
async fn switch_language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let Some(lang) = i18n::Lang::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Only a path of this site: the Referer's path, never another origin.
    let back = headers
        .get(REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/clients".into());
    let cookie = format!(
        "lang={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    ([(SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// The embedded stylesheet and script.
async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "app.css" => (include_str!("static/app.css"), "text/css; charset=utf-8"),
        "app.js" => (
            include_str!("static/app.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(CONTENT_TYPE, kind), (CACHE_CONTROL, "no-cache")], body).into_response()
}
