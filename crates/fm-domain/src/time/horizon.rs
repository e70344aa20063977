//! Belief horizons of values posted to the legacy API (v1.x) with a `horizon` field
//! (`api-legacy-v1.md` §4.6).
//!
//! A rolling horizon (`R/…`, or no horizon at all, which means `R/PT0H`) gives every value the
//! same belief horizon. A non-rolling horizon (a plain duration) refers to the end of the whole
//! posted series: value j of N equidistant values over `duration` gets
//! `h − (series_end − slot_end_j) = h − (N − 1 − j) · duration / N`.

use chrono::TimeDelta;

use super::duration::{nanos_to_timedelta, timedelta_nanos};

/// The belief horizon of each of `n` equidistant values posted over `duration` with the legacy
/// `horizon` (see the module documentation). `None` when a horizon is out of range.
///
/// Examples: `PT13H` over two hourly values → 12 h, 13 h; `-PT10M` over four 15-minute values →
/// −55, −40, −25, −10 min.
pub fn legacy_belief_horizons(
    horizon: TimeDelta,
    rolling: bool,
    duration: TimeDelta,
    n: usize,
) -> Option<Vec<TimeDelta>> {
    if rolling {
        return Some(vec![horizon; n]);
    }
    let count = i128::try_from(n).ok()?;
    if count == 0 {
        return Some(Vec::new());
    }
    let step = timedelta_nanos(duration) / count;
    let h = timedelta_nanos(horizon);
    (0..count)
        .map(|j| nanos_to_timedelta(h - (count - 1 - j) * step))
        .collect()
}
