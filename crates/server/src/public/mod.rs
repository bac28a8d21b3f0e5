//! The public side of a business (SPEC §8): bookings, client accounts, "my appointments".
//! No staff auth; a client account's session is optional except where stated.

pub mod accounts;
pub mod booking;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::Router;
use clientele_store::{Business, ClientAccount};

use crate::auth::tokens;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const CLIENT_SESSION_COOKIE: &str = "clientele_client_session";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/public/{business}/bookings", post(booking::book))
        .route("/api/public/{business}/accounts", post(accounts::sign_up))
        .route(
            "/api/public/{business}/accounts/verify",
            post(accounts::verify),
        )
        .route(
            "/api/public/{business}/session",
            post(accounts::log_in).delete(accounts::log_out),
        )
        .route("/api/public/{business}/me", get(accounts::me))
        .route(
            "/api/public/{business}/appointments/{id}/cancel",
            post(booking::cancel),
        )
        .route(
            "/api/public/{business}/appointments/{id}/reschedule",
            post(booking::reschedule),
        )
        .route("/api/public/{business}/orders", post(booking::buy_order))
}

/// The business named by a public URL's slug.
pub async fn business(state: &AppState, slug: &str) -> ApiResult<Business> {
    state
        .store
        .business_by_slug(slug)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The client account of the request, if it carries a valid session (cookie or Bearer).
pub struct MaybeAccount(pub Option<(i64, ClientAccount)>);

impl FromRequestParts<AppState> for MaybeAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = client_token(&parts.headers) else {
            return Ok(MaybeAccount(None));
        };
        let Some((business, secret)) = tokens::parse_session(&token) else {
            return Err(ApiError::Unauthorized);
        };
        let account = state
            .store
            .client_session_account(business, &tokens::hash_secret(secret), state.now_millis())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(MaybeAccount(Some((business, account))))
    }
}

impl MaybeAccount {
    /// The account if it belongs to `business` and its email was verified: only then do
    /// bookings and orders go under it (an unproven email could be anyone's).
    pub fn verified_for(&self, business: i64) -> Option<&ClientAccount> {
        self.for_business(business)
            .filter(|a| a.email_verified_at.is_some())
    }

    /// The account, if it belongs to `business` (a session of another business is no session here).
    pub fn for_business(&self, business: i64) -> Option<&ClientAccount> {
        self.0
            .as_ref()
            .filter(|(b, _)| *b == business)
            .map(|(_, a)| a)
    }
}

/// A client session token: the `Authorization: Bearer` header, else the cookie.
pub fn client_token(headers: &axum::http::HeaderMap) -> Option<String> {
    if let Some(value) = headers.get(axum::http::header::AUTHORIZATION) {
        return value
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")
            .map(|t| t.trim().to_string());
    }
    crate::extract::cookie(headers, CLIENT_SESSION_COOKIE)
}

/// 403 `banned` with the custom message, else the business's own default, else the
/// standard one in the business's language.
pub fn banned(custom: Option<&str>, business: &Business) -> ApiError {
    let message = custom.or(business.default_ban_message.as_deref());
    ApiError::Banned(clientele_domain::ban::ban_message(
        message,
        &business.locale,
    ))
}
