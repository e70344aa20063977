//! Small helpers with fixed semantics from spec §5.5: rounding to the closest quarter or hour,
//! the most recent clock-time window, a practical resolution for a period, and the forecast
//! horizons supported per resolution.
//!
//! The "most recent quarter/hour" of the original is [`floor_to_resolution`](super::floor_to_resolution)
//! of "now" at 15 or 60 minutes; the default UI window is that ± 1 day.

use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Timelike};

use super::local::localize_preferring;

/// Rounds the wall-clock time of `dt` to the closest quarter hour, dropping seconds; exactly half
/// way (mm:ss = 07:30, 22:30, …) rounds up (spec §5.5). 23:53 rounds to midnight of the next day.
pub fn round_to_closest_quarter<T: TimeZone>(dt: &DateTime<T>) -> Option<DateTime<T>> {
    let seconds_in_hour = dt.minute() * 60 + dt.second();
    let quarters = (seconds_in_hour + 450) / 900;
    wall_at_hour_plus(dt, i64::from(quarters) * 15)
}

/// Rounds the wall-clock time of `dt` to the closest hour: up from minute 30 (seconds ignored).
pub fn round_to_closest_hour<T: TimeZone>(dt: &DateTime<T>) -> Option<DateTime<T>> {
    wall_at_hour_plus(dt, if dt.minute() >= 30 { 60 } else { 0 })
}

/// The wall time of `dt`'s full hour plus `minutes`, read in `dt`'s zone (keeping its offset when
/// ambiguous).
fn wall_at_hour_plus<T: TimeZone>(dt: &DateTime<T>, minutes: i64) -> Option<DateTime<T>> {
    let local = dt.naive_local();
    let hour: NaiveDateTime = local.date().and_hms_opt(local.hour(), 0, 0)?;
    let wall = hour.checked_add_signed(TimeDelta::try_minutes(minutes)?)?;
    localize_preferring(&dt.timezone(), &wall, Some(dt.offset().fix()))
}

/// The most recent complete clock-time window of `window_minutes` minutes (which must divide 60)
/// that ended at or before the last full minute before `now`: at 15:01:xx with 5 minutes →
/// (14:55, 15:00); at 03:36 with 15 minutes → (03:15, 03:30). `None` for a window size that does
/// not divide 60.
pub fn most_recent_clocktime_window<T: TimeZone>(
    now: &DateTime<T>,
    window_minutes: u32,
) -> Option<(DateTime<T>, DateTime<T>)> {
    if window_minutes == 0 || 60 % window_minutes != 0 {
        return None;
    }
    let seconds = TimeDelta::seconds(i64::from(now.second()));
    let sub = TimeDelta::nanoseconds(i64::from(now.nanosecond() % 1_000_000_000));
    let last_full_minute = now
        .clone()
        .checked_sub_signed(seconds + sub + TimeDelta::minutes(1))?;
    let into_window = last_full_minute.minute() % window_minutes;
    let window = TimeDelta::minutes(i64::from(window_minutes));
    let end = last_full_minute.checked_sub_signed(TimeDelta::minutes(i64::from(into_window)))?;
    let begin = end.clone().checked_sub_signed(window)?;
    Some((begin, end))
}

/// A practical resolution for showing or querying the period `[start, end)`: longer than 16 weeks
/// → 168 h; longer than 14 days → 24 h; longer than 48 h → 1 h; longer than 8 h → 15 min; else
/// 5 min. Without both ends: 15 min.
pub fn decide_resolution<T: TimeZone, U: TimeZone>(
    start: Option<&DateTime<T>>,
    end: Option<&DateTime<U>>,
) -> TimeDelta {
    let (Some(start), Some(end)) = (start, end) else {
        return TimeDelta::minutes(15);
    };
    default_resolution_for(end.clone().signed_duration_since(start.clone()))
}

/// The default resolution for showing a window of `length`: 5 min up to 8 h, 15 min up to 48 h,
/// 1 h up to 14 days, 24 h up to 16 weeks, else 168 h.
pub fn default_resolution_for(length: TimeDelta) -> TimeDelta {
    if length > TimeDelta::weeks(16) {
        TimeDelta::hours(168)
    } else if length > TimeDelta::days(14) {
        TimeDelta::hours(24)
    } else if length > TimeDelta::hours(48) {
        TimeDelta::hours(1)
    } else if length > TimeDelta::hours(8) {
        TimeDelta::minutes(15)
    } else {
        TimeDelta::minutes(5)
    }
}

/// The forecast horizons supported for a resolution: 5 or 10 min → 1 h, 6 h, 24 h; 15 min or
/// 1 h → 1 h, 6 h, 24 h, 48 h; 1 day → 24 h, 48 h; 1 week → 168 h; otherwise none.
pub fn forecast_horizons_for(resolution: TimeDelta) -> Vec<TimeDelta> {
    let hours = |hs: &[i64]| hs.iter().map(|h| TimeDelta::hours(*h)).collect();
    let minutes = resolution.num_minutes();
    if resolution != TimeDelta::minutes(minutes) {
        return Vec::new();
    }
    match minutes {
        5 | 10 => hours(&[1, 6, 24]),
        15 | 60 => hours(&[1, 6, 24, 48]),
        1440 => hours(&[24, 48]),
        10080 => hours(&[168]),
        _ => Vec::new(),
    }
}
