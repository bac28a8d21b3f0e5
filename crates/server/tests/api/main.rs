//! The integration suite: every test runs the real server over HTTP, on SQLite by
//! default and on PostgreSQL when CLIENTELE_TEST_DATABASE_URL says so.

mod auth;
mod booking;
mod bulk;
mod clients;
mod filters;
mod helpers;
mod isolation;
mod list;
mod search;
mod smoke;
