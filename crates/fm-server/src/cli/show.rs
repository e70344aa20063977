//! `flexmeasures show …`

use clap::Subcommand;
use fm_storage::accounts::{account_role_names, find_account, list_accounts_with_asset_counts};
use fm_storage::assets::{assets_of_account, find_asset, find_asset_type, list_asset_types};
use fm_storage::data_sources::list_sources;
use fm_storage::sensors::sensors_of_asset;
use fm_storage::roles::{RoleKind, list_roles};
use fm_storage::users::{user_role_names, users_in_account};

use super::table::render;
use crate::error::CliError;
use crate::runtime::Runtime;

#[derive(Debug, Subcommand)]
pub(super) enum ShowCommand {
    /// List accounts with their number of assets.
    Accounts,
    /// Show one account: its roles, users and assets.
    Account {
        /// The account's id.
        #[arg(long)]
        id: i32,
    },
    /// List account roles and user roles.
    Roles,
    /// List generic asset types.
    #[command(name = "asset-types")]
    AssetTypes,
    /// Show one asset: its type, location, attributes and sensors.
    Asset {
        /// The asset's id.
        #[arg(long)]
        id: i32,
    },
    /// List data sources.
    #[command(name = "data-sources")]
    DataSources,
    /// Show one deterministic belief per event of one or more sensors.
    Beliefs(super::beliefs::ShowBeliefs),
}

pub(super) fn execute(rt: &Runtime, command: ShowCommand) -> Result<(), CliError> {
    let mut conn = rt.db.conn()?;
    match command {
        ShowCommand::Accounts => {
            let accounts = list_accounts_with_asset_counts(&mut conn)?;
            if accounts.is_empty() {
                say!("No accounts created yet.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = accounts.iter().map(|(a, n)| vec![a.id.to_string(), a.name.clone(), n.to_string()]).collect();
            say!("{}", render(&["Id", "Name", "Assets"], &rows));
        }
        ShowCommand::Account { id } => {
            let account = find_account(&mut conn, id)?;
            say!("========================");
            say!("Account {} (ID: {})", account.name, account.id);
            say!("========================\n");
            let roles = account_role_names(&mut conn, id)?;
            say!("Account role(s): {}\n", if roles.is_empty() { "none".to_owned() } else { roles.join(", ") });
            let users = users_in_account(&mut conn, id)?;
            if users.is_empty() {
                say!("No users in account ...\n");
            } else {
                let mut rows = Vec::new();
                for u in &users {
                    let last_login = u.last_login_at.map_or_else(String::new, |t| t.0.format("%Y-%m-%d %H:%M:%S").to_string());
                    rows.push(vec![u.id.to_string(), u.username.clone(), u.email.clone(), last_login, user_role_names(&mut conn, u.id)?.join(", ")]);
                }
                say!("All users:\n\n{}\n", render(&["Id", "Name", "Email", "Last Login", "Roles"], &rows));
            }
            let assets = assets_of_account(&mut conn, id)?;
            if assets.is_empty() {
                say!("No assets in account ...");
            } else {
                let types = list_asset_types(&mut conn)?;
                let rows: Vec<Vec<String>> = assets
                    .iter()
                    .map(|a| {
                        let type_name = types.iter().find(|t| t.id == a.generic_asset_type_id).map(|t| t.name.clone()).unwrap_or_default();
                        let location = match (a.latitude, a.longitude) {
                            (Some(lat), Some(lng)) => format!("({lat}, {lng})"),
                            _ => String::new(),
                        };
                        vec![a.id.to_string(), a.name.clone(), type_name, location]
                    })
                    .collect();
                say!("All assets:\n\n{}", render(&["Id", "Name", "Type", "Location"], &rows));
            }
        }
        ShowCommand::AssetTypes => {
            let rows: Vec<Vec<String>> = list_asset_types(&mut conn)?
                .into_iter()
                .map(|t| vec![t.id.to_string(), t.name, t.description.unwrap_or_default()])
                .collect();
            say!("{}", render(&["Id", "Name", "Description"], &rows));
        }
        ShowCommand::Asset { id } => {
            let asset = find_asset(&mut conn, id)?;
            let asset_type = find_asset_type(&mut conn, asset.generic_asset_type_id)?;
            say!("=========================");
            say!("Asset {} (ID: {})", asset.name, asset.id);
            say!("=========================\n");
            let location = match (asset.latitude, asset.longitude) {
                (Some(lat), Some(lng)) => format!("({lat}, {lng})"),
                _ => "none".to_owned(),
            };
            say!("{}", render(&["Type", "Location", "Attributes"], &[vec![asset_type.name, location, asset.attributes]]));
            let sensors = sensors_of_asset(&mut conn, id)?;
            if sensors.is_empty() {
                say!("\nNo sensors in asset ...");
            } else {
                let rows: Vec<Vec<String>> = sensors
                    .into_iter()
                    .map(|s| {
                        let resolution = fm_domain::time::format_timedelta(chrono::TimeDelta::seconds(s.event_resolution_s));
                        vec![s.id.to_string(), s.name, s.unit, resolution, s.timezone, s.attributes]
                    })
                    .collect();
                say!("\nAll sensors in asset:\n\n{}", render(&["Id", "Name", "Unit", "Resolution", "Timezone", "Attributes"], &rows));
            }
        }
        ShowCommand::Beliefs(options) => super::beliefs::show_beliefs(rt, &options)?,
        ShowCommand::DataSources => {
            let rows: Vec<Vec<String>> = list_sources(&mut conn)?
                .into_iter()
                .map(|s| {
                    let user = s.user_id.map(|u| u.to_string()).unwrap_or_default();
                    vec![s.id.to_string(), s.name, s.source_type, user, s.model.unwrap_or_default(), s.version.unwrap_or_default()]
                })
                .collect();
            say!("{}", render(&["Id", "Name", "Type", "User Id", "Model", "Version"], &rows));
        }
        ShowCommand::Roles => {
            for (kind, title) in [(RoleKind::Account, "Account roles"), (RoleKind::User, "User roles")] {
                let roles = list_roles(&mut conn, kind)?;
                if roles.is_empty() {
                    say!("No {} created yet.\n", title.to_lowercase());
                    continue;
                }
                let rows: Vec<Vec<String>> =
                    roles.iter().map(|r| vec![r.id.to_string(), r.name.clone(), r.description.clone().unwrap_or_default()]).collect();
                say!("{title}:\n\n{}\n", render(&["Id", "Name", "Description"], &rows));
            }
        }
    }
    Ok(())
}
