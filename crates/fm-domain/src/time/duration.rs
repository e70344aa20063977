//! The [`IsoDuration`] type and the formatting of durations.
//!
//! Canonical rendering (the `P%P` style of isodate, as FlexMeasures v0.9.0 renders durations,
//! but with the sign emitted, spec §8 #17): `[R/][-]P[nY][nM][nD][T[nH][nM][n[.f]S]]`, weeks
//! shown as days, hours/minutes/seconds normalised from the exact time part (`PT900S` → `PT15M`,
//! `PT1.5H` → `PT1H30M`), and `P0D` for zero. Days given as days stay days and hours stay hours
//! (`PT36H` stays `PT36H`, `P1DT12H` stays `P1DT12H`), because they differ in a time zone with
//! DST; [`format_timedelta`] is the rendering of an exact length of time (36 h → `P1DT12H`).

use std::fmt;

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) const NANOS_PER_SECOND: u64 = 1_000_000_000;
pub(crate) const NANOS_PER_MINUTE: u64 = 60 * NANOS_PER_SECOND;
pub(crate) const NANOS_PER_HOUR: u64 = 60 * NANOS_PER_MINUTE;
pub(crate) const NANOS_PER_DAY: u64 = 24 * NANOS_PER_HOUR;

/// The message with which the v3 API (HEAD) refuses durations that are not whole minutes.
pub const ONLY_WHOLE_MINUTES_MESSAGE: &str = "FlexMeasures only support multiples of 1 minute.";

/// An ISO 8601 duration as FlexMeasures accepts it.
///
/// A sign applies to the whole duration. Years and months are *calendar* (nominal) parts without
/// a fixed length; days (weeks count as 7 days) and the time part are *exact* parts, where a day
/// is 24 hours for [`to_timedelta`](Self::to_timedelta) but a calendar day for
/// [`add_to`](Self::add_to). The `repeating` flag records the legacy `R/` prefix (`R/PT6H`), which
/// [`parse_legacy_horizon`](Self::parse_legacy_horizon) accepts and [`parse`](Self::parse) refuses.
/// Zero is never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IsoDuration {
    negative: bool,
    repeating: bool,
    years: u32,
    months: u32,
    days: u64,
    nanos: u64,
}

impl IsoDuration {
    /// The zero duration (`P0D`).
    pub const ZERO: IsoDuration = IsoDuration {
        negative: false,
        repeating: false,
        years: 0,
        months: 0,
        days: 0,
        nanos: 0,
    };

    /// A duration from its parts: sign, years, months, days and the time part in nanoseconds.
    pub fn new(negative: bool, years: u32, months: u32, days: u64, time_nanos: u64) -> Self {
        let zero = years == 0 && months == 0 && days == 0 && time_nanos == 0;
        IsoDuration {
            negative: negative && !zero,
            repeating: false,
            years,
            months,
            days,
            nanos: time_nanos,
        }
    }

    /// The exact duration `td`, split into whole days and a time part (as isodate formats a
    /// `timedelta`: 36 h → `P1DT12H`).
    pub fn from_timedelta(td: TimeDelta) -> Self {
        let total = timedelta_nanos(td);
        let magnitude = total.unsigned_abs();
        let day = u128::from(NANOS_PER_DAY);
        // |TimeDelta| < 2^63 ms, so the day count fits in u64 and the rest is below one day.
        let days = u64::try_from(magnitude / day).unwrap_or(u64::MAX);
        let nanos = u64::try_from(magnitude % day).unwrap_or(0);
        IsoDuration::new(total < 0, 0, 0, days, nanos)
    }

    /// The same duration with the repeating (`R/`) flag set or cleared.
    pub fn with_repeating(mut self, repeating: bool) -> Self {
        self.repeating = repeating;
        self
    }

    /// The same duration with the opposite sign (zero stays zero).
    pub fn negated(self) -> Self {
        let mut out = IsoDuration::new(
            !self.negative,
            self.years,
            self.months,
            self.days,
            self.nanos,
        );
        out.repeating = self.repeating;
        out
    }

    /// Whether the duration is negative (`-PT6H`).
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whether the legacy repeating-interval prefix `R/` (or `R<n>/`) was given.
    pub fn is_repeating(&self) -> bool {
        self.repeating
    }

    /// The number of years (magnitude).
    pub fn years(&self) -> u32 {
        self.years
    }

    /// The number of months (magnitude).
    pub fn months(&self) -> u32 {
        self.months
    }

    /// The number of days (magnitude; weeks are counted as 7 days).
    pub fn days(&self) -> u64 {
        self.days
    }

    /// The time part (hours, minutes, seconds) in nanoseconds (magnitude).
    pub fn time_nanos(&self) -> u64 {
        self.nanos
    }

    /// Whether there are calendar parts (years or months), which have no fixed length.
    pub fn has_calendar_parts(&self) -> bool {
        self.years != 0 || self.months != 0
    }

    /// Whether the duration is zero (`PT0H`, `P0D`).
    pub fn is_zero(&self) -> bool {
        *self == IsoDuration::ZERO.with_repeating(self.repeating)
    }

    /// Whether the exact part is a whole number of minutes (the v3 `DurationField` rule; see
    /// [`ONLY_WHOLE_MINUTES_MESSAGE`]).
    pub fn is_whole_minutes(&self) -> bool {
        self.nanos.is_multiple_of(NANOS_PER_MINUTE)
    }

    /// The exact length, with a day counted as 24 hours, or `None` when there are calendar parts
    /// or the length exceeds `TimeDelta`'s range.
    pub fn to_timedelta(&self) -> Option<TimeDelta> {
        if self.has_calendar_parts() {
            return None;
        }
        let magnitude = i128::from(self.days) * i128::from(NANOS_PER_DAY) + i128::from(self.nanos);
        nanos_to_timedelta(if self.negative { -magnitude } else { magnitude })
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.repeating {
            f.write_str("R/")?;
        }
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        if self.is_zero() {
            return f.write_str("0D");
        }
        if self.years != 0 {
            write!(f, "{}Y", self.years)?;
        }
        if self.months != 0 {
            write!(f, "{}M", self.months)?;
        }
        if self.days != 0 {
            write!(f, "{}D", self.days)?;
        }
        if self.nanos != 0 {
            f.write_str("T")?;
            write_time_part(f, u128::from(self.nanos), false)?;
        }
        Ok(())
    }
}

/// Writes `H`, `M` and `S` components of `nanos` (without the `T`), hours unbounded.
fn write_time_part(f: &mut impl fmt::Write, nanos: u128, zero_as_hours: bool) -> fmt::Result {
    let hours = nanos / u128::from(NANOS_PER_HOUR);
    let minutes = nanos % u128::from(NANOS_PER_HOUR) / u128::from(NANOS_PER_MINUTE);
    let seconds = nanos % u128::from(NANOS_PER_MINUTE) / u128::from(NANOS_PER_SECOND);
    let fraction = nanos % u128::from(NANOS_PER_SECOND);
    if hours != 0 || (nanos == 0 && zero_as_hours) {
        write!(f, "{hours}H")?;
    }
    if minutes != 0 {
        write!(f, "{minutes}M")?;
    }
    if seconds != 0 || fraction != 0 {
        write!(f, "{seconds}")?;
        if fraction != 0 {
            let digits = format!("{fraction:09}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("S")?;
    }
    Ok(())
}

/// Formats an exact duration the way FlexMeasures v0.9.0 does (isodate `P%P`): days, then hours,
/// minutes and seconds as needed, zero as `P0D`; negative durations get a leading `-`
/// (spec §8 #17). Examples: 15 min → `PT15M`, 90 min → `PT1H30M`, 48 h → `P2D`,
/// 49 h → `P2DT1H`, one week → `P7D`, −6 h → `-PT6H`.
pub fn format_timedelta(td: TimeDelta) -> String {
    IsoDuration::from_timedelta(td).to_string()
}

/// Formats an exact duration without days, the way HEAD's API renders sensor-data durations and
/// resolutions: 48 h → `PT48H`, 15 min → `PT15M`, zero → `PT0H`; negative durations get a leading
/// `-` (HEAD drops the sign, spec §8 #17).
pub fn format_timedelta_hours(td: TimeDelta) -> String {
    let total = timedelta_nanos(td);
    let mut out = String::from(if total < 0 { "-PT" } else { "PT" });
    // Writing into a String cannot fail.
    let _ = write_time_part(&mut out, total.unsigned_abs(), true);
    out
}

/// The signed number of nanoseconds in `td`.
pub(crate) fn timedelta_nanos(td: TimeDelta) -> i128 {
    i128::from(td.num_seconds()) * i128::from(NANOS_PER_SECOND) + i128::from(td.subsec_nanos())
}

/// A `TimeDelta` of `nanos` nanoseconds, if in range.
pub(crate) fn nanos_to_timedelta(nanos: i128) -> Option<TimeDelta> {
    let per_second = i128::from(NANOS_PER_SECOND);
    let secs = i64::try_from(nanos.div_euclid(per_second)).ok()?;
    let sub = u32::try_from(nanos.rem_euclid(per_second)).ok()?;
    TimeDelta::new(secs, sub)
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        IsoDuration::parse(&text).map_err(serde::de::Error::custom)
    }
}
