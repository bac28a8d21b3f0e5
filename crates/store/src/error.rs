use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("a client with this name already exists")]
    DuplicateName { existing_id: i64 },
    #[error("the client was changed by someone else (version {current_version})")]
    VersionConflict { current_version: i64 },
    /// The email is banned: the custom message, if staff set one.
    #[error("banned")]
    Banned(Option<String>),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("unsupported database URL: {0}")]
    UnsupportedUrl(String),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
