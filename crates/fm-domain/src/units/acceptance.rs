//! Which units a sensor or message type accepts, and the original's messages for rejected units
//! (spec §4.1 and §4.3; the legacy v1–v2 exact unit lists and their `INVALID_UNIT` message).

use super::classify::{is_energy_price_unit, units_are_convertible};
use crate::english::join_english;

/// `Unit '<unit>' cannot be handled.` — sensor creation/update with an invalid unit.
pub fn invalid_unit_message(unit: &str) -> String {
    format!("Unit '{unit}' cannot be handled.")
}

/// Whether data given in `unit` is accepted by (GET: can be served from) a sensor with
/// `sensor_unit`: the same string, or convertible into it with a known duration (so `kWh` is
/// accepted for a `kW` sensor, but `kW` is not for a `kWh` sensor).
pub fn unit_accepted_by_sensor(unit: &str, sensor_unit: &str) -> bool {
    unit == sensor_unit || units_are_convertible(unit, sensor_unit, true)
}

/// `Required unit for this sensor is <sensor unit>, got incompatible unit: <unit>`.
pub fn incompatible_unit_message(sensor_unit: &str, unit: &str) -> String {
    format!("Required unit for this sensor is {sensor_unit}, got incompatible unit: {unit}")
}

/// Checks a posted or requested unit against a sensor's unit (see [`unit_accepted_by_sensor`]);
/// the error is [`incompatible_unit_message`].
pub fn check_unit_for_sensor(unit: &str, sensor_unit: &str) -> Result<(), String> {
    if unit_accepted_by_sensor(unit, sensor_unit) {
        Ok(())
    } else {
        Err(incompatible_unit_message(sensor_unit, unit))
    }
}

/// Checks the unit of a typed (legacy USEF) message: meter data and prognoses must be
/// convertible into `MW`, price data must use an energy-price unit; other types pass.
///
/// `Post…Request` types get the "required … convertible to" wording, `Get…Request` types the
/// "requested … convertible from" wording of the original.
pub fn check_unit_for_message_type(message_type: &str, unit: &str) -> Result<(), String> {
    let (verb, direction) = if message_type.starts_with("Get") {
        ("requested", "from")
    } else {
        ("required", "to")
    };
    let ok = match message_type {
        "PostMeterDataRequest"
        | "PostPrognosisRequest"
        | "GetMeterDataRequest"
        | "GetPrognosisRequest" => {
            if units_are_convertible(unit, "MW", true) {
                return Ok(());
            }
            "MW"
        }
        "PostPriceDataRequest" | "GetPriceDataRequest" => {
            if is_energy_price_unit(unit) {
                return Ok(());
            }
            "an energy price unit"
        }
        _ => return Ok(()),
    };
    Err(format!(
        "The unit {verb} for this message type should be convertible {direction} {ok}, got incompatible unit: {unit}"
    ))
}

/// Units accepted by the legacy power endpoints (meter data, prognoses).
pub const LEGACY_POWER_UNITS: &[&str] = &["MW"];
/// Units accepted by the legacy `postPriceData` endpoint (before matching the sensor's unit).
pub const LEGACY_PRICE_UNITS: &[&str] = &["EUR/MWh", "KRW/kWh"];
/// Units accepted for state of charge by the legacy `postUdiEvent` endpoint.
pub const LEGACY_SOC_UNITS: &[&str] = &["kWh", "MWh"];

/// Units accepted by the legacy `postWeatherData` endpoint per weather sensor type (exact string
/// match); `None` for other sensor types.
pub fn legacy_weather_units(sensor_type: &str) -> Option<&'static [&'static str]> {
    match sensor_type {
        "temperature" => Some(&["°C", "0C"]),
        "irradiance" => Some(&["kW/m²", "kW/m2"]),
        "wind speed" => Some(&["m/s"]),
        _ => None,
    }
}

/// True if `unit` is exactly one of `accepted` (the legacy endpoints never convert).
pub fn legacy_unit_accepted(unit: &str, accepted: &[&str]) -> bool {
    accepted.contains(&unit)
}

/// The legacy `INVALID_UNIT` message: `Data [for <quantity with _ as spaces> ]should be given
/// (in <units joined with "or">|a unit).`, e.g. `Data for power should be given in MW.` or
/// `Data should be given a unit.`
pub fn legacy_invalid_unit_message(quantity: Option<&str>, units: &[&str]) -> String {
    let mut message = String::from("Data ");
    if let Some(quantity) = quantity.filter(|q| !q.is_empty()) {
        message.push_str(&format!("for {} ", quantity.replace('_', " ")));
    }
    message.push_str("should be given ");
    if units.is_empty() {
        message.push_str("a unit");
    } else {
        message.push_str(&format!("in {}", join_english(units, "or")));
    }
    message.push('.');
    message
}
