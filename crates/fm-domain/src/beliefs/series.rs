//! Event series for responses: from beliefs to values, reindexing onto a full grid (missing
//! events become `None`, which the GET endpoints render as `null`) and multi-sensor sums
//! (spec domain §2.7 "API GET", §2.8).

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::belief::Belief;
use super::grid;
use super::resample::{Event, ResampleError};

/// One value per event start, sorted by start: the first belief per event in input order wins
/// (collapse with
/// [`one_deterministic_belief_per_event`](super::one_deterministic_belief_per_event) first).
/// NaN values become `None`.
#[must_use]
pub fn events_from_beliefs(beliefs: &[Belief]) -> Vec<Event> {
    let mut by_start: BTreeMap<DateTime<Utc>, f64> = BTreeMap::new();
    for b in beliefs {
        by_start.entry(b.event_start).or_insert(b.event_value);
    }
    by_start
        .into_iter()
        .map(|(start, v)| Event::new(start, Some(v)))
        .collect()
}

/// The grid `[start, end)` stepped by `resolution` (left-closed, so `end` itself is excluded).
pub fn grid_starts(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    resolution: TimeDelta,
) -> Result<Vec<DateTime<Utc>>, ResampleError> {
    if resolution <= TimeDelta::zero() {
        return Err(ResampleError::NonPositiveStep);
    }
    let mut out = Vec::new();
    let mut k: i128 = 0;
    while let Some(t) = grid::point(start, k, resolution).filter(|t| *t < end) {
        out.push(t);
        k += 1;
    }
    Ok(out)
}

/// Reindex events onto the full grid `[start, end)` with step `resolution`: one entry per grid
/// point, carrying the value of the event starting exactly there (first occurrence wins) or
/// `None`. Events off the grid or outside the window are dropped, as pandas' `reindex` does.
pub fn reindex(
    events: &[Event],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    resolution: TimeDelta,
) -> Result<Vec<Event>, ResampleError> {
    let starts = grid_starts(start, end, resolution)?;
    let mut by_start: BTreeMap<DateTime<Utc>, Option<f64>> = BTreeMap::new();
    for e in events.iter().filter(|e| e.start >= start && e.start < end) {
        if grid::on_grid(e.start, start, resolution) {
            by_start.entry(e.start).or_insert(e.value);
        }
    }
    Ok(starts
        .into_iter()
        .map(|t| Event::new(t, by_start.get(&t).copied().flatten()))
        .collect())
}

/// Values of the events, in order (for response bodies: `None` → `null`).
#[must_use]
pub fn values(events: &[Event]) -> Vec<Option<f64>> {
    events.iter().map(|e| e.value).collect()
}

/// `sum_multiple`: add the series of several sensors per event start. A value missing from
/// one series counts as 0; an event with no value in any series stays `None`. The result is
/// sorted by start and covers every start present in any series.
#[must_use]
pub fn sum_multiple(series: &[Vec<Event>]) -> Vec<Event> {
    let mut sums: BTreeMap<DateTime<Utc>, Option<f64>> = BTreeMap::new();
    for e in series.iter().flatten() {
        let slot = sums.entry(e.start).or_insert(None);
        if let Some(v) = e.value.filter(|v| !v.is_nan()) {
            *slot = Some(slot.unwrap_or(0.0) + v);
        }
    }
    sums.into_iter().map(|(t, v)| Event::new(t, v)).collect()
}
