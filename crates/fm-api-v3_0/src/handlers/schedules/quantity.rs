//! Variable quantities in requests (spec planning §B.4, api-v3_0 §8.2): a fixed quantity
//! string (or a bare number where the field has a default unit), a sensor reference
//! `{"sensor": <id>, "default"?: ...}` or a time series `[{"value", timing}, ...]`, with the
//! original's validation messages.

use chrono::{DateTime, TimeDelta, Utc};
use fm_domain::scheduling::{Segment, VariableQuantity};
use fm_domain::time::{IsoDuration, parse_aware_datetime_v3};
use fm_domain::units::{convert_to_quantity, units_are_convertible};
use fm_storage::DbConnection;
use fm_storage::sensors::find_sensor;
use serde_json::{Map, Value};

/// What a field accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldUnit<'a> {
    /// Canonical unit (`MW`, `MWh`, `dimensionless`, `/MWh`, `/MW`).
    pub to: &'a str,
    /// Unit of bare numbers, if the field accepts them.
    pub bare: Option<&'a str>,
}

/// A parsed variable quantity and, for price fields, its currency.
pub(crate) struct Parsed {
    /// The quantity in the canonical unit.
    pub quantity: VariableQuantity,
    /// The currency of a fixed price or price series, or of a price sensor's unit.
    pub currency: Option<String>,
}

/// Python's name of a JSON value's type, for the "Unsupported value type" message.
fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::Null => "NoneType",
        _ => "str",
    }
}

/// The currency of a price unit (`EUR/MWh` → `EUR`).
pub(crate) fn currency_of(unit: &str) -> Option<String> {
    let numerator = unit.split('/').next()?.trim();
    fm_domain::units::is_currency_code(numerator).then(|| numerator.to_owned())
}

/// A fixed quantity: a string, or a bare number in the field's default unit.
pub(crate) fn fixed(value: &Value, unit: FieldUnit<'_>) -> Result<(f64, Option<String>), String> {
    let text = match (value, unit.bare) {
        (Value::String(s), _) => s.clone(),
        (Value::Number(n), Some(bare)) => format!("{n} {bare}"),
        _ => return Err(format!("Unsupported value type. `<class '{}'>` was provided but only dict, list and str are supported.", python_type(value))),
    };
    let quantity = convert_to_quantity(&text, unit.to).map_err(|e| e.to_string())?;
    let symbols = quantity.unit.symbols();
    Ok((quantity.magnitude, currency_of(&symbols)))
}

fn time(segment: &Map<String, Value>, key: &str) -> Result<Option<DateTime<Utc>>, String> {
    match segment.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_aware_datetime_v3(s).map(|t| Some(t.with_timezone(&Utc))).map_err(|e| e.marshmallow_message().to_owned()),
        Some(_) => Err("Not a valid datetime.".to_owned()),
    }
}

fn duration(segment: &Map<String, Value>, anchor: DateTime<Utc>) -> Result<Option<TimeDelta>, String> {
    match segment.get("duration") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => IsoDuration::parse(s)
            .ok()
            .and_then(|d| d.ground(&anchor))
            .map(Some)
            .ok_or_else(|| format!("Cannot parse {s} as ISO8601 duration.")),
        Some(_) => Err("Not a valid period of time.".to_owned()),
    }
}

/// One segment's timing: `datetime`, or two of `start`, `end`, `duration`.
fn timing(segment: &Map<String, Value>) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let bad = || "Either 'datetime', or two of 'start', 'end' and 'duration' must be given.".to_owned();
    let (at, start, end) = (time(segment, "datetime")?, time(segment, "start")?, time(segment, "end")?);
    let has_duration = segment.get("duration").is_some_and(|d| !d.is_null());
    match (at, start, end, has_duration) {
        (Some(at), None, None, false) => Ok((at, at)),
        (None, Some(s), Some(e), false) => Ok((s, e)),
        (None, Some(s), None, true) => Ok((s, s + duration(segment, s)?.ok_or_else(bad)?)),
        (None, None, Some(e), true) => Ok((e - duration(segment, e)?.ok_or_else(bad)?, e)),
        _ => Err(bad()),
    }
}

fn series(items: &[Value], unit: FieldUnit<'_>) -> Result<Parsed, String> {
    let mut segments = Vec::with_capacity(items.len());
    let mut currencies: Vec<Option<String>> = Vec::new();
    let mut units = Vec::new();
    for item in items {
        let Value::Object(segment) = item else { return Err("Invalid input type.".to_owned()) };
        let raw = segment.get("value").ok_or_else(|| "Missing data for required field 'value'.".to_owned())?;
        let (value, currency) = fixed(raw, unit)?;
        let (start, end) = timing(segment)?;
        if end < start {
            return Err("The end of a segment must not be before its start.".to_owned());
        }
        units.push(match raw {
            Value::String(s) => fm_domain::units::Quantity::parse(s).map(|q| q.unit.symbols()).unwrap_or_default(),
            _ => unit.bare.unwrap_or_default().to_owned(),
        });
        currencies.push(currency);
        segments.push(Segment { start, end, value });
    }
    if units.windows(2).any(|w| w[0] != w[1]) {
        return Err("Segments of a time series must share the same unit.".to_owned());
    }
    Ok(Parsed { quantity: VariableQuantity::Series { segments }, currency: currencies.into_iter().flatten().next() })
}

fn sensor_reference(conn: &mut DbConnection, reference: &Map<String, Value>, unit: FieldUnit<'_>) -> Result<Parsed, String> {
    let raw = reference.get("sensor").ok_or_else(|| "Dictionary provided but `sensor` key not found.".to_owned())?;
    let id = raw
        .as_i64()
        .or_else(|| raw.as_str().and_then(|s| s.parse().ok()))
        .and_then(|id| i32::try_from(id).ok())
        .ok_or_else(|| format!("Sensor ID has the wrong type. Got `{}` but `int` was expected.", python_type(raw)))?;
    let sensor = find_sensor(conn, id).map_err(|_| format!("No sensor found with id {id}."))?;
    let is_price = unit.to.starts_with('/');
    if !is_price && !units_are_convertible(&sensor.unit, unit.to, true) {
        return Err(format!("Cannot convert {} to {}", sensor.unit, unit.to));
    }
    let default = match reference.get("default") {
        None | Some(Value::Null) => None,
        Some(value) => Some(fixed(value, unit)?.0),
    };
    let currency = if is_price { currency_of(&sensor.unit) } else { None };
    Ok(Parsed { quantity: VariableQuantity::Sensor { sensor: id, default }, currency })
}

/// Parses one variable-quantity field.
pub(crate) fn variable_quantity(conn: &mut DbConnection, value: &Value, unit: FieldUnit<'_>) -> Result<Parsed, String> {
    match value {
        Value::Object(reference) => sensor_reference(conn, reference, unit),
        Value::Array(items) => series(items, unit),
        other => {
            let (value, currency) = fixed(other, unit)?;
            Ok(Parsed { quantity: VariableQuantity::Fixed { value }, currency })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const POWER: FieldUnit<'static> = FieldUnit { to: "MW", bare: None };
    const RATIO: FieldUnit<'static> = FieldUnit { to: "dimensionless", bare: Some("dimensionless") };

    #[test]
    fn fixed_quantities_convert_to_the_field_unit() {
        assert_eq!(fixed(&json!("500 kW"), POWER), Ok((0.5, None)));
        assert_eq!(fixed(&json!("90%"), RATIO).map(|v| (v.0 * 1e6).round() / 1e6), Ok(0.9));
        assert_eq!(fixed(&json!(0.9), RATIO).map(|v| v.0), Ok(0.9));
        assert_eq!(fixed(&json!(5), POWER), Err("Unsupported value type. `<class 'int'>` was provided but only dict, list and str are supported.".to_owned()));
        assert_eq!(fixed(&json!("2 MWh"), POWER), Err("Cannot convert value `2 MWh` to 'MW'".to_owned()));
        let price = fixed(&json!("0.2 EUR/kWh"), FieldUnit { to: "/MWh", bare: None }).unwrap();
        assert!((price.0 - 200.0).abs() < 1e-9 && price.1.as_deref() == Some("EUR"), "{price:?}");
    }

    #[test]
    fn segments_need_one_unit_and_a_timing() {
        let one = json!({"start": "2025-01-01T00:00:00+00:00", "duration": "PT1H", "value": "1 MW"});
        let other = json!({"datetime": "2025-01-01T00:00:00+00:00", "value": "1 kW"});
        assert_eq!(series(&[one.clone(), other], POWER).err(), Some("Segments of a time series must share the same unit.".to_owned()));
        let untimed = json!({"value": "1 MW"});
        assert!(series(&[untimed], POWER).err().unwrap().starts_with("Either 'datetime'"));
        let parsed = series(&[one], POWER).unwrap();
        let VariableQuantity::Series { segments } = parsed.quantity else { panic!() };
        assert_eq!(segments[0].end - segments[0].start, TimeDelta::hours(1));
    }
}
