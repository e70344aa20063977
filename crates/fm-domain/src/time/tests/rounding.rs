//! The rounding helpers of spec §5.5.

use chrono::TimeDelta;

use super::{assert_same, at};
use crate::time::{
    decide_resolution, forecast_horizons_for, most_recent_clocktime_window, round_to_closest_hour,
    round_to_closest_quarter,
};

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

#[test]
fn rounds_to_quarters_and_hours() {
    let cases: &[(&str, &str, &str)] = &[
        // (input, closest quarter, closest hour)
        (
            "2024-01-01T10:07:29Z",
            "2024-01-01T10:00:00Z",
            "2024-01-01T10:00:00Z",
        ),
        (
            "2024-01-01T10:07:30Z",
            "2024-01-01T10:15:00Z",
            "2024-01-01T10:00:00Z",
        ),
        (
            "2024-01-01T10:29:59Z",
            "2024-01-01T10:30:00Z",
            "2024-01-01T10:00:00Z",
        ),
        (
            "2024-01-01T10:30:00Z",
            "2024-01-01T10:30:00Z",
            "2024-01-01T11:00:00Z",
        ),
        (
            "2024-01-01T10:52:30Z",
            "2024-01-01T11:00:00Z",
            "2024-01-01T11:00:00Z",
        ),
        (
            "2024-01-01T23:53:00Z",
            "2024-01-02T00:00:00Z",
            "2024-01-02T00:00:00Z",
        ),
    ];
    for (input, quarter, hour) in cases {
        assert_same(&round_to_closest_quarter(&at(input)).unwrap(), &at(quarter));
        assert_same(&round_to_closest_hour(&at(input)).unwrap(), &at(hour));
    }
}

#[test]
fn most_recent_clocktime_windows() {
    let cases: &[(&str, u32, &str, &str)] = &[
        (
            "2024-01-01T15:01:42+01:00",
            5,
            "2024-01-01T14:55:00+01:00",
            "2024-01-01T15:00:00+01:00",
        ),
        (
            "2024-01-01T03:36:10+01:00",
            15,
            "2024-01-01T03:15:00+01:00",
            "2024-01-01T03:30:00+01:00",
        ),
        (
            "2024-01-01T15:15:30+01:00",
            5,
            "2024-01-01T15:05:00+01:00",
            "2024-01-01T15:10:00+01:00",
        ),
        (
            "2024-01-01T15:00:00+01:00",
            60,
            "2024-01-01T13:00:00+01:00",
            "2024-01-01T14:00:00+01:00",
        ),
    ];
    for (now, size, begin, end) in cases {
        let (b, e) = most_recent_clocktime_window(&at(now), *size).unwrap();
        assert_same(&b, &at(begin));
        assert_same(&e, &at(end));
    }
    assert!(most_recent_clocktime_window(&at("2024-01-01T15:00:00Z"), 7).is_none());
    assert!(most_recent_clocktime_window(&at("2024-01-01T15:00:00Z"), 0).is_none());
}

#[test]
fn practical_resolutions_and_horizons() {
    let start = at("2024-01-01T00:00:00Z");
    let cases: &[(TimeDelta, TimeDelta)] = &[
        (TimeDelta::weeks(17), TimeDelta::hours(168)),
        (TimeDelta::weeks(16), TimeDelta::hours(24)),
        (TimeDelta::days(15), TimeDelta::hours(24)),
        (TimeDelta::days(14), TimeDelta::hours(1)),
        (TimeDelta::hours(49), TimeDelta::hours(1)),
        (TimeDelta::hours(48), mins(15)),
        (TimeDelta::hours(9), mins(15)),
        (TimeDelta::hours(8), mins(5)),
    ];
    for (length, want) in cases {
        assert_eq!(
            decide_resolution(Some(&start), Some(&(start + *length))),
            *want,
            "{length}"
        );
    }
    assert_eq!(
        decide_resolution::<chrono::Utc, chrono::Utc>(None, None),
        mins(15)
    );
    let h = |hs: &[i64]| hs.iter().map(|h| TimeDelta::hours(*h)).collect::<Vec<_>>();
    assert_eq!(forecast_horizons_for(mins(5)), h(&[1, 6, 24]));
    assert_eq!(forecast_horizons_for(mins(10)), h(&[1, 6, 24]));
    assert_eq!(forecast_horizons_for(mins(15)), h(&[1, 6, 24, 48]));
    assert_eq!(
        forecast_horizons_for(TimeDelta::hours(1)),
        h(&[1, 6, 24, 48])
    );
    assert_eq!(forecast_horizons_for(TimeDelta::days(1)), h(&[24, 48]));
    assert_eq!(forecast_horizons_for(TimeDelta::weeks(1)), h(&[168]));
    assert!(forecast_horizons_for(mins(30)).is_empty());
}
