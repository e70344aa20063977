//! Event grids: flooring to a resolution, alignment, the event starts of `[start, end)` and the
//! number of events in a local day.
//!
//! Flooring works on the wall clock of the datetime's own zone (spec §5.5: "wall clock of the
//! given offset"), counted from the local epoch 1970-01-01T00:00 — for resolutions that divide a
//! day this is the same as counting from local midnight, so `P1D` floors to local midnight and
//! `PT15M` to the quarter hour, also on DST days. Like pandas' `Timestamp.floor` on an aware
//! timestamp, the floored wall time is then read in the zone again: when it is ambiguous the
//! latest reading not after the input is taken, and when it falls in a DST gap the instant the gap
//! ends. The result is therefore never after the input, and flooring twice changes nothing.
//!
//! Event grids step by an exact resolution (as pandas' `date_range` with a fixed frequency does
//! for aware endpoints): 15-minute events on 2024-03-31 in Europe/Amsterdam are 92.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone};

use super::duration::{IsoDuration, NANOS_PER_SECOND, nanos_to_timedelta, timedelta_nanos};
use super::local::{local_midnight, localize_floor};

/// Why an event grid cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GridError {
    /// The resolution (or step) is zero or negative.
    #[error("the resolution must be positive")]
    NonPositiveResolution,
    /// A datetime of the grid falls outside the representable range.
    #[error("datetime out of range")]
    OutOfRange,
}

/// `dt` floored to a multiple of `resolution` on its wall clock (see the module documentation).
/// A zero or negative resolution (instantaneous sensors) leaves `dt` unchanged.
pub fn floor_to_resolution<T: TimeZone>(dt: &DateTime<T>, resolution: TimeDelta) -> DateTime<T> {
    let step = timedelta_nanos(resolution);
    if step <= 0 {
        return dt.clone();
    }
    let wall = dt.naive_local();
    let nanos = naive_nanos(&wall);
    let floored = nanos - nanos.rem_euclid(step);
    if floored == nanos {
        return dt.clone();
    }
    naive_from_nanos(floored)
        .and_then(|naive| localize_floor(&dt.timezone(), &naive, dt))
        .unwrap_or_else(|| dt.clone())
}

/// Whether `dt` lies on the grid of `resolution` (flooring leaves it unchanged); always true for
/// a zero or negative resolution.
pub fn is_aligned<T: TimeZone>(dt: &DateTime<T>, resolution: TimeDelta) -> bool {
    floor_to_resolution(dt, resolution) == *dt
}

/// Nanoseconds of a wall-clock time since 1970-01-01T00:00.
fn naive_nanos(naive: &NaiveDateTime) -> i128 {
    let utc = naive.and_utc();
    i128::from(utc.timestamp()) * i128::from(NANOS_PER_SECOND)
        + i128::from(utc.timestamp_subsec_nanos())
}

fn naive_from_nanos(nanos: i128) -> Option<NaiveDateTime> {
    let per_second = i128::from(NANOS_PER_SECOND);
    let secs = i64::try_from(nanos.div_euclid(per_second)).ok()?;
    let sub = u32::try_from(nanos.rem_euclid(per_second)).ok()?;
    DateTime::from_timestamp(secs, sub).map(|dt| dt.naive_utc())
}

/// The number of events of length `resolution` starting in `[start, end)` (0 when `end` is not
/// after `start`).
pub fn event_count<T: TimeZone, U: TimeZone>(
    start: &DateTime<T>,
    end: &DateTime<U>,
    resolution: TimeDelta,
) -> Result<usize, GridError> {
    let step = timedelta_nanos(resolution);
    if step <= 0 {
        return Err(GridError::NonPositiveResolution);
    }
    let span = timedelta_nanos(end.clone().signed_duration_since(start.clone()));
    if span <= 0 {
        return Ok(0);
    }
    usize::try_from((span + step - 1) / step).map_err(|_| GridError::OutOfRange)
}

/// The event starts `start, start + r, start + 2r, …` before `end` (left-closed `[start, end)`),
/// stepping by exact time.
pub fn event_starts<T: TimeZone, U: TimeZone>(
    start: &DateTime<T>,
    end: &DateTime<U>,
    resolution: TimeDelta,
) -> Result<Vec<DateTime<T>>, GridError> {
    let count = event_count(start, end, resolution)?;
    let step = timedelta_nanos(resolution);
    (0..count)
        .map(|i| {
            let offset = i128::try_from(i)
                .ok()
                .map(|i| i * step)
                .and_then(nanos_to_timedelta);
            offset
                .and_then(|o| start.clone().checked_add_signed(o))
                .ok_or(GridError::OutOfRange)
        })
        .collect()
}

/// The event starts `start + k·step` (k = 0, 1, …) before `end`, stepping calendar-aware (see
/// [`IsoDuration::add_to`]): a `P1D` step keeps local midnights across DST, a `P1M` step counts
/// months from `start` (Jan 31, Feb 29, Mar 31, …).
pub fn event_starts_calendar<T: TimeZone, U: TimeZone>(
    start: &DateTime<T>,
    end: &DateTime<U>,
    step: &IsoDuration,
) -> Result<Vec<DateTime<T>>, GridError> {
    if step.is_negative() || step.is_zero() {
        return Err(GridError::NonPositiveResolution);
    }
    let end = end.with_timezone(&start.timezone());
    let mut out = Vec::new();
    for k in 0u32.. {
        let next = step
            .checked_mul(k)
            .and_then(|d| d.add_to(start))
            .ok_or(GridError::OutOfRange)?;
        if next >= end {
            break;
        }
        out.push(next);
    }
    Ok(out)
}

/// The first instants of local day `date` and of the next day in `tz`.
pub fn local_day_bounds<T: TimeZone>(
    date: NaiveDate,
    tz: &T,
) -> Option<(DateTime<T>, DateTime<T>)> {
    Some((
        local_midnight(date, tz)?,
        local_midnight(date.succ_opt()?, tz)?,
    ))
}

/// The number of events of length `resolution` in local day `date` of `tz`: in Europe/Amsterdam
/// at 15 minutes, 92 on 2024-03-31, 100 on 2024-10-27 and 96 on other days.
pub fn events_in_local_day<T: TimeZone>(
    date: NaiveDate,
    tz: &T,
    resolution: TimeDelta,
) -> Result<usize, GridError> {
    let (start, end) = local_day_bounds(date, tz).ok_or(GridError::OutOfRange)?;
    event_count(&start, &end, resolution)
}
