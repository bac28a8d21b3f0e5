//! Client accounts: sign-up, log in and out, and "my appointments" (SPEC §8). A client
//! never sees staff notes: nothing here reads them.

use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::{Email, PersonName};
use clientele_store::{Business, ClientAccount, NewEmail};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{business, client_token, MaybeAccount, CLIENT_SESSION_COOKIE};
use crate::api::client_json::{appointment_json, order_json};
use crate::auth::password::{self, MIN_PASSWORD_CHARS};
use crate::auth::routes::cookie_header;
use crate::auth::tokens;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ClientAddr};
use crate::state::AppState;

const SESSION_DAYS: i64 = 30;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUpBody {
    email: String,
    password: String,
    first_name: String,
    last_name: String,
}

pub async fn sign_up(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<SignUpBody>,
) -> ApiResult<Response> {
    let business = business(&state, &slug).await?;
    let created = register(
        &state,
        &business,
        &body.email,
        body.password,
        &body.first_name,
        &body.last_name,
    )
    .await?;
    let answer = json!({
        "id": created.id.to_string(),
        "email": created.email,
        "first_name": created.first_name,
        "last_name": created.last_name,
    });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// Creates a client account and emails it a link to verify its address (the API and
/// the sign-up page share it). Until the link is opened, nothing is booked or ordered
/// under the account.
pub async fn register(
    state: &AppState,
    business: &Business,
    email: &str,
    password: String,
    first_name: &str,
    last_name: &str,
) -> ApiResult<ClientAccount> {
    let email = Email::parse(email)?;
    let name = PersonName::parse(first_name, last_name)?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::validation(
            "password",
            format!("the password needs at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let hash = password::hash_password_blocking(password).await?;
    let account = ClientAccount {
        id: 0,
        email: email.normalized(),
        password_hash: hash,
        first_name: name.first().to_string(),
        last_name: name.last().to_string(),
        email_verified_at: None,
    };
    let token = tokens::new_secret();
    let created = state
        .store
        .create_client_account(
            business.id,
            &account,
            &tokens::hash_secret(&token),
            state.now_millis(),
        )
        .await?;
    let link = format!(
        "{}/b/{}/verify?token={token}",
        state.public_url, business.slug
    );
    let message = crate::email::render::account_verification(
        &business.locale,
        &business.name,
        &created.first_name,
        &link,
    );
    let email = NewEmail {
        to: created.email.clone(),
        kind: "verification".into(),
        subject: message.subject,
        text: message.text,
        html: message.html,
        automatic: false,
        appointment_id: None,
    };
    state
        .store
        .enqueue_email(business.id, &email, state.now_millis())
        .await?;
    Ok(created)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    token: String,
}

/// `POST …/accounts/verify {"token"}`: the link of the sign-up email, opened.
pub async fn verify(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<VerifyBody>,
) -> ApiResult<Json<Value>> {
    let business = business(&state, &slug).await?;
    let account = verify_token(&state, business.id, &body.token).await?;
    Ok(Json(json!({ "verified": true, "email": account.email })))
}

/// Verifies the account of an emailed token; 422 on `token` for an unknown or used one.
pub async fn verify_token(
    state: &AppState,
    business: i64,
    token: &str,
) -> ApiResult<ClientAccount> {
    state
        .store
        .verify_client_account(
            business,
            &tokens::hash_secret(token.trim()),
            state.now_millis(),
        )
        .await?
        .ok_or_else(|| ApiError::validation("token", "this link is unknown or was already used"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogInBody {
    email: String,
    password: String,
}

pub async fn log_in(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<LogInBody>,
) -> ApiResult<Response> {
    let business = business(&state, &slug).await?;
    let (token, cookie) =
        open_session(&state, business.id, addr, &body.email, body.password).await?;
    Ok(([(SET_COOKIE, cookie)], Json(json!({ "token": token }))).into_response())
}

/// Checks a client's login (rate-limited, argon2 off the async threads, a dummy hash
/// for unknown emails) and opens a session: its token and cookie.
pub async fn open_session(
    state: &AppState,
    business: i64,
    addr: Option<std::net::IpAddr>,
    email: &str,
    given: String,
) -> ApiResult<(String, axum::http::HeaderValue)> {
    let email = email.trim().to_lowercase();
    let mut keys = vec![format!("client:{business}:{email}")];
    if let Some(ip) = addr {
        keys.push(format!("ip:{ip}"));
    }
    if state.limiter.is_blocked(&keys) {
        return Err(ApiError::TooManyRequests);
    }
    let account = state
        .store
        .client_account_by_email(business, &email)
        .await?;
    let verified = tokio::task::spawn_blocking(move || match account {
        Some(a) if password::verify_password(&given, &a.password_hash) => Some(a),
        Some(_) => None,
        None => {
            password::verify_password(&given, password::dummy_hash());
            None
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    let Some(account) = verified else {
        state.limiter.record_failure(&keys);
        return Err(ApiError::Unauthorized);
    };
    state.limiter.record_success(&keys);
    let secret = tokens::new_secret();
    let now = state.now_millis();
    state
        .store
        .create_client_session(
            business,
            account.id,
            &tokens::hash_secret(&secret),
            now,
            now + SESSION_DAYS * 86_400_000,
        )
        .await?;
    let token = tokens::session_token(business, &secret);
    let cookie = cookie_header(
        CLIENT_SESSION_COOKIE,
        &token,
        SESSION_DAYS * 86_400,
        state.secure_cookies,
    );
    Ok((token, cookie))
}

pub async fn log_out(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let business = business(&state, &slug).await?;
    let cookie = end_session(&state, business.id, &headers).await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// Ends the request's client session (token or cookie) if it is one of `business`;
/// returns the header that clears the cookie. The API and the web page share it.
pub async fn end_session(
    state: &AppState,
    business: i64,
    headers: &HeaderMap,
) -> ApiResult<axum::http::HeaderValue> {
    let token = client_token(headers);
    if let Some((owner, secret)) = token.as_deref().and_then(tokens::parse_session) {
        if owner == business {
            state
                .store
                .delete_client_session(business, &tokens::hash_secret(secret))
                .await?;
        }
    }
    Ok(cookie_header(
        CLIENT_SESSION_COOKIE,
        "",
        0,
        state.secure_cookies,
    ))
}

/// The logged-in client's appointments (booked under the account) and active codes.
pub async fn me(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    account: MaybeAccount,
) -> ApiResult<Json<Value>> {
    let business = business(&state, &slug).await?;
    let account = account
        .for_business(business.id)
        .ok_or(ApiError::Unauthorized)?;
    Ok(Json(my_record(&state, business.id, account).await?))
}

/// `{account, appointments, codes}` of a client account (never staff notes).
pub async fn my_record(
    state: &AppState,
    business: i64,
    account: &ClientAccount,
) -> ApiResult<Value> {
    let (appointments, types, codes) = tokio::try_join!(
        state.store.account_appointments(business, account.id),
        state.store.appointment_types(business),
        state
            .store
            .active_orders_for_account(business, account.id, state.now_millis()),
    )?;
    let type_name = |id: i64| types.iter().find(|t| t.id == id).map(|t| t.name.as_str());
    Ok(json!({
        "account": {
            "email_verified": account.email_verified_at.is_some(),
            "email": account.email,
            "first_name": account.first_name,
            "last_name": account.last_name,
        },
        "appointments": appointments
            .iter()
            .map(|a| appointment_json(a, type_name(a.appointment_type_id)))
            .collect::<Vec<_>>(),
        "codes": codes.iter().map(order_json).collect::<Vec<_>>(),
    }))
}
