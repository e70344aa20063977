//! The ISO 8601 datetime grammar of Python's isodate, which the legacy API (v1.x–v2.0) and the
//! knowledge-horizon parameters rely on.
//!
//! A datetime is `<date>T<time>` with exactly one `T`. Dates (4-digit years): `YYYY-MM-DD`,
//! `YYYYMMDD`, week dates `YYYY-Www-D` / `YYYYWwwD`, ordinal dates `YYYY-DDD` / `YYYYDDD`, and the
//! reduced forms `YYYY-Www`, `YYYYWww`, `YYYY-MM`, `YYYYMM`, `YYYY` and `YY` (a century: `20` →
//! 2001-01-01, as isodate reads it). Times: `hh:mm:ss`, `hhmmss`, `hh:mm`, `hhmm`, `hh`, with a
//! fraction (`.` or `,`) on the last component (truncated to microseconds), followed by an
//! optional offset `Z`, `±hh`, `±hhmm` or `±hh:mm`. Unlike isodate, out-of-range week numbers,
//! week days and ordinal days are refused instead of rolling over.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// Parses `<date>T<time>`; the offset is `None` for a naive datetime.
pub(crate) fn parse_datetime(s: &str) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    let mut parts = s.split('T');
    let (date, time) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let date = parse_date_part(date)?;
    let (time, offset) = parse_time_part(time)?;
    Some((date.and_time(time), offset))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn number(s: &str) -> Option<u32> {
    if all_digits(s) { s.parse().ok() } else { None }
}

/// Parses one of isodate's date forms.
pub(crate) fn parse_date_part(s: &str) -> Option<NaiveDate> {
    if !s.is_ascii() {
        return None;
    }
    let b = s.as_bytes();
    let year = || number(s.get(..4)?).and_then(|y| i32::try_from(y).ok());
    let week = |w: &str, d: &str| {
        let weekday = Weekday::try_from(u8::try_from(number(d)?.checked_sub(1)?).ok()?).ok()?;
        NaiveDate::from_isoywd_opt(year()?, number(w)?, weekday)
    };
    match (b.len(), b.get(4), b.get(5)) {
        (10, Some(b'-'), Some(b'W')) if b[8] == b'-' => week(&s[6..8], &s[9..]),
        (10, Some(b'-'), _) if b[7] == b'-' => {
            NaiveDate::from_ymd_opt(year()?, number(&s[5..7])?, number(&s[8..])?)
        }
        (8, Some(b'W'), _) => week(&s[5..7], &s[7..]),
        (8, Some(b'-'), Some(b'W')) => week(&s[6..], "1"),
        (8, Some(b'-'), _) => NaiveDate::from_yo_opt(year()?, number(&s[5..])?),
        (8, _, _) => NaiveDate::from_ymd_opt(year()?, number(&s[4..6])?, number(&s[6..])?),
        (7, Some(b'W'), _) => week(&s[5..], "1"),
        (7, Some(b'-'), _) => NaiveDate::from_ymd_opt(year()?, number(&s[5..])?, 1),
        (7, _, _) => NaiveDate::from_yo_opt(year()?, number(&s[4..])?),
        (6, _, _) => NaiveDate::from_ymd_opt(year()?, number(&s[4..])?, 1),
        (4, _, _) => NaiveDate::from_ymd_opt(year()?, 1, 1),
        (2, _, _) => NaiveDate::from_ymd_opt(i32::try_from(number(s)?).ok()? * 100 + 1, 1, 1),
        _ => None,
    }
}

/// Parses one of isodate's time forms with an optional offset.
pub(crate) fn parse_time_part(s: &str) -> Option<(NaiveTime, Option<FixedOffset>)> {
    if !s.is_ascii() {
        return None;
    }
    let split = s.find(['Z', '+', '-']).unwrap_or(s.len());
    let (body, zone) = s.split_at(split);
    let offset = parse_offset(zone)?;
    let (main, frac) = match body.find(['.', ',']) {
        Some(i) => (
            &body[..i],
            Some(body.get(i + 1..).filter(|f| all_digits(f))?),
        ),
        None => (body, None),
    };
    // (hour, minute, second) digits and the micros per unit of the last component.
    let (h, m, sec, unit): (&str, &str, &str, u64) = match (main.len(), main.as_bytes().get(2)) {
        (8, Some(b':')) if main.as_bytes()[5] == b':' => {
            (&main[..2], &main[3..5], &main[6..], 1_000_000)
        }
        (6, _) => (&main[..2], &main[2..4], &main[4..], 1_000_000),
        (5, Some(b':')) => (&main[..2], &main[3..], "00", 60_000_000),
        (4, _) => (&main[..2], &main[2..], "00", 60_000_000),
        (2, _) => (main, "00", "00", 3_600_000_000),
        _ => return None,
    };
    let seconds = number(h)? * 3600 + number(m)? * 60 + number(sec)?;
    if number(h)? > 23 || number(m)? > 59 || number(sec)? > 59 {
        return None;
    }
    let extra_micros = frac.map_or(0, |f| fraction_micros(f, unit));
    let micros = u64::from(seconds) * 1_000_000 + extra_micros;
    let secs = u32::try_from(micros / 1_000_000).ok()?;
    let nanos = u32::try_from(micros % 1_000_000 * 1000).ok()?;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)?;
    Some((time, offset))
}

/// `0.<digits>` of `unit` microseconds, truncated.
fn fraction_micros(digits: &str, unit: u64) -> u64 {
    let kept = &digits[..digits.len().min(15)];
    let numerator = kept
        .bytes()
        .fold(0u128, |acc, b| acc * 10 + u128::from(b - b'0'));
    let scale = kept.bytes().fold(1u128, |acc, _| acc * 10);
    u64::try_from(numerator * u128::from(unit) / scale).unwrap_or(0)
}

/// `""` → no offset (naive); `Z`, `±hh`, `±hhmm`, `±hh:mm` → the offset; otherwise `None`.
pub(crate) fn parse_offset(zone: &str) -> Option<Option<FixedOffset>> {
    if zone.is_empty() {
        return Some(None);
    }
    if zone == "Z" {
        return Some(FixedOffset::east_opt(0));
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = &zone[1..];
    let (hours, minutes) = match rest.len() {
        2 => (rest, "00"),
        4 => (&rest[..2], &rest[2..]),
        5 if rest.as_bytes()[2] == b':' => (&rest[..2], &rest[3..]),
        _ => return None,
    };
    let seconds = i32::try_from(number(hours)? * 3600 + number(minutes)? * 60).ok()?;
    FixedOffset::east_opt(sign * seconds).map(Some)
}
