//! `POST /api/session` (log in) and `DELETE /api/session` (log out).

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{password, tokens};
use crate::error::{ApiError, ApiResult};
use crate::extract::{session_cookie, ApiJson, ClientAddr};
use crate::state::AppState;

/// Staff sessions last a working fortnight.
const SESSION_DAYS: i64 = 14;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    email: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> ApiResult<Response> {
    let cookie = authenticate(&state, addr, &body.email, body.password).await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// Checks a staff login (rate-limited per email and per address, argon2 off the async
/// threads, a dummy hash for unknown emails) and opens a session; returns its cookie.
pub async fn authenticate(
    state: &AppState,
    addr: Option<std::net::IpAddr>,
    email: &str,
    password: String,
) -> ApiResult<HeaderValue> {
    let email = email.trim().to_lowercase();
    let mut keys = vec![format!("email:{email}")];
    if let Some(ip) = addr {
        keys.push(format!("ip:{ip}"));
    }
    if state.limiter.is_blocked(&keys) {
        return Err(ApiError::TooManyRequests);
    }
    let users = state.store.staff_users_by_email(&email).await?;
    let found = tokio::task::spawn_blocking(move || {
        if users.is_empty() {
            password::verify_password(&password, password::dummy_hash());
            return None;
        }
        users
            .into_iter()
            .find(|u| password::verify_password(&password, &u.password_hash))
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    let Some(user) = found else {
        state.limiter.record_failure(&keys);
        return Err(ApiError::Unauthorized);
    };
    state.limiter.record_success(&keys);

    let secret = tokens::new_secret();
    let now = state.now_millis();
    let expires = now + SESSION_DAYS * 86_400_000;
    state
        .store
        .create_session(
            user.business_id,
            user.id,
            &tokens::hash_secret(&secret),
            now,
            expires,
        )
        .await?;
    let token = tokens::session_token(user.business_id, &secret);
    Ok(session_cookie_header(
        &token,
        SESSION_DAYS * 86_400,
        state.secure_cookies,
    ))
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let cookie = end_session(&state, &headers).await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// Ends the request's staff session, if any; returns the header that clears the
/// cookie. The API and the web page share it.
pub async fn end_session(state: &AppState, headers: &HeaderMap) -> ApiResult<HeaderValue> {
    let cookie = session_cookie(headers);
    if let Some((business, secret)) = cookie.as_deref().and_then(tokens::parse_session) {
        state
            .store
            .delete_session(business, &tokens::hash_secret(secret))
            .await?;
    }
    Ok(session_cookie_header("", 0, state.secure_cookies))
}

/// HttpOnly and SameSite=Lax always; Secure when served over TLS (SPEC §13).
pub fn session_cookie_header(value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    cookie_header(tokens::SESSION_COOKIE, value, max_age_secs, secure)
}

/// A session cookie named `name`, with the flags of [`session_cookie_header`].
pub fn cookie_header(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}
