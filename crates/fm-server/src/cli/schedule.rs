//! `flexmeasures add schedule`: compute a battery or charging-station schedule now, or queue it.

use chrono::{DateTime, Utc};
use fm_domain::scheduling::{SCHEDULING_FUNC, SCHEDULING_QUEUE, SchedulingJob};
use fm_domain::time::{IsoDuration, parse_aware_datetime_v3};
use fm_storage::Ts;
use fm_storage::jobs::{NewJob, enqueue};
use serde_json::Value;

use crate::error::CliError;
use crate::runtime::Runtime;

/// Options of `add schedule`, named as the original's.
#[derive(Debug, clap::Args)]
pub(super) struct AddSchedule {
    /// The device's power sensor.
    #[arg(long = "sensor-id")]
    sensor_id: i32,
    /// The price sensor to optimise against.
    #[arg(long = "optimization-context-id")]
    optimization_context_id: i32,
    /// Start of the schedule (ISO 8601 with offset).
    #[arg(long)]
    start: String,
    /// Length of the schedule (ISO 8601 duration, e.g. PT24H).
    #[arg(long)]
    duration: String,
    /// State of charge at the start: an energy (`0.2 MWh`, `150 kWh`), a percentage of the
    /// battery's `max_soc_in_mwh` (`50%`), or a number of MWh.
    #[arg(long = "soc-at-start")]
    soc_at_start: String,
    /// A state-of-charge target: a quantity and an ISO 8601 datetime (repeatable).
    #[arg(long = "soc-target", num_args = 2, value_names = ["QUANTITY", "DATETIME"])]
    soc_target: Vec<String>,
    /// Lowest state of charge (a quantity as for --soc-at-start).
    #[arg(long = "soc-min")]
    soc_min: Option<String>,
    /// Highest state of charge (a quantity as for --soc-at-start).
    #[arg(long = "soc-max")]
    soc_max: Option<String>,
    /// Round-trip efficiency, e.g. 90% or 0.9.
    #[arg(long = "roundtrip-efficiency", default_value = "100%")]
    roundtrip_efficiency: String,
    /// Queue a scheduling job instead of computing the schedule now.
    #[arg(long = "as-job")]
    as_job: bool,
}

fn aborted(message: impl Into<String>) -> CliError {
    CliError::Aborted(message.into())
}

/// A state of charge in MWh: an energy quantity, a percentage of `max_soc_mwh`, or plain MWh.
fn soc_mwh(text: &str, max_soc_mwh: Option<f64>) -> Result<f64, CliError> {
    let text = text.trim();
    if let Ok(mwh) = text.parse::<f64>() {
        return Ok(mwh);
    }
    if let Some(percent) = text.strip_suffix('%') {
        let fraction = percent.trim().parse::<f64>().map_err(|_| aborted(format!("Not a valid quantity: {text}")))? / 100.0;
        let max = max_soc_mwh.ok_or_else(|| aborted("A percentage needs the battery's max_soc_in_mwh attribute."))?;
        return Ok(fraction * max);
    }
    fm_domain::units::convert_to_quantity(text, "MWh").map(|q| q.magnitude).map_err(|e| aborted(format!("{text}: {e}")))
}

fn ratio(text: &str) -> Result<f64, CliError> {
    let text = text.trim();
    let value = match text.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
        None => text.parse::<f64>(),
    }
    .map_err(|_| aborted(format!("Not a valid round-trip efficiency: {text}")))?;
    if value > 0.0 && value <= 1.0 { Ok(value) } else { Err(aborted("The round-trip efficiency must be within (0, 100%].")) }
}

fn datetime(text: &str, option: &str) -> Result<DateTime<Utc>, CliError> {
    parse_aware_datetime_v3(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| aborted(format!("--{option} must be an ISO 8601 datetime with an offset, e.g. 2024-01-01T00:00:00+01:00.")))
}

pub(super) fn add_schedule(rt: &Runtime, o: &AddSchedule) -> Result<(), CliError> {
    let mut conn = rt.db.conn()?;
    let (_, asset) = fm_storage::sensors::find_sensor_with_asset(&mut conn, o.sensor_id)?;
    fm_storage::sensors::find_sensor(&mut conn, o.optimization_context_id)?;
    let attributes: Value = serde_json::from_str(&asset.attributes).unwrap_or_default();
    let max_soc = attributes.get("max_soc_in_mwh").and_then(Value::as_f64);
    let start = datetime(&o.start, "start")?;
    let duration = IsoDuration::parse(&o.duration).map_err(|e| aborted(format!("--duration: {e}")))?;
    let length = duration.ground(&start).filter(|d| *d > chrono::TimeDelta::zero()).ok_or_else(|| aborted("--duration must be positive."))?;
    let soc_targets = o
        .soc_target
        .chunks(2)
        .map(|pair| match pair {
            [quantity, at] => Ok((datetime(at, "soc-target")?, soc_mwh(quantity, max_soc)?)),
            _ => Err(aborted("--soc-target takes a quantity and a datetime.")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let job = SchedulingJob {
        sensor_id: o.sensor_id,
        start,
        end: start + length,
        belief_time: Utc::now(),
        soc_at_start: soc_mwh(&o.soc_at_start, max_soc)?,
        soc_min: o.soc_min.as_deref().map(|s| soc_mwh(s, max_soc)).transpose()?,
        soc_max: o.soc_max.as_deref().map(|s| soc_mwh(s, max_soc)).transpose()?,
        soc_targets,
        roundtrip_efficiency: Some(ratio(&o.roundtrip_efficiency)?),
        price_sensor_id: Some(o.optimization_context_id),
        flex: None,
    };
    if o.as_job {
        let payload = serde_json::to_string(&job).map_err(|e| aborted(e.to_string()))?;
        let mut new = NewJob::new(SCHEDULING_QUEUE, SCHEDULING_FUNC);
        new.payload = &payload;
        new.sensor_id = Some(o.sensor_id);
        let queued = enqueue(&mut conn, &new, Ts(Utc::now()))?;
        say!("New scheduling job {} has been added to the queue.", queued.id);
    } else {
        crate::scheduling::executor::make_schedule(&mut conn, &job).map_err(|reason| aborted(format!("Scheduling failed: {reason}")))?;
        say!("New schedule is stored.");
    }
    Ok(())
}
