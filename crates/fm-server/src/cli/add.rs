//! `flexmeasures add …`

use std::io::IsTerminal as _;

use clap::Subcommand;
use fm_storage::accounts::create_account;
use fm_storage::roles::{RoleKind, create_role};
use fm_storage::structure::ensure_initial_structure;

use crate::error::CliError;
use crate::provision::{UserInput, add_toy_account, add_user, describe_sensor, split_list};
use crate::runtime::Runtime;

#[derive(Debug, Subcommand)]
pub(super) enum AddCommand {
    /// Create an account role.
    #[command(name = "account-role")]
    AccountRole {
        /// Name of the role.
        #[arg(long)]
        name: String,
        /// What the role means.
        #[arg(long)]
        description: Option<String>,
    },
    /// Create an account; missing account roles are created.
    Account {
        /// Name of the account.
        #[arg(long)]
        name: String,
        /// Account roles, comma-separated (e.g. Prosumer,MDC).
        #[arg(long, default_value = "")]
        roles: String,
    },
    /// Create a user (prompts for the password when --password is absent and a terminal is attached).
    User {
        /// Username.
        #[arg(long)]
        username: String,
        /// E-mail address (the login).
        #[arg(long)]
        email: String,
        /// Id of the user's account.
        #[arg(long = "account-id")]
        account_id: i32,
        /// User roles, comma-separated (e.g. account-admin,task-runner).
        #[arg(long, default_value = "")]
        roles: String,
        /// IANA timezone (default: FLEXMEASURES_TIMEZONE).
        #[arg(long)]
        timezone: Option<String>,
        /// The password (better given at the prompt, where it is not kept in the shell history).
        #[arg(long)]
        password: Option<String>,
    },
    /// Create a generic asset type.
    #[command(name = "asset-type")]
    AssetType {
        /// Name of the asset type.
        #[arg(long)]
        name: String,
        /// What it is (useful to explain acronyms, for example).
        #[arg(long)]
        description: Option<String>,
    },
    /// Create a generic asset, or with --owner-id a legacy asset (API v1.x, v2_0).
    Asset(super::asset::AddAsset),
    /// Create a sensor on an asset.
    Sensor {
        /// Name of the sensor.
        #[arg(long)]
        name: String,
        /// Unit of its values, e.g. MW, kWh, EUR/MWh, °C, m/s, kW/m².
        #[arg(long)]
        unit: String,
        /// Duration of each event: minutes (15) or an ISO 8601 duration (PT15M); 0 for instantaneous.
        #[arg(long = "event-resolution")]
        event_resolution: String,
        /// IANA timezone, e.g. Europe/Amsterdam.
        #[arg(long)]
        timezone: String,
        /// The asset the sensor belongs to.
        #[arg(long = "asset-id")]
        asset_id: i32,
        /// Attributes as a JSON object.
        #[arg(long, default_value = "{}")]
        attributes: String,
    },
    /// Add sensor data from a CSV file.
    Beliefs(super::beliefs::AddBeliefs),
    /// Compute a schedule for a battery or charging station (or queue it with --as-job).
    Schedule(super::schedule::AddSchedule),
    /// Create a data source (e.g. for `add beliefs`).
    Source {
        /// Name of the source.
        #[arg(long)]
        name: String,
        /// Type of the source (e.g. "CLI script", "forecaster", "scheduler").
        #[arg(long = "type")]
        source_type: String,
        /// Model name.
        #[arg(long)]
        model: Option<String>,
        /// Model version.
        #[arg(long)]
        version: Option<String>,
    },
    /// Create the default roles, account roles, asset types and data sources (idempotent).
    #[command(name = "initial-structure")]
    InitialStructure,
    /// Create a toy account with a user, assets and sensors, for tutorials and trying things.
    #[command(name = "toy-account")]
    ToyAccount {
        /// What kind of toy account.
        #[arg(long, default_value = "battery", value_parser = ["battery"])]
        kind: String,
        /// Name of the account.
        #[arg(long, default_value = fm_domain::structure::toy::ACCOUNT_NAME)]
        name: String,
    },
}

pub(super) fn execute(rt: &Runtime, command: AddCommand) -> Result<(), CliError> {
    match command {
        AddCommand::AccountRole { name, description } => {
            let mut conn = rt.db.conn()?;
            let role = create_role(&mut conn, RoleKind::Account, &name, description.as_deref())?;
            say!("Account role '{}' (ID: {}) successfully created.", role.name, role.id);
        }
        AddCommand::Account { name, roles } => {
            let mut conn = rt.db.conn()?;
            let account = fm_storage::write_transaction(&mut conn, |c| create_account(c, &name, &split_list(&roles)))?;
            say!("Account '{}' (ID: {}) successfully created.", account.name, account.id);
        }
        AddCommand::User { username, email, account_id, roles, timezone, password } => {
            let password = match password {
                Some(p) => p,
                None => prompt_password()?,
            };
            let input = UserInput {
                username: Some(username),
                email,
                account_id,
                roles: split_list(&roles),
                timezone: timezone.unwrap_or_else(|| rt.settings.timezone.clone()),
                password,
            };
            let user = add_user(rt, &input)?;
            say!("Successfully created user {} (ID: {})", user.email, user.id);
        }
        AddCommand::AssetType { name, description } => {
            let mut conn = rt.db.conn()?;
            let asset_type = fm_storage::assets::create_asset_type(&mut conn, &name, description.as_deref())?;
            say!("Successfully created asset type with ID {}.", asset_type.id);
            say!("You can now assign assets to it.");
        }
        AddCommand::Asset(options) => super::asset::add_asset_command(rt, options)?,
        AddCommand::Sensor { name, unit, event_resolution, timezone, asset_id, attributes } => {
            let sensor = crate::provision::add_sensor(rt, &name, &unit, &event_resolution, &timezone, asset_id, &attributes)?;
            say!("Successfully created sensor with ID {}", sensor.id);
            let info = fm_domain::entity_address::EntityInfo::Sensor { sensor_id: i64::from(sensor.id) };
            let today = chrono::Utc::now().date_naive();
            if let Ok(address) = fm_domain::entity_address::build_entity_address(&info, "localhost", &Default::default(), today) {
                say!("You can access it at its entity address {address}");
            }
        }
        AddCommand::Beliefs(options) => super::beliefs::add_beliefs(rt, &options)?,
        AddCommand::Schedule(options) => super::schedule::add_schedule(rt, &options)?,
        AddCommand::Source { name, source_type, model, version } => {
            let mut conn = rt.db.conn()?;
            let (source, created) = fm_storage::data_sources::get_or_create_source(&mut conn, &name, &source_type, model.as_deref(), version.as_deref())?;
            if !created {
                return Err(CliError::Aborted(format!("Source '{name}' of type '{source_type}' already exists (ID: {}).", source.id)));
            }
            say!("Added source '{}' of type '{}' (ID: {}).", source.name, source.source_type, source.id);
        }
        AddCommand::InitialStructure => {
            let mut conn = rt.db.conn()?;
            let created = fm_storage::write_transaction(&mut conn, ensure_initial_structure)?;
            say!(
                "Initial structure is in place (created {} user role(s), {} account role(s), {} asset type(s), {} data source(s)).",
                created.user_roles, created.account_roles, created.asset_types, created.data_sources
            );
        }
        AddCommand::ToyAccount { kind: _, name } => {
            let toy = add_toy_account(rt, &name)?;
            say!(
                "Toy account {} with user {} created successfully. You might want to run `flexmeasures show account --id {}`",
                toy.account.name, toy.user.email, toy.account.id
            );
            say!("The sensor for battery charging is {}.", describe_sensor(&toy.battery_sensor));
            say!("The sensor for Day ahead prices is {}.", describe_sensor(&toy.price_sensor));
        }
    }
    Ok(())
}

fn prompt_password() -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Aborted("No password given: use --password, or run in a terminal to be prompted.".to_owned()));
    }
    let first = read_line("Password: ")?;
    let second = read_line("Repeat for confirmation: ")?;
    if first != second {
        return Err(CliError::Aborted("The two passwords do not match.".to_owned()));
    }
    Ok(first)
}

fn read_line(prompt: &str) -> Result<String, CliError> {
    eprint!("{prompt}");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
