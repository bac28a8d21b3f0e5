//! The HTTP side of Clientele: the JSON API, auth, and start-up.

pub mod api;
pub mod auth;
pub mod bootstrap;
pub mod email;
pub mod error;
pub mod extract;
pub mod forms;
pub mod openapi;
pub mod outbox;
pub mod public;
pub mod startup;
pub mod state;
pub mod time;
pub mod web;

pub use startup::{build_router, serve, ServerConfig};
pub use state::{AppState, Clock, FixedClock, SystemClock};
