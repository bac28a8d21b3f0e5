//! One error type for the HTTP layer and its one mapping to responses (API.md "Errors").

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientele_domain::DomainError;
use clientele_store::StoreError;
use serde_json::{json, Map, Value};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{message}")]
    Validation { field: String, message: String },
    #[error("authentication required")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    /// A banned email tried to book, reschedule, cancel or buy online: the ban message.
    #[error("{0}")]
    Banned(String),
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        extra: Map<String, Value>,
    },
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("this method is not allowed on this route")]
    MethodNotAllowed,
    #[error("too many attempts, try again later")]
    TooManyRequests,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        ApiError::Validation {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Validation { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Banned(_) => (StatusCode::FORBIDDEN, "banned"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(err) = &self {
            // The cause chain goes to the log; the caller gets no detail.
            tracing::error!(error = format!("{err:#}"), "request failed");
        }
        let mut body = Map::new();
        body.insert("error".into(), json!(code));
        body.insert("message".into(), json!(self.to_string()));
        match self {
            ApiError::Validation { field, .. } => {
                body.insert("field".into(), json!(field));
            }
            ApiError::Conflict { extra, .. } => body.extend(extra),
            _ => {}
        }
        (status, Json(Value::Object(body))).into_response()
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        ApiError::Validation {
            field: e.field.to_string(),
            message: e.message,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::DuplicateName { existing_id } => {
                let mut extra = Map::new();
                extra.insert("existing_id".into(), json!(existing_id.to_string()));
                ApiError::Conflict {
                    code: "duplicate_name",
                    message: "a client with this name already exists; send \"allow_homonym\": true to add another".into(),
                    extra,
                }
            }
            StoreError::VersionConflict { current_version } => {
                let mut extra = Map::new();
                extra.insert("current_version".into(), json!(current_version));
                ApiError::Conflict {
                    code: "version_conflict",
                    message: "the client was changed by someone else since you loaded it; reload and try again".into(),
                    extra,
                }
            }
            StoreError::Conflict(message) => ApiError::Conflict {
                code: "conflict",
                message,
                extra: Map::new(),
            },
            StoreError::Invalid(message) => ApiError::BadRequest(message),
            // Handlers that know the business's language map bans themselves; this is the fallback.
            StoreError::Banned(custom) => {
                ApiError::Banned(clientele_domain::ban::ban_message(custom.as_deref(), "en"))
            }
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}
