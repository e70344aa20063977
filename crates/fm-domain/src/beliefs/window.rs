//! Event windows of a search and their two semantics (spec domain §2.4 "Event window at HEAD",
//! §8 #5; api-legacy-v1 §5.4).
//!
//! The legacy GET endpoints (v0.9.0) return only events that lie entirely inside the window,
//! and HEAD trims to such events whenever it resamples; that is the default here. HEAD's plain
//! search returns every event overlapping the window, available as [`WindowMode::Overlapping`].

use chrono::{DateTime, TimeDelta, Utc};

/// How an [`EventWindow`] decides whether an event lies inside it (§8 #5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WindowMode {
    /// Only fully contained events: `event_start ≥ start` and `event_start + r ≤ end`.
    /// This is the contract of the legacy GET endpoints (api-legacy-v1 §5.4, v0.9.0) and of
    /// HEAD whenever it resamples, hence the default.
    #[default]
    Contained,
    /// Events that overlap the window (HEAD search without resampling): `event_end > start`
    /// and `event_start < end`; for instantaneous events (`r = 0`) both bounds are inclusive
    /// on the event start.
    Overlapping,
}

/// The event-time window of a search; open on a side when the bound is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventWindow {
    /// Lower bound of the window (`event_starts_after`).
    pub start: Option<DateTime<Utc>>,
    /// Upper bound of the window (`event_ends_before`).
    pub end: Option<DateTime<Utc>>,
    /// Containment or overlap semantics.
    pub mode: WindowMode,
}

impl EventWindow {
    /// A window admitting only events that lie entirely within `[start, end]`.
    #[must_use]
    pub fn contained(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            start: Some(start),
            end: Some(end),
            mode: WindowMode::Contained,
        }
    }

    /// A window admitting every event that overlaps `[start, end)`.
    #[must_use]
    pub fn overlapping(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            start: Some(start),
            end: Some(end),
            mode: WindowMode::Overlapping,
        }
    }

    /// Whether an event with this start and resolution is admitted.
    #[must_use]
    pub fn admits(&self, event_start: DateTime<Utc>, resolution: TimeDelta) -> bool {
        let event_end = event_start
            .checked_add_signed(resolution)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let instantaneous = resolution == TimeDelta::zero();
        let after_start = self.start.is_none_or(|a| match self.mode {
            WindowMode::Contained => event_start >= a,
            WindowMode::Overlapping if instantaneous => event_start >= a,
            WindowMode::Overlapping => event_end > a,
        });
        let before_end = self.end.is_none_or(|b| match self.mode {
            WindowMode::Contained => event_end <= b,
            WindowMode::Overlapping if instantaneous => event_start <= b,
            WindowMode::Overlapping => event_start < b,
        });
        after_start && before_end
    }
}
