//! CSRF protection of the web forms (SPEC §13): a random token in an HttpOnly,
//! SameSite=Strict cookie, repeated in a hidden field of every form; a post whose field
//! does not match its cookie is refused. (The JSON API needs no token: it only takes
//! `application/json` bodies, which a cross-site form cannot send.)

use axum::extract::Request;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use super::i18n::cookie;
use crate::auth::tokens;
use crate::state::AppState;

pub const CSRF_COOKIE: &str = "clientele_csrf";

/// The request's CSRF token, for the forms of the page.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// A form that carries nothing but its token (log out, retry, unban, delete…).
#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

/// Gives every web request a token: the cookie's, or a new one set on the response
/// (`Secure` when the server is reached over TLS, like the session cookies).
pub async fn ensure_token(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let existing = cookie(request.headers(), CSRF_COOKIE).filter(|t| t.len() >= 32);
    let token = existing.clone().unwrap_or_else(tokens::new_secret);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if existing.is_none() {
        let secure = if state.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// Whether a submitted form's token is the cookie's (compared in constant time).
pub fn is_valid(cookie_token: &CsrfToken, submitted: &str) -> bool {
    let (a, b) = (cookie_token.0.as_bytes(), submitted.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Why a form post about one record was turned away before anything was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No token, or not the cookie's: 403.
    Forbidden,
    /// A malformed record id: 404.
    NotFound,
}

impl axum::response::IntoResponse for Refusal {
    fn into_response(self) -> axum::response::Response {
        match self {
            Refusal::Forbidden => forbidden(),
            Refusal::NotFound => axum::http::StatusCode::NOT_FOUND.into_response(),
        }
    }
}

/// The checks a form post about one record starts with: its token, then the id of the
/// record in the path.
pub fn checked_id(token: &CsrfToken, submitted: &str, raw_id: &str) -> Result<i64, Refusal> {
    if !is_valid(token, submitted) {
        return Err(Refusal::Forbidden);
    }
    crate::api::parse_id(raw_id).map_err(|_| Refusal::NotFound)
}

/// The answer to a form post without its token.
pub fn forbidden() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::FORBIDDEN,
        "invalid form token: reload the page",
    )
        .into_response()
}
