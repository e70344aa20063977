//! Calendar-aware arithmetic with [`IsoDuration`]s in a time zone.
//!
//! Adding a duration to a zoned datetime first moves the *wall clock* by the calendar parts —
//! years and months (`checked_add_months`, clamping to the end of a month: Jan 31 + `P1M` =
//! Feb 29 in 2024) and then days (weeks count as 7 days) — and reads the new wall time in the same
//! zone: `P1D` from local midnight lands on the next local midnight across a DST change (23 or
//! 25 hours later). The time part (hours, minutes, seconds) is then added as elapsed time.
//! An ambiguous wall time keeps the original offset when possible, else takes the earlier
//! instant; a nonexistent one is shifted forward by the gap (see [`localize`](super::localize)).
//! A negative duration moves the wall clock back by the calendar parts, then subtracts the time
//! part.

use chrono::{DateTime, Days, Months, NaiveDate, Offset, TimeDelta, TimeZone};

use super::duration::{IsoDuration, nanos_to_timedelta};
use super::local::localize_preferring;

impl IsoDuration {
    /// `dt` plus this duration, calendar-aware (see the module documentation); `None` when out of
    /// range.
    pub fn add_to<T: TimeZone>(&self, dt: &DateTime<T>) -> Option<DateTime<T>> {
        let moved = if self.years() == 0 && self.months() == 0 && self.days() == 0 {
            dt.clone()
        } else {
            let local = dt.naive_local();
            let date = shift_date(local.date(), self, self.is_negative())?;
            let wall = date.and_time(local.time());
            localize_preferring(&dt.timezone(), &wall, Some(dt.offset().fix()))?
        };
        let time = nanos_to_timedelta(i128::from(self.time_nanos()))?;
        if self.is_negative() {
            moved.checked_sub_signed(time)
        } else {
            moved.checked_add_signed(time)
        }
    }

    /// The exact length of this duration when it starts at `start` ("grounding", as the
    /// original's `DurationField.ground_from` and the legacy `duration` field do).
    ///
    /// Without calendar parts this is [`to_timedelta`](Self::to_timedelta) (a day is 24 hours,
    /// as in the original); with them, `start + self − start` per [`add_to`](Self::add_to). From
    /// 2020-02-22T18:07 in Europe/Amsterdam: `P1M` → 29 days, `P2M` → 60 days − 1 hour,
    /// `P1Y` → 366 days.
    pub fn ground<T: TimeZone>(&self, start: &DateTime<T>) -> Option<TimeDelta> {
        if !self.has_calendar_parts() {
            return self.to_timedelta();
        }
        Some(self.add_to(start)?.signed_duration_since(start))
    }

    /// This duration with every part multiplied by `factor` (sign and repeating flag kept);
    /// `None` on overflow.
    pub fn checked_mul(&self, factor: u32) -> Option<IsoDuration> {
        let scaled = IsoDuration::new(
            self.is_negative(),
            self.years().checked_mul(factor)?,
            self.months().checked_mul(factor)?,
            self.days().checked_mul(u64::from(factor))?,
            self.time_nanos().checked_mul(u64::from(factor))?,
        );
        Some(scaled.with_repeating(self.is_repeating()))
    }
}

/// Moves `date` by the years, months and days of `d`, backwards when `negative`.
fn shift_date(date: NaiveDate, d: &IsoDuration, negative: bool) -> Option<NaiveDate> {
    let months = d.years().checked_mul(12)?.checked_add(d.months())?;
    let days = Days::new(d.days());
    if negative {
        date.checked_sub_months(Months::new(months))?
            .checked_sub_days(days)
    } else {
        date.checked_add_months(Months::new(months))?
            .checked_add_days(days)
    }
}
