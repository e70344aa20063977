//! Search rules over beliefs of one sensor (spec domain §2.4 and §8 #2, #3, #5, #14).
//!
//! Order of operations (the 1.0-era / HEAD semantics, not v0.9.0's):
//! 1. **filters first** — event window, horizon range, sources and the *exact* belief-time
//!    range (`beliefs_after ≤ belief_time ≤ beliefs_before`, both inclusive);
//! 2. then the most-recent selections, computed over the filtered candidates only, so an event
//!    whose newest belief falls outside the filters falls back to its newest *admitted* belief
//!    (v0.9.0 computed the minimum horizon over all stored beliefs and lost such events);
//! 3. then sorting by (event_start, belief_time, source, cumulative probability).
//!
//! Knowledge times are passed in as a function of the event start (the sensor's
//! knowledge-horizon function lives elsewhere). An empty source list selects nothing (§8 #14).

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::belief::Belief;
use super::window::EventWindow;

/// Which most-recent selection to apply after filtering (the three search flags of §2.4 as one
/// value, so that the forbidden combination cannot be expressed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Recency {
    /// Keep every belief that passes the filters.
    All,
    /// `most_recent_beliefs_only` (FlexMeasures' default): per (event_start, source) keep the
    /// belief with the smallest horizon (all its cumulative-probability rows; ties kept).
    #[default]
    MostRecentBeliefs,
    /// `most_recent_events_only`: per source keep the beliefs about its latest event start.
    MostRecentEvents,
    /// Both of the above (what `latest_state` uses).
    MostRecentBeliefsAndEvents,
    /// `most_recent_only` fast track: one row, the latest event start, then the smallest
    /// horizon (meant for deterministic data).
    MostRecentOnly,
}

impl Recency {
    /// From the three boolean search flags; `None` when `most_recent_only` is combined with one
    /// of the other two (timely-beliefs raises "most_recent_events|beliefs_only can not be used
    /// with most_recent_only.").
    #[must_use]
    pub fn from_flags(beliefs_only: bool, events_only: bool, only: bool) -> Option<Self> {
        match (beliefs_only, events_only, only) {
            (false, false, false) => Some(Self::All),
            (true, false, false) => Some(Self::MostRecentBeliefs),
            (false, true, false) => Some(Self::MostRecentEvents),
            (true, true, false) => Some(Self::MostRecentBeliefsAndEvents),
            (false, false, true) => Some(Self::MostRecentOnly),
            _ => None,
        }
    }
}

/// Search parameters of §2.4 that can be decided on the beliefs of one sensor.
///
/// Source-type, account and user-source filters need data-source rows: callers resolve them to
/// the `sources` id list (an empty list then means "no results").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BeliefQuery {
    /// Event window (`event_starts_after` / `event_ends_before`) and its semantics.
    pub window: EventWindow,
    /// Keep beliefs with `belief_time ≥ beliefs_after`.
    pub beliefs_after: Option<DateTime<Utc>>,
    /// Keep beliefs with `belief_time ≤ beliefs_before`.
    pub beliefs_before: Option<DateTime<Utc>>,
    /// Keep beliefs with `belief_horizon ≥ horizons_at_least`.
    pub horizons_at_least: Option<TimeDelta>,
    /// Keep beliefs with `belief_horizon ≤ horizons_at_most` (0 = ex-post only).
    pub horizons_at_most: Option<TimeDelta>,
    /// Keep only these source ids; `None` = all sources, `Some(vec![])` = nothing.
    pub sources: Option<Vec<i32>>,
    /// Most-recent selection applied after the filters.
    pub recency: Recency,
    /// Drop beliefs whose rows are all NaN before the most-recent-beliefs selection. HEAD does
    /// this only on its post-processing path (belief-time filters on a sensor whose knowledge
    /// horizon function is neither `ex_ante` nor `ex_post`); set it to mimic that path.
    pub skip_nan_beliefs: bool,
}

/// The query behind `latest_state(source)` (§2.6): ex-post beliefs only, newest belief about
/// the newest event per source. Collapse the result with
/// [`one_deterministic_belief_per_event`](super::one_deterministic_belief_per_event).
#[must_use]
pub fn latest_state_query(source: Option<i32>) -> BeliefQuery {
    BeliefQuery {
        horizons_at_most: Some(TimeDelta::zero()),
        sources: source.map(|s| vec![s]),
        recency: Recency::MostRecentBeliefsAndEvents,
        ..BeliefQuery::default()
    }
}

/// Step 1: the window, horizon, source and exact belief-time filters of `query`.
pub fn filter_beliefs<K>(
    beliefs: &[Belief],
    query: &BeliefQuery,
    resolution: TimeDelta,
    knowledge_time: K,
) -> Vec<Belief>
where
    K: Fn(DateTime<Utc>) -> DateTime<Utc>,
{
    let time_filtered = query.beliefs_after.is_some() || query.beliefs_before.is_some();
    beliefs
        .iter()
        .filter(|b| query.window.admits(b.event_start, resolution))
        .filter(|b| {
            query
                .horizons_at_least
                .is_none_or(|h| b.belief_horizon >= h)
        })
        .filter(|b| query.horizons_at_most.is_none_or(|h| b.belief_horizon <= h))
        .filter(|b| {
            query
                .sources
                .as_ref()
                .is_none_or(|s| s.contains(&b.source_id))
        })
        .filter(|b| {
            if !time_filtered {
                return true;
            }
            let bt = b.belief_time(knowledge_time(b.event_start));
            query.beliefs_after.is_none_or(|a| bt >= a)
                && query.beliefs_before.is_none_or(|z| bt <= z)
        })
        .copied()
        .collect()
}

/// Per (event_start, source), keep the rows with the smallest horizon (= the latest belief
/// time, as the knowledge time is fixed per event). Input order is preserved.
#[must_use]
pub fn most_recent_beliefs(beliefs: &[Belief]) -> Vec<Belief> {
    let mut min_horizon: HashMap<(DateTime<Utc>, i32), TimeDelta> = HashMap::new();
    for b in beliefs {
        let entry = min_horizon
            .entry((b.event_start, b.source_id))
            .or_insert(b.belief_horizon);
        *entry = (*entry).min(b.belief_horizon);
    }
    beliefs
        .iter()
        .filter(|b| min_horizon.get(&(b.event_start, b.source_id)) == Some(&b.belief_horizon))
        .copied()
        .collect()
}

/// Per source, keep the rows about that source's latest event start. Input order is preserved.
#[must_use]
pub fn most_recent_events(beliefs: &[Belief]) -> Vec<Belief> {
    let mut latest: HashMap<i32, DateTime<Utc>> = HashMap::new();
    for b in beliefs {
        let entry = latest.entry(b.source_id).or_insert(b.event_start);
        *entry = (*entry).max(b.event_start);
    }
    beliefs
        .iter()
        .filter(|b| latest.get(&b.source_id) == Some(&b.event_start))
        .copied()
        .collect()
}

/// The `most_recent_only` fast track: the row with the latest event start, then the smallest
/// horizon; among equal rows the first in input order.
#[must_use]
pub fn most_recent_only(beliefs: &[Belief]) -> Option<Belief> {
    let mut best: Option<Belief> = None;
    for b in beliefs {
        let better = best.is_none_or(|c| {
            b.event_start > c.event_start
                || (b.event_start == c.event_start && b.belief_horizon < c.belief_horizon)
        });
        if better {
            best = Some(*b);
        }
    }
    best
}

/// Drop every (possibly probabilistic) belief whose rows all have a NaN value.
#[must_use]
pub fn drop_nan_beliefs(beliefs: &[Belief]) -> Vec<Belief> {
    let mut has_value: HashMap<(DateTime<Utc>, TimeDelta, i32), bool> = HashMap::new();
    for b in beliefs {
        *has_value.entry(b.belief_key()).or_insert(false) |= !b.event_value.is_nan();
    }
    beliefs
        .iter()
        .filter(|b| has_value.get(&b.belief_key()) == Some(&true))
        .copied()
        .collect()
}

/// Sort like a beliefs frame index: event start, then belief time (= descending horizon within
/// an event), then source id, then cumulative probability.
pub fn sort_beliefs(beliefs: &mut [Belief]) {
    beliefs.sort_by(|a, b| {
        a.event_start
            .cmp(&b.event_start)
            .then(b.belief_horizon.cmp(&a.belief_horizon))
            .then(a.source_id.cmp(&b.source_id))
            .then(
                a.cumulative_probability
                    .total_cmp(&b.cumulative_probability),
            )
    });
}

/// Steps 1–4 of the search: filters, then the most-recent selection of `query.recency`, then
/// sorting. When both most-recent flags are set and exactly one source is requested, the
/// `most_recent_only` fast track is used, as timely-beliefs does.
pub fn select_beliefs<K>(
    beliefs: &[Belief],
    query: &BeliefQuery,
    resolution: TimeDelta,
    knowledge_time: K,
) -> Vec<Belief>
where
    K: Fn(DateTime<Utc>) -> DateTime<Utc>,
{
    let mut selected = filter_beliefs(beliefs, query, resolution, knowledge_time);
    let single_source = query.sources.as_ref().is_some_and(|s| s.len() == 1);
    let recency = match query.recency {
        Recency::MostRecentBeliefsAndEvents if single_source => Recency::MostRecentOnly,
        other => other,
    };
    let newest_beliefs = matches!(
        recency,
        Recency::MostRecentBeliefs | Recency::MostRecentBeliefsAndEvents
    );
    if query.skip_nan_beliefs && newest_beliefs {
        selected = drop_nan_beliefs(&selected);
    }
    selected = match recency {
        Recency::All => selected,
        Recency::MostRecentBeliefs => most_recent_beliefs(&selected),
        Recency::MostRecentEvents => most_recent_events(&selected),
        Recency::MostRecentBeliefsAndEvents => most_recent_events(&most_recent_beliefs(&selected)),
        Recency::MostRecentOnly => most_recent_only(&selected).into_iter().collect(),
    };
    sort_beliefs(&mut selected);
    selected
}
