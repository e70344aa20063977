//! The 1.0-era trigger body `{"start", "duration"?, "resolution"?, "prior"?, "flex-model",
//! "flex-context"}` (spec planning §B.2.1, §B.2.3, §B.2.4, §B.3): the stored flex
//! configuration merged under the request's, the read permission on every referenced sensor,
//! and the validated job.

use chrono::{DateTime, TimeDelta, Utc};
use fm_api_common::ApiError;
use fm_api_common::validation::{FieldErrors, MISSING, reject_unknown};
use fm_auth::Actor;
use fm_auth::policy::Permission;
use fm_domain::scheduling::{FlexScheduling, PLANNING_HORIZON, SchedulingJob, VariableQuantity};
use fm_domain::time::{IsoDuration, parse_aware_datetime_v3};
use fm_storage::DbConnection;
use fm_storage::assets::{Asset, find_asset};
use fm_storage::sensors::{Sensor, find_sensor_with_asset};
use serde_json::{Map, Value, json};

use super::flex_fields::{flex_context, flex_model};
use crate::access::{require, sensor_context};

const TOP_LEVEL: [&str; 8] = ["start", "duration", "resolution", "prior", "flex-model", "flex-context", "force-new-job-creation", "force_new_job_creation"];
/// `FLEXMEASURES_MAX_PLANNING_HORIZON`: steps of the sensor's resolution.
const MAX_PLANNING_STEPS: i32 = 2520;
/// The inflexible-device keys, replaced as one family when the request names any (§B.3).
const INFLEXIBLE_FAMILY: [&str; 3] = ["inflexible-device-sensors", "inflexible-consumption", "inflexible-production"];

/// Whether a trigger body is in the 1.0-era form: it names `flex-model`, `flex-context` or
/// `duration` and has no flat `soc-at-start` (the v0.9.0 form, which also accepted a
/// `flex-context` holding only `consumption-price-sensor`).
pub(crate) fn is_flex_form(message: &Map<String, Value>) -> bool {
    !message.contains_key("soc-at-start") && ["flex-model", "flex-context", "duration"].iter().any(|k| message.contains_key(*k))
}

fn datetime(message: &Map<String, Value>, key: &str, errors: &mut FieldErrors) -> Option<DateTime<Utc>> {
    match message.get(key)? {
        Value::String(s) => match parse_aware_datetime_v3(s) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(e) => {
                errors.add(key, e.marshmallow_message());
                None
            }
        },
        _ => {
            errors.add(key, "Not a valid datetime.");
            None
        }
    }
}

fn period(message: &Map<String, Value>, key: &str, anchor: DateTime<Utc>, errors: &mut FieldErrors) -> Option<TimeDelta> {
    let value = message.get(key)?;
    let parsed = value.as_str().and_then(|s| IsoDuration::parse(s).ok()).and_then(|d| d.ground(&anchor)).filter(|d| *d > TimeDelta::zero());
    if parsed.is_none() {
        errors.add(key, format!("Cannot parse {} as ISO8601 duration.", value.as_str().unwrap_or_default()));
    }
    parsed
}

fn mapping(message: &Map<String, Value>, key: &str, errors: &mut FieldErrors) -> Map<String, Value> {
    match message.get(key) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => {
            errors.add(key, "Not a valid mapping type.");
            Map::new()
        }
    }
}

fn stored(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The stored flex-context of the asset and its ancestors (nearest wins, the inflexible family
/// as a whole), overridden key by key by the request's (§B.3).
fn merged_context(conn: &mut DbConnection, asset: &Asset, requested: Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    let mut merged = Map::new();
    let mut family_seen = false;
    let mut current = Some(asset.clone());
    let mut depth = 0;
    while let Some(level) = current {
        let context = stored(&level.flex_context);
        let has_family = INFLEXIBLE_FAMILY.iter().any(|k| context.contains_key(*k));
        for (key, value) in context {
            let in_family = INFLEXIBLE_FAMILY.contains(&key.as_str());
            if !(merged.contains_key(&key) || in_family && family_seen) {
                merged.insert(key, value);
            }
        }
        family_seen |= has_family;
        depth += 1;
        current = match level.parent_asset_id {
            Some(parent) if depth < 100 => Some(find_asset(conn, parent)?),
            _ => None,
        };
    }
    if INFLEXIBLE_FAMILY.iter().any(|k| requested.contains_key(*k)) {
        merged.retain(|k, _| !INFLEXIBLE_FAMILY.contains(&k.as_str()));
    }
    merged.extend(requested);
    Ok(merged)
}

/// Sensor ids referenced anywhere in `value` (keys `sensor`, `*-sensor`, `*_sensor` with an id,
/// and `sensors`, `*-sensors`, `*_sensors` with a list of ids), with the path to each (api §2.5).
fn referenced_sensors(value: &Value, path: &mut Vec<String>, found: &mut Vec<(String, i64)>) {
    let label = |path: &[String], key: &str| {
        let mut text = format!("'{key}'");
        for part in path.iter().rev() {
            text = format!("{{{part}: {text}}}");
        }
        text
    };
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let single = key == "sensor" || key.ends_with("-sensor") || key.ends_with("_sensor");
                let plural = key == "sensors" || key.ends_with("-sensors") || key.ends_with("_sensors");
                match inner {
                    Value::Number(n) if single => found.extend(n.as_i64().map(|id| (label(path, key), id))),
                    Value::Array(items) if plural => found.extend(items.iter().filter_map(Value::as_i64).map(|id| (label(path, key), id))),
                    _ => {
                        path.push(format!("'{key}'"));
                        referenced_sensors(inner, path, found);
                        path.pop();
                    }
                }
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                path.push(index.to_string());
                referenced_sensors(inner, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Every referenced sensor must exist (422) and be readable by the caller (403).
fn check_referenced_sensors(conn: &mut DbConnection, actor: &Actor, model: &Map<String, Value>, context: &Map<String, Value>) -> Result<(), ApiError> {
    let mut found = Vec::new();
    for (key, map) in [("flex-model", model), ("flex-context", context)] {
        let mut path = vec!["'json'".to_owned(), format!("'{key}'")];
        referenced_sensors(&Value::Object(map.clone()), &mut path, &mut found);
    }
    for (field, id) in found {
        let sensor = i32::try_from(id).ok().and_then(|id| find_sensor_with_asset(conn, id).ok());
        let Some((_, asset)) = sensor else {
            return Err(ApiError::Unprocessable(json!([format!("No sensor found with id {id}.")])));
        };
        if require(actor, &sensor_context(conn, &asset)?, Permission::Read).is_err() {
            tracing::info!(%field, "a referenced sensor is not readable by the caller");
            return Err(ApiError::Forbidden { required_roles: Vec::new() });
        }
    }
    Ok(())
}

/// An explicit `consumption_is_positive` attribute of a sensor.
fn consumption_is_positive(conn: &mut DbConnection, id: i32) -> Option<bool> {
    let (sensor, _) = find_sensor_with_asset(conn, id).ok()?;
    stored(&sensor.attributes).get("consumption_is_positive").and_then(Value::as_bool)
}

/// The latest end of the listed SoC targets.
fn latest_target(model: &fm_domain::scheduling::FlexModel) -> Option<DateTime<Utc>> {
    match &model.soc_targets {
        Some(VariableQuantity::Series { segments }) => segments.iter().map(|s| s.end).max(),
        _ => None,
    }
}

/// Reads and validates a 1.0-era trigger into a job (422 with field errors under `json`).
pub(crate) fn read_flex_trigger(
    conn: &mut DbConnection,
    actor: &Actor,
    sensor: &Sensor,
    asset: &Asset,
    message: &Map<String, Value>,
    received: DateTime<Utc>,
) -> Result<SchedulingJob, ApiError> {
    let mut errors = FieldErrors::at("json");
    reject_unknown(message, &TOP_LEVEL, &mut errors);
    if !message.contains_key("start") {
        errors.add("start", MISSING);
    }
    let start = datetime(message, "start", &mut errors);
    let prior = datetime(message, "prior", &mut errors);
    let anchor = start.unwrap_or(received);
    let duration = period(message, "duration", anchor, &mut errors).unwrap_or(PLANNING_HORIZON);
    let sensor_resolution = TimeDelta::seconds(sensor.event_resolution_s);
    let resolution = period(message, "resolution", anchor, &mut errors).unwrap_or(sensor_resolution);
    if sensor_resolution > TimeDelta::zero() && resolution.num_seconds() % sensor_resolution.num_seconds() != 0 {
        let show = |d: TimeDelta| fm_domain::time::format_timedelta(d);
        errors.add("resolution", format!("Resolution of {} is incompatible with the sensor's required resolution of {}.", show(resolution), show(sensor_resolution)));
    }
    let requested_model = mapping(message, "flex-model", &mut errors);
    let requested_context = mapping(message, "flex-context", &mut errors);
    errors.check()?;
    let start = start.ok_or_else(|| ApiError::Internal("start was checked".to_owned()))?;

    let mut model_map = stored(&asset.flex_model);
    model_map.extend(requested_model);
    let context_map = merged_context(conn, asset, requested_context)?;
    check_referenced_sensors(conn, actor, &model_map, &context_map)?;

    let mut errors = FieldErrors::at("json");
    let flex_model = flex_model(conn, &model_map, &sensor.unit, asset.id, &mut errors);
    let flex_context = flex_context(conn, &context_map, &mut errors, &consumption_is_positive);
    errors.check()?;

    let mut end = start + duration;
    if let Some(latest) = latest_target(&flex_model).filter(|t| *t > end) {
        let steps = ((latest - start).num_seconds() + resolution.num_seconds() - 1) / resolution.num_seconds().max(1);
        let ceiled = start + resolution * i32::try_from(steps).unwrap_or(i32::MAX);
        let step = if sensor_resolution > TimeDelta::zero() { sensor_resolution } else { resolution };
        let limit = start + step * MAX_PLANNING_STEPS;
        end = ceiled.min(limit);
    }
    Ok(SchedulingJob {
        sensor_id: sensor.id,
        start,
        end,
        belief_time: prior.unwrap_or(received),
        flex: Some(FlexScheduling { resolution_s: resolution.num_seconds(), flex_model, flex_context }),
        ..SchedulingJob::default()
    })
}
