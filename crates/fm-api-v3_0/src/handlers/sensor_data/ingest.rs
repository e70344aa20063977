//! From a posted message to the beliefs to store: upsampling, unit conversion, start alignment,
//! event layout, belief timing and downsampling, in the original's order.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use fm_domain::beliefs::{BinOrigin, Event, ResampleOptions, repeat_values, resample};
use fm_domain::time::{KnowledgeHorizonFnc, floor_to_resolution, format_timedelta};
use fm_storage::Ts;
use fm_storage::beliefs::BeliefRow;
use fm_storage::sensors::Sensor;

/// When the beliefs were formed.
#[derive(Debug, Clone, Copy)]
pub enum BeliefTiming {
    /// Every belief was formed at this time.
    Prior(DateTime<Utc>),
    /// Every belief has this horizon.
    Horizon(TimeDelta),
}

/// A validated POST message.
#[derive(Debug, Clone)]
pub struct Posted {
    /// The values (`None`: missing, not stored).
    pub values: Vec<Option<f64>>,
    /// Start of the first event.
    pub start: DateTime<FixedOffset>,
    /// Span of all values.
    pub duration: TimeDelta,
    /// Unit of the values.
    pub unit: String,
    /// Belief timing.
    pub timing: BeliefTiming,
    /// Legacy message type, if named.
    pub message_type: Option<String>,
}

/// A sensor's event resolution.
pub fn resolution_of(sensor: &Sensor) -> TimeDelta {
    TimeDelta::seconds(sensor.event_resolution_s)
}

/// A sensor's knowledge-horizon function.
pub fn knowledge_of(sensor: &Sensor) -> Result<KnowledgeHorizonFnc, String> {
    let params: serde_json::Value = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or_default();
    KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).map_err(|e| e.to_string())
}

fn nanos(d: TimeDelta) -> i128 {
    i128::from(d.num_seconds()) * 1_000_000_000 + i128::from(d.subsec_nanos())
}

/// The resolution checks of the message against the sensor; the error is a `_schema` message.
pub fn check_resolution(values: usize, duration: TimeDelta, sensor_resolution: TimeDelta) -> Result<TimeDelta, String> {
    let n = i128::try_from(values).unwrap_or(i128::MAX).max(1);
    let total = nanos(duration);
    if total % n != 0 {
        return Err(format!("The duration {} cannot be divided evenly over {values} values.", format_timedelta(duration)));
    }
    let r = TimeDelta::nanoseconds(i64::try_from(total / n).unwrap_or(i64::MAX));
    let big_r = nanos(sensor_resolution);
    let small_r = nanos(r);
    if big_r > 0 && small_r == 0 {
        return Err("Cannot infer a non-zero event resolution from a zero duration.".to_owned());
    }
    if values > 1 && small_r == 0 {
        return Err("Several instantaneous values cannot share one moment: the duration must not be zero.".to_owned());
    }
    if big_r > 0 && small_r % big_r != 0 && big_r % small_r != 0 {
        return Err(format!(
            "Resolution of {} is incompatible with the sensor's required resolution of {}.",
            format_timedelta(r),
            format_timedelta(sensor_resolution)
        ));
    }
    Ok(r)
}

/// Why a message cannot be turned into beliefs (each is a 422).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    /// A message-level problem, reported under `_schema`.
    Schema(String),
    /// The unit cannot be converted.
    Unit(String),
}

/// The beliefs of `source_id` that `posted` describes for `sensor`.
pub fn beliefs_for(sensor: &Sensor, posted: &Posted, source_id: i32) -> Result<Vec<BeliefRow>, IngestError> {
    let sensor_res = resolution_of(sensor);
    let r = check_resolution(posted.values.len(), posted.duration, sensor_res).map_err(IngestError::Schema)?;
    let (values, step) = if sensor_res > TimeDelta::zero() && r > sensor_res {
        let k = usize::try_from(nanos(r) / nanos(sensor_res)).unwrap_or(1);
        (repeat_values(&posted.values, k), sensor_res)
    } else {
        (posted.values.clone(), r)
    };
    let conversion_res = (step > TimeDelta::zero()).then_some(step);
    let conversion = fm_domain::units::unit_conversion(&posted.unit, &sensor.unit, conversion_res, None)
        .map_err(|e| IngestError::Unit(e.to_string()))?;
    let floor = !sensor.attributes.contains("\"floor_datetimes_to_resolution\": false")
        && !sensor.attributes.contains("\"floor_datetimes_to_resolution\":false");
    let start = if sensor_res > TimeDelta::zero() && floor { floor_to_resolution(&posted.start, sensor_res) } else { posted.start };
    let start = start.with_timezone(&Utc);
    let mut events: Vec<Event> = values
        .iter()
        .enumerate()
        .map(|(i, v)| Event::new(start + step * i32::try_from(i).unwrap_or(i32::MAX), v.map(|x| conversion.apply(x))))
        .collect();
    if sensor_res > TimeDelta::zero() && step < sensor_res {
        let options = ResampleOptions { origin: BinOrigin::At(start), ..ResampleOptions::default() };
        events = resample(&events, step, sensor_res, &options).map_err(|e| IngestError::Schema(e.to_string()))?;
    }
    let knowledge = knowledge_of(sensor).map_err(IngestError::Schema)?;
    let mut beliefs = Vec::with_capacity(events.len());
    for event in events {
        let Some(value) = event.value else { continue };
        let horizon = match posted.timing {
            BeliefTiming::Horizon(h) => h,
            BeliefTiming::Prior(p) => knowledge.belief_horizon(&event.start, sensor_res, &p).map_err(|e| IngestError::Schema(e.to_string()))?,
        };
        beliefs.push(BeliefRow {
            sensor_id: sensor.id,
            event_start: Ts(event.start),
            source_id,
            belief_horizon_ms: horizon.num_milliseconds(),
            cumulative_probability: 0.5,
            event_value: value,
        });
    }
    match posted.message_type.as_deref() {
        Some("PostMeterDataRequest") if beliefs.iter().any(|b| b.belief_horizon_ms > 0) => {
            Err(IngestError::Schema("Meter data must have a horizon of zero or less (measurements are made after the fact).".to_owned()))
        }
        Some("PostPrognosisRequest") if beliefs.iter().any(|b| b.belief_horizon_ms < 0) => {
            Err(IngestError::Schema("Prognoses must have a horizon of zero or more (they are made before the fact).".to_owned()))
        }
        _ => Ok(beliefs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sensor(resolution_s: i64, unit: &str) -> Sensor {
        Sensor {
            id: 1,
            name: "s".into(),
            unit: unit.into(),
            timezone: "UTC".into(),
            event_resolution_s: resolution_s,
            knowledge_horizon_fnc: "ex_post".into(),
            knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#.into(),
            generic_asset_id: 1,
            attributes: "{}".into(),
        }
    }

    fn posted(values: Vec<Option<f64>>, minutes: i64, unit: &str) -> Posted {
        let start = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2024, 1, 1, 1, 4, 40).unwrap();
        Posted { values, start, duration: TimeDelta::minutes(minutes), unit: unit.into(), timing: BeliefTiming::Horizon(TimeDelta::zero()), message_type: None }
    }

    #[test]
    fn resolution_rules() {
        let ten = TimeDelta::minutes(10);
        assert!(check_resolution(2, TimeDelta::minutes(40), ten).is_ok());
        assert!(check_resolution(2, TimeDelta::minutes(10), ten).is_ok());
        assert!(check_resolution(2, TimeDelta::minutes(30), ten).is_err());
        assert!(check_resolution(1, TimeDelta::zero(), ten).is_err());
        assert!(check_resolution(2, TimeDelta::zero(), TimeDelta::zero()).is_err());
        assert!(check_resolution(1, TimeDelta::zero(), TimeDelta::zero()).is_ok());
    }

    #[test]
    fn upsamples_converts_and_floors() {
        let beliefs = beliefs_for(&sensor(300, "MW"), &posted(vec![Some(1000.0), None], 20, "kW"), 7).unwrap();
        assert_eq!(beliefs.len(), 2, "the missing value is not stored");
        assert_eq!(beliefs[0].event_start.0, Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(), "floored to 5 minutes");
        assert_eq!(beliefs[1].event_start.0, Utc.with_ymd_and_hms(2024, 1, 1, 0, 5, 0).unwrap());
        assert!(beliefs.iter().all(|b| (b.event_value - 1.0).abs() < 1e-12 && b.source_id == 7));
    }

    #[test]
    fn downsamples_by_mean() {
        let beliefs = beliefs_for(&sensor(600, "MW"), &posted(vec![Some(100.0), Some(200.0)], 10, "MW"), 1).unwrap();
        assert_eq!(beliefs.iter().map(|b| b.event_value).collect::<Vec<_>>(), [150.0]);
    }

    #[test]
    fn prior_gives_each_event_its_horizon() {
        let mut p = posted(vec![Some(1.0), Some(2.0)], 30, "MW");
        p.timing = BeliefTiming::Prior(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
        let beliefs = beliefs_for(&sensor(900, "MW"), &p, 1).unwrap();
        assert_eq!(beliefs.iter().map(|b| b.belief_horizon_ms).collect::<Vec<_>>(), [900_000, 1_800_000]);
        p.message_type = Some("PostMeterDataRequest".into());
        assert!(matches!(beliefs_for(&sensor(900, "MW"), &p, 1), Err(IngestError::Schema(_))));
    }
}
