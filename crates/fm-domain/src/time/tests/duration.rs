//! Duration parsing, formatting and conversion.

use chrono::TimeDelta;

use crate::time::{DurationErrorKind, IsoDuration, format_timedelta, format_timedelta_hours};

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

#[test]
fn parses_and_formats_canonically() {
    // (input, canonical rendering, exact length if any)
    let cases: &[(&str, &str, Option<TimeDelta>)] = &[
        ("PT15M", "PT15M", Some(mins(15))),
        ("PT1H", "PT1H", Some(hours(1))),
        ("P1D", "P1D", Some(hours(24))),
        ("-PT6H", "-PT6H", Some(hours(-6))),
        ("-P1D", "-P1D", Some(hours(-24))),
        ("-PT10M", "-PT10M", Some(mins(-10))),
        ("P1M", "P1M", None),
        ("P1Y", "P1Y", None),
        ("P1Y2M3DT4H5M6S", "P1Y2M3DT4H5M6S", None),
        ("PT1.5H", "PT1H30M", Some(mins(90))),
        ("PT1,5H", "PT1H30M", Some(mins(90))),
        ("PT900S", "PT15M", Some(mins(15))),
        ("PT90M", "PT1H30M", Some(mins(90))),
        ("PT36H", "PT36H", Some(hours(36))),
        ("PT48H", "PT48H", Some(hours(48))),
        ("P1DT12H", "P1DT12H", Some(hours(36))),
        ("P1.5D", "P1DT12H", Some(hours(36))),
        ("P2W", "P14D", Some(hours(14 * 24))),
        ("P0.5W", "P3DT12H", Some(hours(84))),
        ("P1W1D", "P8D", Some(hours(8 * 24))),
        ("PT1M30S", "PT1M30S", Some(TimeDelta::seconds(90))),
        ("PT0.5S", "PT0.5S", Some(TimeDelta::milliseconds(500))),
        ("PT0H", "P0D", Some(TimeDelta::zero())),
        ("P0D", "P0D", Some(TimeDelta::zero())),
        ("-PT0H", "P0D", Some(TimeDelta::zero())),
        ("+PT1H", "PT1H", Some(hours(1))),
        ("P1DT", "P1D", Some(hours(24))),
        ("P1.0M", "P1M", None),
        ("P12M", "P12M", None),
    ];
    for (input, canonical, exact) in cases {
        let d = IsoDuration::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(d.to_string(), *canonical, "{input}");
        assert_eq!(d.to_timedelta(), *exact, "{input}");
        assert_eq!(input.parse::<IsoDuration>(), Ok(d));
        assert!(!d.is_repeating());
    }
}

#[test]
fn refuses_invalid_durations_with_isodate_messages() {
    let cases: &[(&str, DurationErrorKind)] = &[
        ("", DurationErrorKind::Unparsable(String::new())),
        ("1H", DurationErrorKind::Unparsable("1H".into())),
        ("T6H", DurationErrorKind::Unparsable("T6H".into())),
        ("pt15m", DurationErrorKind::Unparsable("pt15m".into())),
        ("R/PT6H", DurationErrorKind::Unparsable("R/PT6H".into())),
        (
            "PP1M",
            DurationErrorKind::TimeDesignatorMissing("P1M".into()),
        ),
        ("P", DurationErrorKind::TimeDesignatorMissing(String::new())),
        (
            "PT2D",
            DurationErrorKind::UnrecognisedDateFormat(String::new()),
        ),
        (
            "PT1H2H",
            DurationErrorKind::UnrecognisedDateFormat(String::new()),
        ),
        (
            "P1D2Y",
            DurationErrorKind::TimeDesignatorMissing("1D2Y".into()),
        ),
        (
            "P2015-01-01T25:00",
            DurationErrorKind::UnrecognisedTimeFormat("25:00".into()),
        ),
        ("P2015-01-01T00:00:00", DurationErrorKind::AlternativeFormat),
        ("PT", DurationErrorKind::NoComponents),
        ("-PT", DurationErrorKind::NoComponents),
        ("P1.5M", DurationErrorKind::FractionalCalendar),
        ("P0.5Y", DurationErrorKind::FractionalCalendar),
        (
            "P99999999999999999999999999999999D",
            DurationErrorKind::OutOfRange,
        ),
        ("P5000000000Y", DurationErrorKind::OutOfRange),
        ("PT5124096H", DurationErrorKind::OutOfRange),
    ];
    for (input, kind) in cases {
        let err = IsoDuration::parse(input).expect_err(input);
        assert_eq!(err.kind(), kind, "{input}");
        assert_eq!(err.value(), *input);
    }
    let err = IsoDuration::parse("1H").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Cannot parse 1H as ISO8601 duration: Unable to parse duration string '1H'"
    );
    let err = IsoDuration::parse("PP1M").unwrap_err();
    assert!(
        err.to_string()
            .ends_with("time designator 'T' missing. Unable to parse datetime string 'P1M'")
    );
    let err = IsoDuration::parse("PT2D").unwrap_err();
    assert!(
        err.to_string()
            .ends_with("Unrecognised ISO 8601 date format: ''")
    );
}

#[test]
fn parses_legacy_horizons() {
    // (input, repeating, length, canonical rendering)
    let cases: &[(&str, bool, TimeDelta, &str)] = &[
        ("R/PT6H", true, hours(6), "R/PT6H"),
        ("R/-PT6H", true, hours(-6), "R/-PT6H"),
        ("R/-PT10M", true, mins(-10), "R/-PT10M"),
        ("R5/PT1H", true, hours(1), "R/PT1H"),
        ("R/P1D", true, hours(24), "R/P1D"),
        ("-R/PT1H", true, hours(-1), "R/-PT1H"),
        ("-R/-PT1H", true, hours(1), "R/PT1H"),
        ("R/PT6H/ignored", true, hours(6), "R/PT6H"),
        ("-PT10M", false, mins(-10), "-PT10M"),
        ("PT13H", false, hours(13), "PT13H"),
        ("--PT1H", false, hours(1), "PT1H"),
    ];
    for (input, repeating, length, canonical) in cases {
        let d = IsoDuration::parse_legacy_horizon(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(d.is_repeating(), *repeating, "{input}");
        assert_eq!(d.to_timedelta(), Some(*length), "{input}");
        assert_eq!(d.to_string(), *canonical, "{input}");
    }
    for input in ["", "T6H", "R/", "-", "R/T6H", "RX/PT1H"] {
        assert!(IsoDuration::parse_legacy_horizon(input).is_err(), "{input}");
    }
    let err = IsoDuration::parse_legacy_horizon("R/T6H").unwrap_err();
    assert_eq!(err.value(), "R/T6H");
}

#[test]
fn formats_exact_durations_like_v0_9_0() {
    let cases: &[(TimeDelta, &str, &str)] = &[
        // (length, isodate `P%P` rendering, HEAD hours rendering)
        (mins(15), "PT15M", "PT15M"),
        (mins(30), "PT30M", "PT30M"),
        (mins(90), "PT1H30M", "PT1H30M"),
        (hours(1), "PT1H", "PT1H"),
        (hours(6), "PT6H", "PT6H"),
        (hours(24), "P1D", "PT24H"),
        (hours(48), "P2D", "PT48H"),
        (hours(49), "P2DT1H", "PT49H"),
        (hours(24 * 7), "P7D", "PT168H"),
        (hours(24 * 31), "P31D", "PT744H"),
        (TimeDelta::seconds(90), "PT1M30S", "PT1M30S"),
        (TimeDelta::milliseconds(1500), "PT1.5S", "PT1.5S"),
        (TimeDelta::microseconds(1), "PT0.000001S", "PT0.000001S"),
        (TimeDelta::zero(), "P0D", "PT0H"),
        (hours(-6), "-PT6H", "-PT6H"),
        (hours(-49), "-P2DT1H", "-PT49H"),
    ];
    for (td, isodate, hours_style) in cases {
        assert_eq!(format_timedelta(*td), *isodate);
        assert_eq!(format_timedelta_hours(*td), *hours_style);
        assert_eq!(IsoDuration::from_timedelta(*td).to_timedelta(), Some(*td));
    }
}

#[test]
fn predicates() {
    let p = |s: &str| IsoDuration::parse(s).unwrap();
    assert!(p("PT15M").is_whole_minutes());
    assert!(p("P1M").is_whole_minutes());
    assert!(!p("PT1M30S").is_whole_minutes());
    assert!(!p("PT0.5S").is_whole_minutes());
    assert!(p("PT0H").is_zero() && p("P0D").is_zero() && !p("PT1S").is_zero());
    assert!(p("P1M").has_calendar_parts() && !p("P1D").has_calendar_parts());
    assert_eq!(p("PT6H").negated(), p("-PT6H"));
    assert_eq!(p("P0D").negated(), p("P0D"));
    assert_eq!(p("P1Y2M3DT4H").checked_mul(2), Some(p("P2Y4M6DT8H")));
    assert_eq!(IsoDuration::new(true, 0, 0, 0, 0), IsoDuration::ZERO);
    assert_eq!(serde_json::to_string(&p("PT15M")).unwrap(), "\"PT15M\"");
    assert_eq!(
        serde_json::from_str::<IsoDuration>("\"-PT6H\"").unwrap(),
        p("-PT6H")
    );
    assert!(serde_json::from_str::<IsoDuration>("\"6 hours\"").is_err());
}
