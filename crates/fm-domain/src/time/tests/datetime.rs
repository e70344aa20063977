//! Datetime parsing (legacy and v3 grammars), formatting and localisation.

use chrono::{NaiveDate, TimeZone, Utc};

use super::{AMS, assert_same, at, at_in};
use crate::time::{
    DateTimeParseError, ParsedDateTime, format_iso_datetime, format_iso_datetime_z, local_midnight,
    localize, parse_aware_datetime, parse_aware_datetime_or_date_v3, parse_aware_datetime_v3,
    parse_datetime, parse_datetime_assume_utc,
};

#[test]
fn legacy_grammar_accepts_isodate_forms() {
    // (input, expected instant and offset)
    let cases: &[(&str, &str)] = &[
        ("2015-01-01T00:00:00Z", "2015-01-01T00:00:00+00:00"),
        ("2015-01-01T00:00:00+00:00", "2015-01-01T00:00:00+00:00"),
        ("20150101T000000Z", "2015-01-01T00:00:00+00:00"),
        ("2015-01-01T00:00Z", "2015-01-01T00:00:00+00:00"),
        ("2015-01-01T0000Z", "2015-01-01T00:00:00+00:00"),
        ("2015-01-01T12Z", "2015-01-01T12:00:00+00:00"),
        ("2015-01-01T12,5Z", "2015-01-01T12:30:00+00:00"),
        ("2015-01-01T12:30.5Z", "2015-01-01T12:30:30+00:00"),
        (
            "2015-01-01T00:00:00.123456789+01:00",
            "2015-01-01T00:00:00.123456+01:00",
        ),
        ("2015-01-01T09:00:00+09:00", "2015-01-01T09:00:00+09:00"),
        ("2015-01-01T09:00:00+0900", "2015-01-01T09:00:00+09:00"),
        ("2015-01-01T09:00:00+09", "2015-01-01T09:00:00+09:00"),
        ("2015-01-01T00:00:00-05:30", "2015-01-01T00:00:00-05:30"),
        ("2015-W01-1T00:00Z", "2014-12-29T00:00:00+00:00"),
        ("2015W011T00:00Z", "2014-12-29T00:00:00+00:00"),
        ("2015-W01T00:00Z", "2014-12-29T00:00:00+00:00"),
        ("2015-032T00:00Z", "2015-02-01T00:00:00+00:00"),
        ("2015032T00:00Z", "2015-02-01T00:00:00+00:00"),
        ("2015-02T00:00Z", "2015-02-01T00:00:00+00:00"),
        ("2015T00:00Z", "2015-01-01T00:00:00+00:00"),
    ];
    for (input, want) in cases {
        let got = parse_aware_datetime(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_same(&got, &at(want));
    }
}

#[test]
fn legacy_grammar_refuses_and_flags_naive() {
    for input in [
        "2015-01-01",
        "2015-01-01 00:00:00+00:00",
        "2015-13-01T00:00Z",
        "2015-02-29T00:00Z",
        "2015-01-01T24:00Z",
        "2015-01-01T00:60Z",
        "2015-01-01T00:00:00+24:00",
        "2015-01-01T00:00:00Z+01",
        "2015-01-01TT00:00Z",
        "2015-W54-1T00:00Z",
        "2015-W01-8T00:00Z",
        "now",
        "",
    ] {
        let err = parse_datetime(input).expect_err(input);
        assert_eq!(
            err,
            DateTimeParseError::Invalid {
                value: input.to_owned()
            }
        );
    }
    let naive = parse_aware_datetime("2015-01-01T00:00:00").unwrap_err();
    assert!(naive.is_naive());
    assert_eq!(
        naive.to_string(),
        "Datetime should explicitly state a timezone."
    );
    assert_eq!(naive.marshmallow_message(), "Not a valid aware datetime.");
    let invalid = parse_aware_datetime("2015-01-01").unwrap_err();
    assert_eq!(
        invalid.to_string(),
        "Cannot parse datetime string 2015-01-01 as iso date"
    );
    assert_eq!(invalid.marshmallow_message(), "Not a valid datetime.");

    let parsed = parse_datetime("2015-01-01T06:00:00").unwrap();
    assert!(!parsed.is_aware());
    assert!(matches!(parsed, ParsedDateTime::Naive(_)));
    assert_same(&parsed.assume_utc(), &at("2015-01-01T06:00:00Z"));
    assert_same(
        &parse_datetime_assume_utc("2015-01-01T06:00").unwrap(),
        &at("2015-01-01T06:00:00Z"),
    );
    assert_same(
        &parse_datetime_assume_utc("2015-01-01T06:00+02:00").unwrap(),
        &at("2015-01-01T06:00:00+02:00"),
    );
}

#[test]
fn v3_grammar() {
    let cases: &[(&str, &str)] = &[
        ("2021-01-01T00:00:00+01:00", "2021-01-01T00:00:00+01:00"),
        ("2021-01-01T00:00:00 01:00", "2021-01-01T00:00:00+01:00"),
        ("2021-01-01T00:00:00Z", "2021-01-01T00:00:00+00:00"),
        ("2021-01-01T00:00Z", "2021-01-01T00:00:00+00:00"),
        ("2021-01-01T00:00:00.5+00:00", "2021-01-01T00:00:00.5+00:00"),
        (
            "2021-01-01T00:00:00.123456789012Z",
            "2021-01-01T00:00:00.123456+00:00",
        ),
        ("2021-1-1T1:2:3+05", "2021-01-01T01:02:03+05:00"),
        ("2021-01-01T00:00:00+0530", "2021-01-01T00:00:00+05:30"),
        ("2021-01-01T00:00:00-05:00", "2021-01-01T00:00:00-05:00"),
    ];
    for (input, want) in cases {
        let got = parse_aware_datetime_v3(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_same(&got, &at(want));
    }
    for input in [
        "2021-01-01",
        "2021-01-01 00:00:00+00:00",
        "20210101T0000Z",
        "2021-01-01T00Z",
        "2021-02-30T00:00Z",
        "2021-01-01T00:00.5Z",
        "2021-01-01T00:00:00.1234567890123Z",
        "2021-01-01T00:00:00+053",
        "2021-W01-1T00:00Z",
        "",
    ] {
        let err = parse_aware_datetime_v3(input).expect_err(input);
        assert_eq!(
            err.marshmallow_message(),
            "Not a valid datetime.",
            "{input}"
        );
    }
    for input in ["2021-01-01T00:00:00", "2021-01-01T00:00"] {
        let err = parse_aware_datetime_v3(input).expect_err(input);
        assert_eq!(
            err.marshmallow_message(),
            "Not a valid aware datetime.",
            "{input}"
        );
    }
}

#[test]
fn v3_date_or_datetime_uses_server_midnight() {
    let p = |s: &str, inclusive: bool| parse_aware_datetime_or_date_v3(s, &AMS, inclusive).unwrap();
    assert_same(&p("2024-03-31", false), &at("2024-03-31T00:00:00+01:00"));
    assert_same(&p("2024-03-31", true), &at("2024-04-01T00:00:00+02:00"));
    assert_same(&p("2024-3-1", false), &at("2024-03-01T00:00:00+01:00"));
    assert_same(
        &p("2024-03-31T12:00:00+05:00", true),
        &at("2024-03-31T12:00:00+05:00"),
    );
    assert!(parse_aware_datetime_or_date_v3("2024-02-30", &AMS, false).is_err());
}

#[test]
fn formats_both_renderings() {
    let utc = Utc.with_ymd_and_hms(2015, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(format_iso_datetime(&utc), "2015-01-01T00:00:00+00:00");
    assert_eq!(format_iso_datetime_z(&utc), "2015-01-01T00:00:00Z");
    let tokyo = at("2015-01-01T09:00:00.123456789+09:00");
    assert_eq!(
        format_iso_datetime(&tokyo),
        "2015-01-01T09:00:00.123456+09:00"
    );
    assert_eq!(format_iso_datetime_z(&tokyo), "2015-01-01T09:00:00+09:00");
    let summer = at_in("2024-07-01T10:00:00Z", AMS);
    assert_eq!(format_iso_datetime(&summer), "2024-07-01T12:00:00+02:00");
    let west = at("2024-07-01T10:00:00-05:30");
    assert_eq!(format_iso_datetime(&west), "2024-07-01T10:00:00-05:30");
    assert_eq!(format_iso_datetime_z(&west), "2024-07-01T10:00:00-05:30");
    let london_winter = at_in("2024-01-01T10:00:00Z", chrono_tz::Europe::London);
    assert_eq!(
        format_iso_datetime_z(&london_winter),
        "2024-01-01T10:00:00Z"
    );
    let seconds_offset = chrono::FixedOffset::east_opt(1172).unwrap();
    let lmt = seconds_offset
        .with_ymd_and_hms(1900, 1, 1, 0, 19, 32)
        .unwrap();
    assert_eq!(format_iso_datetime(&lmt), "1900-01-01T00:19:32+00:19:32");
    assert_eq!(format_iso_datetime_z(&lmt), "1900-01-01T00:19:32+00:19");
}

#[test]
fn localizes_gaps_and_overlaps() {
    let wall = |s: &str| {
        NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d")
            .unwrap()
            .and_time(s[11..].parse().unwrap())
    };
    let cases: &[(&str, &str)] = &[
        ("2024-03-31T02:30:00", "2024-03-31T03:30:00+02:00"),
        ("2024-10-27T02:30:00", "2024-10-27T02:30:00+02:00"),
        ("2024-06-01T12:00:00", "2024-06-01T12:00:00+02:00"),
    ];
    for (naive, want) in cases {
        assert_same(&localize(&AMS, &wall(naive)).unwrap(), &at(want));
    }
    let day = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
    assert_same(
        &local_midnight(day, &AMS).unwrap(),
        &at("2024-03-31T00:00:00+01:00"),
    );
    // Havana skips midnight on its spring-forward day: the day starts at 01:00 CDT.
    let havana = chrono_tz::America::Havana;
    let day = NaiveDate::from_ymd_opt(2024, 3, 10).unwrap();
    assert_same(
        &local_midnight(day, &havana).unwrap(),
        &at("2024-03-10T01:00:00-04:00"),
    );
}
