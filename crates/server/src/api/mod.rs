//! The JSON API routes of API.md.

pub mod appointments;
pub mod business;
pub mod client_json;
pub mod clients;
pub mod cursor;
pub mod emails;
pub mod export;
pub mod imports;
pub mod list;
pub mod moderation;
pub mod orders;
pub mod profile;
pub mod webhooks;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::auth::routes as session;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/session", post(session::login).delete(session::logout))
        .route(
            "/api/business",
            get(business::get_business).patch(business::update_business),
        )
        .route(
            "/api/clients",
            get(list::list_clients).post(clients::add_client),
        )
        .route("/api/clients/bulk-delete", post(list::bulk_delete))
        .route("/api/clients/duplicates", get(moderation::duplicates))
        .route(
            "/api/clients/{id}",
            get(profile::get_profile)
                .patch(clients::edit_client)
                .delete(clients::delete_client),
        )
        .route("/api/clients/{id}/export", get(profile::export))
        .route("/api/clients/{id}/merge", post(moderation::merge))
        .route(
            "/api/clients/{id}/ban",
            put(moderation::ban).delete(moderation::unban),
        )
        .route("/api/orders", get(orders::list).post(orders::create))
        .route("/api/orders/{id}", delete(orders::delete))
        .route("/api/audit-log", get(moderation::audit_log))
        .route("/api/exports/clients.csv", get(export::clients_csv))
        .route(
            "/api/imports/clients",
            post(imports::clients).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/api/imports/contacts",
            post(imports::contacts)
                .layer(axum::extract::DefaultBodyLimit::max(imports::VCARD_LIMIT)),
        )
        .route("/api/imports", get(imports::batches))
        .route(
            "/api/imports/{batch}",
            get(imports::batch).delete(imports::undo),
        )
        .route(
            "/api/appointment-types",
            get(appointments::list_types).post(appointments::add_type),
        )
        .route("/api/appointments", post(appointments::book))
        .route("/api/appointments/{id}/cancel", post(appointments::cancel))
        .route(
            "/api/appointments/{id}/resend-confirmation",
            post(emails::resend_confirmation),
        )
        .route("/api/emails", get(emails::list))
        .route("/api/emails/{id}/retry", post(emails::retry))
        .route("/api/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/api/webhooks/deliveries", get(webhooks::deliveries))
        .route("/api/webhooks/{id}", delete(webhooks::delete))
        .merge(crate::public::router())
}

/// Parses an id from a path or body. A malformed id names nothing: 404, like an id of
/// another business (API.md: never reveal what exists).
pub fn parse_id(raw: &str) -> Result<i64, crate::error::ApiError> {
    raw.trim()
        .parse::<i64>()
        .map_err(|_| crate::error::ApiError::NotFound)
}
