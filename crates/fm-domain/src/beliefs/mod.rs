//! Timely beliefs: the belief value type, the search/selection rules, resampling and the
//! "unchanged beliefs" rule (spec domain §2, api-legacy-v1 §4.8 and §5).
//!
//! Everything here is a pure function over slices of [`Belief`]s of **one sensor**; storage
//! pre-filters by window and source, this module decides exactly. Knowledge times are passed in
//! by callers as a function `event_start → knowledge_time` (see [`ex_post_knowledge_time`] for
//! the default physical sensor).
//!
//! A typical read (GET) is:
//! 1. [`select_beliefs`] — filters first, then the most-recent selection (§8 #2, #3);
//! 2. [`one_deterministic_belief_per_event`] — the HEAD rule (§8 #4);
//! 3. [`events_from_beliefs`], [`resample()`] and [`reindex`] onto `[start, end)`.
//!
//! [`read_series`] is the HEAD reading pipeline that the sensor-data GET endpoints and the CLI use.
//!
//! Event-window choice (§8 #5): [`EventWindow`] defaults to *contained* events
//! (`event_start ≥ start`, `event_end ≤ end`), the legacy GET contract and HEAD's behaviour when
//! it resamples; *overlapping* windows (HEAD's plain search) are available as
//! [`WindowMode::Overlapping`]. GET responses reindex onto the grid anyway.

mod belief;
mod deterministic;
mod grid;
mod reading;
mod resample;
mod select;
mod series;
mod source_version;
mod unchanged;
mod window;

#[cfg(test)]
mod tests;

pub use belief::{
    Belief, DEFAULT_CUMULATIVE_PROBABILITY, belief_horizon, belief_time, ex_post_knowledge_time,
};
pub use deterministic::{keep_latest_version, median_beliefs, one_deterministic_belief_per_event};
pub use reading::{ReadWindow, SourceInfo, instantaneous_default_resolution, read_series};
pub use resample::{
    Aggregation, BinOrigin, Event, ResampleError, ResampleOptions, repeat_values, resample,
    start_of_day,
};
pub use select::{
    BeliefQuery, Recency, drop_nan_beliefs, filter_beliefs, latest_state_query,
    most_recent_beliefs, most_recent_events, most_recent_only, select_beliefs, sort_beliefs,
};
pub use series::{events_from_beliefs, grid_starts, reindex, sum_multiple, values};
pub use source_version::SourceVersion;
pub use unchanged::{
    SaveStatus, conflicting_replacements, drop_unchanged_beliefs,
    drop_unchanged_beliefs_with_status,
};
pub use window::{EventWindow, WindowMode};
