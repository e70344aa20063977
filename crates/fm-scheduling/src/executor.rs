//! `make_schedule`: from a queued scheduling job to a schedule stored as beliefs of the
//! device's power sensor (consumption negative, as the database stores power), sourced by the
//! platform's scheduler ("Seita", type "scheduling script").

use chrono::{DateTime, TimeDelta, Utc};
use fm_domain::beliefs::{ReadWindow, read_series};
use fm_domain::time::KnowledgeHorizonFnc;
use fm_planning::{SocLimit, SocTarget, StorageModel, schedule};
use fm_storage::beliefs::{BeliefQuery, BeliefRow, save_beliefs, search_beliefs};
use fm_storage::data_sources::{get_or_create_source, sources_by_ids};
use fm_storage::sensors::{Sensor, find_sensor, find_sensor_with_asset};
use fm_storage::{DbConnection, Ts};
use serde_json::{Map, Value};

use fm_domain::scheduling::SchedulingJob;

/// The platform's scheduler source.
pub const SCHEDULER_SOURCE: (&str, &str) = ("Seita", "scheduling script");

/// Why a job failed: `<ExceptionClass>: <message>`, as the original reports it.
pub type JobFailure = String;

/// `<class>: <message>`.
pub(crate) fn failure(class: &str, message: impl std::fmt::Display) -> JobFailure {
    format!("{class}: {message}")
}

/// Attribute lookup: the sensor's attributes, then the asset's (the original's chain, JSON part).
pub(crate) fn attribute(sensor_attrs: &Map<String, Value>, asset_attrs: &Map<String, Value>, key: &str) -> Option<Value> {
    sensor_attrs.get(key).or_else(|| asset_attrs.get(key)).cloned().filter(|v| !v.is_null())
}

/// A JSON object from stored text (empty when it is not one).
pub(crate) fn object(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// A computed schedule of a device's power (consumption positive), trimmed to where prices are known.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Start of the first slot.
    pub start: DateTime<Utc>,
    /// Length of each slot.
    pub resolution: TimeDelta,
    /// Power per slot in MW, consumption positive.
    pub power: Vec<f64>,
}

/// Computes and stores the schedule of `job`; returns the number of beliefs stored.
///
/// A 1.0-era job (with [`SchedulingJob::flex`]) is scheduled with the HEAD model and stored
/// under the `StorageScheduler` source (spec planning §B.13); a v0.9.0 job as before.
pub fn make_schedule(conn: &mut DbConnection, job: &SchedulingJob) -> Result<usize, JobFailure> {
    if let Some(flex) = &job.flex {
        let planned = crate::flex::plan_flex(conn, job, flex)?;
        return crate::flex::store_flex(conn, job, &planned);
    }
    let planned = plan(conn, job)?;
    let sensor = find_sensor(conn, job.sensor_id).map_err(|e| failure("StorageError", e))?;
    store(conn, &sensor, &planned.power, planned.start, planned.resolution, job.belief_time)
}

/// Computes the schedule of `job` without storing it.
pub fn plan(conn: &mut DbConnection, job: &SchedulingJob) -> Result<Planned, JobFailure> {
    if let Some(flex) = &job.flex {
        let planned = crate::flex::plan_flex(conn, job, flex)?;
        return Ok(Planned { start: planned.start, resolution: planned.resolution, power: planned.power });
    }
    let storage = |e: fm_storage::StorageError| failure("StorageError", e);
    let (sensor, asset) = find_sensor_with_asset(conn, job.sensor_id).map_err(storage)?;
    let asset_type = fm_storage::assets::find_asset_type(conn, asset.generic_asset_type_id).map_err(storage)?;
    let (sensor_attrs, asset_attrs) = (object(&sensor.attributes), object(&asset.attributes));
    let number = |key: &str| attribute(&sensor_attrs, &asset_attrs, key).map(|v| v.as_f64().ok_or(key.to_owned()));
    let is_battery = asset_type.name == "battery";
    if !is_battery && !["one-way_evse", "two-way_evse"].contains(&asset_type.name.as_str()) {
        return Err(failure("ValueError", format!("Scheduling is not (yet) supported for asset type {}.", asset_type.name)));
    }
    let required: &[&str] = if is_battery { &["capacity_in_mw", "max_soc_in_mwh", "min_soc_in_mwh"] } else { &["capacity_in_mw"] };
    let missing: Vec<&str> = required.iter().copied().filter(|k| attribute(&sensor_attrs, &asset_attrs, k).is_none()).collect();
    if !missing.is_empty() {
        return Err(failure("MissingAttributeException", format!("Sensor is missing required attributes: {}", missing.join(", "))));
    }
    let wrong: Vec<String> = ["capacity_in_mw", "max_soc_in_mwh", "min_soc_in_mwh", "roundtrip_efficiency"]
        .iter()
        .filter_map(|k| number(k).and_then(Result::err))
        .collect();
    if !wrong.is_empty() {
        return Err(failure("WrongTypeAttributeException", format!("Sensor attributes are not numbers: {}", wrong.join(", "))));
    }
    let value = |key: &str| number(key).and_then(Result::ok);
    let capacity = value("capacity_in_mw").unwrap_or_default();
    let resolution = TimeDelta::seconds(sensor.event_resolution_s);
    if resolution <= TimeDelta::zero() {
        return Err(failure("ValueError", "Scheduling needs a sensor with a non-zero event resolution."));
    }

    let price_sensor_id = job.price_sensor_id.or_else(|| value("market_id").map(|id| id as i32)).ok_or_else(|| failure("UnknownMarketException", "No price sensor is known for this device."))?;
    let price_sensor = find_sensor(conn, price_sensor_id).map_err(|_| failure("UnknownMarketException", format!("Price sensor {price_sensor_id} does not exist.")))?;
    let (start, end) = (job.start, job.end);
    let prices = prices(conn, &price_sensor, start, end, resolution)?;
    let first = prices.iter().position(Option::is_some).ok_or_else(|| failure("UnknownPricesException", "Prices unknown for planning window."))?;
    let last = prices.iter().rposition(Option::is_some).unwrap_or(first);
    let known: Vec<f64> = prices[first..=last].iter().map(|p| p.unwrap_or(f64::NAN)).collect();
    if known.iter().any(|p| p.is_nan()) {
        return Err(failure("UnknownPricesException", "Prices are missing inside the planning window."));
    }
    let trimmed_start = start + resolution * i32::try_from(first).unwrap_or(0);

    let mut model = StorageModel::new(trimmed_start, resolution, capacity, known);
    model.soc_at_start = job.soc_at_start;
    let soc_min = job.soc_min.or(value("min_soc_in_mwh")).unwrap_or(0.0);
    let target_max = job.soc_targets.iter().map(|(_, v)| *v).fold(f64::NAN, f64::max);
    let soc_max = job.soc_max.or(value("max_soc_in_mwh")).or((!target_max.is_nan()).then_some(target_max));
    model.soc_min = SocLimit::Constant(soc_min);
    model.soc_max = soc_max.map_or(SocLimit::Unbounded, SocLimit::Constant);
    model.soc_targets = job.soc_targets.iter().filter(|(t, _)| *t > trimmed_start).map(|(t, v)| SocTarget::at_datetime(*t, *v)).collect();
    model.roundtrip_efficiency = job.roundtrip_efficiency.or(value("roundtrip_efficiency")).unwrap_or(1.0);
    model.fallback.is_consumer = attribute(&sensor_attrs, &asset_attrs, "is_consumer").and_then(|v| v.as_bool()).unwrap_or(true);
    model.fallback.is_producer = attribute(&sensor_attrs, &asset_attrs, "is_producer").and_then(|v| v.as_bool()).unwrap_or(is_battery);
    let planned = schedule(&model).map_err(|e| failure("ValueError", e))?;
    Ok(Planned { start: trimmed_start, resolution, power: planned.power })
}

/// One deterministic price per slot of `[start, end)`, `None` where unknown.
fn prices(conn: &mut DbConnection, sensor: &Sensor, start: DateTime<Utc>, end: DateTime<Utc>, resolution: TimeDelta) -> Result<Vec<Option<f64>>, JobFailure> {
    let storage = |e: fm_storage::StorageError| failure("StorageError", e);
    let sensor_res = TimeDelta::seconds(sensor.event_resolution_s);
    let query = BeliefQuery { starts_from: Some(Ts(start)), starts_before: Some(Ts(end)), ..Default::default() };
    let rows = search_beliefs(conn, sensor.id, &query).map_err(storage)?;
    let mut ids: Vec<i32> = rows.iter().map(|r| r.source_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let sources: Vec<_> = sources_by_ids(conn, &ids).map_err(storage)?.iter().map(fm_storage::data_sources::DataSource::info).collect();
    let beliefs: Vec<_> = rows.iter().map(BeliefRow::to_belief).collect();
    let knowledge = KnowledgeHorizonFnc::default();
    let window = ReadWindow { start, end, resolution, prior: None };
    read_series(&beliefs, &sources, sensor_res, &knowledge, &window).map_err(|e| failure("ValueError", e))
}

fn store(conn: &mut DbConnection, sensor: &Sensor, power: &[f64], start: DateTime<Utc>, resolution: TimeDelta, belief_time: DateTime<Utc>) -> Result<usize, JobFailure> {
    let storage = |e: fm_storage::StorageError| failure("StorageError", e);
    let (source, _) = get_or_create_source(conn, SCHEDULER_SOURCE.0, SCHEDULER_SOURCE.1, None, None).map_err(storage)?;
    let params: Value = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or_default();
    let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).map_err(|e| failure("ValueError", e))?;
    let mut rows = Vec::with_capacity(power.len());
    for (j, p) in power.iter().enumerate() {
        let event_start = start + resolution * i32::try_from(j).unwrap_or(i32::MAX);
        let horizon = knowledge.belief_horizon(&event_start, resolution, &belief_time).map_err(|e| failure("ValueError", e))?;
        rows.push(BeliefRow {
            sensor_id: sensor.id,
            event_start: Ts(event_start),
            source_id: source.id,
            belief_horizon_ms: horizon.num_milliseconds(),
            cumulative_probability: 0.5,
            event_value: -p,
        });
    }
    save_beliefs(conn, &rows, true).map_err(storage)?;
    Ok(rows.len())
}
