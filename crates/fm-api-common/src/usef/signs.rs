//! The sign rules of posted power (api-legacy-v1.md §4.9): messages count consumption
//! positive; a pure consumer (`is_consumer` and not `is_producer`) refuses negative values, a
//! pure producer positive ones. Flags are sensor attributes, falling back to the asset's.

use fm_storage::DbConnection;
use fm_storage::sensors::find_sensor_with_asset;
use serde_json::Value;

use super::Usef;
use super::entities::sensor_address;
use crate::ApiError;

/// Checks `values` (USEF sign) against the flags of sensor `sensor_id`; `host` names the
/// connection in the message.
pub fn check_signs(conn: &mut DbConnection, sensor_id: i32, values: &[f64], host: &str) -> Result<(), ApiError> {
    let (sensor, asset) = find_sensor_with_asset(conn, sensor_id)?;
    let flag = |name: &str| {
        let lookup = |text: &str| serde_json::from_str::<Value>(text).ok().and_then(|v| v.get(name).and_then(Value::as_bool));
        lookup(&sensor.attributes).or_else(|| lookup(&asset.attributes)).unwrap_or(false)
    };
    let (pure_consumer, pure_producer) = fm_domain::legacy::pure_flow(flag("is_consumer"), flag("is_producer"));
    if pure_consumer && values.iter().any(|v| *v < 0.0) {
        let address = sensor_address(host, sensor_id);
        return Err(Usef::PowerValueTooSmall.with(format!("Connection {address} is registered as a pure consumer and can only receive non-negative values.")));
    }
    if pure_producer && values.iter().any(|v| *v > 0.0) {
        let address = sensor_address(host, sensor_id);
        return Err(Usef::PowerValueTooBig.with(format!("Connection {address} is registered as a pure producer and can only receive non-positive values.")));
    }
    Ok(())
}

/// Power as stored (production positive) from USEF values; a posted zero is stored as `0.0`.
pub fn stored_power(values: &[f64]) -> Vec<f64> {
    values.iter().map(|v| 0.0 - v).collect()
}

/// Power in USEF sign (consumption positive) from a stored value; a stored `0.0` reads `-0.0`,
/// as the original answers.
pub fn usef_power(stored: f64) -> f64 {
    -stored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeros_round_trip_as_the_original_shows_them() {
        let stored = stored_power(&[0.0, 1.5, -2.0]);
        assert_eq!(stored.iter().map(|v| v.to_string()).collect::<Vec<_>>(), vec!["0", "-1.5", "2"]);
        assert_eq!(serde_json::json!(usef_power(stored[0])).to_string(), "-0.0");
    }
}
