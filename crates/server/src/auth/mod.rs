//! Staff authentication: passwords, session and API-key tokens, login rate limiting.

pub mod key_cache;
pub mod limiter;
pub mod password;
pub mod routes;
pub mod tokens;
