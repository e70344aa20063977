//! Embedded migrations, one folder per backend with the same migration names.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::{DbConnection, StorageError, StorageResult};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// Lock key that serialises migrations of several processes starting at once on PostgreSQL.
const PG_MIGRATION_LOCK: i64 = 0x464d_6d69_6772; // "FMmigr"

/// Applies every pending migration and returns the names of those applied.
pub fn run_pending_migrations(conn: &mut DbConnection) -> StorageResult<Vec<String>> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| StorageError::Migration(e.to_string());
    let applied = match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
            let result = pg.run_pending_migrations(POSTGRES).map(|v| v.iter().map(ToString::to_string).collect());
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))?;
            result.map_err(failed)?
        }
        DbConnection::Sqlite(sqlite) => sqlite
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(ToString::to_string).collect())
            .map_err(failed)?,
    };
    Ok(applied)
}

/// Whether migrations are still to be applied.
pub fn has_pending_migrations(conn: &mut DbConnection) -> StorageResult<bool> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| StorageError::Migration(e.to_string());
    match conn {
        DbConnection::Pg(pg) => pg.has_pending_migration(POSTGRES).map_err(failed),
        DbConnection::Sqlite(sqlite) => sqlite.has_pending_migration(SQLITE).map_err(failed),
    }
}
