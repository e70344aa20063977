//! Parsing and formatting ISO 8601 datetimes.
//!
//! Two input grammars exist (spec `domain.md` §5.2, `api-legacy-v1.md` §4.5):
//!
//! - **legacy / isodate** ([`parse_datetime`], [`parse_aware_datetime`],
//!   [`parse_datetime_assume_utc`]): extended and basic forms, week and ordinal dates, reduced
//!   times (`T00:00Z`, `T00Z`), fractional seconds; the `T` is required. Used by API v1.x–v2.0 and
//!   for knowledge-horizon parameters.
//! - **v3 / marshmallow** ([`parse_aware_datetime_v3`], [`parse_aware_datetime_or_date_v3`]):
//!   `YYYY-M[M]-D[D]Th[h]:m[m][:s[s][.f]]<offset>` only, offset `Z`, `±HH`, `±HHMM` or `±HH:MM`,
//!   at most 12 fraction digits of which the first 6 count; every space is first replaced by `+`.
//!
//! Two renderings exist: [`format_iso_datetime`] (Python `isoformat()`, used by API v3 and
//! HEAD: `2015-01-01T00:00:00+00:00`, microseconds only when non-zero) and
//! [`format_iso_datetime_z`] (isodate `datetime_isoformat`, used by the legacy API: whole seconds,
//! `Z` for a zero offset: `2015-01-01T00:00:00Z`, `2015-01-01T09:00:00+09:00`).

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike,
};
use chrono_tz::Tz;

use super::isodate;
use super::local::local_midnight;

/// A string that is not an acceptable ISO 8601 datetime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateTimeParseError {
    /// Not a datetime in the expected grammar (or not a valid calendar date or time).
    #[error("Cannot parse datetime string {value} as iso date")]
    Invalid {
        /// The offending input.
        value: String,
    },
    /// A valid datetime without UTC offset where an aware one is required.
    #[error("Datetime should explicitly state a timezone.")]
    Naive {
        /// The offending input.
        value: String,
    },
}

impl DateTimeParseError {
    /// The offending input.
    pub fn value(&self) -> &str {
        match self {
            DateTimeParseError::Invalid { value } | DateTimeParseError::Naive { value } => value,
        }
    }

    /// Whether the input was a valid but naive datetime (legacy status `INVALID_TIMEZONE`).
    pub fn is_naive(&self) -> bool {
        matches!(self, DateTimeParseError::Naive { .. })
    }

    /// The marshmallow field message used by API v2.0/v3 and the CLI:
    /// `Not a valid aware datetime.` or `Not a valid datetime.`.
    pub fn marshmallow_message(&self) -> &'static str {
        match self {
            DateTimeParseError::Invalid { .. } => "Not a valid datetime.",
            DateTimeParseError::Naive { .. } => "Not a valid aware datetime.",
        }
    }
}

/// A datetime as written: with a UTC offset (aware) or without (naive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedDateTime {
    /// With an explicit offset (`Z` counts as `+00:00`).
    Aware(DateTime<FixedOffset>),
    /// Without offset.
    Naive(NaiveDateTime),
}

impl ParsedDateTime {
    /// Whether an offset was given.
    pub fn is_aware(&self) -> bool {
        matches!(self, ParsedDateTime::Aware(_))
    }

    /// The datetime, reading a naive one as UTC (FlexMeasures' internal rule).
    pub fn assume_utc(self) -> DateTime<FixedOffset> {
        match self {
            ParsedDateTime::Aware(dt) => dt,
            ParsedDateTime::Naive(naive) => naive.and_utc().fixed_offset(),
        }
    }
}

fn invalid(s: &str) -> DateTimeParseError {
    DateTimeParseError::Invalid {
        value: s.to_owned(),
    }
}

/// Parses a datetime in the legacy (isodate) grammar, aware or naive.
pub fn parse_datetime(s: &str) -> Result<ParsedDateTime, DateTimeParseError> {
    let (naive, offset) = isodate::parse_datetime(s).ok_or_else(|| invalid(s))?;
    match offset {
        None => Ok(ParsedDateTime::Naive(naive)),
        Some(offset) => offset
            .from_local_datetime(&naive)
            .single()
            .map(ParsedDateTime::Aware)
            .ok_or_else(|| invalid(s)),
    }
}

/// Parses a timezone-aware datetime in the legacy (isodate) grammar; a naive datetime is refused
/// with [`DateTimeParseError::Naive`] (legacy status `INVALID_TIMEZONE`).
pub fn parse_aware_datetime(s: &str) -> Result<DateTime<FixedOffset>, DateTimeParseError> {
    match parse_datetime(s)? {
        ParsedDateTime::Aware(dt) => Ok(dt),
        ParsedDateTime::Naive(_) => Err(DateTimeParseError::Naive {
            value: s.to_owned(),
        }),
    }
}

/// Parses a datetime in the legacy (isodate) grammar, reading a naive one as UTC (as the
/// original does for CSV data, the legacy `prior` and stored parameters).
pub fn parse_datetime_assume_utc(s: &str) -> Result<DateTime<FixedOffset>, DateTimeParseError> {
    parse_datetime(s).map(ParsedDateTime::assume_utc)
}

/// Parses an aware datetime the way API v3 and the CLI do (marshmallow's `AwareDateTime` after
/// replacing every space by `+`). A naive datetime gives [`DateTimeParseError::Naive`]
/// ("Not a valid aware datetime."), anything else invalid [`DateTimeParseError::Invalid`]
/// ("Not a valid datetime.").
pub fn parse_aware_datetime_v3(s: &str) -> Result<DateTime<FixedOffset>, DateTimeParseError> {
    let repaired = s.replace(' ', "+");
    let (naive, zone) = parse_marshmallow(&repaired).ok_or_else(|| invalid(s))?;
    let offset = isodate::parse_offset(zone).ok_or_else(|| invalid(s))?;
    let Some(offset) = offset else {
        return Err(DateTimeParseError::Naive {
            value: s.to_owned(),
        });
    };
    offset
        .from_local_datetime(&naive)
        .single()
        .ok_or_else(|| invalid(s))
}

/// Parses an aware datetime as [`parse_aware_datetime_v3`], or a plain date `YYYY-M[M]-D[D]` as
/// local midnight in `tz` (the server time zone), or the following midnight when the date is an
/// inclusive end (HEAD's `AwareDateTimeOrDateField`).
pub fn parse_aware_datetime_or_date_v3(
    s: &str,
    tz: &Tz,
    inclusive_end: bool,
) -> Result<DateTime<FixedOffset>, DateTimeParseError> {
    if let Some(date) = parse_plain_date(s) {
        let date = if inclusive_end {
            date.succ_opt().ok_or_else(|| invalid(s))?
        } else {
            date
        };
        return local_midnight(date, tz)
            .map(|dt| dt.fixed_offset())
            .ok_or_else(|| invalid(s));
    }
    parse_aware_datetime_v3(s)
}

/// `YYYY-M[M]-D[D]` (Python `strptime("%Y-%m-%d")`).
fn parse_plain_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |p: &str, min: usize, max: usize| -> Option<u32> {
        let ok = p.len() >= min && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
        if ok { p.parse().ok() } else { None }
    };
    if parts.next().is_some() {
        return None;
    }
    let year = i32::try_from(number(y, 4, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(m, 1, 2)?, number(d, 1, 2)?)
}

/// The marshmallow 3 datetime grammar; returns the naive datetime and the offset text.
fn parse_marshmallow(s: &str) -> Option<(NaiveDateTime, &str)> {
    let (date, rest) = s.split_once('T')?;
    let date = parse_plain_date(date)?;
    let zone_at = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let (hms, frac) = match clock.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (clock, None),
    };
    let fields: Vec<&str> = hms.split(':').collect();
    let short = |p: &&str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&fields.len()) || !fields.iter().all(short) {
        return None;
    }
    let micros = match frac {
        None => 0,
        // `.` needs seconds and 1 to 12 digits; digits beyond the sixth are dropped.
        Some(f)
            if fields.len() == 3
                && (1..=12).contains(&f.len())
                && f.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{:0<6}", &f[..f.len().min(6)]).parse().ok()?
        }
        Some(_) => return None,
    };
    let num = |i: usize| fields.get(i).map_or(Some(0), |p| p.parse::<u32>().ok());
    let time = NaiveTime::from_hms_micro_opt(num(0)?, num(1)?, num(2)?, micros)?;
    Some((date.and_time(time), zone))
}

/// Renders `dt` like Python's `datetime.isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:MM`, with
/// microseconds only when non-zero and `+00:00` for UTC (API v3 / HEAD output).
pub fn format_iso_datetime<T: TimeZone>(dt: &DateTime<T>) -> String {
    let local = dt.naive_local();
    let mut out = format_wall(&local);
    let micros = local.nanosecond() % 1_000_000_000 / 1000;
    if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out.push_str(&format_offset(dt.offset().fix()));
    out
}

/// Renders `dt` like isodate's `datetime_isoformat`: whole seconds, `Z` for a zero offset,
/// otherwise `±HH:MM` (legacy API output, e.g. `2015-01-01T00:00:00Z`).
pub fn format_iso_datetime_z<T: TimeZone>(dt: &DateTime<T>) -> String {
    let offset = dt.offset().fix();
    let zone = if offset.local_minus_utc() == 0 {
        "Z".to_owned()
    } else {
        let full = format_offset(offset);
        full[..6].to_owned()
    };
    format!("{}{zone}", format_wall(&dt.naive_local()))
}

fn format_wall(local: &NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// `±HH:MM`, with `:SS` when the offset has seconds (Python's rendering).
fn format_offset(offset: FixedOffset) -> String {
    let total = offset.local_minus_utc();
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}
