//! `flexmeasures db-ops …`: backups of the structure and data under `FLEXMEASURES_DB_BACKUP_PATH`,
//! the ones `PUT /api/restoreData` restores in play mode (format: [`fm_storage::backup`]).

use std::path::PathBuf;

use clap::Subcommand;
use fm_storage::backup::{BackupError, BackupSummary, backup_directory, read_backup, restore_backup, save_backup};

use crate::error::CliError;
use crate::runtime::Runtime;

#[derive(Debug, Subcommand)]
pub(super) enum DbOpsCommand {
    /// Write a backup of users, roles, accounts, assets, sensors, sources and beliefs to
    /// FLEXMEASURES_DB_BACKUP_PATH/<name> (a new directory).
    Save {
        /// Name of the backup (a plain directory name).
        #[arg(long)]
        name: String,
    },
    /// Replace the structure and data with those of backup <name> (asks for confirmation on a
    /// terminal; pass --force otherwise).
    Restore {
        /// Name of the backup.
        #[arg(long)]
        name: String,
        /// Restore without asking.
        #[arg(long)]
        force: bool,
    },
}

pub(super) fn execute(rt: &Runtime, command: DbOpsCommand) -> Result<(), CliError> {
    match command {
        DbOpsCommand::Save { name } => {
            let dir = directory_of(rt, &name)?;
            let mut conn = rt.db.conn()?;
            let summary = save_backup(&mut conn, &dir).map_err(failure)?;
            say!("Saved backup {name} to {}: {}.", dir.display(), describe(&summary));
        }
        DbOpsCommand::Restore { name, force } => {
            let dir = directory_of(rt, &name)?;
            let backup = read_backup(&dir).map_err(failure)?;
            super::confirm(&format!("Replace all users, assets, sensors and data with backup {name}?"), force)?;
            let mut conn = rt.db.conn()?;
            let summary = restore_backup(&mut conn, &backup).map_err(failure)?;
            say!("Database restored to {name}: {}.", describe(&summary));
        }
    }
    Ok(())
}

/// The directory of backup `name`; a name that is not a plain directory name is refused.
fn directory_of(rt: &Runtime, name: &str) -> Result<PathBuf, CliError> {
    backup_directory(&rt.settings.db_backup_path, name)
        .ok_or_else(|| CliError::Aborted(format!("'{name}' is not a valid backup name: use a plain directory name.")))
}

fn failure(error: BackupError) -> CliError {
    match error {
        BackupError::Storage(storage) => CliError::Storage(storage),
        other => CliError::Aborted(other.to_string()),
    }
}

/// `rows per table: role 3, fm_user 2, …`.
fn describe(summary: &BackupSummary) -> String {
    let counts: Vec<String> = summary.tables.iter().map(|(table, rows)| format!("{table} {rows}")).collect();
    format!("rows per table: {}", counts.join(", "))
}
