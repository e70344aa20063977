//! Legacy assets (API v1.x and v2_0) made outside the API: a power sensor on a generic asset,
//! owned by a user and placed in that user's account.
//!
//! Markets and weather sensors need nothing of their own: a market is a sensor on a public
//! asset of type `day_ahead` or `tou_tariff`, a weather sensor one on a public asset of type
//! `temperature`, `wind speed` or `irradiance` (see the README's CLI section).

use fm_domain::legacy::{asset_type_flags, humanize, normalized_asset_name};
use fm_storage::DbConnection;
use fm_storage::assets::{AssetType, find_asset_type, get_or_create_asset_type};
use fm_storage::legacy::{LegacyAsset, NewLegacyAsset, create_legacy_asset};
use serde_json::{Map, Value};

use super::{check_location, parse_event_resolution};
use crate::error::CliError;
use crate::runtime::Runtime;

/// An asset type named by id, or by name (created when missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetTypeRef {
    /// An existing asset type.
    Id(i32),
    /// The asset type with this name, created when missing.
    Name(String),
}

impl From<i32> for AssetTypeRef {
    fn from(id: i32) -> Self {
        AssetTypeRef::Id(id)
    }
}

/// The asset type `reference` names; a name not known yet is created.
pub fn resolve_asset_type(conn: &mut DbConnection, reference: &AssetTypeRef) -> Result<AssetType, CliError> {
    match reference {
        AssetTypeRef::Id(id) => Ok(find_asset_type(conn, *id)?),
        AssetTypeRef::Name(_) => {
            let name = asset_type_name(conn, reference)?;
            Ok(get_or_create_asset_type(conn, &name, None)?.0)
        }
    }
}

/// The name of the asset type `reference` names (a name need not exist yet).
fn asset_type_name(conn: &mut DbConnection, reference: &AssetTypeRef) -> Result<String, CliError> {
    match reference {
        AssetTypeRef::Id(id) => Ok(find_asset_type(conn, *id)?.name),
        AssetTypeRef::Name(name) if name.trim().is_empty() => Err(CliError::Aborted("An asset type needs a name.".to_owned())),
        AssetTypeRef::Name(name) => Ok(name.trim().to_owned()),
    }
}

/// A legacy asset to create.
#[derive(Debug, Clone)]
pub struct LegacyAssetInput {
    /// Name of the asset and its power sensor (a trailing ` (MW)` is dropped).
    pub name: String,
    /// Human-readable name; defaults to the humanised name.
    pub display_name: Option<String>,
    /// The asset type; its name sets the sensor's `is_consumer` and `is_producer`.
    pub asset_type: AssetTypeRef,
    /// Latitude.
    pub latitude: f64,
    /// Longitude.
    pub longitude: f64,
    /// The owning user; the asset goes into this user's account.
    pub owner_id: i32,
    /// Unit of the power sensor (e.g. `MW`).
    pub unit: String,
    /// IANA timezone of the power sensor.
    pub timezone: String,
    /// Event resolution: minutes (`15`) or an ISO 8601 duration (`PT15M`).
    pub event_resolution: String,
    /// Capacity in MW (a sensor attribute).
    pub capacity_in_mw: f64,
    /// The market (price sensor) whose prices apply (a sensor attribute).
    pub market_id: Option<i32>,
    /// Lowest allowed state of charge in MWh (an asset attribute).
    pub min_soc_in_mwh: Option<f64>,
    /// Highest allowed state of charge in MWh (an asset attribute).
    pub max_soc_in_mwh: Option<f64>,
    /// State of charge in MWh (an asset attribute).
    pub soc_in_mwh: Option<f64>,
}

/// Creates a legacy asset after checking its name, location, unit, timezone, resolution,
/// capacity, market and owner.
pub fn add_legacy_asset(rt: &Runtime, input: &LegacyAssetInput) -> Result<LegacyAsset, CliError> {
    let name = normalized_asset_name(input.name.trim());
    if name.is_empty() {
        return Err(CliError::Aborted("An asset needs a name.".to_owned()));
    }
    check_location(Some(input.latitude), Some(input.longitude))?;
    if !fm_domain::units::is_valid_unit(&input.unit) {
        return Err(CliError::Aborted(fm_domain::units::invalid_unit_message(&input.unit)));
    }
    fm_domain::timezone::parse_timezone(&input.timezone)?;
    let resolution = parse_event_resolution(&input.event_resolution)?;
    if !(input.capacity_in_mw.is_finite() && input.capacity_in_mw >= 0.0) {
        return Err(CliError::Aborted("The capacity must be a non-negative number of MW.".to_owned()));
    }
    let mut conn = rt.db.conn()?;
    if let Some(market) = input.market_id {
        fm_storage::sensors::find_sensor(&mut conn, market)?;
    }
    let asset_type_name = asset_type_name(&mut conn, &input.asset_type)?;
    let display_name = input.display_name.clone().unwrap_or_else(|| humanize(name));
    let sensor_attributes = sensor_attributes(&asset_type_name, input);
    let asset_attributes = asset_attributes(input);
    Ok(create_legacy_asset(&mut conn, &NewLegacyAsset {
        name,
        display_name: &display_name,
        asset_type_name: &asset_type_name,
        latitude: input.latitude,
        longitude: input.longitude,
        owner_id: Some(input.owner_id),
        unit: &input.unit,
        timezone: &input.timezone,
        event_resolution_s: resolution.num_seconds(),
        sensor_attributes: &sensor_attributes,
        asset_attributes: &asset_attributes,
    })?)
}

/// `is_consumer` and `is_producer` from the asset type, the capacity and the market.
fn sensor_attributes(asset_type_name: &str, input: &LegacyAssetInput) -> String {
    let (is_consumer, is_producer) = asset_type_flags(asset_type_name);
    let mut attributes = Map::new();
    attributes.insert("is_consumer".to_owned(), Value::from(is_consumer));
    attributes.insert("is_producer".to_owned(), Value::from(is_producer));
    attributes.insert("capacity_in_mw".to_owned(), Value::from(input.capacity_in_mw));
    if let Some(market) = input.market_id {
        attributes.insert("market_id".to_owned(), Value::from(market));
    }
    Value::Object(attributes).to_string()
}

/// The state-of-charge fields that are given.
fn asset_attributes(input: &LegacyAssetInput) -> String {
    let fields = [("min_soc_in_mwh", input.min_soc_in_mwh), ("max_soc_in_mwh", input.max_soc_in_mwh), ("soc_in_mwh", input.soc_in_mwh)];
    let attributes: Map<String, Value> = fields.into_iter().filter_map(|(key, value)| Some((key.to_owned(), Value::from(value?)))).collect();
    Value::Object(attributes).to_string()
}
