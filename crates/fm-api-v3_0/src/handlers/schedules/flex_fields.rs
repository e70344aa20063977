//! The fields of the single-device storage flex-model (spec planning §B.8) and of the
//! flex-context (§B.5), read into the job's types; errors per field under `json`.

use fm_api_common::validation::{FieldErrors, UNKNOWN, parse_bool};
use fm_domain::scheduling::{FlexContext, FlexModel, InflexibleDevice, InflexibleSign, VariableQuantity};
use fm_storage::DbConnection;
use serde_json::{Map, Value};

use super::quantity::{FieldUnit, Parsed, fixed, variable_quantity};

/// Fields this server recognises but does not schedule yet (multi-device, commodities,
/// output sensors, custom commitments, stock flows, operation modes).
const NOT_SUPPORTED: &str = "This field is not supported yet by this server.";

const MODEL_FIELDS: [&str; 15] = [
    "soc-at-start", "soc-unit", "soc-min", "soc-max", "soc-minima", "soc-maxima", "soc-targets", "power-capacity",
    "consumption-capacity", "production-capacity", "charging-efficiency", "discharging-efficiency",
    "roundtrip-efficiency", "storage-efficiency", "asset",
];
const MODEL_FLAGS: [&str; 2] = ["prefer-charging-sooner", "prefer-curtailing-later"];
const MODEL_LATER: [&str; 8] = ["state-of-charge", "soc-gain", "soc-usage", "operation-modes", "consumption", "production", "coupling", "coupling-coefficient"];
const MULTI_DEVICE_ONLY: [&str; 3] = ["group", "inflexible-consumption", "inflexible-production"];

const RATIO: FieldUnit<'static> = FieldUnit { to: "dimensionless", bare: Some("dimensionless") };
const POWER: FieldUnit<'static> = FieldUnit { to: "MW", bare: None };
const ENERGY_PRICE: FieldUnit<'static> = FieldUnit { to: "/MWh", bare: None };
const CAPACITY_PRICE: FieldUnit<'static> = FieldUnit { to: "/MW", bare: None };

/// Reads fields of one map, recording errors.
struct FieldReader<'a, 'c> {
    conn: &'c mut DbConnection,
    map: &'a Map<String, Value>,
    errors: &'a mut FieldErrors,
}

impl FieldReader<'_, '_> {
    fn vq(&mut self, key: &str, unit: FieldUnit<'_>) -> Option<Parsed> {
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        match variable_quantity(self.conn, value, unit) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                self.errors.add(key, message);
                None
            }
        }
    }

    fn fixed(&mut self, key: &str, unit: FieldUnit<'_>) -> Option<f64> {
        let value = self.map.get(key).filter(|v| !v.is_null())?;
        match fixed(value, unit) {
            Ok((v, _)) => Some(v),
            Err(message) => {
                self.errors.add(key, message);
                None
            }
        }
    }

    fn flag(&mut self, key: &str) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if parse_bool(s).is_some() => parse_bool(s),
            Value::Null => None,
            _ => {
                self.errors.add(key, "Not a valid boolean.");
                None
            }
        }
    }

    fn non_negative(&mut self, key: &str, value: Option<f64>) -> Option<f64> {
        if value.is_some_and(|v| v < 0.0) {
            self.errors.add(key, "Must be greater than or equal to 0.");
        }
        value
    }
}

fn non_negative_vq(r: &mut FieldReader<'_, '_>, key: &str, unit: FieldUnit<'_>) -> Option<Parsed> {
    let parsed = r.vq(key, unit)?;
    let negative = match &parsed.quantity {
        VariableQuantity::Fixed { value } => *value < 0.0,
        VariableQuantity::Series { segments } => segments.iter().any(|s| s.value < 0.0),
        VariableQuantity::Sensor { default, .. } => default.is_some_and(|d| d < 0.0),
    };
    if negative {
        r.errors.add(key, "Must be greater than or equal to 0.");
    }
    Some(parsed)
}

/// Reads the flex-model; `soc_unit` is the default unit of bare SoC numbers (§B.8).
pub(crate) fn flex_model(conn: &mut DbConnection, map: &Map<String, Value>, sensor_unit: &str, asset_id: i32, errors: &mut FieldErrors) -> FlexModel {
    for key in map.keys() {
        let key = key.as_str();
        if MODEL_LATER.contains(&key) {
            errors.add(key, NOT_SUPPORTED);
        } else if MULTI_DEVICE_ONLY.contains(&key) {
            errors.add(key, format!("The `{key}` field is only supported in multi-device flex-models."));
        } else if !MODEL_FIELDS.contains(&key) && !MODEL_FLAGS.contains(&key) && key != "commodity" {
            errors.add(key, UNKNOWN);
        }
    }
    if map.get("commodity").is_some_and(|c| c.as_str() != Some("electricity")) {
        errors.add("commodity", NOT_SUPPORTED);
    }
    if map.get("asset").is_some_and(|a| a.as_i64() != Some(i64::from(asset_id))) {
        errors.add("asset", format!("The asset must be the asset of the scheduled sensor ({asset_id})."));
    }
    let soc_unit = match map.get("soc-unit") {
        None | Some(Value::Null) => default_soc_unit(sensor_unit).to_owned(),
        Some(Value::String(u)) if u == "kWh" || u == "MWh" => u.clone(),
        Some(_) => {
            errors.add("soc-unit", "Must be one of: kWh, MWh.");
            "MWh".to_owned()
        }
    };
    let soc = FieldUnit { to: "MWh", bare: Some(&soc_unit) };
    let mut r = FieldReader { conn, map, errors };
    let soc_at_start = r.fixed("soc-at-start", soc);
    let soc_min = r.fixed("soc-min", soc);
    let soc_min = r.non_negative("soc-min", soc_min);
    let soc_max = r.fixed("soc-max", soc);
    let roundtrip = r.fixed("roundtrip-efficiency", RATIO);
    if roundtrip.is_some_and(|rt| !(rt > 0.0 && rt <= 1.0)) {
        r.errors.add("roundtrip-efficiency", "Must be greater than 0 and less than or equal to 1.");
    }
    if roundtrip.is_some() && (map.contains_key("charging-efficiency") || map.contains_key("discharging-efficiency")) {
        r.errors.add("roundtrip-efficiency", "The roundtrip-efficiency cannot be combined with charging-efficiency or discharging-efficiency.");
    }
    check_soc_bounds(&mut r, soc_at_start, soc_min, soc_max);
    let mut take = |key: &str, unit: FieldUnit<'_>, non_negative: bool| {
        if non_negative { non_negative_vq(&mut r, key, unit) } else { r.vq(key, unit) }.map(|p| p.quantity)
    };
    let model = FlexModel {
        soc_at_start,
        soc_min,
        soc_max,
        soc_minima: take("soc-minima", soc, true),
        soc_maxima: take("soc-maxima", soc, false),
        soc_targets: take("soc-targets", soc, false),
        power_capacity: take("power-capacity", POWER, true),
        consumption_capacity: take("consumption-capacity", POWER, true),
        production_capacity: take("production-capacity", POWER, true),
        charging_efficiency: take("charging-efficiency", RATIO, true),
        discharging_efficiency: take("discharging-efficiency", RATIO, true),
        roundtrip_efficiency: roundtrip,
        storage_efficiency: take("storage-efficiency", RATIO, true),
        prefer_charging_sooner: None,
        prefer_curtailing_later: None,
    };
    FlexModel { prefer_charging_sooner: r.flag("prefer-charging-sooner"), prefer_curtailing_later: r.flag("prefer-curtailing-later"), ..model }
}

/// `soc-at-start` must lie within `[soc-min, soc-max]`, and `soc-min ≤ soc-max`.
fn check_soc_bounds(r: &mut FieldReader<'_, '_>, at_start: Option<f64>, min: Option<f64>, max: Option<f64>) {
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        r.errors.add("soc-min", format!("soc-min ({lo} MWh) must not exceed soc-max ({hi} MWh)."));
    }
    if let Some(soc) = at_start
        && (min.is_some_and(|lo| soc < lo) || max.is_some_and(|hi| soc > hi))
    {
        r.errors.add("soc-at-start", format!("soc-at-start ({soc} MWh) lies outside the bounds set by soc-min and soc-max."));
    }
}

/// The unit of bare SoC numbers without `soc-unit`: the sensor's energy unit, the energy unit
/// of its power unit, else MWh.
fn default_soc_unit(sensor_unit: &str) -> &'static str {
    match sensor_unit {
        "kWh" | "kW" => "kWh",
        _ => "MWh",
    }
}

const CONTEXT_PRICES: [&str; 2] = ["consumption-price", "production-price"];
const CONTEXT_POWERS: [&str; 5] = ["site-power-capacity", "site-consumption-capacity", "site-production-capacity", "site-peak-consumption", "site-peak-production"];
const CONTEXT_CAPACITY_PRICES: [&str; 6] = [
    "site-consumption-breach-price", "site-production-breach-price", "site-peak-consumption-price", "site-peak-production-price",
    "consumption-breach-price", "production-breach-price",
];
const CONTEXT_SOC_PRICES: [&str; 2] = ["soc-minima-breach-price", "soc-maxima-breach-price"];
const CONTEXT_FLAGS: [&str; 4] = ["relax-constraints", "relax-soc-constraints", "relax-capacity-constraints", "relax-site-capacity-constraints"];
const CONTEXT_OTHER: [&str; 6] = ["consumption-price-sensor", "production-price-sensor", "inflexible-consumption", "inflexible-production", "inflexible-device-sensors", "commodity"];
const CONTEXT_LATER: [&str; 5] = ["commitments", "aggregate-power", "aggregate-consumption", "aggregate-production", "commodities"];

/// Reads the flex-context; `inflexible_attribute(id)` answers a sensor's explicit
/// `consumption_is_positive` attribute.
pub(crate) fn flex_context(
    conn: &mut DbConnection,
    map: &Map<String, Value>,
    errors: &mut FieldErrors,
    inflexible_attribute: &dyn Fn(&mut DbConnection, i32) -> Option<bool>,
) -> FlexContext {
    for key in map.keys() {
        let key = key.as_str();
        let known = [&CONTEXT_PRICES[..], &CONTEXT_POWERS, &CONTEXT_CAPACITY_PRICES, &CONTEXT_SOC_PRICES, &CONTEXT_FLAGS, &CONTEXT_OTHER];
        if CONTEXT_LATER.contains(&key) {
            errors.add(key, NOT_SUPPORTED);
        } else if !known.iter().any(|group| group.contains(&key)) {
            errors.add(key, UNKNOWN);
        }
    }
    if map.get("commodity").is_some_and(|c| c.as_str() != Some("electricity")) {
        errors.add("commodity", "Must be one of: electricity.");
    }
    let deprecated = ["consumption-price-sensor", "production-price-sensor"].iter().any(|k| map.contains_key(*k));
    if deprecated {
        for (old, new) in [("consumption-price-sensor", "consumption-price"), ("production-price-sensor", "production-price")] {
            if map.contains_key(old) && map.contains_key(new) {
                errors.add(old, format!("Cannot combine `{old}` with `{new}`. Please switch to using `{new}: {{\"sensor\": {}}}`.", map[old]));
            }
        }
        if let Some(newer) = CONTEXT_CAPACITY_PRICES.iter().chain(&CONTEXT_SOC_PRICES).chain(&CONTEXT_FLAGS).find(|k| map.contains_key(**k)) {
            errors.add(newer, "Please switch to using `consumption-price: {\"sensor\": <id>}` (and `production-price`) to combine prices with this field.");
        }
    }
    let mut currencies: Vec<(String, String)> = Vec::new();
    let mut r = FieldReader { conn, map, errors };
    let price = |r: &mut FieldReader<'_, '_>, key: &str, unit: FieldUnit<'_>, currencies: &mut Vec<(String, String)>| {
        let parsed = non_negative_vq(r, key, unit).or_else(|| deprecated_price(r, key))?;
        if let Some(currency) = parsed.currency {
            currencies.push((key.to_owned(), currency));
        }
        Some(parsed.quantity)
    };
    let mut context = FlexContext {
        consumption_price: price(&mut r, "consumption-price", ENERGY_PRICE, &mut currencies),
        production_price: price(&mut r, "production-price", ENERGY_PRICE, &mut currencies),
        deprecated_price_sensors: deprecated,
        site_consumption_breach_price: price(&mut r, "site-consumption-breach-price", CAPACITY_PRICE, &mut currencies),
        site_production_breach_price: price(&mut r, "site-production-breach-price", CAPACITY_PRICE, &mut currencies),
        site_peak_consumption_price: price(&mut r, "site-peak-consumption-price", CAPACITY_PRICE, &mut currencies),
        site_peak_production_price: price(&mut r, "site-peak-production-price", CAPACITY_PRICE, &mut currencies),
        consumption_breach_price: price(&mut r, "consumption-breach-price", CAPACITY_PRICE, &mut currencies),
        production_breach_price: price(&mut r, "production-breach-price", CAPACITY_PRICE, &mut currencies),
        soc_minima_breach_price: price(&mut r, "soc-minima-breach-price", ENERGY_PRICE, &mut currencies),
        soc_maxima_breach_price: price(&mut r, "soc-maxima-breach-price", ENERGY_PRICE, &mut currencies),
        site_power_capacity: non_negative_vq(&mut r, "site-power-capacity", POWER).map(|p| p.quantity),
        site_consumption_capacity: non_negative_vq(&mut r, "site-consumption-capacity", POWER).map(|p| p.quantity),
        site_production_capacity: non_negative_vq(&mut r, "site-production-capacity", POWER).map(|p| p.quantity),
        site_peak_consumption: non_negative_vq(&mut r, "site-peak-consumption", POWER).map(|p| p.quantity),
        site_peak_production: non_negative_vq(&mut r, "site-peak-production", POWER).map(|p| p.quantity),
        relax_constraints: r.flag("relax-constraints"),
        relax_soc_constraints: r.flag("relax-soc-constraints"),
        relax_capacity_constraints: r.flag("relax-capacity-constraints"),
        relax_site_capacity_constraints: r.flag("relax-site-capacity-constraints"),
        inflexible_devices: Vec::new(),
        currency: "EUR".to_owned(),
    };
    if let Some((_, shared)) = currencies.first() {
        context.currency = shared.clone();
        for (key, currency) in currencies.iter().filter(|(_, c)| c != shared) {
            r.errors.add(key, format!("Invalid unit. A valid unit for this field must be in {shared}: all prices in the flex-context must share the same currency unit (got {currency})."));
        }
    }
    context.inflexible_devices = inflexible_devices(&mut r, inflexible_attribute);
    context
}

/// The deprecated `<key>-sensor` form of a price.
fn deprecated_price(r: &mut FieldReader<'_, '_>, key: &str) -> Option<Parsed> {
    let old = format!("{key}-sensor");
    let raw = r.map.get(&old).filter(|v| !v.is_null())?;
    match variable_quantity(r.conn, &serde_json::json!({"sensor": raw}), ENERGY_PRICE) {
        Ok(parsed) => Some(parsed),
        Err(message) => {
            r.errors.add(&old, message);
            None
        }
    }
}

/// `inflexible-consumption`, `inflexible-production` and the deprecated
/// `inflexible-device-sensors` (which may not be mixed with the other two).
fn inflexible_devices(r: &mut FieldReader<'_, '_>, attribute: &dyn Fn(&mut DbConnection, i32) -> Option<bool>) -> Vec<InflexibleDevice> {
    let mut devices: Vec<InflexibleDevice> = Vec::new();
    let new_form = ["inflexible-consumption", "inflexible-production"].iter().any(|k| r.map.contains_key(*k));
    if new_form && r.map.contains_key("inflexible-device-sensors") {
        r.errors.add("inflexible-device-sensors", "Cannot combine `inflexible-device-sensors` with `inflexible-consumption` or `inflexible-production`.");
        return devices;
    }
    let lists = [
        ("inflexible-device-sensors", InflexibleSign::SensorAttribute),
        ("inflexible-consumption", InflexibleSign::ConsumptionPositive),
        ("inflexible-production", InflexibleSign::ProductionPositive),
    ];
    for (key, sign) in lists {
        let Some(value) = r.map.get(key).filter(|v| !v.is_null()) else { continue };
        let Value::Array(items) = value else {
            r.errors.add(key, "Not a valid list.");
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let reference = match (item, sign) {
                (Value::Number(_), InflexibleSign::SensorAttribute) => serde_json::json!({"sensor": item}),
                (Value::Object(_), InflexibleSign::ConsumptionPositive | InflexibleSign::ProductionPositive) => item.clone(),
                _ => {
                    r.errors.add_item(key, index, "Not a valid sensor reference.");
                    continue;
                }
            };
            match variable_quantity(r.conn, &reference, POWER) {
                Ok(Parsed { quantity: VariableQuantity::Sensor { sensor, .. }, .. }) => {
                    if devices.iter().any(|d| d.sensor == sensor) {
                        r.errors.add_item(key, index, format!("Sensor {sensor} appears more than once among the inflexible devices."));
                        continue;
                    }
                    let conflict = match (sign, attribute(r.conn, sensor)) {
                        (InflexibleSign::ConsumptionPositive, Some(false)) => Some("false"),
                        (InflexibleSign::ProductionPositive, Some(true)) => Some("true"),
                        _ => None,
                    };
                    if let Some(value) = conflict {
                        r.errors.add_item(key, index, format!("Sensor {sensor} has consumption_is_positive = {value}, which contradicts its use in {key}."));
                        continue;
                    }
                    devices.push(InflexibleDevice { sensor, sign });
                }
                Ok(_) => r.errors.add_item(key, index, "Not a valid sensor reference."),
                Err(message) => r.errors.add_item(key, index, message),
            }
        }
    }
    devices
}
