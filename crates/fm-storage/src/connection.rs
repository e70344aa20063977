//! One connection type over both backends, and the dispatch macro for backend-only features.

/// A database connection: PostgreSQL or SQLite, chosen from the database URL.
///
/// Generic diesel code works on this type directly; features that only the concrete connections
/// offer (batch upserts, `SKIP LOCKED`, `BEGIN IMMEDIATE`) go through [`with_inner!`](crate::with_inner).
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// A PostgreSQL connection.
    Pg(diesel::PgConnection),
    /// An SQLite connection.
    Sqlite(diesel::SqliteConnection),
}

/// Runs `$body` on the concrete connection inside a [`DbConnection`], compiling it once per backend.
#[macro_export]
macro_rules! with_inner {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConnection::Pg($c) => $body,
            $crate::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// Which database server a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL.
    Postgres,
    /// SQLite (embedded).
    Sqlite,
}

impl DbConnection {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Pg(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}
