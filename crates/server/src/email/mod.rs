//! Email: rendering the messages, sending them over SMTP, and the outbox worker that
//! delivers what the database queued.

pub mod confirm;
pub mod render;
pub mod smtp;
