//! Flooring, alignment, event grids and local days.

use chrono::{NaiveDate, TimeDelta};

use super::{AMS, assert_same, at, at_in};
use crate::time::{
    GridError, IsoDuration, event_count, event_starts, event_starts_calendar, events_in_local_day,
    floor_to_resolution, is_aligned,
};

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

#[test]
fn floors_on_the_wall_clock() {
    // (input, resolution, expected) with fixed offsets: the wall clock of the given offset
    let fixed: &[(&str, TimeDelta, &str)] = &[
        ("2024-01-01T10:07:30Z", mins(15), "2024-01-01T10:00:00Z"),
        ("2024-01-01T10:15:00Z", mins(15), "2024-01-01T10:15:00Z"),
        (
            "2024-01-01T10:59:59.999Z",
            TimeDelta::hours(1),
            "2024-01-01T10:00:00Z",
        ),
        (
            "2024-01-01T10:07:00+05:30",
            TimeDelta::hours(1),
            "2024-01-01T10:00:00+05:30",
        ),
        (
            "2024-01-01T00:07:00+05:30",
            TimeDelta::days(1),
            "2024-01-01T00:00:00+05:30",
        ),
        // weeks count from the epoch, a Thursday (as pandas does)
        (
            "2024-01-03T12:00:00Z",
            TimeDelta::weeks(1),
            "2023-12-28T00:00:00Z",
        ),
        ("1969-12-31T23:59:00Z", mins(15), "1969-12-31T23:45:00Z"),
    ];
    for (input, res, want) in fixed {
        let got = floor_to_resolution(&at(input), *res);
        assert_same(&got, &at(want));
    }
    // in Europe/Amsterdam: local midnight on DST days, ambiguous hours keep their reading
    let zoned: &[(&str, TimeDelta, &str)] = &[
        (
            "2024-03-31T12:34:00+02:00",
            TimeDelta::days(1),
            "2024-03-31T00:00:00+01:00",
        ),
        (
            "2024-10-27T23:00:00+01:00",
            TimeDelta::days(1),
            "2024-10-27T00:00:00+02:00",
        ),
        (
            "2024-03-31T03:10:00+02:00",
            mins(15),
            "2024-03-31T03:00:00+02:00",
        ),
        (
            "2024-10-27T02:45:00+01:00",
            TimeDelta::hours(1),
            "2024-10-27T02:00:00+01:00",
        ),
        (
            "2024-10-27T02:45:00+02:00",
            TimeDelta::hours(1),
            "2024-10-27T02:00:00+02:00",
        ),
        (
            "2024-10-27T02:10:00+01:00",
            mins(15),
            "2024-10-27T02:00:00+01:00",
        ),
        // the floored wall time 02:00 does not exist: the gap's end
        (
            "2024-03-31T03:10:00+02:00",
            TimeDelta::hours(2),
            "2024-03-31T03:00:00+02:00",
        ),
        (
            "2024-03-31T05:10:00+02:00",
            TimeDelta::hours(2),
            "2024-03-31T04:00:00+02:00",
        ),
    ];
    for (input, res, want) in zoned {
        let got = floor_to_resolution(&at_in(input, AMS), *res);
        assert_same(&got, &at(want));
    }
    let dt = at("2024-01-01T10:07:30Z");
    assert_same(&floor_to_resolution(&dt, TimeDelta::zero()), &dt);
    assert!(is_aligned(&at("2024-01-01T10:15:00Z"), mins(15)));
    assert!(!is_aligned(&at("2024-01-01T10:07:00Z"), mins(15)));
    assert!(is_aligned(&dt, TimeDelta::zero()));
    assert!(is_aligned(
        &at_in("2024-03-31T00:00:00+01:00", AMS),
        TimeDelta::days(1)
    ));
}

#[test]
fn builds_left_closed_grids() {
    let start = at_in("2024-03-31T00:00:00+01:00", AMS);
    let end = at_in("2024-04-01T00:00:00+02:00", AMS);
    let starts = event_starts(&start, &end, mins(15)).unwrap();
    assert_eq!(starts.len(), 92);
    assert_same(&starts[0], &start);
    assert_same(&starts[8], &at("2024-03-31T03:00:00+02:00"));
    assert_same(&starts[91], &at("2024-03-31T23:45:00+02:00"));
    let starts = event_starts(
        &at("2024-01-01T00:00:00Z"),
        &at("2024-01-01T01:00:00Z"),
        mins(20),
    )
    .unwrap();
    assert_eq!(starts.len(), 3);
    let uneven = event_starts(
        &at("2024-01-01T00:00:00Z"),
        &at("2024-01-01T00:50:00Z"),
        mins(20),
    )
    .unwrap();
    assert_eq!(uneven.len(), 3);
    assert_eq!(event_count(&end, &start, mins(15)), Ok(0));
    assert_eq!(
        event_starts(&start, &end, TimeDelta::zero()),
        Err(GridError::NonPositiveResolution)
    );
    assert_eq!(
        event_count(&start, &end, mins(-15)),
        Err(GridError::NonPositiveResolution)
    );

    let days = event_starts_calendar(
        &at_in("2024-03-30T00:00:00+01:00", AMS),
        &at_in("2024-04-02T00:00:00+02:00", AMS),
        &IsoDuration::parse("P1D").unwrap(),
    )
    .unwrap();
    let want = [
        "2024-03-30T00:00:00+01:00",
        "2024-03-31T00:00:00+01:00",
        "2024-04-01T00:00:00+02:00",
    ];
    assert_eq!(days.len(), want.len());
    for (got, want) in days.iter().zip(want) {
        assert_same(got, &at(want));
    }
    let months = event_starts_calendar(
        &at("2024-01-31T00:00:00Z"),
        &at("2024-05-01T00:00:00Z"),
        &IsoDuration::parse("P1M").unwrap(),
    )
    .unwrap();
    let want = [
        "2024-01-31T00:00:00Z",
        "2024-02-29T00:00:00Z",
        "2024-03-31T00:00:00Z",
        "2024-04-30T00:00:00Z",
    ];
    assert_eq!(months.len(), want.len());
    for (got, want) in months.iter().zip(want) {
        assert_same(got, &at(want));
    }
    let minus = IsoDuration::parse("-P1D").unwrap();
    assert_eq!(
        event_starts_calendar(&start, &end, &minus),
        Err(GridError::NonPositiveResolution)
    );
}

#[test]
fn counts_events_of_local_days() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // (zone, date, resolution, events)
    let cases: &[(chrono_tz::Tz, NaiveDate, TimeDelta, usize)] = &[
        (AMS, day(2024, 3, 31), mins(15), 92),
        (AMS, day(2024, 10, 27), mins(15), 100),
        (AMS, day(2024, 6, 1), mins(15), 96),
        (AMS, day(2024, 1, 15), mins(15), 96),
        (AMS, day(2024, 3, 31), TimeDelta::hours(1), 23),
        (AMS, day(2024, 10, 27), TimeDelta::hours(1), 25),
        (AMS, day(2024, 3, 31), TimeDelta::days(1), 1),
        (chrono_tz::UTC, day(2024, 3, 31), mins(15), 96),
        (
            chrono_tz::Australia::Lord_Howe,
            day(2024, 4, 7),
            mins(30),
            49,
        ),
    ];
    for (tz, date, res, want) in cases {
        assert_eq!(
            events_in_local_day(*date, tz, *res),
            Ok(*want),
            "{tz} {date}"
        );
    }
}
