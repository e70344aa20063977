//! Variable quantities onto the slot grid (spec planning §B.4): fixed values, sensor data
//! (beliefs formed before the belief time, converted from the sensor's unit) and time series.

use chrono::{DateTime, TimeDelta, Utc};
use fm_domain::beliefs::{ReadWindow, read_series};
use fm_domain::scheduling::{Segment, VariableQuantity};
use fm_domain::time::KnowledgeHorizonFnc;
use fm_planning::head::Series;
use fm_storage::beliefs::{BeliefQuery, BeliefRow, search_beliefs};
use fm_storage::data_sources::{DataSource, sources_by_ids};
use fm_storage::sensors::find_sensor;
use fm_storage::{DbConnection, Ts};
use serde_json::Value;

use crate::executor::{JobFailure, failure};

/// How overlapping time-series segments combine (spec §B.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overlap {
    /// The earliest-listed segment wins.
    First,
    /// The lowest value wins.
    Min,
    /// The highest value wins.
    Max,
}

/// Whether a field constrains intervals (slots) or instants (the slot ends, SoC fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// Slot `j` is `[t_j, t_j + Δ)`.
    Interval,
    /// Entry `j` is the instant `t_{j+1}`.
    Instant,
}

/// The scheduling window and what reading needs.
pub(crate) struct Grid {
    /// `t_0`.
    pub start: DateTime<Utc>,
    /// `Δ`.
    pub resolution: TimeDelta,
    /// `N`.
    pub steps: usize,
    /// Only data believed before this time is used.
    pub belief_time: DateTime<Utc>,
}

impl Grid {
    /// `t_j`.
    pub(crate) fn at(&self, j: usize) -> DateTime<Utc> {
        self.start + self.resolution * i32::try_from(j).unwrap_or(i32::MAX)
    }
}

/// A field's value on the grid, in `unit` (sensor data is converted into it).
pub(crate) fn on_grid(
    conn: &mut DbConnection,
    grid: &Grid,
    quantity: Option<&VariableQuantity>,
    unit: &str,
    timing: Timing,
    overlap: Overlap,
) -> Result<Series, JobFailure> {
    let n = grid.steps;
    match quantity {
        None => Ok(vec![None; n]),
        Some(VariableQuantity::Fixed { value }) => Ok(vec![Some(*value); n]),
        Some(VariableQuantity::Series { segments }) => Ok(segments_on_grid(grid, segments, timing, overlap)),
        Some(VariableQuantity::Sensor { sensor, default }) => {
            let values = sensor_on_grid(conn, grid, *sensor, unit, timing)?;
            Ok(values.into_iter().map(|v| v.or(*default)).collect())
        }
    }
}

/// Segments onto the grid: interval fields set the slots starting in `[s, e − Δ]`, instant
/// fields the instants in `[s, e]`.
pub(crate) fn segments_on_grid(grid: &Grid, segments: &[Segment], timing: Timing, overlap: Overlap) -> Series {
    let mut out: Series = vec![None; grid.steps];
    for (j, slot) in out.iter_mut().enumerate() {
        let covered = |s: &&Segment| match timing {
            Timing::Interval => s.start <= grid.at(j) && grid.at(j) <= s.end - grid.resolution,
            Timing::Instant => s.start <= grid.at(j + 1) && grid.at(j + 1) <= s.end,
        };
        for segment in segments.iter().filter(covered) {
            *slot = Some(match (*slot, overlap) {
                (None, _) => segment.value,
                (Some(v), Overlap::First) => v,
                (Some(v), Overlap::Min) => v.min(segment.value),
                (Some(v), Overlap::Max) => v.max(segment.value),
            });
        }
    }
    out
}

/// Extends the first and last known values to the window edges (`fill_sides`).
pub(crate) fn fill_sides(series: &mut Series) {
    let (Some(first), Some(last)) = (series.iter().position(Option::is_some), series.iter().rposition(Option::is_some)) else {
        return;
    };
    let (head, tail) = (series[first], series[last]);
    series[..first].fill(head);
    series[last + 1..].fill(tail);
}

/// A sensor's data on the grid (instant fields: at `t_1 … t_N`), converted into `unit`.
fn sensor_on_grid(conn: &mut DbConnection, grid: &Grid, id: i32, unit: &str, timing: Timing) -> Result<Series, JobFailure> {
    let storage = |e: fm_storage::StorageError| failure("StorageError", e);
    let sensor = find_sensor(conn, id).map_err(|_| failure("ValueError", format!("No sensor found with id {id}.")))?;
    let span = grid.resolution * i32::try_from(grid.steps).unwrap_or(i32::MAX);
    let start = match timing {
        Timing::Interval => grid.start,
        Timing::Instant => grid.start + grid.resolution,
    };
    let end = start + span;
    let sensor_resolution = TimeDelta::seconds(sensor.event_resolution_s);
    let query = BeliefQuery { starts_from: Some(Ts(start)), starts_before: Some(Ts(end)), ..Default::default() };
    let rows = search_beliefs(conn, id, &query).map_err(storage)?;
    let mut ids: Vec<i32> = rows.iter().map(|r| r.source_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let sources: Vec<_> = sources_by_ids(conn, &ids).map_err(storage)?.iter().map(DataSource::info).collect();
    let beliefs: Vec<_> = rows.iter().map(BeliefRow::to_belief).collect();
    let params: Value = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or_default();
    let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).unwrap_or_default();
    let window = ReadWindow { start, end, resolution: grid.resolution, prior: Some(grid.belief_time) };
    let values = read_series(&beliefs, &sources, sensor_resolution, &knowledge, &window).map_err(|e| failure("ValueError", e))?;
    let conversion = fm_domain::units::unit_conversion(&sensor.unit, unit, Some(grid.resolution), None)
        .map_err(|e| failure("ValueError", format!("Cannot convert the data of sensor {id}: {e}")))?;
    Ok(values.into_iter().map(|v| v.map(|v| conversion.apply(v))).collect())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn grid() -> Grid {
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        Grid { start, resolution: TimeDelta::hours(1), steps: 4, belief_time: start }
    }

    fn segment(from: i64, to: i64, value: f64) -> Segment {
        let g = grid();
        Segment { start: g.start + TimeDelta::hours(from), end: g.start + TimeDelta::hours(to), value }
    }

    #[test]
    fn interval_and_instant_segments() {
        let g = grid();
        let s = [segment(1, 3, 5.0), segment(2, 4, 7.0)];
        assert_eq!(segments_on_grid(&g, &s, Timing::Interval, Overlap::First), vec![None, Some(5.0), Some(5.0), Some(7.0)]);
        assert_eq!(segments_on_grid(&g, &s, Timing::Interval, Overlap::Max), vec![None, Some(5.0), Some(7.0), Some(7.0)]);
        // Instants t_1..t_4: [1, 3] covers t_1..t_3, [2, 4] covers t_2..t_4.
        assert_eq!(segments_on_grid(&g, &s, Timing::Instant, Overlap::Min), vec![Some(5.0), Some(5.0), Some(5.0), Some(7.0)]);
        let mut gaps = vec![None, Some(1.0), None, Some(2.0), None];
        fill_sides(&mut gaps);
        assert_eq!(gaps, vec![Some(1.0), Some(1.0), None, Some(2.0), Some(2.0)]);
    }
}
