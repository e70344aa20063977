//! The sensor object (`SensorSchema`).

use chrono::TimeDelta;
use fm_domain::time::format_timedelta;
use fm_storage::sensors::Sensor;
use serde_json::{Value, json};

/// The sensor as the API shows it; `host` names the entity address.
pub fn sensor_json(sensor: &Sensor, host: &str) -> Value {
    json!({
        "id": sensor.id,
        "name": sensor.name,
        "unit": sensor.unit,
        "timezone": sensor.timezone,
        "event_resolution": format_timedelta(TimeDelta::seconds(sensor.event_resolution_s)),
        "entity_address": crate::address::sensor_address(host, sensor.id),
        "attributes": sensor.attributes,
        "generic_asset_id": sensor.generic_asset_id,
    })
}
