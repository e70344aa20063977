//! Rules of the legacy entity model (API v1.x and v2_0) mapped onto the generic one
//! (domain.md 1.10, api-legacy-v1.md §6).
//!
//! A *connection* (legacy asset) is a power sensor on a generic asset whose type says whether it
//! consumes, produces or both; a *market* is a price sensor on an asset of type `day_ahead` or
//! `tou_tariff`, addressed by the sensor's name; a *weather sensor* is a sensor on an asset whose
//! type names the quantity, found by exact location.

/// Asset types whose sensors are markets (addressed by name in fm0 addresses).
pub const MARKET_ASSET_TYPES: &[&str] = &["day_ahead", "tou_tariff"];

/// Asset types of weather sensors, with the units their data must be posted in.
pub const WEATHER_SENSOR_TYPES: &[&str] = &["temperature", "wind speed", "irradiance"];

/// Asset types that UDI events (state of charge) may address in API v1.2.
pub const BATTERY_ASSET_TYPES: &[&str] = &["battery"];

/// Asset types that UDI events may address from API v1.3 on.
pub const STORAGE_ASSET_TYPES: &[&str] = &["battery", "one-way_evse", "two-way_evse"];

/// The consumer/producer flags of a well-known legacy asset type: `(is_consumer, is_producer)`.
/// `solar` and `wind` produce; `battery` and `two-way_evse` do both; `one-way_evse` consumes;
/// other types neither.
pub fn asset_type_flags(type_name: &str) -> (bool, bool) {
    match type_name {
        "solar" | "wind" => (false, true),
        "battery" | "two-way_evse" => (true, true),
        "one-way_evse" => (true, false),
        _ => (false, false),
    }
}

/// The original's "humanised" name: a trailing `_id` dropped, underscores as spaces, lower case
/// with the first character upper-cased (`CS 1` → `Cs 1`, `epex_da` → `Epex da`).
pub fn humanize(name: &str) -> String {
    let base = name.strip_suffix("_id").unwrap_or(name);
    let lower = base.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A legacy asset name as stored: a trailing ` (MW)` is dropped.
pub fn normalized_asset_name(name: &str) -> &str {
    name.strip_suffix(" (MW)").unwrap_or(name)
}

/// Great-circle distance in kilometres between two points given in degrees (haversine).
pub fn great_circle_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lng2 - lng1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// Whether a sensor's attributes make it a pure consumer (`is_consumer` and not `is_producer`)
/// or a pure producer: `(pure_consumer, pure_producer)`. Missing flags count as false.
pub fn pure_flow(is_consumer: bool, is_producer: bool) -> (bool, bool) {
    (is_consumer && !is_producer, is_producer && !is_consumer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_like_the_original() {
        assert_eq!(humanize("CS 1"), "Cs 1");
        assert_eq!(humanize("epex_da"), "Epex da");
        assert_eq!(humanize("Test battery"), "Test battery");
        assert_eq!(humanize("solar-asset-1"), "Solar-asset-1");
        assert_eq!(humanize("MW suffix battery"), "Mw suffix battery");
        assert_eq!(humanize("owner_id"), "Owner");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn type_flags_and_names() {
        assert_eq!(asset_type_flags("solar"), (false, true));
        assert_eq!(asset_type_flags("battery"), (true, true));
        assert_eq!(asset_type_flags("one-way_evse"), (true, false));
        assert_eq!(asset_type_flags("building"), (false, false));
        assert_eq!(normalized_asset_name("MW suffix battery (MW)"), "MW suffix battery");
        assert_eq!(pure_flow(true, false), (true, false));
        assert_eq!(pure_flow(true, true), (false, false));
    }

    #[test]
    fn distances() {
        assert!(great_circle_km(52.0, 4.0, 52.0, 4.0).abs() < 1e-9);
        let amsterdam_paris = great_circle_km(52.37, 4.90, 48.86, 2.35);
        assert!((amsterdam_paris - 430.0).abs() < 10.0, "{amsterdam_paris}");
    }
}
