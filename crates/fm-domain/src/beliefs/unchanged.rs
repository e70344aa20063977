//! The "unchanged beliefs" rule applied before saving (spec domain §1.7, §2.3;
//! api-legacy-v1 §5.3).
//!
//! New beliefs are handled per group of (belief time, source). Within a group, a row is
//! *unchanged* when the most recent stored belief of the same source about the same event, among
//! those with a belief time at or before the group's belief time (all-NaN stored beliefs
//! skipped), has a row with the same cumulative probability and the same value. Probabilistic
//! beliefs are kept or dropped as a whole: if any row of a new (event, source) belief changed,
//! all its rows are kept. Re-sending identical beliefs is therefore idempotent.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeDelta, Utc};

use super::belief::{Belief, same_value};
use super::select::{drop_nan_beliefs, most_recent_beliefs};

/// Result status of saving beliefs, as `save_to_db` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStatus {
    /// All beliefs were new (or there was nothing to save).
    Success,
    /// Some beliefs were dropped as unchanged, others were saved.
    SuccessWithUnchangedBeliefsSkipped,
    /// Every belief was dropped as unchanged.
    SuccessButNothingNew,
}

impl SaveStatus {
    /// From the number of beliefs offered and the number kept after dropping unchanged ones.
    #[must_use]
    pub fn from_counts(offered: usize, kept: usize) -> Self {
        if kept >= offered {
            Self::Success
        } else if kept == 0 {
            Self::SuccessButNothingNew
        } else {
            Self::SuccessWithUnchangedBeliefsSkipped
        }
    }

    /// Upstream status string: `success`, `success_with_unchanged_beliefs_skipped` or
    /// `success_but_nothing_new` (the API answers the latter two with
    /// `ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::SuccessWithUnchangedBeliefsSkipped => "success_with_unchanged_beliefs_skipped",
            Self::SuccessButNothingNew => "success_but_nothing_new",
        }
    }
}

/// Drop new beliefs that equal the most recent stored belief of the same source about the same
/// event (see the module docs). `stored` are the beliefs already in the database for the same
/// sensor (any superset of the relevant ones); `knowledge_time` maps an event start to its
/// knowledge time. Kept beliefs keep their input order.
pub fn drop_unchanged_beliefs<K>(
    new: &[Belief],
    stored: &[Belief],
    knowledge_time: K,
) -> Vec<Belief>
where
    K: Fn(DateTime<Utc>) -> DateTime<Utc>,
{
    let bt = |b: &Belief| b.belief_time(knowledge_time(b.event_start));
    let events: HashSet<DateTime<Utc>> = new.iter().map(|b| b.event_start).collect();
    let mut by_source: HashMap<i32, Vec<Belief>> = HashMap::new();
    for b in stored.iter().filter(|b| events.contains(&b.event_start)) {
        by_source.entry(b.source_id).or_default().push(*b);
    }

    // Rows that changed, identified by (event, source, belief time): their whole belief is kept.
    let mut changed: HashSet<(DateTime<Utc>, i32, DateTime<Utc>)> = HashSet::new();
    let mut groups: HashMap<(DateTime<Utc>, i32), Vec<Belief>> = HashMap::new();
    for b in new {
        groups.entry((bt(b), b.source_id)).or_default().push(*b);
    }
    for ((group_time, source), rows) in &groups {
        let earlier: Vec<Belief> = by_source
            .get(source)
            .map(|s| s.iter().filter(|b| bt(b) <= *group_time).copied().collect())
            .unwrap_or_default();
        let previous = most_recent_beliefs(&drop_nan_beliefs(&earlier));
        let mut previous_rows: HashMap<DateTime<Utc>, Vec<(f64, f64)>> = HashMap::new();
        for p in previous {
            previous_rows
                .entry(p.event_start)
                .or_default()
                .push((p.cumulative_probability, p.event_value));
        }
        for row in rows {
            let unchanged = previous_rows.get(&row.event_start).is_some_and(|prev| {
                prev.iter().any(|(cp, v)| {
                    *cp == row.cumulative_probability && same_value(*v, row.event_value)
                })
            });
            if !unchanged {
                changed.insert((row.event_start, *source, *group_time));
            }
        }
    }
    new.iter()
        .filter(|b| changed.contains(&(b.event_start, b.source_id, bt(b))))
        .copied()
        .collect()
}

/// [`drop_unchanged_beliefs`] plus the resulting [`SaveStatus`].
pub fn drop_unchanged_beliefs_with_status<K>(
    new: &[Belief],
    stored: &[Belief],
    knowledge_time: K,
) -> (Vec<Belief>, SaveStatus)
where
    K: Fn(DateTime<Utc>) -> DateTime<Utc>,
{
    let kept = drop_unchanged_beliefs(new, stored, knowledge_time);
    let status = SaveStatus::from_counts(new.len(), kept.len());
    (kept, status)
}

/// Rows of `new` whose primary key (event start, horizon, source, cumulative probability)
/// already exists in `stored` with a different value: the replacements that are refused unless
/// overwriting is allowed (`INVALID_REPLACEMENT`).
#[must_use]
pub fn conflicting_replacements(new: &[Belief], stored: &[Belief]) -> Vec<Belief> {
    let key = |b: &Belief| -> (DateTime<Utc>, TimeDelta, i32, u64) {
        (
            b.event_start,
            b.belief_horizon,
            b.source_id,
            b.cumulative_probability.to_bits(),
        )
    };
    let existing: HashMap<_, f64> = stored.iter().map(|b| (key(b), b.event_value)).collect();
    new.iter()
        .filter(|b| {
            existing
                .get(&key(b))
                .is_some_and(|v| !same_value(*v, b.event_value))
        })
        .copied()
        .collect()
}
