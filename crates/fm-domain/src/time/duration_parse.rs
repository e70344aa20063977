//! Parsing ISO 8601 durations (the isodate grammar FlexMeasures relies on) into [`IsoDuration`].
//!
//! Accepted: an optional sign (`+`/`-`), `P`, then components in the order `nY nM nW nD`, and
//! optionally `T` followed by `nH nM nS`; each number may carry a fraction (`.` or `,`), as
//! isodate allows on every component (`PT1.5H` = 90 min, `P1.5D` = 36 h). Fractions of exact parts
//! are kept to the nanosecond (truncated); fractional years or months are refused because they
//! cannot be added to a date. Refused although isodate accepts them: `PT` (no component at all,
//! isodate reads zero) and the alternative format `PYYYY-MM-DDThh:mm:ss`. Error details follow
//! isodate's messages (spec §5.3): `1H` → "Unable to parse duration string '1H'", `PP1M` →
//! "ISO 8601 time designator 'T' missing. …", `PT2D` → "Unrecognised ISO 8601 date format: ''".
//! Limits: years and months up to 2³²−1, days up to 2⁶⁴−1, the time part (hours, minutes,
//! seconds and fractions of days) up to 2⁶⁴−1 ns (about 584 years); beyond that
//! [`DurationErrorKind::OutOfRange`].

use std::str::FromStr;

use super::duration::{
    IsoDuration, NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MINUTE, NANOS_PER_SECOND,
};
use super::isodate;

/// A string that is not an ISO 8601 duration; the message reads
/// `Cannot parse <value> as ISO8601 duration: <detail>` as FlexMeasures answers it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Cannot parse {value} as ISO8601 duration: {kind}")]
pub struct DurationParseError {
    value: String,
    kind: DurationErrorKind,
}

impl DurationParseError {
    fn new(value: &str, kind: DurationErrorKind) -> Self {
        DurationParseError {
            value: value.to_owned(),
            kind,
        }
    }

    /// The offending input.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What was wrong with it.
    pub fn kind(&self) -> &DurationErrorKind {
        &self.kind
    }
}

/// Why a string is not an ISO 8601 duration (the texts are isodate's where it has one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationErrorKind {
    /// Not of the form `[-]P…` at all (also the empty string).
    #[error("Unable to parse duration string '{0}'")]
    Unparsable(String),
    /// Starts with `P` but is not a duration, and the rest has no `T` (isodate then tries the
    /// alternative datetime-like format).
    #[error("ISO 8601 time designator 'T' missing. Unable to parse datetime string '{0}'")]
    TimeDesignatorMissing(String),
    /// Starts with `P` but is not a duration, and the part before `T` is no date.
    #[error("Unrecognised ISO 8601 date format: '{0}'")]
    UnrecognisedDateFormat(String),
    /// Starts with `P` but is not a duration, and the part after `T` is no time.
    #[error("Unrecognised ISO 8601 time format: '{0}'")]
    UnrecognisedTimeFormat(String),
    /// The alternative format `PYYYY-MM-DDThh:mm:ss`, which is not supported.
    #[error("the alternative format PYYYY-MM-DDThh:mm:ss is not supported")]
    AlternativeFormat,
    /// `P`/`PT` without any component.
    #[error("a duration needs at least one component, such as PT0H")]
    NoComponents,
    /// A fraction on years or months (`P1.5M`).
    #[error("fractional years or months are not supported")]
    FractionalCalendar,
    /// A number too large to represent.
    #[error("the duration is too large")]
    OutOfRange,
}

impl IsoDuration {
    /// Parses an ISO 8601 duration such as `PT15M`, `P1D`, `-PT6H`, `P1M` or `PT1.5H`.
    ///
    /// The legacy repeating form `R/PT6H` is refused here; see
    /// [`parse_legacy_horizon`](Self::parse_legacy_horizon).
    pub fn parse(s: &str) -> Result<Self, DurationParseError> {
        parse_plain(s).map_err(|kind| DurationParseError::new(s, kind))
    }

    /// Parses a legacy (API v1.x) horizon string: an optional leading `-`, then an optional
    /// repetition prefix `R/` or `R<n>/` (the part up to the next `/` is then the duration), then
    /// a duration that may carry its own sign (`-PT10M`, `R/PT6H`, `R/-PT1H`, `-R/PT1H`).
    ///
    /// The result is flagged [`is_repeating`](Self::is_repeating) ("rolling") when the prefix was
    /// present; both signs are applied (`-R/-PT1H` is `+1 h`).
    pub fn parse_legacy_horizon(s: &str) -> Result<Self, DurationParseError> {
        let (outer_negative, rest) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (repeating, duration) = match repetition_body(rest) {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let parsed = parse_plain(duration).map_err(|kind| DurationParseError::new(s, kind))?;
        let signed = if outer_negative {
            parsed.negated()
        } else {
            parsed
        };
        Ok(signed.with_repeating(repeating))
    }
}

impl FromStr for IsoDuration {
    type Err = DurationParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IsoDuration::parse(s)
    }
}

/// For `R/…` or `R<digits>/…`: the part between the first and the second `/`.
fn repetition_body(s: &str) -> Option<&str> {
    let after_r = s.strip_prefix('R')?;
    let digits = after_r.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = after_r.get(digits..)?.strip_prefix('/')?;
    Some(after_digits.split('/').next().unwrap_or(after_digits))
}

/// One number of a component: integer digits and optional fraction digits.
#[derive(Clone, Copy)]
struct Number<'a> {
    int: &'a str,
    frac: Option<&'a str>,
}

/// Component slots in their required order: Y, M, W, D, (T) H, M, S.
const SLOTS: usize = 7;

fn parse_plain(s: &str) -> Result<IsoDuration, DurationErrorKind> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let Some(body) = rest.strip_prefix('P') else {
        return Err(DurationErrorKind::Unparsable(s.to_owned()));
    };
    match split_components(body) {
        Some(slots) => build(negative, &slots),
        None if s.starts_with('P') => Err(alternative_format_error(&s[1..])),
        None => Err(DurationErrorKind::Unparsable(s.to_owned())),
    }
}

/// Splits the part after `P` into its components, or `None` if it does not match the grammar.
fn split_components(body: &str) -> Option<[Option<Number<'_>>; SLOTS]> {
    let bytes = body.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let mut slots = [None; SLOTS];
    let (mut i, mut next_slot, mut in_time) = (0, 0, false);
    while i < bytes.len() {
        if bytes[i] == b'T' && !in_time {
            in_time = true;
            next_slot = 4;
            i += 1;
            continue;
        }
        let int = digits_from(bytes, &mut i)?;
        let mut frac = None;
        if matches!(bytes.get(i), Some(b'.' | b',')) {
            i += 1;
            frac = Some(digits_from(bytes, &mut i)?);
        }
        let slot = match (in_time, *bytes.get(i)?) {
            (false, b'Y') => 0,
            (false, b'M') => 1,
            (false, b'W') => 2,
            (false, b'D') => 3,
            (true, b'H') => 4,
            (true, b'M') => 5,
            (true, b'S') => 6,
            _ => return None,
        };
        i += 1;
        if slot < next_slot {
            return None;
        }
        next_slot = slot + 1;
        let text = |r: (usize, usize)| body.get(r.0..r.1);
        let frac = match frac {
            Some(range) => Some(text(range)?),
            None => None,
        };
        slots[slot] = Some(Number {
            int: text(int)?,
            frac,
        });
    }
    Some(slots)
}

/// Consumes a non-empty run of ASCII digits starting at `*i`, returning its byte range.
fn digits_from(bytes: &[u8], i: &mut usize) -> Option<(usize, usize)> {
    let start = *i;
    while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
        *i += 1;
    }
    (*i > start).then_some((start, *i))
}

fn build(
    negative: bool,
    slots: &[Option<Number<'_>>; SLOTS],
) -> Result<IsoDuration, DurationErrorKind> {
    if slots.iter().all(Option::is_none) {
        return Err(DurationErrorKind::NoComponents);
    }
    let calendar = |slot: Option<Number<'_>>| -> Result<u32, DurationErrorKind> {
        let Some(n) = slot else { return Ok(0) };
        if n.frac.is_some_and(|f| f.bytes().any(|b| b != b'0')) {
            return Err(DurationErrorKind::FractionalCalendar);
        }
        u32::try_from(integer(n.int)?).map_err(|_| DurationErrorKind::OutOfRange)
    };
    let years = calendar(slots[0])?;
    let months = calendar(slots[1])?;
    let mut date_part: u128 = 0;
    for (slot, unit) in [(slots[2], 7 * NANOS_PER_DAY), (slots[3], NANOS_PER_DAY)] {
        date_part = accumulate(date_part, slot, unit)?;
    }
    let mut time_part: u128 = 0;
    for (slot, unit) in [
        (slots[4], NANOS_PER_HOUR),
        (slots[5], NANOS_PER_MINUTE),
        (slots[6], NANOS_PER_SECOND),
    ] {
        time_part = accumulate(time_part, slot, unit)?;
    }
    // Whole days stay days; a fraction of a day (from `P1.5D` or `P0.5W`) joins the time part.
    let day = u128::from(NANOS_PER_DAY);
    let days = u64::try_from(date_part / day).map_err(|_| DurationErrorKind::OutOfRange)?;
    let nanos =
        u64::try_from(date_part % day + time_part).map_err(|_| DurationErrorKind::OutOfRange)?;
    Ok(IsoDuration::new(negative, years, months, days, nanos))
}

/// `acc` plus the number in `slot` times `unit` nanoseconds.
fn accumulate(acc: u128, slot: Option<Number<'_>>, unit: u64) -> Result<u128, DurationErrorKind> {
    let Some(n) = slot else { return Ok(acc) };
    integer(n.int)?
        .checked_mul(u128::from(unit))
        .and_then(|v| v.checked_add(fraction(n.frac, unit)))
        .and_then(|v| v.checked_add(acc))
        .ok_or(DurationErrorKind::OutOfRange)
}

/// The value of a run of digits (too many digits → out of range).
fn integer(digits: &str) -> Result<u128, DurationErrorKind> {
    let significant = digits.trim_start_matches('0');
    if significant.len() > 30 {
        return Err(DurationErrorKind::OutOfRange);
    }
    Ok(significant
        .bytes()
        .fold(0u128, |acc, b| acc * 10 + u128::from(b - b'0')))
}

/// `0.<digits>` of `unit` nanoseconds, truncated to whole nanoseconds.
fn fraction(digits: Option<&str>, unit: u64) -> u128 {
    let Some(digits) = digits else { return 0 };
    // 20 digits are plenty: the largest unit (a week) is below 10^15 ns.
    let kept = &digits[..digits.len().min(20)];
    let numerator = kept
        .bytes()
        .fold(0u128, |acc, b| acc * 10 + u128::from(b - b'0'));
    let scale = kept.bytes().fold(1u128, |acc, _| acc * 10);
    numerator * u128::from(unit) / scale
}

/// The error isodate reports after failing to read `rest` (the part after `P`) as the
/// alternative format `YYYY-MM-DDThh:mm:ss`.
fn alternative_format_error(rest: &str) -> DurationErrorKind {
    let parts: Vec<&str> = rest.split('T').collect();
    let [date, time] = parts[..] else {
        return DurationErrorKind::TimeDesignatorMissing(rest.to_owned());
    };
    if isodate::parse_date_part(date).is_none() {
        DurationErrorKind::UnrecognisedDateFormat(date.to_owned())
    } else if isodate::parse_time_part(time).is_none() {
        DurationErrorKind::UnrecognisedTimeFormat(time.to_owned())
    } else {
        DurationErrorKind::AlternativeFormat
    }
}
