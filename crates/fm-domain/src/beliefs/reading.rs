//! From a sensor's beliefs to the series a reader asks for: belief-time filter, most recent
//! belief per event and source, latest source versions, one deterministic value per event, and
//! resampling onto the requested grid (the HEAD reading rules, spec api-v3_0 §7.4).

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use super::{
    Belief, BinOrigin, ResampleOptions, SourceVersion, events_from_beliefs, keep_latest_version, most_recent_beliefs,
    one_deterministic_belief_per_event, reindex, resample, values,
};
use crate::time::KnowledgeHorizonFnc;

/// What reading needs to know of a data source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// Source id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Type (`user`, `scheduler`, ...).
    pub source_type: String,
    /// Model name.
    pub model: Option<String>,
    /// Model version.
    pub version: Option<String>,
}

/// The default output resolution of an instantaneous sensor for a window of `length`.
pub fn instantaneous_default_resolution(length: TimeDelta) -> TimeDelta {
    crate::time::default_resolution_for(length)
}

/// What a reader asks for.
#[derive(Debug, Clone)]
pub struct ReadWindow {
    /// Window start.
    pub start: DateTime<Utc>,
    /// Window end (exclusive).
    pub end: DateTime<Utc>,
    /// Output grid step.
    pub resolution: TimeDelta,
    /// Only beliefs formed at or before this time.
    pub prior: Option<DateTime<Utc>>,
}

/// The values on the grid of `window` (in the sensor's unit), `None` where nothing is known.
pub fn read_series(
    stored: &[Belief],
    sources: &[SourceInfo],
    sensor_resolution: TimeDelta,
    knowledge: &KnowledgeHorizonFnc,
    window: &ReadWindow,
) -> Result<Vec<Option<f64>>, String> {
    let mut beliefs = Vec::with_capacity(stored.len());
    for belief in stored.iter().copied() {
        if let Some(prior) = window.prior {
            let formed = knowledge.belief_time(&belief.event_start, sensor_resolution, belief.belief_horizon).map_err(|e| e.to_string())?;
            if formed > prior {
                continue;
            }
        }
        beliefs.push(belief);
    }
    let by_id: HashMap<i32, &SourceInfo> = sources.iter().map(|s| (s.id, s)).collect();
    let version = |id: i32| SourceVersion::from_optional(by_id.get(&id).and_then(|s| s.version.as_deref()));
    let group = |id: i32| by_id.get(&id).map(|s| (s.name.clone(), s.source_type.clone(), s.model.clone()));
    let latest = most_recent_beliefs(&beliefs);
    let latest = keep_latest_version(&latest, group, |id| (version(id), id), true);
    let chosen = one_deterministic_belief_per_event(&latest, version);
    let mut events = events_from_beliefs(&chosen);
    if window.resolution != sensor_resolution {
        let options = ResampleOptions { origin: BinOrigin::At(window.start), ..ResampleOptions::default() };
        events = resample(&events, sensor_resolution, window.resolution, &options).map_err(|e| e.to_string())?;
    }
    events.retain(|e| e.start >= window.start && e.start + window.resolution <= window.end);
    Ok(values(&reindex(&events, window.start, window.end, window.resolution).map_err(|e| e.to_string())?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(minute: i64, horizon_min: i64, source: i32, value: f64) -> Belief {
        let start = Utc.with_ymd_and_hms(2021, 5, 1, 22, 0, 0).unwrap() + TimeDelta::minutes(minute);
        Belief::new(start, TimeDelta::minutes(horizon_min), source, value)
    }

    fn source(id: i32, version: Option<&str>) -> SourceInfo {
        SourceInfo { id, name: format!("s{id}"), source_type: "user".into(), model: None, version: version.map(str::to_owned) }
    }

    fn window(minutes: i64, resolution_min: i64, prior: Option<DateTime<Utc>>) -> ReadWindow {
        let start = Utc.with_ymd_and_hms(2021, 5, 1, 22, 0, 0).unwrap();
        ReadWindow { start, end: start + TimeDelta::minutes(minutes), resolution: TimeDelta::minutes(resolution_min), prior }
    }

    #[test]
    fn downsamples_by_mean_and_fills_gaps_with_none() {
        let rows = [row(0, 0, 1, 91.3), row(10, 0, 1, 91.7), row(20, 0, 1, 92.1)];
        let out = read_series(&rows, &[source(1, None)], TimeDelta::minutes(10), &KnowledgeHorizonFnc::default(), &window(80, 20, None)).unwrap();
        assert_eq!(out.len(), 4);
        assert!((out[0].unwrap() - 91.5).abs() < 1e-9);
        assert_eq!(out[1], Some(92.1));
        assert_eq!(&out[2..], [None, None]);
    }

    #[test]
    fn the_most_recent_belief_wins_and_prior_looks_back() {
        let rows = [row(0, 60, 1, 1.0), row(0, 0, 1, 2.0)];
        let sources = [source(1, None)];
        let ten = TimeDelta::minutes(10);
        let knowledge = KnowledgeHorizonFnc::default();
        assert_eq!(read_series(&rows, &sources, ten, &knowledge, &window(10, 10, None)).unwrap(), [Some(2.0)]);
        let early = Utc.with_ymd_and_hms(2021, 5, 1, 21, 30, 0).unwrap();
        assert_eq!(read_series(&rows, &sources, ten, &knowledge, &window(10, 10, Some(early))).unwrap(), [Some(1.0)]);
    }

    #[test]
    fn the_higher_source_version_wins() {
        let rows = [row(0, 0, 1, 1.0), row(0, 5, 2, 2.0)];
        let out = read_series(&rows, &[source(1, Some("1.0")), source(2, Some("2.0"))], TimeDelta::minutes(10), &KnowledgeHorizonFnc::default(), &window(10, 10, None)).unwrap();
        assert_eq!(out, [Some(2.0)]);
    }
}
