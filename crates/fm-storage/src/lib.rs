//! Persistence for FlexMeasures over SQLite (embedded default) and PostgreSQL.
//!
//! What belongs here: the portable diesel schema, row types, one module of query functions per
//! table group, the connection pool picked from `DATABASE_URL`, embedded migrations and typed
//! storage errors. Query functions take a `&mut DbConnection`, so callers compose several of
//! them in one transaction. What does not: HTTP (no actix here), credentials (see `fm-auth`),
//! or message formats.

pub mod accounts;
pub mod assets;
pub mod backup;
pub mod beliefs;
#[expect(missing_docs, reason = "diesel's MultiConnection derive generates undocumented items")]
pub mod connection;
pub mod data_sources;
pub mod error;
pub mod jobs;
pub mod legacy;
pub mod migrations;
pub mod pool;
pub mod roles;
pub mod schema;
pub mod sensors;
pub mod structure;
pub mod task_runs;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod transaction;
pub mod types;
pub mod url;
pub mod users;
pub mod weather;

pub use connection::{Backend, DbConnection};
pub use error::{StorageError, StorageResult};
pub use pool::{Db, PoolOptions, PooledConnection};
pub use transaction::write_transaction;
pub use types::Ts;
pub use url::DatabaseUrl;

/// Re-exported so callers can open transactions on a [`DbConnection`] without naming diesel.
pub use diesel::Connection;
/// Re-exported so callers' error types can absorb transaction errors.
pub use diesel::result::Error as DieselError;
