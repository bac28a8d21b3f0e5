//! The import wizard (SPEC §9): being written.

use axum::Router;

use crate::state::AppState;

/// Templates of the wizard, registered with the others.
pub const TEMPLATES: [(&str, &str); 0] = [];

pub fn router() -> Router<AppState> {
    Router::new()
}
