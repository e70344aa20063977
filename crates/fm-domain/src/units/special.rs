//! The special "from units" of CLI imports at HEAD (spec §4.5): `datetime`, `dayfirst datetime`
//! and `timedelta`. Parsing the raw strings (and localising naive datetimes to the sensor's
//! timezone) is the caller's job; these helpers do the unit part.

use chrono::{DateTime, TimeDelta, TimeZone};

use super::convert::seconds;
use super::error::UnitError;
use super::parse::parse_unit;

/// The special from-unit names that [`is_special_from_unit`] recognises.
pub const SPECIAL_FROM_UNITS: [&str; 3] = ["datetime", "dayfirst datetime", "timedelta"];

/// True for `datetime`, `dayfirst datetime` and `timedelta`, which carry datetimes or durations
/// instead of numbers and are converted with [`datetime_in_unit`] / [`timedelta_in_unit`].
pub fn is_special_from_unit(unit: &str) -> bool {
    SPECIAL_FROM_UNITS.contains(&unit)
}

/// Seconds in one `unit` (which must be a time unit such as `s`, `min`, `h`, `d`).
fn unit_seconds(unit: &str) -> Result<f64, UnitError> {
    let parsed = parse_unit(unit)?;
    if !parsed.dimension().is_time() || parsed.scale() <= 0.0 {
        return Err(UnitError::ConversionNotPossible {
            from: "timedelta".to_owned(),
            to: unit.to_owned(),
        });
    }
    Ok(parsed.scale())
}

/// A duration expressed in a time unit: `1 minute 2 seconds` in `s` → 62, `1 day 12 hours` in
/// `d` → 1.5.
pub fn timedelta_in_unit(duration: TimeDelta, unit: &str) -> Result<f64, UnitError> {
    Ok(seconds(duration) / unit_seconds(unit)?)
}

/// An instant as the whole number of `unit`s since the Unix epoch, rounded down (the original
/// floor-divides): `2023-05-02T00:00:01Z` in `s` → 1682985601.
pub fn datetime_in_unit<Tz: TimeZone>(
    instant: &DateTime<Tz>,
    unit: &str,
) -> Result<f64, UnitError> {
    let since_epoch =
        instant.timestamp() as f64 + f64::from(instant.timestamp_subsec_nanos()) * 1e-9;
    Ok((since_epoch / unit_seconds(unit)?).floor())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, Utc};

    #[test]
    fn timedeltas_and_datetimes() {
        assert_eq!(
            timedelta_in_unit(TimeDelta::seconds(62), "s").ok(),
            Some(62.0)
        );
        assert_eq!(timedelta_in_unit(TimeDelta::hours(36), "d").ok(), Some(1.5));
        assert!(timedelta_in_unit(TimeDelta::hours(1), "kW").is_err());
        let utc = Utc.with_ymd_and_hms(2023, 5, 2, 0, 0, 1).single().unwrap();
        assert_eq!(datetime_in_unit(&utc, "s").ok(), Some(1_682_985_601.0));
        let plus2 = FixedOffset::east_opt(7200)
            .unwrap()
            .with_ymd_and_hms(2023, 5, 2, 0, 0, 1)
            .single()
            .unwrap();
        assert_eq!(
            datetime_in_unit(&plus2, "s").ok(),
            Some(1_682_985_601.0 - 7200.0)
        );
        let far = Utc.with_ymd_and_hms(2123, 5, 2, 0, 0, 0).single().unwrap();
        assert_eq!(datetime_in_unit(&far, "s").ok(), Some(4_838_659_200.0));
        assert_eq!(
            datetime_in_unit(
                &Utc.with_ymd_and_hms(1970, 1, 3, 12, 0, 0).single().unwrap(),
                "d"
            )
            .ok(),
            Some(2.0)
        );
        assert!(is_special_from_unit("dayfirst datetime") && !is_special_from_unit("kW"));
    }
}
