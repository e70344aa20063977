//! Exact arithmetic on regular time grids (nanosecond precision, no overflow panics).

use chrono::{DateTime, TimeDelta, Utc};

/// Nanoseconds in one second.
const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// A duration as signed nanoseconds (exact; `i128` never overflows for a `TimeDelta`).
pub(crate) fn nanos(d: TimeDelta) -> i128 {
    i128::from(d.num_seconds()) * NANOS_PER_SECOND + i128::from(d.subsec_nanos())
}

/// Signed nanoseconds back to a duration, if representable.
pub(crate) fn delta(n: i128) -> Option<TimeDelta> {
    let secs = i64::try_from(n.div_euclid(NANOS_PER_SECOND)).ok()?;
    let sub = u32::try_from(n.rem_euclid(NANOS_PER_SECOND)).ok()?;
    TimeDelta::new(secs, sub)
}

/// The `k`-th point of the grid `origin + k·step`, if representable.
pub(crate) fn point(origin: DateTime<Utc>, k: i128, step: TimeDelta) -> Option<DateTime<Utc>> {
    let offset = delta(k.checked_mul(nanos(step))?)?;
    origin.checked_add_signed(offset)
}

/// Index of the grid cell `[origin + k·step, origin + (k+1)·step)` containing `t`
/// (`step` must be positive).
pub(crate) fn cell(t: DateTime<Utc>, origin: DateTime<Utc>, step: TimeDelta) -> i128 {
    let since = nanos(t.signed_duration_since(origin));
    since.div_euclid(nanos(step).max(1))
}

/// Whether `t` lies exactly on the grid `origin + k·step`.
pub(crate) fn on_grid(t: DateTime<Utc>, origin: DateTime<Utc>, step: TimeDelta) -> bool {
    nanos(t.signed_duration_since(origin)).rem_euclid(nanos(step).max(1)) == 0
}
