//! The 1.0-era scheduling job (flex-model and flex-context, spec planning §B.10–§B.13): the
//! fields onto the grid, the defaults of §B.6 and §B.8, the HEAD model, and the schedule
//! stored under the `StorageScheduler` data source.

mod model;
mod series;

use chrono::{DateTime, TimeDelta, Utc};
use fm_domain::scheduling::{FlexScheduling, SchedulingJob};
use fm_planning::{PlanningError, schedule_head};
use fm_storage::DbConnection;
use fm_storage::sensors::find_sensor_with_asset;

use crate::executor::{JobFailure, failure};

pub use fm_domain::scheduling::HEAD_SCHEDULER_SOURCE;

/// A 1.0-era schedule: the power per slot (consumption positive) at the scheduling resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct FlexPlanned {
    /// Start of the first slot.
    pub start: DateTime<Utc>,
    /// The scheduling resolution.
    pub resolution: TimeDelta,
    /// Power per slot in MW, consumption positive.
    pub power: Vec<f64>,
    /// Cost per commitment.
    pub commitment_costs: std::collections::BTreeMap<String, f64>,
}

/// Computes the schedule of a 1.0-era job.
pub fn plan_flex(conn: &mut DbConnection, job: &SchedulingJob, flex: &FlexScheduling) -> Result<FlexPlanned, JobFailure> {
    let storage = |e: fm_storage::StorageError| failure("StorageError", e);
    let (sensor, asset) = find_sensor_with_asset(conn, job.sensor_id).map_err(storage)?;
    let model = model::head_model(conn, job, flex, &sensor, &asset)?;
    let schedule = schedule_head(&model).map_err(|e| match e {
        PlanningError::Infeasible(condition) => failure("InfeasibleProblemException", format!("{condition}.")),
        other => failure("ValueError", other),
    })?;
    Ok(FlexPlanned { start: schedule.start, resolution: schedule.resolution, power: schedule.power, commitment_costs: schedule.commitment_costs })
}

/// Stores a 1.0-era schedule on the device's power sensor at its own resolution (each slot's
/// value repeated), negated unless the sensor records consumption as positive (spec §B.13);
/// returns the number of beliefs.
pub fn store_flex(conn: &mut DbConnection, job: &SchedulingJob, planned: &FlexPlanned) -> Result<usize, JobFailure> {
    use fm_domain::time::KnowledgeHorizonFnc;
    use fm_storage::Ts;
    use fm_storage::beliefs::{BeliefRow, save_beliefs};
    use fm_storage::data_sources::get_or_create_source;

    let storage = |e: fm_storage::StorageError| failure("StorageError", e);
    let (sensor, asset) = find_sensor_with_asset(conn, job.sensor_id).map_err(storage)?;
    let (name, kind, model, version) = HEAD_SCHEDULER_SOURCE;
    let (source, _) = get_or_create_source(conn, name, kind, Some(model), Some(version)).map_err(storage)?;
    let consumption_positive = crate::executor::attribute(&crate::executor::object(&sensor.attributes), &crate::executor::object(&asset.attributes), "consumption_is_positive")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let sign = if consumption_positive || !fm_domain::units::is_power_unit(&sensor.unit) { 1.0 } else { -1.0 };
    let sensor_resolution = TimeDelta::seconds(sensor.event_resolution_s);
    let step = if sensor_resolution > TimeDelta::zero() { sensor_resolution } else { planned.resolution };
    let repeat = usize::try_from(planned.resolution.num_seconds() / step.num_seconds().max(1)).unwrap_or(1).max(1);
    let params: serde_json::Value = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or_default();
    let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).map_err(|e| failure("ValueError", e))?;
    let mut rows = Vec::with_capacity(planned.power.len() * repeat);
    for (i, value) in planned.power.iter().flat_map(|p| std::iter::repeat_n(*p, repeat)).enumerate() {
        let event_start = planned.start + step * i32::try_from(i).unwrap_or(i32::MAX);
        let horizon = knowledge.belief_horizon(&event_start, step, &job.belief_time).map_err(|e| failure("ValueError", e))?;
        let value = sign * fm_domain::units::convert_value(value, "MW", &sensor.unit, Some(step), None).map_err(|e| failure("ValueError", e))?;
        rows.push(BeliefRow {
            sensor_id: sensor.id,
            event_start: Ts(event_start),
            source_id: source.id,
            belief_horizon_ms: horizon.num_milliseconds(),
            cumulative_probability: 0.5,
            event_value: value + 0.0,
        });
    }
    save_beliefs(conn, &rows, true).map_err(storage)?;
    Ok(rows.len())
}
