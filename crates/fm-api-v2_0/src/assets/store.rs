//! A validated asset body turned into storage writes: where each field of the legacy asset lives
//! in the generic model (sensor columns, sensor attributes, generic asset columns and attributes).

use fm_api_common::ApiError;
use fm_api_common::validation::FieldErrors;
use fm_domain::legacy::{asset_type_flags, humanize, normalized_asset_name};
use fm_storage::legacy::{LegacyAsset, LegacyAssetChanges, NewLegacyAsset};
use serde_json::{Map, Value};

use super::input::AssetInput;
use super::output::attribute_map;

/// Timezone of assets created without one.
const DEFAULT_TIMEZONE: &str = "UTC";

/// A field validation guarantees; its absence is reported as missing all the same.
fn present<T: Clone>(value: &Option<T>, key: &str) -> Result<T, ApiError> {
    value.clone().ok_or_else(|| FieldErrors::single("json", key, fm_api_common::validation::MISSING))
}

/// Sets `key` to `value`; a null removes it.
fn put(map: &mut Map<String, Value>, key: &str, value: Value) {
    if value.is_null() {
        map.remove(key);
    } else {
        map.insert(key.to_owned(), value);
    }
}

/// Writes the state-of-charge fields that `input` carries into the generic asset's attributes.
fn put_soc_fields(map: &mut Map<String, Value>, input: &AssetInput) {
    let numbers = [("min_soc_in_mwh", input.min_soc_in_mwh), ("max_soc_in_mwh", input.max_soc_in_mwh), ("soc_in_mwh", input.soc_in_mwh)];
    for (key, value) in numbers {
        if let Some(value) = value {
            put(map, key, value.map_or(Value::Null, Value::from));
        }
    }
    if let Some(moment) = &input.soc_datetime {
        put(map, "soc_datetime", moment.clone().map_or(Value::Null, Value::from));
    }
    if let Some(event) = input.soc_udi_event_id {
        put(map, "soc_udi_event_id", event.map_or(Value::Null, Value::from));
    }
}

fn touches_soc(input: &AssetInput) -> bool {
    input.min_soc_in_mwh.is_some() || input.max_soc_in_mwh.is_some() || input.soc_in_mwh.is_some() || input.soc_datetime.is_some() || input.soc_udi_event_id.is_some()
}

fn owner(id: i64) -> Result<i32, ApiError> {
    i32::try_from(id).map_err(|_| FieldErrors::single("json", "owner_id", format!("Owner with id {id} doesn't exist.")))
}

/// What [`fm_storage::legacy::create_legacy_asset`] needs, owned.
#[derive(Debug, Clone)]
pub struct Creation {
    name: String,
    display_name: String,
    asset_type_name: String,
    latitude: f64,
    longitude: f64,
    owner_id: i32,
    unit: String,
    timezone: String,
    event_resolution_s: i64,
    sensor_attributes: String,
    asset_attributes: String,
}

impl Creation {
    /// The new asset of a validated body: the name without ` (MW)`, the humanised name as
    /// default display name, the type's consumer/producer flags on the sensor.
    pub fn of(input: &AssetInput) -> Result<Creation, ApiError> {
        let name = normalized_asset_name(&present(&input.name, "name")?).to_owned();
        let asset_type_name = present(&input.asset_type_name, "asset_type_name")?;
        let (is_consumer, is_producer) = asset_type_flags(&asset_type_name);
        let mut sensor_attributes = Map::new();
        sensor_attributes.insert("is_consumer".to_owned(), Value::from(is_consumer));
        sensor_attributes.insert("is_producer".to_owned(), Value::from(is_producer));
        sensor_attributes.insert("capacity_in_mw".to_owned(), Value::from(present(&input.capacity_in_mw, "capacity_in_mw")?));
        sensor_attributes.insert("market_id".to_owned(), Value::from(present(&input.market_id, "market_id")?));
        let mut asset_attributes = Map::new();
        put_soc_fields(&mut asset_attributes, input);
        Ok(Creation {
            display_name: input.display_name.clone().unwrap_or_else(|| humanize(&name)),
            name,
            asset_type_name,
            latitude: present(&input.latitude, "latitude")?,
            longitude: present(&input.longitude, "longitude")?,
            owner_id: owner(present(&input.owner_id, "owner_id")?)?,
            unit: present(&input.unit, "unit")?,
            timezone: input.timezone.clone().unwrap_or_else(|| DEFAULT_TIMEZONE.to_owned()),
            event_resolution_s: present(&input.event_resolution_s, "event_resolution")?,
            sensor_attributes: Value::Object(sensor_attributes).to_string(),
            asset_attributes: Value::Object(asset_attributes).to_string(),
        })
    }

    /// The storage form.
    pub fn as_new(&self) -> NewLegacyAsset<'_> {
        NewLegacyAsset {
            name: &self.name,
            display_name: &self.display_name,
            asset_type_name: &self.asset_type_name,
            latitude: self.latitude,
            longitude: self.longitude,
            owner_id: Some(self.owner_id),
            unit: &self.unit,
            timezone: &self.timezone,
            event_resolution_s: self.event_resolution_s,
            sensor_attributes: &self.sensor_attributes,
            asset_attributes: &self.asset_attributes,
        }
    }
}

/// The changes a validated body makes to `current`; absent fields stay as they are.
pub fn changes_of(input: &AssetInput, current: &LegacyAsset) -> Result<LegacyAssetChanges, ApiError> {
    let mut changes = LegacyAssetChanges {
        display_name: input.display_name.clone(),
        owner_id: input.owner_id.map(owner).transpose()?.map(Some),
        asset_type_name: input.asset_type_name.clone(),
        ..LegacyAssetChanges::default()
    };
    changes.sensor.name = input.name.clone();
    changes.sensor.unit = input.unit.clone();
    changes.sensor.timezone = input.timezone.clone();
    changes.sensor.event_resolution_s = input.event_resolution_s;
    if input.capacity_in_mw.is_some() || input.market_id.is_some() {
        let mut attributes = attribute_map(&current.sensor.attributes);
        if let Some(capacity) = input.capacity_in_mw {
            put(&mut attributes, "capacity_in_mw", Value::from(capacity));
        }
        if let Some(market) = input.market_id {
            put(&mut attributes, "market_id", Value::from(market));
        }
        changes.sensor.attributes = Some(Value::Object(attributes).to_string());
    }
    changes.asset.latitude = input.latitude.map(Some);
    changes.asset.longitude = input.longitude.map(Some);
    if touches_soc(input) {
        let mut attributes = attribute_map(&current.asset.attributes);
        put_soc_fields(&mut attributes, input);
        changes.asset.attributes = Some(Value::Object(attributes).to_string());
    }
    Ok(changes)
}
