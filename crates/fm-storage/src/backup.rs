//! Backups of the structure and data, for servers in play mode: users and their roles, asset
//! types, assets, sensors, data sources and beliefs, plus accounts, account roles and legacy
//! assets, written as one `<table>.obj` file per table in a directory, and restored in one
//! transaction.
//!
//! The format is portable: one JSON object per line, one line per row, keyed by column name;
//! timestamps are RFC 3339 text in UTC. A backup written on SQLite restores on PostgreSQL and
//! the other way round.
//!
//! Restoring replaces every belief, annotation, user, role, asset type, asset, sensor, legacy
//! asset and data source. Accounts, account roles and their links are replaced only when the
//! backup holds their files (`account.obj`, `account_role.obj`, `roles_accounts.obj`); otherwise
//! the current ones stay and the restored users and assets must fit them.

mod rows;

use std::fs::File;
use std::io::{BufRead as _, BufReader, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use diesel::RunQueryDsl as _;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use self::rows::{
    AccountRoleRow, AccountRow, AssetRow, AssetTypeRow, DataSourceRow, LegacyAssetRow, RoleRow, RolesAccountsRow, RolesUsersRow, SensorRow, TableRows,
    TimedBeliefRow, UserRow,
};
use crate::schema::{annotation, annotations_accounts, annotations_assets, annotations_sensors};
use crate::{Backend, DbConnection, StorageError};

/// The tables every backup must hold, in the order their files are checked.
pub const REQUIRED_TABLES: [&str; 8] = ["role", "fm_user", "roles_users", "sensor", "generic_asset_type", "generic_asset", "data_source", "timed_belief"];

/// The tables a backup may hold; each is restored when its file is present.
pub const OPTIONAL_TABLES: [&str; 4] = ["account", "account_role", "roles_accounts", "legacy_asset"];

/// The extension of a table's file.
pub const FILE_EXTENSION: &str = "obj";

/// Tables with a generated `id`, whose sequences are set past the largest id after a restore.
const TABLES_WITH_SEQUENCES: [&str; 14] = [
    "account",
    "account_role",
    "roles_accounts",
    "role",
    "fm_user",
    "roles_users",
    "generic_asset_type",
    "generic_asset",
    "sensor",
    "data_source",
    "annotation",
    "annotations_accounts",
    "annotations_assets",
    "annotations_sensors",
];

/// Why a backup could not be written or restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// No backup directory of that name exists (or the name is not a plain directory name).
    #[error("Requested backup is not known.")]
    UnknownBackup,
    /// A required table's file is missing from the backup.
    #[error("Can't load table, because filename {0} does not exist.")]
    MissingTable(&'static str),
    /// A table's file holds something that is not a row of the table, or rows the database
    /// refuses (a missing reference, a duplicate).
    #[error("Can't load table {table}: {reason}")]
    InvalidTable {
        /// The table.
        table: &'static str,
        /// What is wrong, with the line number where known.
        reason: String,
    },
    /// A backup of that name exists already (backups are never overwritten).
    #[error("Backup {} already exists.", .0.display())]
    AlreadyExists(PathBuf),
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The failure.
        #[source]
        source: std::io::Error,
    },
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<DieselError> for BackupError {
    fn from(error: DieselError) -> Self {
        BackupError::Storage(StorageError::from(error))
    }
}

/// How many rows each table of a backup holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupSummary {
    /// Table name and row count, in restore order; tables a backup does not hold are left out.
    pub tables: Vec<(&'static str, usize)>,
}

/// The directory of backup `name` under `base`, or `None` when `name` is not a plain directory
/// name (empty, hidden, or holding a path separator or `..`), so no name reaches outside `base`.
pub fn backup_directory(base: &Path, name: &str) -> Option<PathBuf> {
    let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0']) && !name.contains("..");
    plain.then(|| base.join(name))
}

/// The file of `table` in backup directory `dir`.
pub fn table_file(dir: &Path, table: &str) -> PathBuf {
    dir.join(format!("{table}.{FILE_EXTENSION}"))
}

/// Writes every table of the backup into the new directory `dir` (its parent is created when
/// missing), from one consistent snapshot of the database. On failure nothing is left behind.
pub fn save_backup(conn: &mut DbConnection, dir: &Path) -> Result<BackupSummary, BackupError> {
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).map_err(|source| BackupError::Io { path: parent.to_owned(), source })?;
    }
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(BackupError::AlreadyExists(dir.to_owned())),
        Err(source) => return Err(BackupError::Io { path: dir.to_owned(), source }),
    }
    let written = diesel::Connection::transaction(conn, |conn| {
        if conn.backend() == Backend::Postgres {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(conn)?;
        }
        write_all_tables(conn, dir)
    });
    if written.is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
    written
}

fn write_all_tables(conn: &mut DbConnection, dir: &Path) -> Result<BackupSummary, BackupError> {
    let mut summary = BackupSummary::default();
    write_table::<AccountRoleRow>(conn, dir, &mut summary)?;
    write_table::<AccountRow>(conn, dir, &mut summary)?;
    write_table::<RolesAccountsRow>(conn, dir, &mut summary)?;
    write_table::<RoleRow>(conn, dir, &mut summary)?;
    write_table::<UserRow>(conn, dir, &mut summary)?;
    write_table::<RolesUsersRow>(conn, dir, &mut summary)?;
    write_table::<AssetTypeRow>(conn, dir, &mut summary)?;
    write_table::<AssetRow>(conn, dir, &mut summary)?;
    write_table::<SensorRow>(conn, dir, &mut summary)?;
    write_table::<LegacyAssetRow>(conn, dir, &mut summary)?;
    write_table::<DataSourceRow>(conn, dir, &mut summary)?;
    write_table::<TimedBeliefRow>(conn, dir, &mut summary)?;
    Ok(summary)
}

fn write_table<R: TableRows>(conn: &mut DbConnection, dir: &Path, summary: &mut BackupSummary) -> Result<(), BackupError> {
    let rows = R::load_all(conn)?;
    let path = table_file(dir, R::TABLE);
    let failed = |source: std::io::Error| BackupError::Io { path: path.clone(), source };
    let mut out = BufWriter::new(File::create(&path).map_err(failed)?);
    for row in &rows {
        serde_json::to_writer(&mut out, row).map_err(|e| failed(e.into()))?;
        out.write_all(b"\n").map_err(failed)?;
    }
    out.flush().map_err(failed)?;
    summary.tables.push((R::TABLE, rows.len()));
    Ok(())
}

/// A backup read from its directory, ready to restore.
#[derive(Debug)]
pub struct Backup {
    account_roles: Option<Vec<AccountRoleRow>>,
    accounts: Option<Vec<AccountRow>>,
    roles_accounts: Option<Vec<RolesAccountsRow>>,
    roles: Vec<RoleRow>,
    users: Vec<UserRow>,
    roles_users: Vec<RolesUsersRow>,
    asset_types: Vec<AssetTypeRow>,
    assets: Vec<AssetRow>,
    sensors: Vec<SensorRow>,
    legacy_assets: Option<Vec<LegacyAssetRow>>,
    data_sources: Vec<DataSourceRow>,
    beliefs: Vec<TimedBeliefRow>,
}

/// Reads the backup in directory `dir`: [`BackupError::UnknownBackup`] when it is not a
/// directory, [`BackupError::MissingTable`] for the first required table (in the order of
/// [`REQUIRED_TABLES`]) without a file, [`BackupError::InvalidTable`] for a line that is not a
/// row of its table.
pub fn read_backup(dir: &Path) -> Result<Backup, BackupError> {
    if !dir.is_dir() {
        return Err(BackupError::UnknownBackup);
    }
    if let Some(missing) = REQUIRED_TABLES.into_iter().find(|table| !table_file(dir, table).is_file()) {
        return Err(BackupError::MissingTable(missing));
    }
    Ok(Backup {
        account_roles: read_table(dir)?,
        accounts: read_table(dir)?,
        roles_accounts: read_table(dir)?,
        roles: read_required_table::<RoleRow>(dir)?,
        users: read_required_table::<UserRow>(dir)?,
        roles_users: read_required_table::<RolesUsersRow>(dir)?,
        asset_types: read_required_table::<AssetTypeRow>(dir)?,
        assets: read_required_table::<AssetRow>(dir)?,
        sensors: read_required_table::<SensorRow>(dir)?,
        legacy_assets: read_table(dir)?,
        data_sources: read_required_table::<DataSourceRow>(dir)?,
        beliefs: read_required_table::<TimedBeliefRow>(dir)?,
    })
}

/// The rows of `R`'s file in `dir`, which must be there.
fn read_required_table<R: TableRows>(dir: &Path) -> Result<Vec<R>, BackupError> {
    read_table(dir)?.ok_or(BackupError::MissingTable(R::TABLE))
}

/// The rows of `R`'s file in `dir`, or `None` when the backup has no such file.
fn read_table<R: TableRows>(dir: &Path) -> Result<Option<Vec<R>>, BackupError> {
    let path = table_file(dir, R::TABLE);
    if !path.is_file() {
        return Ok(None);
    }
    let file = File::open(&path).map_err(|source| BackupError::Io { path: path.clone(), source })?;
    let mut rows = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let invalid = |reason: String| BackupError::InvalidTable { table: R::TABLE, reason: format!("line {}: {reason}", index + 1) };
        let line = line.map_err(|e| invalid(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        rows.push(serde_json::from_str(&line).map_err(|e| invalid(e.to_string()))?);
    }
    Ok(Some(rows))
}

/// Replaces the database's structure and data with `backup`'s, in one write transaction, and
/// sets the id sequences past the restored ids. Rows the database refuses (a reference to a
/// row the backup lacks, a duplicate) fail the restore with [`BackupError::InvalidTable`] and
/// change nothing.
pub fn restore_backup(conn: &mut DbConnection, backup: &Backup) -> Result<BackupSummary, BackupError> {
    crate::write_transaction(conn, |conn| {
        delete_current(conn, backup)?;
        let mut summary = BackupSummary::default();
        if let Some(rows) = &backup.account_roles {
            insert_table(conn, rows, &mut summary)?;
        }
        if let Some(rows) = &backup.accounts {
            insert_table(conn, &parents_first(rows), &mut summary)?;
        }
        if let Some(rows) = &backup.roles_accounts {
            insert_table(conn, rows, &mut summary)?;
        }
        insert_table(conn, &backup.roles, &mut summary)?;
        insert_table(conn, &backup.users, &mut summary)?;
        insert_table(conn, &backup.roles_users, &mut summary)?;
        insert_table(conn, &backup.asset_types, &mut summary)?;
        insert_table(conn, &parents_first(&backup.assets), &mut summary)?;
        insert_table(conn, &backup.sensors, &mut summary)?;
        if let Some(rows) = &backup.legacy_assets {
            insert_table(conn, rows, &mut summary)?;
        }
        insert_table(conn, &backup.data_sources, &mut summary)?;
        insert_table(conn, &backup.beliefs, &mut summary)?;
        reset_sequences(conn)?;
        Ok(summary)
    })
}

/// Deletes what the backup replaces, children before parents.
fn delete_current(conn: &mut DbConnection, backup: &Backup) -> Result<(), BackupError> {
    TimedBeliefRow::delete_all(conn)?;
    diesel::delete(annotations_sensors::table).execute(conn)?;
    diesel::delete(annotations_assets::table).execute(conn)?;
    diesel::delete(annotations_accounts::table).execute(conn)?;
    diesel::delete(annotation::table).execute(conn)?;
    LegacyAssetRow::delete_all(conn)?;
    SensorRow::delete_all(conn)?;
    DataSourceRow::delete_all(conn)?;
    AssetRow::delete_all(conn)?;
    AssetTypeRow::delete_all(conn)?;
    RolesUsersRow::delete_all(conn)?;
    UserRow::delete_all(conn)?;
    RoleRow::delete_all(conn)?;
    if backup.roles_accounts.is_some() || backup.account_roles.is_some() || backup.accounts.is_some() {
        RolesAccountsRow::delete_all(conn)?;
    }
    if backup.account_roles.is_some() {
        AccountRoleRow::delete_all(conn)?;
    }
    if backup.accounts.is_some() {
        AccountRow::delete_all(conn)?;
    }
    Ok(())
}

/// Inserts a table's rows; a row the database refuses makes the table invalid.
fn insert_table<R: TableRows>(conn: &mut DbConnection, rows: &[R], summary: &mut BackupSummary) -> Result<(), BackupError> {
    R::insert_all(conn, rows).map_err(|e| match e {
        DieselError::DatabaseError(kind, info) if !matches!(kind, DatabaseErrorKind::ClosedConnection) => {
            BackupError::InvalidTable { table: R::TABLE, reason: info.message().to_owned() }
        }
        other => other.into(),
    })?;
    summary.tables.push((R::TABLE, rows.len()));
    Ok(())
}

/// The rows ordered so that a row referring to another row of its table comes after it.
/// Rows in a reference cycle, or referring to a row that is not there, come last (and are
/// refused by the database).
fn parents_first<R: TableRows + Clone>(rows: &[R]) -> Vec<R> {
    let mut placed = std::collections::HashSet::new();
    let mut ordered = Vec::with_capacity(rows.len());
    let mut pending: Vec<&R> = rows.iter().collect();
    loop {
        let (ready, waiting): (Vec<&R>, Vec<&R>) = pending.into_iter().partition(|row| match row.id_and_parent() {
            None | Some((_, None)) => true,
            Some((_, Some(parent))) => placed.contains(&parent),
        });
        if ready.is_empty() {
            ordered.extend(waiting.into_iter().cloned());
            return ordered;
        }
        for row in ready {
            if let Some((id, _)) = row.id_and_parent() {
                placed.insert(id);
            }
            ordered.push(row.clone());
        }
        pending = waiting;
    }
}

/// Sets every id sequence past the largest id of its table, as if the rows had been inserted
/// without ids.
fn reset_sequences(conn: &mut DbConnection) -> Result<(), BackupError> {
    for table in TABLES_WITH_SEQUENCES {
        let statement = match conn.backend() {
            Backend::Postgres => format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"),
            Backend::Sqlite => format!("UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX(id), 0) FROM {table}) WHERE name = '{table}'"),
        };
        diesel::sql_query(statement).execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_stay_inside_the_backup_directory() {
        let base = Path::new("migrations/dumps");
        assert_eq!(backup_directory(base, "demo-2024"), Some(PathBuf::from("migrations/dumps/demo-2024")));
        for name in ["", "..", "../etc", "a/b", "a\\b", ".hidden", "x..y"] {
            assert_eq!(backup_directory(base, name), None, "{name}");
        }
    }

    #[test]
    fn missing_and_unknown_backups_are_told_apart() {
        let dir = tempfile_dir();
        assert!(matches!(read_backup(&dir.join("nothing")), Err(BackupError::UnknownBackup)));
        std::fs::write(table_file(&dir, "role"), "").unwrap();
        assert!(matches!(read_backup(&dir), Err(BackupError::MissingTable("fm_user"))));
        for table in REQUIRED_TABLES {
            std::fs::write(table_file(&dir, table), "").unwrap();
        }
        std::fs::write(table_file(&dir, "sensor"), "{\"id\": 1}\n").unwrap();
        let error = read_backup(&dir).unwrap_err().to_string();
        assert!(error.starts_with("Can't load table sensor: line 1: missing field"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fm-backup-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
