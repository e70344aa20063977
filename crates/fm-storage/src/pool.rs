//! The connection pool: backend picked from the URL, real connection errors surfaced, SQLite tuned.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};

use crate::{DatabaseUrl, DbConnection, StorageError, StorageResult};

/// A pooled connection.
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// Pool settings.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    /// Most connections kept open.
    pub max_size: u32,
    /// How long to wait for a connection (and for a PostgreSQL server to answer).
    pub connect_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions { max_size: 8, connect_timeout: Duration::from_secs(10) }
    }
}

/// Opens connections for the pool, dispatching on the URL's backend.
///
/// Unlike the derived `DbConnection::establish`, which hides a PostgreSQL error behind
/// "invalid connection url", this reports the server's own error.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    connect_timeout: Duration,
}

/// Why a connection could not be opened or set up.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(String);

impl ConnectionManager {
    fn open(&self) -> Result<DbConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                let url = with_connect_timeout(url, self.connect_timeout);
                PgConnection::establish(&url).map(DbConnection::Pg).map_err(|e| ConnectError(e.to_string().trim().to_owned()))
            }
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn = SqliteConnection::establish(&path).map_err(|e| ConnectError(format!("{path}: {e}")))?;
                // busy_timeout first: with WAL first, racing new connections wait on each other.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .map_err(|e| ConnectError(format!("{path}: {e}")))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1").map_err(|e| ConnectError(e.to_string()))
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Adds libpq's `connect_timeout` to a URL that does not set one.
fn with_connect_timeout(url: &str, timeout: Duration) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}connect_timeout={}", timeout.as_secs().max(1))
}

/// A pool of database connections on one backend.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<ConnectionManager>,
    url: DatabaseUrl,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("url", &self.url.display_masked()).finish_non_exhaustive()
    }
}

impl Db {
    /// Connects to the database named by `url`.
    ///
    /// One connection is opened straight away, so that a wrong URL, a refused connection or bad
    /// credentials are reported at once with the server's message.
    pub fn connect(url: &DatabaseUrl, options: PoolOptions) -> StorageResult<Db> {
        let manager = ConnectionManager { url: url.clone(), connect_timeout: options.connect_timeout };
        let first = manager
            .open()
            .map_err(|e| StorageError::Pool(format!("{}: {e}", url.display_masked())))?;
        let pool = r2d2::Pool::builder()
            .max_size(options.max_size.max(1))
            .min_idle(Some(0))
            .connection_timeout(options.connect_timeout)
            .build_unchecked(manager);
        drop(first);
        Ok(Db { pool, url: url.clone() })
    }

    /// A connection from the pool.
    pub fn conn(&self) -> StorageResult<PooledConnection> {
        Ok(self.pool.get()?)
    }

    /// Runs `work` in one transaction on a pooled connection: all of it is stored, or none.
    pub fn transaction<T>(&self, work: impl FnOnce(&mut DbConnection) -> StorageResult<T>) -> StorageResult<T> {
        let mut conn = self.conn()?;
        crate::write_transaction(&mut conn, work)
    }

    /// Where this pool connects to (password masked).
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_a_connect_timeout_once() {
        let t = Duration::from_secs(3);
        assert_eq!(with_connect_timeout("postgres://h/db", t), "postgres://h/db?connect_timeout=3");
        assert_eq!(with_connect_timeout("postgres://h/db?sslmode=disable", t), "postgres://h/db?sslmode=disable&connect_timeout=3");
        assert_eq!(with_connect_timeout("postgres://h/db?connect_timeout=9", t), "postgres://h/db?connect_timeout=9");
    }

    #[test]
    fn an_unreachable_server_is_reported_quickly_with_its_error() {
        let url = DatabaseUrl::parse("postgres://nobody:pw@127.0.0.1:1/none").unwrap();
        let started = std::time::Instant::now();
        let err = Db::connect(&url, PoolOptions { max_size: 1, connect_timeout: Duration::from_secs(2) }).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("127.0.0.1") && !text.contains("pw"), "{text}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
