//! `flexmeasures delete …`

use clap::Subcommand;
use fm_storage::accounts::{delete_account, find_account};
use fm_storage::assets::assets_of_account;
use fm_storage::users::{delete_user, find_user_by_email, users_in_account};

use super::confirm;
use crate::error::CliError;
use crate::runtime::Runtime;

#[derive(Debug, Subcommand)]
pub(super) enum DeleteCommand {
    /// Delete a user (its data source and the data it sourced stay).
    User {
        /// The user's e-mail address.
        #[arg(long)]
        email: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        force: bool,
    },
    /// Delete an account with its users, assets, sensors and their data.
    Account {
        /// The account's id.
        #[arg(long)]
        id: i32,
        /// Do not ask for confirmation.
        #[arg(long)]
        force: bool,
    },
    /// Delete an asset with its child assets, sensors and their data.
    Asset {
        /// The asset's id.
        #[arg(long)]
        id: i32,
        /// Do not ask for confirmation.
        #[arg(long)]
        force: bool,
    },
    /// Delete a sensor with all its data.
    Sensor {
        /// The sensor's id.
        #[arg(long)]
        id: i32,
        /// Do not ask for confirmation.
        #[arg(long)]
        force: bool,
    },
    /// Delete measurements (beliefs formed after the fact, horizon ≤ 0), of one sensor or all.
    Measurements {
        /// Only this sensor's measurements.
        #[arg(long = "sensor-id")]
        sensor_id: Option<i32>,
        /// Do not ask for confirmation.
        #[arg(long)]
        force: bool,
    },
}

pub(super) fn execute(rt: &Runtime, command: DeleteCommand) -> Result<(), CliError> {
    let mut conn = rt.db.conn()?;
    match command {
        DeleteCommand::User { email, force } => {
            let user = find_user_by_email(&mut conn, &email)?.ok_or_else(|| CliError::Aborted(format!("User with email {email} does not exist.")))?;
            confirm(&format!("Delete user {} (ID: {})?", user.email, user.id), force)?;
            delete_user(&mut conn, user.id)?;
            say!("Deleted user {} (ID: {}).", user.email, user.id);
        }
        DeleteCommand::Account { id, force } => {
            let account = find_account(&mut conn, id)?;
            let users: Vec<String> = users_in_account(&mut conn, id)?.into_iter().map(|u| u.email).collect();
            let assets: Vec<String> = assets_of_account(&mut conn, id)?.into_iter().map(|a| a.name).collect();
            confirm(
                &format!(
                    "Delete account {} (ID: {}) with users [{}] and assets [{}], with all their sensors and data?",
                    account.name,
                    id,
                    users.join(", "),
                    assets.join(", ")
                ),
                force,
            )?;
            let deleted = fm_storage::write_transaction(&mut *conn, |c| delete_account(c, id))?;
            say!(
                "Account {} (ID: {}) has been deleted, with {} user(s) and {} asset(s).",
                account.name, id, deleted.users, deleted.assets
            );
        }
        DeleteCommand::Asset { id, force } => {
            let asset = fm_storage::assets::find_asset(&mut conn, id)?;
            confirm(&format!("Delete asset {} (ID: {}) with its child assets, sensors and data?", asset.name, id), force)?;
            fm_storage::assets::delete_asset(&mut conn, id)?;
            say!("Asset {} (ID: {id}) has been deleted.", asset.name);
        }
        DeleteCommand::Sensor { id, force } => {
            let sensor = fm_storage::sensors::find_sensor(&mut conn, id)?;
            confirm(&format!("Delete sensor {} (ID: {id}) with all its data?", sensor.name), force)?;
            fm_storage::sensors::delete_sensor(&mut conn, id)?;
            say!("Sensor {} (ID: {id}) has been deleted.", sensor.name);
        }
        DeleteCommand::Measurements { sensor_id, force } => {
            if let Some(id) = sensor_id {
                fm_storage::sensors::find_sensor(&mut conn, id)?;
            }
            let scope = sensor_id.map_or_else(|| "all sensors".to_owned(), |id| format!("sensor {id}"));
            confirm(&format!("Delete all measurements of {scope}?"), force)?;
            let what = fm_storage::beliefs::BeliefDeletion { measurements_only: true, ..Default::default() };
            let n = fm_storage::beliefs::delete_beliefs(&mut conn, sensor_id, &what)?;
            say!("Deleted {n} measurement(s) of {scope}.");
        }
    }
    Ok(())
}
