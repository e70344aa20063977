//! Write transactions that wait for each other instead of failing.
//!
//! SQLite's plain `BEGIN` starts as a reader; a transaction that reads and then writes while
//! another connection writes cannot upgrade its lock and fails at once with "database is
//! locked" (the busy timeout does not apply to that upgrade). Write transactions therefore
//! begin with `BEGIN IMMEDIATE` on SQLite, which takes the write lock first and waits for it.

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;

use crate::DbConnection;

/// Runs `work` in a transaction that will write: committed when it succeeds, rolled back when
/// it fails. Transactions opened inside `work` (this function's included) become savepoints.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<DieselError>,
{
    let depth = match conn {
        DbConnection::Sqlite(inner) => <AnsiTransactionManager as TransactionManager<diesel::SqliteConnection>>::transaction_manager_status_mut(inner).transaction_depth(),
        DbConnection::Pg(inner) => <AnsiTransactionManager as TransactionManager<diesel::PgConnection>>::transaction_manager_status_mut(inner).transaction_depth(),
    };
    if depth?.is_some() {
        return diesel::Connection::transaction(conn, work);
    }
    match conn {
        DbConnection::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?,
        DbConnection::Pg(inner) => <AnsiTransactionManager as TransactionManager<diesel::PgConnection>>::begin_transaction(inner)?,
    }
    let outcome = work(conn);
    let finished = match (&outcome, &mut *conn) {
        (Ok(_), DbConnection::Sqlite(inner)) => <AnsiTransactionManager as TransactionManager<diesel::SqliteConnection>>::commit_transaction(inner),
        (Ok(_), DbConnection::Pg(inner)) => <AnsiTransactionManager as TransactionManager<diesel::PgConnection>>::commit_transaction(inner),
        (Err(_), DbConnection::Sqlite(inner)) => <AnsiTransactionManager as TransactionManager<diesel::SqliteConnection>>::rollback_transaction(inner),
        (Err(_), DbConnection::Pg(inner)) => <AnsiTransactionManager as TransactionManager<diesel::PgConnection>>::rollback_transaction(inner),
    };
    match (outcome, finished) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(e.into()),
        (Err(e), _) => Err(e),
    }
}
