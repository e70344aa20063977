//! Collapsing beliefs to one deterministic value (spec domain §2.5, §8 #4) and the latest-version
//! selection among sources of one (name, type, model) group (§2.4, HEAD).
//!
//! Source preference is a parameter: a function from source id to any `Ord` key, highest wins
//! (typically a [`SourceVersion`](super::SourceVersion); to reproduce HEAD's final tie-break by
//! source description, fold the reversed description into the key).

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, TimeDelta, Utc};

use super::belief::Belief;

/// The median row of each (possibly probabilistic) belief: per (event_start, horizon, source),
/// the first row in ascending cumulative probability with `cp ≥ 0.5`, or else the row with the
/// highest cp. A single-row belief is its own median. Output keeps the order of first
/// appearance of each belief.
///
/// This is also `one_deterministic_belief_per_event_per_source` (HEAD).
#[must_use]
pub fn median_beliefs(beliefs: &[Belief]) -> Vec<Belief> {
    let mut order: Vec<(DateTime<Utc>, TimeDelta, i32)> = Vec::new();
    let mut median: HashMap<(DateTime<Utc>, TimeDelta, i32), Belief> = HashMap::new();
    for b in beliefs {
        let key = b.belief_key();
        match median.get_mut(&key) {
            None => {
                order.push(key);
                median.insert(key, *b);
            }
            Some(current) => {
                if is_better_median(b, current) {
                    *current = *b;
                }
            }
        }
    }
    order
        .iter()
        .filter_map(|k| median.get(k).copied())
        .collect()
}

/// Whether `candidate` is closer to the median rule than `current` (see [`median_beliefs`]).
fn is_better_median(candidate: &Belief, current: &Belief) -> bool {
    let (c, k) = (
        candidate.cumulative_probability,
        current.cumulative_probability,
    );
    match (c >= 0.5, k >= 0.5) {
        (true, true) => c < k,
        (true, false) => true,
        (false, true) => false,
        (false, false) => c > k,
    }
}

/// One deterministic belief per event, by the HEAD rule: take the median of every belief, then
/// per event keep the row whose source ranks highest, then the most recent belief time
/// (= smallest horizon); remaining ties go to the first row in input order.
///
/// Unlike HEAD's fast path (which returns a single source's deterministic data untouched, even
/// with several horizons per event), this always yields exactly one row per event. v0.9.0's rule
/// (first row per (event_start, belief_time)) could leave several rows per event and is not
/// reproduced. The result is sorted by event start.
pub fn one_deterministic_belief_per_event<R, F>(beliefs: &[Belief], source_rank: F) -> Vec<Belief>
where
    R: Ord,
    F: Fn(i32) -> R,
{
    let mut best: Vec<(Belief, R)> = Vec::new();
    let mut index_of: HashMap<DateTime<Utc>, usize> = HashMap::new();
    for b in median_beliefs(beliefs) {
        let rank = source_rank(b.source_id);
        match index_of.get(&b.event_start) {
            None => {
                index_of.insert(b.event_start, best.len());
                best.push((b, rank));
            }
            Some(&i) => {
                if let Some(slot) = best.get_mut(i) {
                    let wins = rank > slot.1
                        || (rank == slot.1 && b.belief_horizon < slot.0.belief_horizon);
                    if wins {
                        *slot = (b, rank);
                    }
                }
            }
        }
    }
    let mut out: Vec<Belief> = best.into_iter().map(|(b, _)| b).collect();
    out.sort_by_key(|b| b.event_start);
    out
}

/// Latest-version selection (`use_latest_version_per_event`, HEAD): among sources of the same
/// group (FlexMeasures groups by name, type and model), keep only the rows of the source with
/// the highest priority (HEAD: version, then higher id; rows of equally ranked sources are all
/// kept), per event — or, when
/// `per_event` is false, per event and belief (horizon). Probabilistic rows stay intact and the
/// input order is preserved.
pub fn keep_latest_version<G, FG, P, FP>(
    beliefs: &[Belief],
    source_group: FG,
    source_priority: FP,
    per_event: bool,
) -> Vec<Belief>
where
    G: Eq + Hash,
    FG: Fn(i32) -> G,
    P: Ord,
    FP: Fn(i32) -> P,
{
    let horizon_key = |b: &Belief| {
        if per_event {
            None
        } else {
            Some(b.belief_horizon)
        }
    };
    let mut winner: HashMap<(DateTime<Utc>, G, Option<TimeDelta>), P> = HashMap::new();
    for b in beliefs {
        let key = (b.event_start, source_group(b.source_id), horizon_key(b));
        let priority = source_priority(b.source_id);
        match winner.get_mut(&key) {
            None => {
                winner.insert(key, priority);
            }
            Some(current) => {
                if priority > *current {
                    *current = priority;
                }
            }
        }
    }
    beliefs
        .iter()
        .filter(|b| {
            let key = (b.event_start, source_group(b.source_id), horizon_key(b));
            winner
                .get(&key)
                .is_some_and(|w| *w == source_priority(b.source_id))
        })
        .copied()
        .collect()
}
