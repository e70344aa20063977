//! The asset body (api-v2_0.md §4.1.3): typed reads and the rules of single fields. The rules
//! that look things up in the database are in [`super::references`].

use actix_web::HttpRequest;
use actix_web::HttpMessage;
use fm_api_common::ApiError;
use fm_api_common::validation::{FieldErrors, Fields, MISSING, NULL, json_object, reject_unknown};
use serde_json::{Map, Value};

/// Every key an asset body may have.
pub const FIELDS: &[&str] = &[
    "name",
    "display_name",
    "asset_type_name",
    "unit",
    "event_resolution",
    "capacity_in_mw",
    "min_soc_in_mwh",
    "max_soc_in_mwh",
    "soc_in_mwh",
    "soc_datetime",
    "soc_udi_event_id",
    "latitude",
    "longitude",
    "owner_id",
    "market_id",
    "timezone",
    "id",
];

/// Keys a new asset must have.
pub const REQUIRED: &[&str] = &["name", "asset_type_name", "unit", "event_resolution", "capacity_in_mw", "latitude", "longitude", "owner_id", "market_id"];

/// The schema-level message on `max_soc_in_mwh` (a string, not a list, as in the original).
pub const SOC_BOUNDS_INVERTED: &str = "This value must be equal or higher than the minimum soc.";

/// Longest name and display name (the original's `varchar(80)` columns).
const MAX_NAME_LENGTH: usize = 80;

/// The fields of an asset body that passed their type and range rules. For the nullable fields,
/// `Some(None)` is an explicit null.
#[derive(Debug, Clone, Default)]
pub struct AssetInput {
    /// Name, as sent.
    pub name: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Asset type name.
    pub asset_type_name: Option<String>,
    /// Unit of the power sensor.
    pub unit: Option<String>,
    /// Event resolution in seconds (sent in minutes).
    pub event_resolution_s: Option<i64>,
    /// Capacity in MW.
    pub capacity_in_mw: Option<f64>,
    /// Lowest state of charge in MWh.
    pub min_soc_in_mwh: Option<Option<f64>>,
    /// Highest state of charge in MWh.
    pub max_soc_in_mwh: Option<Option<f64>>,
    /// Last known state of charge in MWh.
    pub soc_in_mwh: Option<Option<f64>>,
    /// Time of the last known state of charge, as ISO 8601 in UTC (`+00:00`).
    pub soc_datetime: Option<Option<String>>,
    /// Id of the last UDI event.
    pub soc_udi_event_id: Option<Option<i64>>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// Owning user.
    pub owner_id: Option<i64>,
    /// Market (price sensor) id.
    pub market_id: Option<i64>,
    /// IANA timezone of the sensor.
    pub timezone: Option<String>,
    /// An id the client chose (refused at creation, ignored on update).
    pub id: Option<i64>,
}

/// The errors found so far in one asset body.
#[derive(Debug)]
pub struct Validation {
    /// Errors per field.
    pub errors: FieldErrors,
    soc_bounds_inverted: bool,
}

impl Validation {
    /// The 422 with every error found, or `Ok(())`.
    pub fn finish(self) -> Result<(), ApiError> {
        let inverted = self.soc_bounds_inverted;
        match self.errors.check() {
            Ok(()) if !inverted => Ok(()),
            Ok(()) => Err(ApiError::field_errors("json", serde_json::json!({"max_soc_in_mwh": SOC_BOUNDS_INVERTED}))),
            Err(ApiError::Unprocessable(mut message)) => {
                if let (true, Some(fields)) = (inverted, message.get_mut("json").and_then(Value::as_object_mut)) {
                    fields.insert("max_soc_in_mwh".to_owned(), Value::from(SOC_BOUNDS_INVERTED));
                }
                Err(ApiError::Unprocessable(message))
            }
            Err(other) => Err(other),
        }
    }
}

/// The body as a JSON object. Without a JSON content type the body is not read at all (every
/// field is absent), as in the original; an empty JSON body counts as `{}`.
pub fn body_object(req: &HttpRequest, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let content_type = req.content_type();
    let is_json = content_type == "application/json" || content_type.ends_with("+json");
    if !is_json || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    json_object(body, "json")
}

/// Reads an asset body; `creating` makes the fields of [`REQUIRED`] mandatory.
pub fn read_asset_input(map: &Map<String, Value>, creating: bool) -> (AssetInput, Validation) {
    let mut errors = FieldErrors::at("json");
    reject_unknown(map, FIELDS, &mut errors);
    if creating {
        for key in REQUIRED.iter().filter(|k| !map.contains_key(**k)) {
            errors.add(key, MISSING);
        }
    }
    let f = Fields::new(map);
    let input = AssetInput {
        name: f.string("name", &mut errors).filter(|n| at_most(n, MAX_NAME_LENGTH, "name", &mut errors)),
        display_name: f.string("display_name", &mut errors).filter(|n| display_name_fits(n, &mut errors)),
        asset_type_name: f.string("asset_type_name", &mut errors),
        unit: f.string("unit", &mut errors),
        event_resolution_s: f.raw("event_resolution").and_then(|v| resolution_seconds(v, &mut errors)),
        capacity_in_mw: required_number(&f, "capacity_in_mw", &mut errors).filter(|c| at_least(*c, 0.0001, "capacity_in_mw", &mut errors)),
        min_soc_in_mwh: f.number("min_soc_in_mwh", &mut errors).filter(|v| v.is_none_or(|v| at_least(v, 0.0, "min_soc_in_mwh", &mut errors))),
        max_soc_in_mwh: f.number("max_soc_in_mwh", &mut errors).filter(|v| v.is_none_or(|v| at_least(v, 0.0, "max_soc_in_mwh", &mut errors))),
        soc_in_mwh: f.number("soc_in_mwh", &mut errors),
        soc_datetime: f.raw("soc_datetime").and_then(|v| soc_datetime(v, &mut errors)),
        soc_udi_event_id: f.integer("soc_udi_event_id", &mut errors),
        latitude: required_number(&f, "latitude", &mut errors).filter(|v| between(*v, 90.0, "latitude", &mut errors)),
        longitude: required_number(&f, "longitude", &mut errors).filter(|v| between(*v, 180.0, "longitude", &mut errors)),
        owner_id: required_integer(&f, "owner_id", &mut errors),
        market_id: required_integer(&f, "market_id", &mut errors),
        timezone: f.string("timezone", &mut errors),
        id: required_integer(&f, "id", &mut errors),
    };
    let soc_bounds_inverted = matches!((input.min_soc_in_mwh, input.max_soc_in_mwh), (Some(Some(min)), Some(Some(max))) if max < min);
    (input, Validation { errors, soc_bounds_inverted })
}

fn at_most(text: &str, max: usize, key: &str, errors: &mut FieldErrors) -> bool {
    let fits = text.chars().count() <= max;
    if !fits {
        errors.add(key, format!("Longer than maximum length {max}."));
    }
    fits
}

fn display_name_fits(name: &str, errors: &mut FieldErrors) -> bool {
    if name.chars().count() < 4 {
        errors.add("display_name", "Shorter than minimum length 4.");
        return false;
    }
    at_most(name, MAX_NAME_LENGTH, "display_name", errors)
}

fn required_number(f: &Fields<'_>, key: &str, errors: &mut FieldErrors) -> Option<f64> {
    match f.number(key, errors)? {
        Some(value) => Some(value),
        None => {
            errors.add(key, NULL);
            None
        }
    }
}

fn required_integer(f: &Fields<'_>, key: &str, errors: &mut FieldErrors) -> Option<i64> {
    match f.integer(key, errors)? {
        Some(value) => Some(value),
        None => {
            errors.add(key, NULL);
            None
        }
    }
}

fn at_least(value: f64, min: f64, key: &str, errors: &mut FieldErrors) -> bool {
    let ok = value >= min;
    if !ok {
        errors.add(key, format!("Must be greater than or equal to {min}."));
    }
    ok
}

fn between(value: f64, bound: f64, key: &str, errors: &mut FieldErrors) -> bool {
    let ok = (-bound..=bound).contains(&value);
    if !ok {
        errors.add(key, format!("Must be greater than or equal to -{bound} and less than or equal to {bound}."));
    }
    ok
}

/// Whole minutes (a number, truncated, or a string of digits) as seconds. Negative or
/// unrepresentable resolutions are refused with the same message as text.
fn resolution_seconds(value: &Value, errors: &mut FieldErrors) -> Option<i64> {
    const INVALID: &str = "Not a valid period of time.";
    let minutes = match value {
        Value::Null => {
            errors.add("event_resolution", NULL);
            return None;
        }
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite() && f.abs() < 1e15).map(|f| f.trunc() as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let seconds = minutes.filter(|m| *m >= 0).and_then(|m| m.checked_mul(60));
    if seconds.is_none() {
        errors.add("event_resolution", INVALID);
    }
    seconds
}

/// An ISO 8601 datetime; one without offset is read as UTC. Stored as `…+00:00`.
fn soc_datetime(value: &Value, errors: &mut FieldErrors) -> Option<Option<String>> {
    use fm_domain::time::{format_iso_datetime, parse_aware_datetime_v3};
    let text = match value {
        Value::Null => return Some(None),
        Value::String(text) => text,
        _ => {
            errors.add("soc_datetime", "Not a valid datetime.");
            return None;
        }
    };
    let parsed = match parse_aware_datetime_v3(text) {
        Err(e) if e.is_naive() => parse_aware_datetime_v3(&format!("{text}+00:00")),
        other => other,
    };
    match parsed {
        Ok(moment) => Some(Some(format_iso_datetime(&moment.with_timezone(&chrono::Utc)))),
        Err(e) => {
            errors.add("soc_datetime", e.marshmallow_message());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(body: Value, creating: bool) -> (AssetInput, Result<(), ApiError>) {
        let map = body.as_object().cloned().unwrap_or_default();
        let (input, validation) = read_asset_input(&map, creating);
        (input, validation.finish())
    }

    fn message(result: Result<(), ApiError>) -> Value {
        match result {
            Err(ApiError::Unprocessable(message)) => message,
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn reports_every_error_of_the_upstream_example() {
        let body = json!({"name": "x", "asset_type_name": "battery", "event_resolution": 15, "owner_id": 1, "market_id": 1,
                          "latitude": 70.4, "longitude": 300.9, "capacity_in_mw": -100, "min_soc_in_mwh": 10, "max_soc_in_mwh": 5});
        assert_eq!(
            message(read(body, true).1),
            json!({"json": {
                "capacity_in_mw": ["Must be greater than or equal to 0.0001."],
                "longitude": ["Must be greater than or equal to -180 and less than or equal to 180."],
                "max_soc_in_mwh": "This value must be equal or higher than the minimum soc.",
                "unit": ["Missing data for required field."],
            }})
        );
    }

    #[test]
    fn inverted_soc_bounds_alone_are_a_422() {
        let body = json!({"min_soc_in_mwh": 3, "max_soc_in_mwh": 1});
        assert_eq!(message(read(body, false).1), json!({"json": {"max_soc_in_mwh": SOC_BOUNDS_INVERTED}}));
    }

    #[test]
    fn resolutions_are_minutes() {
        let (input, result) = read(json!({"event_resolution": "15"}), false);
        assert!(result.is_ok());
        assert_eq!(input.event_resolution_s, Some(900));
        assert_eq!(read(json!({"event_resolution": 10.9}), false).0.event_resolution_s, Some(600));
        for bad in [json!("PT15M"), json!(-5), json!(true)] {
            let (_, result) = read(json!({ "event_resolution": bad }), false);
            assert_eq!(message(result), json!({"json": {"event_resolution": ["Not a valid period of time."]}}), "{bad}");
        }
    }

    #[test]
    fn soc_datetimes_are_stored_in_utc() {
        let (input, _) = read(json!({"soc_datetime": "2021-01-01T10:00:00+01:00"}), false);
        assert_eq!(input.soc_datetime, Some(Some("2021-01-01T09:00:00+00:00".to_owned())));
        let (input, _) = read(json!({"soc_datetime": "2021-01-01T10:00:00"}), false);
        assert_eq!(input.soc_datetime, Some(Some("2021-01-01T10:00:00+00:00".to_owned())), "naive means UTC");
        assert_eq!(message(read(json!({"soc_datetime": "soon"}), false).1), json!({"json": {"soc_datetime": ["Not a valid datetime."]}}));
    }

    #[test]
    fn names_and_nulls() {
        let body = json!({"display_name": "abc", "name": "n".repeat(81), "latitude": null, "min_soc_in_mwh": null});
        let (input, result) = read(body, false);
        assert_eq!(input.min_soc_in_mwh, Some(None), "nullable fields may be cleared");
        assert_eq!(
            message(result),
            json!({"json": {"display_name": ["Shorter than minimum length 4."], "name": ["Longer than maximum length 80."], "latitude": ["Field may not be null."]}})
        );
    }
}
