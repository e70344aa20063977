//! The v0.9.0 trigger message: flat `soc-*` fields, the price sensor as
//! `consumption-price-sensor` (or the device's `market_id` attribute), a fixed 48-hour horizon.

use chrono::{DateTime, Utc};
use fm_api_common::usef::Usef;
use fm_api_common::validation::FieldErrors;
use fm_api_common::ApiError;
use fm_domain::scheduling::{PLANNING_HORIZON, SchedulingJob};
use fm_domain::time::{format_iso_datetime, format_timedelta_hours, parse_aware_datetime_v3};
use serde_json::{Map, Value};

pub(crate) fn usef(kind: Usef, extra: impl Into<String>) -> ApiError {
    ApiError::Usef(kind, vec![extra.into()])
}

fn number(message: &Map<String, Value>, key: &str) -> Result<Option<f64>, ApiError> {
    match message.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_f64().filter(|f| f.is_finite()).map(Some).ok_or_else(|| usef(Usef::PtusIncomplete, "Request includes empty or ill-formatted value(s).")),
    }
}

fn aware(text: Option<&Value>, what: &str) -> Result<DateTime<Utc>, ApiError> {
    let text = text.and_then(Value::as_str).ok_or_else(|| usef(Usef::InvalidDatetime, format!("{what} missing datetime parameter.")))?;
    match parse_aware_datetime_v3(text) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
        Err(e) if e.is_naive() => Err(usef(Usef::InvalidTimezone, format!("{what} should explicitly state a timezone."))),
        Err(_) => Err(usef(Usef::InvalidDatetime, format!("{what} cannot be parsed: {text}."))),
    }
}

/// Reads the trigger message into a job (SoC values converted to MWh).
pub(crate) fn read_trigger(sensor_id: i32, message: &Map<String, Value>, received: DateTime<Utc>) -> Result<SchedulingJob, ApiError> {
    let start = aware(message.get("start"), "Start time")?;
    let end = start + PLANNING_HORIZON;
    let to_mwh = match message.get("soc-unit").and_then(Value::as_str) {
        None | Some("MWh") => 1.0,
        Some("kWh") => 0.001,
        Some(other) => return Err(FieldErrors::single("json", "soc-unit", format!("Must be one of: kWh, MWh (got {other})."))),
    };
    let soc_at_start = number(message, "soc-at-start")?.ok_or_else(|| usef(Usef::PtusIncomplete, "Missing 'soc-at-start' value."))? * to_mwh;
    let mut soc_targets = Vec::new();
    for target in message.get("soc-targets").and_then(Value::as_array).into_iter().flatten() {
        let value = match target.get("value") {
            None => return Err(usef(Usef::PtusIncomplete, "Target missing 'value' parameter.")),
            Some(v) => v.as_f64().ok_or_else(|| usef(Usef::PtusIncomplete, "Request includes empty or ill-formatted value(s)."))?,
        };
        let at = aware(target.get("datetime"), "Target")?;
        if at > end {
            return Err(usef(Usef::InvalidDatetime, format!("Target datetime exceeds {}. Maximum scheduling horizon is {}.", format_iso_datetime(&end), format_timedelta_hours(PLANNING_HORIZON))));
        }
        soc_targets.push((at, value * to_mwh));
    }
    let roundtrip_efficiency = match message.get("roundtrip-efficiency") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().ends_with('%') => s.trim().trim_end_matches('%').trim().parse::<f64>().ok().map(|p| p / 100.0),
        Some(v) => v.as_f64(),
    };
    if roundtrip_efficiency.is_some_and(|e| !(e > 0.0 && e <= 1.0)) || (message.contains_key("roundtrip-efficiency") && roundtrip_efficiency.is_none() && !message["roundtrip-efficiency"].is_null()) {
        return Err(FieldErrors::single("json", "roundtrip-efficiency", "Must be a ratio or a percentage within (0, 1]."));
    }
    let belief_time = match message.get("prior") {
        None | Some(Value::Null) => received,
        prior => aware(prior, "Prior")?,
    };
    let price_sensor_id = message
        .get("consumption-price-sensor")
        .or_else(|| message.get("flex-context").and_then(|c| c.get("consumption-price-sensor")))
        .and_then(Value::as_i64)
        .and_then(|id| i32::try_from(id).ok());
    Ok(SchedulingJob {
        sensor_id,
        start,
        end,
        belief_time,
        soc_at_start,
        soc_min: number(message, "soc-min")?.map(|v| v * to_mwh),
        soc_max: number(message, "soc-max")?.map(|v| v * to_mwh),
        soc_targets,
        roundtrip_efficiency,
        price_sensor_id,
        flex: None,
    })
}

