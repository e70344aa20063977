//! What a scheduling job carries: everything `make_schedule` needs, fixed at request time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The queue scheduling jobs go on.
pub const SCHEDULING_QUEUE: &str = "scheduling";
/// The job function name of scheduling jobs.
pub const SCHEDULING_FUNC: &str = "make_schedule";

/// The arguments of one scheduling job (SoC values in MWh).
///
/// A job of the v0.9.0 message form uses the flat fields; a job of the 1.0-era form
/// (flex-model and flex-context) carries them in [`SchedulingJob::flex`] and leaves the
/// flat SoC fields at their defaults. Payloads written before `flex` existed still read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SchedulingJob {
    /// The device's power sensor.
    pub sensor_id: i32,
    /// Start of the schedule.
    pub start: DateTime<Utc>,
    /// End of the schedule (start + planning horizon).
    pub end: DateTime<Utc>,
    /// When the schedule is believed (request `prior`, or the time of the request).
    pub belief_time: DateTime<Utc>,
    /// State of charge at `start`.
    pub soc_at_start: f64,
    /// Lower SoC bound, if given.
    pub soc_min: Option<f64>,
    /// Upper SoC bound, if given.
    pub soc_max: Option<f64>,
    /// SoC targets: (instant, MWh).
    pub soc_targets: Vec<(DateTime<Utc>, f64)>,
    /// Round-trip efficiency as a ratio, if given.
    pub roundtrip_efficiency: Option<f64>,
    /// The price sensor, if given (else the device's `market_id` attribute).
    pub price_sensor_id: Option<i32>,
    /// The 1.0-era flex configuration; `None` for the v0.9.0 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flex: Option<FlexScheduling>,
}

/// The data source of 1.0-era schedules: (name, type, model, version) of the built-in
/// `StorageScheduler` (spec planning §B.1, §B.13).
pub const HEAD_SCHEDULER_SOURCE: (&str, &str, &str, &str) = ("Seita", "scheduler", "StorageScheduler", "9");

/// `FLEXMEASURES_PLANNING_HORIZON`: how far ahead a schedule reaches (48 hours).
pub const PLANNING_HORIZON: chrono::TimeDelta = chrono::TimeDelta::hours(48);

/// A variable quantity (spec planning §B.4) as a job carries it: fixed values and time series
/// already converted into the field's canonical unit (MW, MWh, ratio, currency/MWh or
/// currency/MW); sensor data is read and converted when the job runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum VariableQuantity {
    /// One value for the whole window.
    Fixed {
        /// The value in the canonical unit.
        value: f64,
    },
    /// The data of a sensor, with a fallback where it has none.
    Sensor {
        /// The sensor id.
        sensor: i32,
        /// Used wherever the sensor has no data (canonical unit).
        #[serde(default)]
        default: Option<f64>,
    },
    /// A list of segments; an instant segment has `start == end`.
    Series {
        /// The segments in request order (overlaps are resolved per field).
        segments: Vec<Segment>,
    },
}

/// One segment of a time-series specification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive for interval fields, inclusive for SoC fields).
    pub end: DateTime<Utc>,
    /// The value in the canonical unit.
    pub value: f64,
}

/// How the stored values of an inflexible device are signed (spec planning §B.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InflexibleSign {
    /// `inflexible-consumption`: consumption positive.
    ConsumptionPositive,
    /// `inflexible-production`: production positive.
    ProductionPositive,
    /// `inflexible-device-sensors`: by the sensor's `consumption_is_positive` attribute.
    SensorAttribute,
}

/// An inflexible device of the flex-context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InflexibleDevice {
    /// Its power sensor.
    pub sensor: i32,
    /// How its data is signed.
    pub sign: InflexibleSign,
}

/// The single-device storage flex-model (spec planning §B.8); SoC values in MWh.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlexModel {
    /// `soc-at-start`.
    pub soc_at_start: Option<f64>,
    /// `soc-min`.
    pub soc_min: Option<f64>,
    /// `soc-max`.
    pub soc_max: Option<f64>,
    /// `soc-minima` (MWh).
    pub soc_minima: Option<VariableQuantity>,
    /// `soc-maxima` (MWh).
    pub soc_maxima: Option<VariableQuantity>,
    /// `soc-targets` (MWh).
    pub soc_targets: Option<VariableQuantity>,
    /// `power-capacity` (MW).
    pub power_capacity: Option<VariableQuantity>,
    /// `consumption-capacity` (MW).
    pub consumption_capacity: Option<VariableQuantity>,
    /// `production-capacity` (MW).
    pub production_capacity: Option<VariableQuantity>,
    /// `charging-efficiency` (ratio).
    pub charging_efficiency: Option<VariableQuantity>,
    /// `discharging-efficiency` (ratio).
    pub discharging_efficiency: Option<VariableQuantity>,
    /// `roundtrip-efficiency` (ratio).
    pub roundtrip_efficiency: Option<f64>,
    /// `storage-efficiency` (ratio per step of the power sensor's resolution).
    pub storage_efficiency: Option<VariableQuantity>,
    /// `prefer-charging-sooner` (default true).
    pub prefer_charging_sooner: Option<bool>,
    /// `prefer-curtailing-later` (default true).
    pub prefer_curtailing_later: Option<bool>,
}

/// The flex-context (spec planning §B.5): prices in `currency`/MWh, capacity prices in
/// `currency`/MW, powers in MW.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlexContext {
    /// The shared currency of all prices (`EUR` when no price is given).
    pub currency: String,
    /// `consumption-price` (or the deprecated `consumption-price-sensor`).
    pub consumption_price: Option<VariableQuantity>,
    /// `production-price` (or `production-price-sensor`).
    pub production_price: Option<VariableQuantity>,
    /// Whether a deprecated `*-price-sensor` field was used (then no default breach prices).
    pub deprecated_price_sensors: bool,
    /// `site-power-capacity`.
    pub site_power_capacity: Option<VariableQuantity>,
    /// `site-consumption-capacity`.
    pub site_consumption_capacity: Option<VariableQuantity>,
    /// `site-production-capacity`.
    pub site_production_capacity: Option<VariableQuantity>,
    /// `site-consumption-breach-price`.
    pub site_consumption_breach_price: Option<VariableQuantity>,
    /// `site-production-breach-price`.
    pub site_production_breach_price: Option<VariableQuantity>,
    /// `site-peak-consumption`.
    pub site_peak_consumption: Option<VariableQuantity>,
    /// `site-peak-consumption-price`.
    pub site_peak_consumption_price: Option<VariableQuantity>,
    /// `site-peak-production`.
    pub site_peak_production: Option<VariableQuantity>,
    /// `site-peak-production-price`.
    pub site_peak_production_price: Option<VariableQuantity>,
    /// `consumption-breach-price`.
    pub consumption_breach_price: Option<VariableQuantity>,
    /// `production-breach-price`.
    pub production_breach_price: Option<VariableQuantity>,
    /// `soc-minima-breach-price`.
    pub soc_minima_breach_price: Option<VariableQuantity>,
    /// `soc-maxima-breach-price`.
    pub soc_maxima_breach_price: Option<VariableQuantity>,
    /// `relax-constraints` (`None`: the default, true).
    pub relax_constraints: Option<bool>,
    /// `relax-soc-constraints`.
    pub relax_soc_constraints: Option<bool>,
    /// `relax-capacity-constraints`.
    pub relax_capacity_constraints: Option<bool>,
    /// `relax-site-capacity-constraints`.
    pub relax_site_capacity_constraints: Option<bool>,
    /// `inflexible-consumption`, `inflexible-production`, `inflexible-device-sensors`.
    pub inflexible_devices: Vec<InflexibleDevice>,
}

/// The 1.0-era part of a scheduling job: the scheduling resolution and the merged, validated
/// flex-model and flex-context.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlexScheduling {
    /// The scheduling resolution in seconds (a multiple of the sensor resolution).
    pub resolution_s: i64,
    /// The flex-model.
    pub flex_model: FlexModel,
    /// The flex-context.
    pub flex_context: FlexContext,
}
