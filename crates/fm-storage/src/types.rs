//! Column types that need the same meaning on both backends.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{HasSqlType, SqlOrd, Timestamptz};
use diesel::sqlite::Sqlite;

use crate::connection::MultiBackend;
use crate::schema::sql_types::UtcTs;

/// A UTC instant as stored in a [`UtcTs`] column.
///
/// PostgreSQL stores it as `TIMESTAMPTZ` (never through a naive timestamp, which the session time
/// zone would shift); SQLite stores fixed-width text, so text order equals time order.
#[derive(AsExpression, FromSqlRow, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[diesel(sql_type = UtcTs)]
pub struct Ts(pub DateTime<Utc>);

impl From<DateTime<Utc>> for Ts {
    fn from(value: DateTime<Utc>) -> Self {
        Ts(value)
    }
}

impl From<Ts> for DateTime<Utc> {
    fn from(value: Ts) -> Self {
        value.0
    }
}

impl SqlOrd for UtcTs {}

/// The SQLite text format of [`Ts`]: fixed width, microseconds, explicit UTC offset.
const SQLITE_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.6f+00:00";

impl Ts {
    /// The text SQLite stores for this instant.
    pub fn to_sqlite_text(&self) -> String {
        use chrono::{Datelike as _, Timelike as _};
        let t = self.0;
        if !(0..=9999).contains(&t.year()) {
            return t.format(SQLITE_FORMAT).to_string();
        }
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}+00:00",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.nanosecond() % 1_000_000_000 / 1000
        )
    }

    /// Parses the SQLite text form (also accepting any RFC 3339 text written by other tools).
    pub fn from_sqlite_text(text: &str) -> Result<Self, chrono::ParseError> {
        if let Some(t) = parse_fixed_width(text) {
            return Ok(Ts(t));
        }
        match NaiveDateTime::parse_from_str(text, SQLITE_FORMAT) {
            Ok(naive) => Ok(Ts(naive.and_utc())),
            Err(_) => DateTime::parse_from_rfc3339(text).map(|dt| Ts(dt.with_timezone(&Utc))),
        }
    }
}

/// Reads `YYYY-MM-DD HH:MM:SS.ffffff+00:00` without a format interpreter (the hot path of every
/// SQLite read); anything else is left to the general parsers.
fn parse_fixed_width(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 32 || &b[26..] != b"+00:00" || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' || b[19] != b'.' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_micro_opt(num(11..13)?, num(14..16)?, num(17..19)?, num(20..26)?)?;
    Some(date.and_time(time).and_utc())
}

impl ToSql<UtcTs, Pg> for Ts {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <DateTime<Utc> as ToSql<Timestamptz, Pg>>::to_sql(&self.0, &mut out.reborrow())
    }
}

impl FromSql<UtcTs, Pg> for Ts {
    fn from_sql(bytes: <Pg as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <DateTime<Utc> as FromSql<Timestamptz, Pg>>::from_sql(bytes).map(Ts)
    }
}

impl ToSql<UtcTs, Sqlite> for Ts {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.to_sqlite_text());
        Ok(IsNull::No)
    }
}

impl FromSql<UtcTs, Sqlite> for Ts {
    fn from_sql(bytes: <Sqlite as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<diesel::sql_types::Text, Sqlite>>::from_sql(bytes)?;
        Ok(Ts::from_sqlite_text(&text)?)
    }
}

impl HasSqlType<UtcTs> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        MultiBackend::lookup_sql_type::<UtcTs>(lookup)
    }
}

impl FromSql<UtcTs, MultiBackend> for Ts {
    fn from_sql(bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Ts, UtcTs>()
    }
}

impl ToSql<UtcTs, MultiBackend> for Ts {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((UtcTs, self));
        Ok(IsNull::No)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sqlite_text_is_fixed_width_and_round_trips() {
        let t = Ts(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap());
        assert_eq!(t.to_sqlite_text(), "2024-01-01 00:00:00.000000+00:00");
        assert_eq!(Ts::from_sqlite_text(&t.to_sqlite_text()), Ok(t));
        assert_eq!(Ts::from_sqlite_text("2024-01-01T01:00:00+01:00"), Ok(t));
        let precise = Ts(t.0 + chrono::Duration::microseconds(123_456));
        assert_eq!(precise.to_sqlite_text(), "2024-01-01 00:00:00.123456+00:00");
        assert_eq!(Ts::from_sqlite_text(&precise.to_sqlite_text()), Ok(precise));
        assert!(Ts::from_sqlite_text("2024-13-01 00:00:00.000000+00:00").is_err());
    }

    #[test]
    fn fast_and_general_forms_agree() {
        for micros in [0i64, 1, 999_999, 1_700_000_000_123_456, 4_102_444_799_999_999] {
            let t = Ts(DateTime::from_timestamp_micros(micros).unwrap());
            assert_eq!(t.to_sqlite_text(), t.0.format(SQLITE_FORMAT).to_string());
            assert_eq!(Ts::from_sqlite_text(&t.to_sqlite_text()), Ok(t));
        }
    }
}
