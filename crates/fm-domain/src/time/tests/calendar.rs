//! Calendar-aware arithmetic and grounding of durations; legacy per-event horizons.

use chrono::TimeDelta;

use super::{AMS, assert_same, at, at_in};
use crate::time::{IsoDuration, legacy_belief_horizons};

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

#[test]
fn grounds_calendar_durations_on_a_start() {
    let ams = at_in("2020-02-22T18:07:00+01:00", AMS);
    let day = |n: i64| TimeDelta::days(n);
    let cases: &[(&str, TimeDelta)] = &[
        ("P1M", day(29)),
        ("P2M", day(60) - hours(1)),
        ("P1Y", day(366)),
        // no calendar parts: a day is 24 hours, as in the original
        ("P1D", day(1)),
        ("PT6H", hours(6)),
    ];
    for (input, want) in cases {
        let d = IsoDuration::parse(input).unwrap();
        assert_eq!(d.ground(&ams), Some(*want), "{input}");
    }
    let p = |s: &str| IsoDuration::parse(s).unwrap();
    assert_eq!(p("P1M").ground(&at("2015-01-01T00:00:00Z")), Some(day(31)));
    assert_eq!(p("P1M").ground(&at("2015-01-15T00:00:00Z")), Some(day(31)));
    assert_eq!(p("P1M").ground(&at("2015-02-15T00:00:00Z")), Some(day(28)));
}

#[test]
fn adds_calendar_aware_in_a_zone() {
    // (start, duration, expected)
    let cases: &[(&str, &str, &str)] = &[
        (
            "2024-03-31T00:00:00+01:00",
            "P1D",
            "2024-04-01T00:00:00+02:00",
        ),
        (
            "2024-10-27T00:00:00+02:00",
            "P1D",
            "2024-10-28T00:00:00+01:00",
        ),
        (
            "2024-04-01T00:00:00+02:00",
            "-P1D",
            "2024-03-31T00:00:00+01:00",
        ),
        (
            "2024-03-31T00:00:00+01:00",
            "PT24H",
            "2024-04-01T01:00:00+02:00",
        ),
        (
            "2024-03-30T02:30:00+01:00",
            "P1D",
            "2024-03-31T03:30:00+02:00",
        ),
        (
            "2024-10-26T02:30:00+02:00",
            "P1D",
            "2024-10-27T02:30:00+02:00",
        ),
        (
            "2024-10-28T02:30:00+01:00",
            "-P1D",
            "2024-10-27T02:30:00+01:00",
        ),
        (
            "2024-01-31T12:00:00+01:00",
            "P1M",
            "2024-02-29T12:00:00+01:00",
        ),
        (
            "2024-03-01T00:00:00+01:00",
            "P1MT6H",
            "2024-04-01T06:00:00+02:00",
        ),
        (
            "2024-03-01T00:00:00+01:00",
            "P1W",
            "2024-03-08T00:00:00+01:00",
        ),
        (
            "2024-04-15T00:00:00+02:00",
            "-P1Y2M",
            "2023-02-15T00:00:00+01:00",
        ),
    ];
    for (start, input, want) in cases {
        let d = IsoDuration::parse(input).unwrap();
        let got = d.add_to(&at_in(start, AMS)).unwrap();
        assert_same(&got, &at(want));
    }
}

#[test]
fn legacy_non_rolling_horizons_refer_to_the_series_end() {
    let got = legacy_belief_horizons(hours(13), false, hours(2), 2).unwrap();
    assert_eq!(got, vec![hours(12), hours(13)]);
    let got = legacy_belief_horizons(mins(-10), false, hours(1), 4).unwrap();
    assert_eq!(got, vec![mins(-55), mins(-40), mins(-25), mins(-10)]);
    let got = legacy_belief_horizons(TimeDelta::zero(), true, hours(1), 4).unwrap();
    assert_eq!(got, vec![TimeDelta::zero(); 4]);
    assert_eq!(
        legacy_belief_horizons(hours(1), false, hours(1), 0),
        Some(vec![])
    );
}
