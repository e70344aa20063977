//! Unit and property tests of the beliefs module.

mod deterministic;
mod props;
mod resample;
mod select;
mod unchanged;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::Belief;

/// 2021-01-01T00:00Z plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

/// A UTC instant.
fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Minutes as a duration.
fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

/// Knowledge time of the 15-minute ex-post test sensor.
fn kt15(event_start: DateTime<Utc>) -> DateTime<Utc> {
    event_start + mins(15)
}

/// A deterministic belief about the event starting `start` minutes after t0.
fn b(start: i64, horizon_minutes: i64, source: i32, value: f64) -> Belief {
    Belief::new(at(start), mins(horizon_minutes), source, value)
}
