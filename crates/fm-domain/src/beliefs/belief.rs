//! The [`Belief`] value type and the timing formulas of timely-beliefs (spec domain §2.1).
//!
//! A stored belief carries its *horizon*, not its time: `belief_time = knowledge_time − horizon`,
//! where the knowledge time of an event is decided by the sensor's knowledge-horizon function.
//! This module does not evaluate those functions; callers pass the knowledge time in (for the
//! default `ex_post`/0 sensor it is the event end, `event_start + resolution`).

use chrono::{DateTime, TimeDelta, Utc};

/// Cumulative probability of a deterministic belief (a one-row belief is its own median).
pub const DEFAULT_CUMULATIVE_PROBABILITY: f64 = 0.5;

/// One row of the `timed_belief` table (the sensor is implied by the caller's context).
///
/// Primary key within a sensor: (`event_start`, `belief_horizon`, `cumulative_probability`,
/// `source_id`). A probabilistic belief is several rows sharing (event_start, horizon, source)
/// with different cumulative probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Belief {
    /// Start of the event the belief is about.
    pub event_start: DateTime<Utc>,
    /// How long before the event's knowledge time the belief was formed (positive = ex-ante
    /// forecast, zero or negative = ex-post measurement).
    pub belief_horizon: TimeDelta,
    /// Id of the data source that holds the belief.
    pub source_id: i32,
    /// Probability that the outcome is at most `event_value` (0.5 for deterministic beliefs).
    pub cumulative_probability: f64,
    /// The believed value (may be NaN: the table allows it).
    pub event_value: f64,
}

impl Belief {
    /// A deterministic belief (cumulative probability 0.5).
    #[must_use]
    pub fn new(
        event_start: DateTime<Utc>,
        belief_horizon: TimeDelta,
        source_id: i32,
        event_value: f64,
    ) -> Self {
        Self {
            event_start,
            belief_horizon,
            source_id,
            cumulative_probability: DEFAULT_CUMULATIVE_PROBABILITY,
            event_value,
        }
    }

    /// A deterministic belief given by its belief time instead of its horizon:
    /// the horizon becomes `knowledge_time − belief_time`.
    #[must_use]
    pub fn at_belief_time(
        event_start: DateTime<Utc>,
        belief_time: DateTime<Utc>,
        knowledge_time: DateTime<Utc>,
        source_id: i32,
        event_value: f64,
    ) -> Self {
        Self::new(
            event_start,
            belief_horizon(knowledge_time, belief_time),
            source_id,
            event_value,
        )
    }

    /// The same belief with another cumulative probability (builder style).
    #[must_use]
    pub fn with_cumulative_probability(mut self, cumulative_probability: f64) -> Self {
        self.cumulative_probability = cumulative_probability;
        self
    }

    /// Belief time, given the knowledge time of this belief's event: `knowledge_time − horizon`.
    #[must_use]
    pub fn belief_time(&self, knowledge_time: DateTime<Utc>) -> DateTime<Utc> {
        belief_time(knowledge_time, self.belief_horizon)
    }

    /// Whether the belief was formed before the knowledge time (`horizon > 0`): a forecast.
    #[must_use]
    pub fn is_ex_ante(&self) -> bool {
        self.belief_horizon > TimeDelta::zero()
    }

    /// Whether the belief was formed at or after the knowledge time (`horizon ≤ 0`): what
    /// FlexMeasures calls a measurement.
    #[must_use]
    pub fn is_ex_post(&self) -> bool {
        !self.is_ex_ante()
    }

    /// Identity of the (possibly probabilistic) belief this row belongs to: for one sensor,
    /// (event_start, horizon, source) determines (event_start, belief_time, source).
    #[must_use]
    pub fn belief_key(&self) -> (DateTime<Utc>, TimeDelta, i32) {
        (self.event_start, self.belief_horizon, self.source_id)
    }
}

/// `knowledge_time − horizon`, saturating at the representable range instead of panicking.
#[must_use]
pub fn belief_time(knowledge_time: DateTime<Utc>, horizon: TimeDelta) -> DateTime<Utc> {
    knowledge_time
        .checked_sub_signed(horizon)
        .unwrap_or(if horizon > TimeDelta::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

/// The horizon of a belief formed at `belief_time` about an event known at `knowledge_time`:
/// `knowledge_time − belief_time`.
#[must_use]
pub fn belief_horizon(knowledge_time: DateTime<Utc>, belief_time: DateTime<Utc>) -> TimeDelta {
    knowledge_time.signed_duration_since(belief_time)
}

/// Knowledge time of an event for the default physical sensor (`ex_post` with horizon 0):
/// the event end, `event_start + resolution` (saturating).
#[must_use]
pub fn ex_post_knowledge_time(event_start: DateTime<Utc>, resolution: TimeDelta) -> DateTime<Utc> {
    event_start
        .checked_add_signed(resolution)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whether two event values count as equal when comparing beliefs (NaN equals NaN, as in a
/// pandas index lookup).
#[must_use]
pub(crate) fn same_value(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}
