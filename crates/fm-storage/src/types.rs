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
        self.0.format(SQLITE_FORMAT).to_string()
    }

    /// Parses the SQLite text form (also accepting any RFC 3339 text written by other tools).
    pub fn from_sqlite_text(text: &str) -> Result<Self, chrono::ParseError> {
        match NaiveDateTime::parse_from_str(text, SQLITE_FORMAT) {
            Ok(naive) => Ok(Ts(naive.and_utc())),
            Err(_) => DateTime::parse_from_rfc3339(text).map(|dt| Ts(dt.with_timezone(&Utc))),
        }
    }
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
    }
}
