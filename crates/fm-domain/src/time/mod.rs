//! Time handling: ISO 8601 durations and datetimes, event grids and knowledge horizons.
//!
//! FlexMeasures stores instants as UTC and durations as exact lengths of time, but talks to the
//! outside world in ISO 8601 strings and reasons about events in a sensor's time zone. This module
//! holds the pure rules for that (spec `domain.md` §2.1–2.2 and §5, `api-legacy-v1.md` §4.4–4.7,
//! `api-v3_0.md` §1.6):
//!
//! - [`IsoDuration`]: a parsed ISO 8601 duration (`PT15M`, `-P1D`, `P1M`, `PT1.5H`, and the legacy
//!   `R/PT6H` form) with calendar parts (years, months) kept apart from exact parts, formatted back
//!   the way FlexMeasures renders it; [`format_timedelta`] and [`format_timedelta_hours`] for exact
//!   lengths of time.
//! - Datetimes: [`parse_aware_datetime`] and friends for the legacy (isodate) grammar,
//!   [`parse_aware_datetime_v3`] for the API v3 / CLI grammar (marshmallow), and
//!   [`format_iso_datetime`] / [`format_iso_datetime_z`] for the two renderings in use.
//! - Local time: [`localize`] and [`local_midnight`] turn wall-clock times into instants with a
//!   documented policy for DST gaps and overlaps.
//! - Grids: [`floor_to_resolution`], [`is_aligned`], [`event_starts`], [`events_in_local_day`],
//!   plus the small rounding helpers of §5.5 ([`round_to_closest_quarter`], ...).
//! - Knowledge horizons: [`KnowledgeHorizonFnc`], built from a sensor's stored
//!   `(knowledge_horizon_fnc, knowledge_horizon_par)` pair, computing knowledge times and converting
//!   between belief times and belief horizons (`h = knowledge_time − belief_time`).
//!
//! Instants are `chrono::DateTime`s in any [`chrono::TimeZone`]; time zones are `chrono_tz::Tz`
//! where zone rules (DST) matter. Durations are `chrono::TimeDelta` once they are exact.

mod calendar;
mod datetime;
mod duration;
mod duration_parse;
mod grid;
mod horizon;
mod isodate;
mod knowledge;
mod knowledge_params;
mod local;
mod rounding;

pub use datetime::{
    DateTimeParseError, ParsedDateTime, format_iso_datetime, format_iso_datetime_z,
    parse_aware_datetime, parse_aware_datetime_or_date_v3, parse_aware_datetime_v3, parse_datetime,
    parse_datetime_assume_utc,
};
pub use duration::{
    IsoDuration, ONLY_WHOLE_MINUTES_MESSAGE, format_timedelta, format_timedelta_hours,
};
pub use duration_parse::{DurationErrorKind, DurationParseError};
pub use grid::{
    GridError, event_count, event_starts, event_starts_calendar, events_in_local_day,
    floor_to_resolution, is_aligned, local_day_bounds,
};
pub use horizon::legacy_belief_horizons;
pub use knowledge::{KnowledgeHorizonError, KnowledgeHorizonFnc};
pub use local::{local_midnight, localize};
pub use rounding::{
    decide_resolution, default_resolution_for, forecast_horizons_for, most_recent_clocktime_window, round_to_closest_hour,
    round_to_closest_quarter,
};

#[cfg(test)]
mod tests;
