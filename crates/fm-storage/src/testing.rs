//! Throw-away databases for tests, on SQLite always and on PostgreSQL when configured.
//!
//! PostgreSQL tests use the server named by `FLEXMEASURES_TEST_DATABASE_URL`; each test database
//! is a fresh schema there, dropped when the [`TestDatabase`] is dropped. Without that variable
//! PostgreSQL tests are skipped, unless `FLEXMEASURES_REQUIRE_POSTGRES_TESTS=1` (set by CI) makes
//! the skip a failure.
#![expect(clippy::expect_used, reason = "test support: a broken test database should abort the test loudly")]

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

use crate::{DatabaseUrl, Db, PoolOptions, StorageResult};

/// Environment variable naming the PostgreSQL server for tests.
pub const TEST_PG_URL_VAR: &str = "FLEXMEASURES_TEST_DATABASE_URL";
/// Environment variable that turns a skipped PostgreSQL test into a failure.
pub const REQUIRE_PG_VAR: &str = "FLEXMEASURES_REQUIRE_POSTGRES_TESTS";

/// A migrated, empty database that disappears with this value.
pub struct TestDatabase {
    /// The pool on the test database.
    pub db: Db,
    /// The URL the pool connects to (for spawning processes against the same database).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[expect(dead_code, reason = "held for its Drop, which removes the directory")] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDatabase {
    /// A fresh SQLite database file in a temporary directory.
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("flexmeasures.db");
        let url = format!("sqlite://{}", path.display());
        let db = open_migrated(&url);
        TestDatabase { db, url, cleanup: Cleanup::Sqlite(dir) }
    }

    /// A fresh schema on the test PostgreSQL server, or `None` when none is configured.
    ///
    /// Panics when none is configured but `FLEXMEASURES_REQUIRE_POSTGRES_TESTS=1`.
    pub fn postgres() -> Option<TestDatabase> {
        let Ok(admin_url) = std::env::var(TEST_PG_URL_VAR) else {
            assert!(
                std::env::var(REQUIRE_PG_VAR).as_deref() != Ok("1"),
                "{REQUIRE_PG_VAR}=1 but {TEST_PG_URL_VAR} is not set"
            );
            eprintln!("skipping a PostgreSQL test: {TEST_PG_URL_VAR} is not set");
            return None;
        };
        let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url).expect("connect to the test PostgreSQL server");
        admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create test schema");
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{separator}options=-csearch_path%3D{schema}");
        let db = open_migrated(&url);
        Some(TestDatabase { db, url, cleanup: Cleanup::Postgres { admin_url, schema } })
    }

    /// Both backends: SQLite, plus PostgreSQL when configured.
    pub fn all() -> Vec<(&'static str, TestDatabase)> {
        let mut all = vec![("sqlite", TestDatabase::sqlite())];
        if let Some(pg) = TestDatabase::postgres() {
            all.push(("postgres", pg));
        }
        all
    }
}

fn open_migrated(url: &str) -> Db {
    let parsed = DatabaseUrl::parse(url).expect("test database URL");
    let db = Db::connect(&parsed, PoolOptions { max_size: 4, ..PoolOptions::default() }).expect("connect test database");
    let migrated: StorageResult<Vec<String>> = db.conn().and_then(|mut c| crate::migrations::run_pending_migrations(&mut c));
    migrated.expect("migrate test database");
    db
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, schema } = &self.cleanup {
            if let Ok(mut admin) = PgConnection::establish(admin_url) {
                let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}
