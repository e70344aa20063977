//! Typed storage errors; diesel and pool errors are converted here and never swallowed.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What can go wrong when talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The requested row does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A uniqueness or foreign-key rule refused the write.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A belief would replace a stored belief with another value (overwriting is off).
    #[error("replacement refused: {0}")]
    Replacement(String),
    /// The input violates a rule checked before writing (e.g. an unknown account).
    #[error("{0}")]
    Invalid(String),
    /// The database URL could not be understood.
    #[error("invalid database URL '{url}': {reason}")]
    BadUrl {
        /// The URL as given, with any password masked.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// No connection could be obtained (server down, timeout, bad credentials).
    #[error("database connection failed: {0}")]
    Pool(String),
    /// Applying migrations failed.
    #[error("migration failed: {0}")]
    Migration(String),
    /// Any other query failure.
    #[error("database query failed: {0}")]
    Query(#[source] DieselError),
}

impl From<DieselError> for StorageError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => StorageError::NotFound("record not found".to_owned()),
            DieselError::DatabaseError(
                kind @ (DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::ForeignKeyViolation),
                info,
            ) => {
                let what = match kind {
                    DatabaseErrorKind::UniqueViolation => "already exists",
                    _ => "is still referenced or references something missing",
                };
                let constraint = info.constraint_name().map(str::to_owned).unwrap_or_default();
                StorageError::Conflict(format!("{what} ({}{})", info.message(), if constraint.is_empty() { String::new() } else { format!(", {constraint}") }))
            }
            other => StorageError::Query(other),
        }
    }
}

impl From<r2d2::Error> for StorageError {
    fn from(error: r2d2::Error) -> Self {
        StorageError::Pool(error.to_string())
    }
}

/// Shorthand for storage results.
pub type StorageResult<T> = Result<T, StorageError>;
