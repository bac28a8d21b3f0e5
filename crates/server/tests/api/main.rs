//! The integration suite: every test runs the real server over HTTP, on SQLite by
//! default and on PostgreSQL when CLIENTELE_TEST_DATABASE_URL says so.

mod accounts;
mod audit;
mod auth;
mod bans;
mod booking;
mod bulk;
mod clients;
mod concurrency;
mod duplicates;
mod emails;
mod export_round_trip;
mod exports;
mod filters;
mod helpers;
mod import_contacts;
mod import_files;
mod import_outcomes;
mod import_rejections;
mod import_undo;
mod isolation;
mod list;
mod merge;
mod orders;
mod public_helpers;
mod search;
mod smoke;
mod smtp;
mod smtp_mailer;
mod transfer;
mod web_admin;
mod web_imports;
mod web_pages;
mod web_public;
mod webhook_receiver;
mod webhooks;
