//! Wall-clock (local) times to instants, with explicit policies for DST gaps and overlaps.
//!
//! A wall-clock time can be ambiguous (it occurs twice when clocks go back, e.g. 02:30 on
//! 2024-10-27 in Europe/Amsterdam) or nonexistent (skipped when clocks go forward, e.g. 02:30 on
//! 2024-03-31). The policies here:
//!
//! - *compatible* ([`localize`]): ambiguous → the earlier instant; nonexistent → shifted forward by
//!   the length of the gap (02:30 → 03:30+02:00). This equals pytz's `localize(is_dst=False)` for
//!   gaps and Python's `fold=0` for overlaps.
//! - *standard time* (knowledge-horizon functions, pytz `localize(is_dst=False)`): ambiguous → the
//!   interpretation without DST (the later instant when both or neither are standard); gap → as
//!   compatible.
//! - *floor* (grids): ambiguous → the latest candidate not after a given bound; nonexistent → the
//!   instant the gap ends (pandas' `nonexistent="shift_forward"`).

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone,
};
use chrono_tz::{OffsetComponents, Tz};

/// The instant of a wall-clock time in `tz`, resolving DST overlaps to the earlier instant and
/// DST gaps by shifting forward by the gap length ("compatible" policy).
///
/// Returns `None` only when the result is outside chrono's range.
pub fn localize<T: TimeZone>(tz: &T, naive: &NaiveDateTime) -> Option<DateTime<T>> {
    localize_preferring(tz, naive, None)
}

/// Local midnight at the start of `date` in `tz` (for a zone whose midnight falls in a DST gap:
/// the first instant of that day, per [`localize`]).
pub fn local_midnight<T: TimeZone>(date: NaiveDate, tz: &T) -> Option<DateTime<T>> {
    localize(tz, &date.and_hms_opt(0, 0, 0)?)
}

/// Like [`localize`], but an ambiguous time takes the candidate whose offset equals `preferred`
/// when there is one.
pub(crate) fn localize_preferring<T: TimeZone>(
    tz: &T,
    naive: &NaiveDateTime,
    preferred: Option<FixedOffset>,
) -> Option<DateTime<T>> {
    match tz.from_local_datetime(naive) {
        LocalResult::Single(dt) => Some(dt),
        LocalResult::Ambiguous(earlier, later) => {
            if preferred.is_some_and(|p| later.offset().fix() == p) {
                Some(later)
            } else {
                Some(earlier)
            }
        }
        LocalResult::None => shift_forward_by_gap(tz, naive),
    }
}

/// pytz `localize(dt, is_dst=False)` for a `chrono_tz` zone.
pub(crate) fn localize_standard(tz: &Tz, naive: &NaiveDateTime) -> Option<DateTime<Tz>> {
    match tz.from_local_datetime(naive) {
        LocalResult::Single(dt) => Some(dt),
        LocalResult::Ambiguous(earlier, later) => {
            let earlier_std = earlier.offset().dst_offset().is_zero();
            let later_std = later.offset().dst_offset().is_zero();
            if earlier_std && !later_std {
                Some(earlier)
            } else {
                Some(later)
            }
        }
        LocalResult::None => shift_forward_by_gap(tz, naive),
    }
}

/// For flooring: the latest interpretation of `naive` that is not after `bound`; in a gap, the
/// instant at which the gap ends.
pub(crate) fn localize_floor<T: TimeZone>(
    tz: &T,
    naive: &NaiveDateTime,
    bound: &DateTime<T>,
) -> Option<DateTime<T>> {
    match tz.from_local_datetime(naive) {
        LocalResult::Single(dt) => Some(dt),
        LocalResult::Ambiguous(earlier, later) => {
            if later <= *bound {
                Some(later)
            } else {
                Some(earlier)
            }
        }
        LocalResult::None => gap_end(tz, naive),
    }
}

/// Offsets in force one day before and one day after `naive` read as a UTC instant.
fn surrounding_offsets<T: TimeZone>(
    tz: &T,
    naive: &NaiveDateTime,
) -> Option<(FixedOffset, FixedOffset)> {
    let day = TimeDelta::days(1);
    let before = tz
        .offset_from_utc_datetime(&naive.checked_sub_signed(day)?)
        .fix();
    let after = tz
        .offset_from_utc_datetime(&naive.checked_add_signed(day)?)
        .fix();
    Some((before, after))
}

/// A nonexistent wall time read with the offset in force before the gap (02:30 → 03:30+02:00).
fn shift_forward_by_gap<T: TimeZone>(tz: &T, naive: &NaiveDateTime) -> Option<DateTime<T>> {
    let (before, _) = surrounding_offsets(tz, naive)?;
    let utc = naive.checked_sub_offset(before)?;
    Some(tz.from_utc_datetime(&utc))
}

/// The first instant after the gap that swallows the nonexistent wall time `naive`.
fn gap_end<T: TimeZone>(tz: &T, naive: &NaiveDateTime) -> Option<DateTime<T>> {
    let (before, after) = surrounding_offsets(tz, naive)?;
    // Read with the later offset the wall time lies before the transition, with the earlier one
    // at or after it; search the second at which the offset changes in between.
    let lo = naive.checked_sub_offset(after)?.and_utc().timestamp();
    let hi = naive.checked_sub_offset(before)?.and_utc().timestamp() + 1;
    let changed = |secs: i64| {
        DateTime::from_timestamp(secs, 0)
            .map(|t| tz.offset_from_utc_datetime(&t.naive_utc()).fix() != before)
    };
    if changed(lo)? || !changed(hi)? {
        return shift_forward_by_gap(tz, naive);
    }
    let (mut lo, mut hi) = (lo, hi);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if changed(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let instant = DateTime::from_timestamp(hi, 0)?;
    Some(tz.from_utc_datetime(&instant.naive_utc()))
}
