//! Storage of Clientele: the [`Store`] trait and its SQL implementation for SQLite and
//! PostgreSQL, chosen from the database URL.

pub mod error;
pub mod model;
pub mod outbox_model;
mod sql;
mod traits;

pub use error::{StoreError, StoreResult};
pub use model::*;
pub use outbox_model::*;
pub use sql::{connect, redact_url, ConnectOptions};
pub use traits::{Backend, ImportSession, OutboxStore, Store};
