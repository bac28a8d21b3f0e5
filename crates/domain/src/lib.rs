//! Pure rules of Clientele: parsed names, emails, phones, notes, search
//! queries and list filters, the duplicate finder, order codes, ban
//! messages, and CSV/vCard import and CSV export.
//!
//! Every type here is built by a `parse` function that either returns a value
//! that is valid by construction or a [`DomainError`] naming the field, so the
//! other crates never re-check what this crate already guarantees. Nothing in
//! this crate opens files or sockets or reads the clock: callers pass `now`
//! in, and the import readers only read the stream their caller hands them.
#![warn(missing_docs)]

pub mod ban;
pub mod duplicates;
pub mod email;
pub mod error;
pub mod import;
pub mod name;
pub mod nicknames;
pub mod notes;
pub mod order_code;
pub mod period;
pub mod phone;
pub mod search;
pub mod text;

pub use duplicates::{find_duplicates, DuplicateCandidate, DuplicatePair, DuplicateReason};
pub use email::Email;
pub use error::DomainError;
pub use name::PersonName;
pub use notes::Notes;
pub use period::{ListFilter, Period};
pub use phone::Phone;
pub use search::SearchQuery;
