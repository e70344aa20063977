//! Weather sensors of the legacy API: sensors on public assets whose type names the quantity
//! (`temperature`, `wind speed`, `irradiance`), found by exact location.

use crate::assets::{Asset, NewAsset, create_asset, get_or_create_asset_type};
use crate::sensors::{NewSensor, Sensor, create_sensor, sensors_on_asset_types};
use crate::{DbConnection, StorageResult};

/// Weather sensors of type `sensor_type` with their asset's location, by id.
pub fn weather_sensors(conn: &mut DbConnection, sensor_type: &str) -> StorageResult<Vec<(Sensor, Asset)>> {
    Ok(sensors_on_asset_types(conn, &[sensor_type])?.into_iter().map(|(sensor, asset, _)| (sensor, asset)).collect())
}

/// Creates a public weather sensor of `sensor_type` at a location, named
/// "Weather sensor for <type> at latitude <lat> and longitude <lng>".
pub fn create_weather_sensor(conn: &mut DbConnection, sensor_type: &str, unit: &str, latitude: f64, longitude: f64, resolution_s: i64) -> StorageResult<Sensor> {
    crate::write_transaction(conn, |conn| {
        let name = format!("Weather sensor for {sensor_type} at latitude {latitude} and longitude {longitude}");
        let (asset_type, _) = get_or_create_asset_type(conn, sensor_type, None)?;
        let asset = create_asset(conn, &NewAsset {
            name: &name,
            latitude: Some(latitude),
            longitude: Some(longitude),
            generic_asset_type_id: asset_type.id,
            account_id: None,
            parent_asset_id: None,
            attributes: "{}",
        })?;
        create_sensor(conn, &NewSensor {
            name: &name,
            unit,
            timezone: "UTC",
            event_resolution_s: resolution_s,
            knowledge_horizon_fnc: "ex_post",
            knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
            generic_asset_id: asset.id,
            attributes: "{}",
        })
    })
}
