//! Unit and property tests of the time module: every example of spec `domain.md` §2.1–2.2 and
//! §5, `api-legacy-v1.md` §4.4–4.7 and the datetime/duration bullets of `api-v3_0.md` §1.6.

mod calendar;
mod datetime;
mod duration;
mod grid;
mod knowledge;
mod knowledge_stored;
mod props;
mod rounding;

use chrono::{DateTime, FixedOffset, TimeZone};
use chrono_tz::Tz;

/// An aware datetime from an RFC 3339 string.
fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// An aware datetime from an RFC 3339 string, expressed in `tz`.
fn at_in(s: &str, tz: Tz) -> DateTime<Tz> {
    at(s).with_timezone(&tz)
}

/// Europe/Amsterdam.
const AMS: Tz = chrono_tz::Europe::Amsterdam;

/// Asserts that two aware datetimes are the same instant with the same offset.
fn assert_same<T: TimeZone, U: TimeZone>(got: &DateTime<T>, want: &DateTime<U>) {
    assert_eq!(
        got.fixed_offset().to_rfc3339(),
        want.fixed_offset().to_rfc3339()
    );
}
