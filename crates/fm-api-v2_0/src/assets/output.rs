//! The asset as the API shows it (api-v2_0.md §4.1.2).

use fm_api_common::usef::entities::sensor_address;
use fm_storage::legacy::LegacyAsset;
use serde_json::{Map, Value, json};

/// A JSON object text as a map (anything else counts as empty).
pub fn attribute_map(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn number(map: &Map<String, Value>, key: &str) -> Value {
    map.get(key).and_then(Value::as_f64).map_or(Value::Null, Value::from)
}

fn integer(map: &Map<String, Value>, key: &str) -> Value {
    map.get(key).and_then(Value::as_i64).map_or(Value::Null, Value::from)
}

/// The asset's fields, with its entity address on `host`.
pub fn asset_json(asset: &LegacyAsset, host: &str) -> Value {
    let sensor_attributes = attribute_map(&asset.sensor.attributes);
    let asset_attributes = attribute_map(&asset.asset.attributes);
    json!({
        "asset_type_name": asset.asset_type.name,
        "capacity_in_mw": number(&sensor_attributes, "capacity_in_mw"),
        "display_name": asset.display_name,
        "entity_address": sensor_address(host, asset.sensor.id),
        "event_resolution": asset.sensor.event_resolution_s / 60,
        "id": asset.sensor.id,
        "latitude": asset.asset.latitude,
        "longitude": asset.asset.longitude,
        "market_id": integer(&sensor_attributes, "market_id"),
        "max_soc_in_mwh": number(&asset_attributes, "max_soc_in_mwh"),
        "min_soc_in_mwh": number(&asset_attributes, "min_soc_in_mwh"),
        "name": asset.sensor.name,
        "owner_id": asset.owner_id,
        "soc_datetime": asset_attributes.get("soc_datetime").and_then(Value::as_str),
        "soc_in_mwh": number(&asset_attributes, "soc_in_mwh"),
        "soc_udi_event_id": integer(&asset_attributes, "soc_udi_event_id"),
        "timezone": asset.sensor.timezone,
        "unit": asset.sensor.unit,
    })
}
