//! `flexmeasures add asset`: a generic asset, or with `--owner-id` a legacy asset of API v1.x
//! and v2_0 (a power sensor on a generic asset, owned by a user).

use crate::error::CliError;
use crate::provision::{AssetTypeRef, LegacyAssetInput, add_asset, add_legacy_asset, describe_sensor};
use crate::runtime::Runtime;

/// Examples of the legacy entities that need no options of their own.
const LEGACY_EXAMPLES: &str = "\
Legacy entities of API v1.x and v2_0:
  A legacy asset (connection), owned by user 2:
    flexmeasures add asset --name CS-1 --asset-type-name one-way_evse --owner-id 2 \\
      --latitude 52.4 --longitude 4.9 --capacity-in-mw 0.02 --market-id 1
  A market: a price sensor on a public asset of type day_ahead (or tou_tariff), addressed by the sensor's name:
    flexmeasures add asset --name 'EPEX day-ahead' --asset-type-name day_ahead
    flexmeasures add sensor --name epex_da --unit EUR/MWh --event-resolution 60 --timezone Europe/Amsterdam --asset-id <asset id>
  A weather sensor: a sensor on a public asset of type temperature, wind speed or irradiance, found by location:
    flexmeasures add asset --name 'Weather station' --asset-type-name temperature --latitude 33.4843866 --longitude 126.477859
    flexmeasures add sensor --name temperature --unit °C --event-resolution 15 --timezone Asia/Seoul --asset-id <asset id>";

/// The options of `add asset`.
#[derive(Debug, clap::Args)]
#[command(after_help = LEGACY_EXAMPLES)]
pub(super) struct AddAsset {
    /// Name of the asset.
    #[arg(long)]
    name: String,
    /// Latitude of the asset's location (required for a legacy asset).
    #[arg(long, allow_hyphen_values = true)]
    latitude: Option<f64>,
    /// Longitude of the asset's location (required for a legacy asset).
    #[arg(long, allow_hyphen_values = true)]
    longitude: Option<f64>,
    /// Owning account (omit for a public asset).
    #[arg(long = "account-id", conflicts_with = "owner_id")]
    account_id: Option<i32>,
    /// Asset type to assign to this asset.
    #[arg(long = "asset-type-id", required_unless_present = "asset_type_name", conflicts_with = "asset_type_name")]
    asset_type_id: Option<i32>,
    /// Asset type by name, created when missing (instead of --asset-type-id).
    #[arg(long = "asset-type-name")]
    asset_type_name: Option<String>,
    /// Parent asset.
    #[arg(long = "parent-asset-id", conflicts_with = "owner_id")]
    parent_asset_id: Option<i32>,
    #[command(flatten)]
    legacy: LegacyOptions,
}

/// What makes the asset a legacy asset; every option but --owner-id needs --owner-id.
#[derive(Debug, clap::Args)]
struct LegacyOptions {
    /// Make a legacy asset (API v1.x, v2_0) owned by this user, in the user's account.
    #[arg(long = "owner-id")]
    owner_id: Option<i32>,
    /// Capacity of the legacy asset in MW (required with --owner-id).
    #[arg(long = "capacity-in-mw", requires = "owner_id", allow_hyphen_values = true)]
    capacity_in_mw: Option<f64>,
    /// Unit of the legacy asset's power sensor [default: MW].
    #[arg(long, requires = "owner_id")]
    unit: Option<String>,
    /// Event resolution of the power sensor: minutes (15) or an ISO 8601 duration (PT15M) [default: 15].
    #[arg(long = "event-resolution", requires = "owner_id")]
    event_resolution: Option<String>,
    /// IANA timezone of the power sensor [default: UTC].
    #[arg(long, requires = "owner_id")]
    timezone: Option<String>,
    /// The market (price sensor id) whose prices apply to the legacy asset.
    #[arg(long = "market-id", requires = "owner_id")]
    market_id: Option<i32>,
    /// Lowest allowed state of charge in MWh.
    #[arg(long = "min-soc-in-mwh", requires = "owner_id", allow_hyphen_values = true)]
    min_soc_in_mwh: Option<f64>,
    /// Highest allowed state of charge in MWh.
    #[arg(long = "max-soc-in-mwh", requires = "owner_id", allow_hyphen_values = true)]
    max_soc_in_mwh: Option<f64>,
    /// State of charge in MWh.
    #[arg(long = "soc-in-mwh", requires = "owner_id", allow_hyphen_values = true)]
    soc_in_mwh: Option<f64>,
    /// Human-readable name of the legacy asset [default: the name, humanised].
    #[arg(long = "display-name", requires = "owner_id")]
    display_name: Option<String>,
}

pub(super) fn add_asset_command(rt: &Runtime, options: AddAsset) -> Result<(), CliError> {
    let asset_type = match (options.asset_type_id, options.asset_type_name) {
        (Some(id), _) => AssetTypeRef::Id(id),
        (None, Some(name)) => AssetTypeRef::Name(name),
        (None, None) => return Err(CliError::Aborted("Give --asset-type-id or --asset-type-name.".to_owned())),
    };
    let Some(owner_id) = options.legacy.owner_id else {
        let asset = add_asset(rt, &options.name, options.latitude, options.longitude, options.account_id, asset_type, options.parent_asset_id)?;
        say!("Successfully created asset with ID {}.", asset.id);
        say!("You can now assign sensors to it.");
        return Ok(());
    };
    let (Some(latitude), Some(longitude)) = (options.latitude, options.longitude) else {
        return Err(CliError::Aborted("A legacy asset needs --latitude and --longitude.".to_owned()));
    };
    let legacy = options.legacy;
    let capacity_in_mw = legacy.capacity_in_mw.ok_or_else(|| CliError::Aborted("A legacy asset needs --capacity-in-mw.".to_owned()))?;
    let input = LegacyAssetInput {
        name: options.name,
        display_name: legacy.display_name,
        asset_type,
        latitude,
        longitude,
        owner_id,
        unit: legacy.unit.unwrap_or_else(|| "MW".to_owned()),
        timezone: legacy.timezone.unwrap_or_else(|| "UTC".to_owned()),
        event_resolution: legacy.event_resolution.unwrap_or_else(|| "15".to_owned()),
        capacity_in_mw,
        market_id: legacy.market_id,
        min_soc_in_mwh: legacy.min_soc_in_mwh,
        max_soc_in_mwh: legacy.max_soc_in_mwh,
        soc_in_mwh: legacy.soc_in_mwh,
    };
    let created = add_legacy_asset(rt, &input)?;
    say!(
        "Successfully created legacy asset '{}' with ID {} (owner: user {owner_id}; asset {} of type {}).",
        created.display_name, created.sensor.id, created.asset.id, created.asset_type.name
    );
    say!("Its power sensor is {}.", describe_sensor(&created.sensor));
    Ok(())
}
