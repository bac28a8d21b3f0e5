//! Request extractors: JSON bodies with our error shape, and the authenticated caller.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use clientele_store::{BusinessId, Principal};
use serde::de::DeserializeOwned;

use crate::auth::tokens;
use crate::error::ApiError;
use crate::state::AppState;

/// `Json<T>` whose failures (malformed JSON, unknown fields, too large) are API errors.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::UnsupportedMediaType("send the body as application/json".into())
        }
        _ => ApiError::BadRequest(rejection.body_text()),
    }
}

/// A staff member or API key of one business: every admin route takes this.
#[derive(Debug, Clone)]
pub struct Staff {
    pub business_id: BusinessId,
    pub principal: Principal,
}

impl Staff {
    /// How the audit log names this caller.
    pub fn actor(&self) -> clientele_store::Actor {
        clientele_store::Actor(match &self.principal {
            Principal::Staff { user_id, .. } => format!("staff:{user_id}"),
            Principal::ApiKey { key_id } => format!("api_key:{key_id}"),
        })
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(bearer) = bearer_token(parts) {
            let (business_id, secret) =
                tokens::parse_api_key(bearer).ok_or(ApiError::Unauthorized)?;
            let key_hash = tokens::hash_secret(secret);
            let principal = match state.api_keys.get(business_id, &key_hash) {
                Some(principal) => principal,
                None => {
                    let principal = state
                        .store
                        .api_key_principal(business_id, &key_hash)
                        .await?
                        .ok_or(ApiError::Unauthorized)?;
                    state.api_keys.put(business_id, key_hash, principal.clone());
                    principal
                }
            };
            return Ok(Staff {
                business_id,
                principal,
            });
        }
        let cookie = session_cookie(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let (business_id, secret) = tokens::parse_session(&cookie).ok_or(ApiError::Unauthorized)?;
        let principal = state
            .store
            .session_principal(
                business_id,
                &tokens::hash_secret(secret),
                state.now_millis(),
            )
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Staff {
            business_id,
            principal,
        })
    }
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

/// The value of our session cookie, if the request carries one.
pub fn session_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie(headers, tokens::SESSION_COOKIE)
}

/// The value of the cookie `name`, if the request carries it.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
}

/// `Query<T>` whose failures are API errors.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

/// The peer address of the connection, when the server was started with connect info.
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let info = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        Ok(ClientAddr(info.map(|info| info.0.ip())))
    }
}
