//! What a scheduling job carries: everything `make_schedule` needs, fixed at request time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The queue scheduling jobs go on.
pub const SCHEDULING_QUEUE: &str = "scheduling";
/// The job function name of scheduling jobs.
pub const SCHEDULING_FUNC: &str = "make_schedule";

/// The arguments of one scheduling job (SoC values in MWh).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// `FLEXMEASURES_PLANNING_HORIZON`: how far ahead a schedule reaches (48 hours).
pub const PLANNING_HORIZON: chrono::TimeDelta = chrono::TimeDelta::hours(48);
