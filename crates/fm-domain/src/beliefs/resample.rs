//! Resampling event values to another resolution (spec domain §2.7, api-legacy-v1 §4.8).
//!
//! This ports timely-beliefs' fast track (one deterministic belief per event, one source), which
//! is what FlexMeasures' endpoints use:
//! - **downsampling** averages the values in each bin (missing/NaN values ignored, so incomplete
//!   bins average what they have; bins between the first and last with no value at all are
//!   returned as `None`). Bins are left-closed, labelled by their start, `to` apart in absolute
//!   time (a P1D bin is 24 h, also across DST) and aligned to the [`BinOrigin`] — by default
//!   midnight of the first event's day in the options' timezone (pandas' `start_day`);
//! - **upsampling** repeats (forward-fills) each value into the finer slots of a grid that
//!   starts at the first event; a value fills at most `ceil(from/to) − 1` following slots, slots
//!   left empty are dropped. When `to` does not divide `from`, original starts that miss the new
//!   grid are lost, as upstream;
//! - **instantaneous** data (`from = 0`, HEAD only) keeps resolution 0 and changes frequency:
//!   per distinct UTC offset of the timezone the values are averaged in bins aligned to local
//!   midnight, and each bin is kept from the pass whose offset it actually has (DST-robust).
//!
//! Averaging is right for flows (kW, °C, EUR/MWh) but wrong for stocks per event (kWh): the
//! originals do not distinguish. [`Aggregation::Sum`] is the opt-in unit-aware alternative
//! (sum on downsampling, equal split on upsampling; §8 #6).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::grid;

/// One event of a series: its start and its value (`None` = missing or NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Event start.
    pub start: DateTime<Utc>,
    /// Event value; never `Some(NaN)` when built with [`Event::new`].
    pub value: Option<f64>,
}

impl Event {
    /// An event; a NaN value is stored as `None`.
    #[must_use]
    pub fn new(start: DateTime<Utc>, value: Option<f64>) -> Self {
        Self {
            start,
            value: value.filter(|v| !v.is_nan()),
        }
    }
}

/// How values are combined on downsampling (and split on upsampling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregation {
    /// Mean on downsampling, repetition on upsampling (the originals' only behaviour).
    #[default]
    Mean,
    /// Opt-in for stock quantities: sum on downsampling (`None` for bins without values),
    /// equal split (value · to/from) on upsampling. Not available for instantaneous data.
    Sum,
}

/// Alignment of downsampling bins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BinOrigin {
    /// Midnight of the first event's day in the options' timezone (pandas' default, v0.9.0).
    #[default]
    StartDay,
    /// The first event start (timely-beliefs ≥ 3.x).
    Start,
    /// A fixed instant, e.g. the epoch for "the resolution grid counted from the epoch".
    At(DateTime<Utc>),
}

/// Parameters of [`resample`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResampleOptions {
    /// Mean (default) or sum.
    pub aggregation: Aggregation,
    /// Bin alignment for downsampling.
    pub origin: BinOrigin,
    /// Timezone of the data (the sensor's): used by [`BinOrigin::StartDay`] and for
    /// instantaneous data.
    pub timezone: Tz,
}

impl Default for ResampleOptions {
    /// Mean, bins aligned to midnight UTC of the first day.
    fn default() -> Self {
        Self {
            aggregation: Aggregation::Mean,
            origin: BinOrigin::StartDay,
            timezone: chrono_tz::UTC,
        }
    }
}

/// Why a resampling request cannot be carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResampleError {
    /// A resolution was negative.
    #[error("Resolutions must not be negative.")]
    NegativeResolution,
    /// Non-instantaneous data cannot be converted to instantaneous events here.
    #[error("Cannot resample events to a zero event resolution.")]
    ToInstantaneous,
    /// Only the mean is defined for instantaneous data.
    #[error("Instantaneous events can only be resampled by mean.")]
    InstantaneousSum,
    /// A grid needs a positive step.
    #[error("The grid resolution must be positive.")]
    NonPositiveStep,
}

/// Resample events of resolution `from` to resolution `to` (see the module docs). Equal
/// resolutions and empty input are no-ops. Events need not be sorted; for duplicate starts the
/// first occurrence counts when upsampling.
pub fn resample(
    events: &[Event],
    from: TimeDelta,
    to: TimeDelta,
    options: &ResampleOptions,
) -> Result<Vec<Event>, ResampleError> {
    let zero = TimeDelta::zero();
    if from < zero || to < zero {
        return Err(ResampleError::NegativeResolution);
    }
    if from == to || events.is_empty() {
        return Ok(events.to_vec());
    }
    if from == zero {
        if options.aggregation != Aggregation::Mean {
            return Err(ResampleError::InstantaneousSum);
        }
        return Ok(resample_instantaneous(events, to, options.timezone));
    }
    if to == zero {
        return Err(ResampleError::ToInstantaneous);
    }
    if to > from {
        let Some(first) = events.iter().map(|e| e.start).min() else {
            return Ok(Vec::new());
        };
        let origin = match options.origin {
            BinOrigin::StartDay => start_of_day(first, options.timezone),
            BinOrigin::Start => first,
            BinOrigin::At(t) => t,
        };
        Ok(downsample(events, to, origin, options.aggregation))
    } else {
        Ok(upsample(events, from, to, options.aggregation))
    }
}

/// Midnight of the local day of `t` in `tz`, as an instant (if local midnight does not exist
/// that day, the earliest instant of the day).
#[must_use]
pub fn start_of_day(t: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let local_day = t.with_timezone(&tz).date_naive();
    let midnight = local_day.and_time(NaiveTime::MIN);
    let earliest = (0..=24).find_map(|h| {
        let local = midnight.checked_add_signed(TimeDelta::hours(h))?;
        tz.from_local_datetime(&local).earliest()
    });
    earliest.map_or(t, |m| m.with_timezone(&Utc))
}

/// Aggregate the values of each bin `[origin + k·to, origin + (k+1)·to)` (`to > 0`).
fn downsample(
    events: &[Event],
    to: TimeDelta,
    origin: DateTime<Utc>,
    aggregation: Aggregation,
) -> Vec<Event> {
    let mut bins: BTreeMap<i128, (f64, usize)> = BTreeMap::new();
    for e in events {
        let acc = bins
            .entry(grid::cell(e.start, origin, to))
            .or_insert((0.0, 0));
        if let Some(v) = e.value.filter(|v| !v.is_nan()) {
            acc.0 += v;
            acc.1 += 1;
        }
    }
    let (Some(&first), Some(&last)) = (bins.keys().next(), bins.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .filter_map(|k| {
            let start = grid::point(origin, k, to)?;
            let value = bins.get(&k).and_then(|&(sum, n)| match (n, aggregation) {
                (0, _) => None,
                (_, Aggregation::Sum) => Some(sum),
                (_, Aggregation::Mean) => Some(sum / n as f64),
            });
            Some(Event { start, value })
        })
        .collect()
}

/// Forward-fill onto the finer grid `first_start + j·to` (`from > to > 0`).
fn upsample(
    events: &[Event],
    from: TimeDelta,
    to: TimeDelta,
    aggregation: Aggregation,
) -> Vec<Event> {
    let mut by_start: BTreeMap<DateTime<Utc>, Option<f64>> = BTreeMap::new();
    for e in events {
        by_start
            .entry(e.start)
            .or_insert(e.value.filter(|v| !v.is_nan()));
    }
    let (Some((&first, _)), Some((&last, _))) =
        (by_start.iter().next(), by_start.iter().next_back())
    else {
        return Vec::new();
    };
    let end = last
        .checked_add_signed(from)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let (from_n, to_n) = (grid::nanos(from), grid::nanos(to));
    let limit = (from_n + to_n - 1) / to_n - 1; // ceil(from/to) − 1
    let split = match aggregation {
        Aggregation::Mean => 1.0,
        Aggregation::Sum => from_n as f64 / to_n as f64,
    };
    let mut out = Vec::new();
    let (mut last_value, mut gap): (Option<f64>, i128) = (None, 0);
    let mut j: i128 = 0;
    while let Some(t) = grid::point(first, j, to).filter(|t| *t < end) {
        match by_start.get(&t).copied().flatten() {
            Some(v) => {
                last_value = Some(v);
                gap = 0;
                out.push(Event::new(t, Some(v / split)));
            }
            None => {
                gap += 1;
                if let Some(v) = last_value.filter(|_| gap <= limit) {
                    out.push(Event::new(t, Some(v / split)));
                }
            }
        }
        j += 1;
    }
    out
}

/// Mean of instantaneous values per bin of `to`, aligned to local midnight per UTC offset of
/// `tz` (`to > 0`); empty bins are dropped.
fn resample_instantaneous(events: &[Event], to: TimeDelta, tz: Tz) -> Vec<Event> {
    let offset_at =
        |t: DateTime<Utc>| -> FixedOffset { tz.offset_from_utc_datetime(&t.naive_utc()).fix() };
    let mut offsets: Vec<FixedOffset> = Vec::new();
    for e in events {
        let o = offset_at(e.start);
        if !offsets.contains(&o) {
            offsets.push(o);
        }
    }
    let Some(first) = events.iter().map(|e| e.start).min() else {
        return Vec::new();
    };
    let mut out: Vec<Event> = Vec::new();
    for offset in offsets {
        let local_day = first.with_timezone(&offset).date_naive();
        let origin = offset
            .from_local_datetime(&local_day.and_time(NaiveTime::MIN))
            .earliest()
            .map_or(first, |m| m.with_timezone(&Utc));
        out.extend(
            downsample(events, to, origin, Aggregation::Mean)
                .into_iter()
                .filter(|e| e.value.is_some() && offset_at(e.start) == offset),
        );
    }
    out.sort_by_key(|e| e.start);
    out
}

/// Repeat each value `k` times: the legacy POST upsampling of a value list whose inferred
/// resolution is `k` times the sensor's (e.g. `[v0, v1]` over PT1H for a 15-minute sensor:
/// `k = 2`, giving `[v0, v0, v1, v1]`).
#[must_use]
pub fn repeat_values<T: Clone>(values: &[T], k: usize) -> Vec<T> {
    values
        .iter()
        .flat_map(|v| std::iter::repeat_n(v.clone(), k))
        .collect()
}
