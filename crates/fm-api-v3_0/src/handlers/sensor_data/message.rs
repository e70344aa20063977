//! The sensor-data message: parameters from the query string and the JSON body (JSON wins),
//! validated field by field under `combined_sensor_data_description`.

use chrono::{DateTime, FixedOffset, TimeDelta};
use fm_api_common::ApiError;
use fm_api_common::validation::{FieldErrors, MISSING, NULL, reject_unknown};
use fm_domain::time::{IsoDuration, ONLY_WHOLE_MINUTES_MESSAGE, parse_aware_datetime_v3};
use serde_json::{Map, Value};

/// Where validation errors of sensor-data messages are reported.
pub const LOCATION: &str = "combined_sensor_data_description";

/// Fields of a POST message.
pub const POST_FIELDS: &[&str] = &["values", "start", "duration", "unit", "horizon", "prior", "type", "sensor"];
/// Fields of a GET message.
pub const GET_FIELDS: &[&str] =
    &["start", "duration", "unit", "resolution", "horizon", "prior", "source", "source-account", "source-type", "type", "sensor"];

/// Message types a POST may name.
const POST_TYPES: &[&str] = &["PostSensorDataRequest", "PostMeterDataRequest", "PostPrognosisRequest", "PostPriceDataRequest", "PostWeatherDataRequest"];
/// Message types a GET may name.
const GET_TYPES: &[&str] = &["GetSensorDataRequest", "GetMeterDataRequest", "GetPrognosisRequest", "GetPriceDataRequest"];

/// Merges the query string and a JSON object body (which wins); an `id` key is dropped.
/// `hyphenate` turns every `_` in keys into `-`, as the GET message does.
pub fn combined_message(query: &str, body: &[u8], hyphenate: bool) -> Result<Map<String, Value>, ApiError> {
    let mut map = Map::new();
    for (k, v) in serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default() {
        map.insert(k, Value::String(v));
    }
    if !body.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(json)) => map.extend(json),
            Ok(_) => return Err(FieldErrors::single(LOCATION, "_schema", fm_api_common::validation::INVALID_INPUT)),
            // An unreadable body counts as absent, as the original's loader treats it.
            Err(_) => {}
        }
    }
    map.remove("id");
    if hyphenate {
        map = map.into_iter().map(|(k, v)| (k.replace('_', "-"), v)).collect();
    }
    Ok(map)
}

/// The common, validated part of a sensor-data message.
#[derive(Debug, Clone)]
pub struct Description {
    /// Start of the window or of the first event.
    pub start: DateTime<FixedOffset>,
    /// Length of the window (calendar durations grounded at `start`).
    pub duration: TimeDelta,
    /// The unit of the values.
    pub unit: String,
    /// Belief horizon of every belief (POST) or the least horizon (GET).
    pub horizon: Option<TimeDelta>,
    /// Belief time of every belief (POST) or the latest belief time (GET).
    pub prior: Option<DateTime<FixedOffset>>,
    /// Legacy USEF message type.
    pub message_type: Option<String>,
}

fn text<'a>(map: &'a Map<String, Value>, key: &str, errors: &mut FieldErrors) -> Option<&'a str> {
    match map.get(key)? {
        Value::String(s) => Some(s),
        Value::Null => {
            errors.add(key, NULL);
            None
        }
        _ => {
            errors.add(key, "Not a valid string.");
            None
        }
    }
}

/// Parses a duration field; `whole_minutes` refuses seconds.
pub fn duration_field(map: &Map<String, Value>, key: &str, whole_minutes: bool, errors: &mut FieldErrors) -> Option<IsoDuration> {
    let raw = text(map, key, errors)?;
    match IsoDuration::parse(raw) {
        Ok(d) if whole_minutes && !d.is_whole_minutes() => {
            errors.add(key, ONLY_WHOLE_MINUTES_MESSAGE);
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add(key, e.to_string());
            None
        }
    }
}

fn datetime_field(map: &Map<String, Value>, key: &str, errors: &mut FieldErrors) -> Option<DateTime<FixedOffset>> {
    let raw = text(map, key, errors)?;
    match parse_aware_datetime_v3(raw) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.add(key, e.marshmallow_message());
            None
        }
    }
}

/// Reads the common fields; `post` selects the POST field set and message types.
pub fn read_description(map: &Map<String, Value>, post: bool, errors: &mut FieldErrors) -> Option<Description> {
    reject_unknown(map, if post { POST_FIELDS } else { GET_FIELDS }, errors);
    for required in ["start", "duration", "unit"] {
        if !map.contains_key(required) {
            errors.add(required, MISSING);
        }
    }
    let start = datetime_field(map, "start", errors);
    let duration = duration_field(map, "duration", true, errors);
    let unit = text(map, "unit", errors).map(str::to_owned);
    let horizon = duration_field(map, "horizon", true, errors).and_then(|h| {
        let exact = h.to_timedelta();
        if exact.is_none() {
            errors.add("horizon", "A horizon cannot be a calendar duration.");
        }
        exact
    });
    let prior = datetime_field(map, "prior", errors);
    let message_type = text(map, "type", errors).map(str::to_owned);
    if let Some(t) = &message_type {
        let known = if post { POST_TYPES } else { GET_TYPES };
        if !known.contains(&t.as_str()) {
            errors.add("type", format!("Must be one of: {}.", known.join(", ")));
        }
    }
    let (start, duration, unit) = (start?, duration?, unit?);
    let Some(duration) = duration.ground(&start) else {
        errors.add("duration", "Cannot use this duration.");
        return None;
    };
    if duration < TimeDelta::zero() {
        errors.add("duration", "Duration must not be negative.");
        return None;
    }
    Some(Description { start, duration, unit, horizon, prior, message_type })
}

/// Reads `values`: a list of numbers and nulls (at least one), or a single number.
pub fn read_values(map: &Map<String, Value>, errors: &mut FieldErrors) -> Option<Vec<Option<f64>>> {
    let Some(raw) = map.get("values") else {
        errors.add("values", MISSING);
        return None;
    };
    let items: Vec<Value> = match raw {
        Value::Null => {
            errors.add("values", NULL);
            return None;
        }
        Value::Array(items) => items.clone(),
        Value::Number(_) => vec![raw.clone()],
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(items)) => items,
            Ok(n @ Value::Number(_)) => vec![n],
            _ => {
                errors.add("values", "Not a valid list.");
                return None;
            }
        },
        _ => {
            errors.add("values", "Not a valid list.");
            return None;
        }
    };
    if items.is_empty() {
        errors.add("values", "Shorter than minimum length 1.");
        return None;
    }
    let mut values = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Null => values.push(None),
            Value::Number(n) => match n.as_f64().filter(|f| f.is_finite()) {
                Some(f) => values.push(Some(f)),
                None => errors.add_item("values", i, "Not a valid number."),
            },
            _ => errors.add_item("values", i, "Not a valid number."),
        }
    }
    (!errors.has("values")).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn json_wins_over_the_query_and_ids_are_dropped() {
        let m = combined_message("unit=kW&start=x&id=5", br#"{"unit": "MW"}"#, false).unwrap();
        assert_eq!((m["unit"].clone(), m["start"].clone(), m.get("id")), (json!("MW"), json!("x"), None));
        let hyphenated = combined_message("source_type=user", b"", true).unwrap();
        assert!(hyphenated.contains_key("source-type"));
    }

    #[test]
    fn values_are_numbers_or_nulls() {
        let mut errors = FieldErrors::at(LOCATION);
        assert_eq!(read_values(&map(json!({"values": [1, null, 2.5]})), &mut errors), Some(vec![Some(1.0), None, Some(2.5)]));
        assert_eq!(read_values(&map(json!({"values": 3})), &mut errors), Some(vec![Some(3.0)]));
        assert!(errors.check().is_ok());
        let mut errors = FieldErrors::at(LOCATION);
        assert_eq!(read_values(&map(json!({"values": [1, "NaN", true]})), &mut errors), None);
        let Err(ApiError::Unprocessable(message)) = errors.check() else { panic!("expected a 422") };
        assert_eq!(message, json!({LOCATION: {"values": {"1": ["Not a valid number."], "2": ["Not a valid number."]}}}));
    }

    #[test]
    fn descriptions_refuse_naive_starts_and_seconds() {
        let mut errors = FieldErrors::at(LOCATION);
        let m = map(json!({"start": "2024-01-01T00:00:00", "duration": "PT90S", "unit": "MW", "bogus": 1}));
        assert!(read_description(&m, true, &mut errors).is_none());
        let Err(ApiError::Unprocessable(message)) = errors.check() else { panic!("expected a 422") };
        let fields = &message[LOCATION];
        assert!(fields["start"].is_array() && fields["duration"].is_array() && fields["bogus"].is_array(), "{message}");
    }
}
