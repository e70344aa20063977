//! Timed beliefs: writing a request's beliefs all-or-nothing with the original's rules for
//! unchanged beliefs and replacements, and reading a sensor's beliefs in a window.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::schema::timed_belief;
use crate::{DbConnection, StorageError, StorageResult, Ts, with_inner};

/// One belief as stored: a source's value for one event of one sensor, formed `belief_horizon_ms`
/// before the event's knowledge time, at one point of the probability distribution.
#[derive(Queryable, Selectable, Insertable, Debug, Clone, Copy, PartialEq)]
#[diesel(table_name = timed_belief, treat_none_as_default_value = false)]
pub struct BeliefRow {
    /// The sensor.
    pub sensor_id: i32,
    /// Start of the event.
    pub event_start: Ts,
    /// Who holds the belief.
    pub source_id: i32,
    /// Knowledge time minus belief time, in milliseconds (positive: before the fact).
    pub belief_horizon_ms: i64,
    /// Point of the cumulative distribution (0.5 for deterministic beliefs).
    pub cumulative_probability: f64,
    /// The believed value, in the sensor's unit.
    pub event_value: f64,
}

impl BeliefRow {
    /// The belief as the domain rules see it.
    pub fn to_belief(&self) -> fm_domain::beliefs::Belief {
        fm_domain::beliefs::Belief::new(self.event_start.0, chrono::TimeDelta::milliseconds(self.belief_horizon_ms), self.source_id, self.event_value)
            .with_cumulative_probability(self.cumulative_probability)
    }
}

/// What saving a batch of beliefs did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Every belief was new and is stored.
    Success,
    /// Some beliefs repeated what was known and were skipped; the rest is stored.
    SuccessWithUnchangedBeliefsSkipped,
    /// Nothing was new; nothing was stored.
    SuccessButNothingNew,
}

impl SaveOutcome {
    /// The original's status string for this outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            SaveOutcome::Success => "success",
            SaveOutcome::SuccessWithUnchangedBeliefsSkipped => "success_with_unchanged_beliefs_skipped",
            SaveOutcome::SuccessButNothingNew => "success_but_nothing_new",
        }
    }
}

/// Rows per INSERT: 6 columns × 1,000 rows stays under both backends' bound-parameter limits.
const INSERT_CHUNK: usize = 1_000;

type EventKey = (i32, Ts, i32, u64);

fn event_key(b: &BeliefRow) -> EventKey {
    (b.sensor_id, b.event_start, b.source_id, b.cumulative_probability.to_bits())
}

/// Saves beliefs in one transaction: all of them, or none.
///
/// NaN values are dropped. A belief is skipped as unchanged when an earlier-or-equal belief of
/// the same source about the same event (same probability; forecasts and measurements judged
/// separately) has the same value — in the batch or in storage. A belief with the same key as a
/// stored one but another value is a replacement: refused with [`StorageError::Replacement`]
/// unless `allow_overwrite`, when it overwrites.
pub fn save_beliefs(conn: &mut DbConnection, beliefs: &[BeliefRow], allow_overwrite: bool) -> StorageResult<SaveOutcome> {
    let mut offered: Vec<BeliefRow> = beliefs.iter().copied().filter(|b| !b.event_value.is_nan()).collect();
    let offered_count = offered.len();
    // Earliest belief first (largest horizon), so "first of identical values" means earliest.
    offered.sort_by(|a, b| event_key(a).cmp(&event_key(b)).then(b.belief_horizon_ms.cmp(&a.belief_horizon_ms)));
    let mut candidates: Vec<BeliefRow> = Vec::with_capacity(offered.len());
    for b in offered {
        match candidates.last_mut() {
            Some(last) if event_key(last) == event_key(&b) && last.belief_horizon_ms == b.belief_horizon_ms => {
                if last.event_value != b.event_value {
                    if !allow_overwrite {
                        return Err(replacement(&b));
                    }
                    *last = b;
                }
            }
            _ => candidates.push(b),
        }
    }
    if candidates.is_empty() {
        return Ok(SaveOutcome::SuccessButNothingNew);
    }
    crate::write_transaction(conn, |conn| {
        let stored = stored_beliefs_like(conn, &candidates)?;
        let mut known: HashMap<EventKey, Vec<(i64, f64)>> = HashMap::new();
        for b in &stored {
            known.entry(event_key(b)).or_default().push((b.belief_horizon_ms, b.event_value));
        }
        let mut to_insert = Vec::with_capacity(candidates.len());
        let mut to_overwrite = Vec::new();
        for b in &candidates {
            let history = known.entry(event_key(b)).or_default();
            if let Some(&(_, existing)) = history.iter().find(|(h, _)| *h == b.belief_horizon_ms) {
                if existing == b.event_value {
                    continue;
                }
                if !allow_overwrite {
                    return Err(replacement(b));
                }
                to_overwrite.push(*b);
                continue;
            }
            let ex_ante = b.belief_horizon_ms > 0;
            let latest_before = history
                .iter()
                .filter(|(h, _)| *h >= b.belief_horizon_ms && (*h > 0) == ex_ante)
                .min_by_key(|(h, _)| *h);
            if latest_before.is_some_and(|(_, v)| *v == b.event_value) {
                continue;
            }
            history.push((b.belief_horizon_ms, b.event_value));
            to_insert.push(*b);
        }
        for chunk in to_insert.chunks(INSERT_CHUNK) {
            with_inner!(&mut *conn, |c| diesel::insert_into(timed_belief::table).values(chunk).execute(c))?;
        }
        for b in &to_overwrite {
            diesel::update(timed_belief::table.find((b.sensor_id, b.event_start, b.source_id, b.belief_horizon_ms, b.cumulative_probability)))
                .set(timed_belief::event_value.eq(b.event_value))
                .execute(conn)?;
        }
        let saved = to_insert.len() + to_overwrite.len();
        Ok(if saved == 0 {
            SaveOutcome::SuccessButNothingNew
        } else if saved < offered_count {
            SaveOutcome::SuccessWithUnchangedBeliefsSkipped
        } else {
            SaveOutcome::Success
        })
    })
}

fn replacement(b: &BeliefRow) -> StorageError {
    StorageError::Replacement(format!(
        "sensor {} already has a different value for the event at {} from source {} with the same belief time",
        b.sensor_id,
        b.event_start.0.to_rfc3339(),
        b.source_id
    ))
}

/// Stored beliefs of the sensors and sources of `beliefs`, about their events' time span.
fn stored_beliefs_like(conn: &mut DbConnection, beliefs: &[BeliefRow]) -> StorageResult<Vec<BeliefRow>> {
    let mut groups: HashMap<(i32, i32), (Ts, Ts)> = HashMap::new();
    for b in beliefs {
        let span = groups.entry((b.sensor_id, b.source_id)).or_insert((b.event_start, b.event_start));
        span.0 = span.0.min(b.event_start);
        span.1 = span.1.max(b.event_start);
    }
    let mut stored = Vec::new();
    for ((sensor_id, source_id), (first, last)) in groups {
        stored.extend(
            timed_belief::table
                .filter(timed_belief::sensor_id.eq(sensor_id))
                .filter(timed_belief::event_start.ge(first))
                .filter(timed_belief::event_start.le(last))
                .filter(timed_belief::source_id.eq(source_id))
                .select(BeliefRow::as_select())
                .load(conn)?,
        );
    }
    Ok(stored)
}

/// Which stored beliefs of one sensor to read.
#[derive(Debug, Clone, Default)]
pub struct BeliefQuery {
    /// Only events starting at or after this instant.
    pub starts_from: Option<Ts>,
    /// Only events starting before this instant.
    pub starts_before: Option<Ts>,
    /// Only beliefs from these sources (`None`: all).
    pub source_ids: Option<Vec<i32>>,
    /// Only beliefs with a horizon of at least this many milliseconds.
    pub min_horizon_ms: Option<i64>,
    /// Only beliefs with a horizon of at most this many milliseconds.
    pub max_horizon_ms: Option<i64>,
}

/// Beliefs of `sensor_id` matching `query`, ordered by event start, source and horizon.
pub fn search_beliefs(conn: &mut DbConnection, sensor_id: i32, query: &BeliefQuery) -> StorageResult<Vec<BeliefRow>> {
    // The common read (one window, no other filter) as a fixed query, whose prepared statement
    // the connection keeps; the general case below is built per call.
    if let (Some(from), Some(before), None, None, None) =
        (query.starts_from, query.starts_before, &query.source_ids, query.min_horizon_ms, query.max_horizon_ms)
    {
        return Ok(timed_belief::table
            .filter(timed_belief::sensor_id.eq(sensor_id))
            .filter(timed_belief::event_start.ge(from))
            .filter(timed_belief::event_start.lt(before))
            .order((timed_belief::event_start, timed_belief::source_id, timed_belief::belief_horizon_ms))
            .select(BeliefRow::as_select())
            .load(conn)?);
    }
    let mut q = timed_belief::table.filter(timed_belief::sensor_id.eq(sensor_id)).into_boxed();
    if let Some(from) = query.starts_from {
        q = q.filter(timed_belief::event_start.ge(from));
    }
    if let Some(before) = query.starts_before {
        q = q.filter(timed_belief::event_start.lt(before));
    }
    if let Some(sources) = &query.source_ids {
        q = q.filter(timed_belief::source_id.eq_any(sources.clone()));
    }
    if let Some(min) = query.min_horizon_ms {
        q = q.filter(timed_belief::belief_horizon_ms.ge(min));
    }
    if let Some(max) = query.max_horizon_ms {
        q = q.filter(timed_belief::belief_horizon_ms.le(max));
    }
    Ok(q.order((timed_belief::event_start, timed_belief::source_id, timed_belief::belief_horizon_ms))
        .select(BeliefRow::as_select())
        .load(conn)?)
}

/// Which stored beliefs of one sensor to delete.
#[derive(Debug, Clone, Default)]
pub struct BeliefDeletion {
    /// Only beliefs of this source.
    pub source_id: Option<i32>,
    /// Only events starting at or after this instant.
    pub starts_from: Option<Ts>,
    /// Only events starting at or before this instant.
    pub starts_until: Option<Ts>,
    /// Only beliefs formed after the fact (horizon ≤ 0): measurements.
    pub measurements_only: bool,
}

/// Deletes beliefs of `sensor_id` (or of every sensor when `None`); returns how many.
pub fn delete_beliefs(conn: &mut DbConnection, sensor_id: Option<i32>, what: &BeliefDeletion) -> StorageResult<usize> {
    let mut q = diesel::delete(timed_belief::table).into_boxed();
    if let Some(id) = sensor_id {
        q = q.filter(timed_belief::sensor_id.eq(id));
    }
    if let Some(source) = what.source_id {
        q = q.filter(timed_belief::source_id.eq(source));
    }
    if let Some(from) = what.starts_from {
        q = q.filter(timed_belief::event_start.ge(from));
    }
    if let Some(until) = what.starts_until {
        q = q.filter(timed_belief::event_start.le(until));
    }
    if what.measurements_only {
        q = q.filter(timed_belief::belief_horizon_ms.le(0));
    }
    Ok(q.execute(conn)?)
}
