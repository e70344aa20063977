//! Knowledge-horizon functions and the §2.1 timing formulas.

use chrono::TimeDelta;
use serde_json::json;

use super::{AMS, assert_same, at, at_in};
use crate::time::{KnowledgeHorizonError, KnowledgeHorizonFnc};

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

fn day_ahead() -> KnowledgeHorizonFnc {
    KnowledgeHorizonFnc::from_stored(
        "x_days_ago_at_y_oclock",
        &json!({"x": 1, "y": 12, "z": "Europe/Paris"}),
    )
    .unwrap()
}

#[test]
fn worked_example_1_power_sensor_ex_post() {
    let f = KnowledgeHorizonFnc::default();
    let start = at("2024-01-01T10:00:00Z");
    let r = mins(15);
    assert_eq!(f.knowledge_horizon(&start, r), Ok(mins(-15)));
    assert_same(
        &f.knowledge_time(&start, r).unwrap(),
        &at("2024-01-01T10:15:00Z"),
    );
    assert_eq!(
        f.belief_horizon(&start, r, &at("2024-01-01T10:20:00Z")),
        Ok(mins(-5))
    );
    assert_eq!(
        f.belief_horizon(&start, r, &at("2024-01-01T09:00:00Z")),
        Ok(mins(75))
    );
    assert_same(
        &f.belief_time(&start, r, mins(-5)).unwrap(),
        &at("2024-01-01T10:20:00Z"),
    );
    // belief_time = event_start + r − h for ex_post/0 sensors
    assert_same(
        &f.belief_time(&start, r, mins(75)).unwrap(),
        &(start + r - mins(75)),
    );
}

#[test]
fn worked_example_2_day_ahead_prices_on_a_dst_day() {
    let f = day_ahead();
    let start = at_in("2022-03-27T05:00:00+02:00", AMS);
    let r = hours(1);
    assert_same(
        &f.knowledge_time(&start, r).unwrap(),
        &at("2022-03-26T12:00:00+01:00"),
    );
    assert_eq!(f.knowledge_horizon(&start, r), Ok(hours(16)));
    assert_eq!(
        f.belief_horizon(&start, r, &at("2022-03-26T12:45:00+01:00")),
        Ok(mins(-45))
    );
    assert_eq!(
        f.belief_horizon(&start, r, &at("2022-03-26T11:00:00+01:00")),
        Ok(hours(1))
    );
    assert_same(
        &f.belief_time(&start, r, hours(1)).unwrap(),
        &at("2022-03-26T11:00:00+01:00"),
    );
}

#[test]
fn worked_example_3_instantaneous_sensor() {
    let f = KnowledgeHorizonFnc::default();
    let start = at("2024-01-01T10:00:00Z");
    assert_same(
        &f.knowledge_time(&start, TimeDelta::zero()).unwrap(),
        &start,
    );
    assert_eq!(
        f.belief_horizon(&start, TimeDelta::zero(), &start),
        Ok(TimeDelta::zero())
    );
}

#[test]
fn x_days_ago_at_y_oclock_across_dst() {
    let f = KnowledgeHorizonFnc::from_stored(
        "x_days_ago_at_y_oclock",
        &json!({"x": 1, "y": 12, "z": "Europe/Amsterdam"}),
    )
    .unwrap();
    // timely-beliefs' test_dst
    let cases: &[(&str, TimeDelta)] = &[
        ("2018-03-25T00:00:00Z", hours(13)),
        ("2018-03-25T06:00:00Z", hours(19)),
        ("2018-03-26T00:00:00Z", hours(14)),
        ("2018-10-28T00:00:00Z", hours(14)),
        ("2018-10-28T06:00:00Z", hours(20)),
        ("2018-10-29T00:00:00Z", hours(13)),
    ];
    for (start, kh) in cases {
        assert_eq!(
            f.knowledge_horizon(&at(start), hours(1)),
            Ok(*kh),
            "{start}"
        );
    }
    // a fractional hour gives minutes: 12.5 → 12:30
    let half = KnowledgeHorizonFnc::from_stored(
        "x_days_ago_at_y_oclock",
        &json!({"x": 2, "y": 12.5, "z": "UTC"}),
    )
    .unwrap();
    let kt = half
        .knowledge_time(&at("2024-01-10T05:00:00Z"), hours(1))
        .unwrap();
    assert_same(&kt, &at("2024-01-08T12:30:00Z"));
    // bounds contain the value even with double summer time (timely-beliefs' test_dst_bounds)
    let london = |x: i64, y: f64| KnowledgeHorizonFnc::XDaysAgoAtYOclock {
        x,
        y,
        z: chrono_tz::Europe::London,
    };
    for (f, start) in [
        (london(180, 23.9999999999), "1947-05-12T22:00:00Z"),
        (london(210, 0.0), "1947-11-10T23:59:59Z"),
    ] {
        let (min, max) = f.bounds(hours(1));
        let kh = f.knowledge_horizon(&at(start), hours(1)).unwrap();
        assert!(min.unwrap() < kh && kh < max.unwrap(), "{start}");
    }
}

#[test]
fn at_date_and_ex_ante_and_ex_post() {
    let f = KnowledgeHorizonFnc::from_stored(
        "at_date",
        &json!({"knowledge_time": "2020-11-20T00:00:00+00:00"}),
    )
    .unwrap();
    let cases: &[(&str, TimeDelta)] = &[
        ("2020-11-19T00:00:00Z", TimeDelta::days(-1)),
        ("2020-11-20T00:00:00Z", TimeDelta::zero()),
        ("2020-11-21T00:00:00Z", TimeDelta::days(1)),
    ];
    for (start, kh) in cases {
        assert_eq!(f.knowledge_horizon(&at(start), hours(1)), Ok(*kh));
    }
    let ante = KnowledgeHorizonFnc::ExAnte {
        ex_ante_horizon: mins(15),
    };
    assert_eq!(
        ante.knowledge_horizon(&at("2020-11-19T00:00:00Z"), hours(1)),
        Ok(mins(15))
    );
    let post = KnowledgeHorizonFnc::ExPost {
        ex_post_horizon: mins(-5),
    };
    assert_eq!(
        post.knowledge_horizon(&at("2020-11-19T00:00:00Z"), mins(15)),
        Ok(mins(-10))
    );
}

#[test]
fn x_years_ago_at_date() {
    let f = |x: i64, z: &str| {
        KnowledgeHorizonFnc::from_stored(
            "x_years_ago_at_date",
            &json!({"x": x, "month": 11, "day": 20, "z": z}),
        )
        .unwrap()
    };
    let day_hours = |d, h| TimeDelta::days(d) + hours(h);
    // timely-beliefs' test_x_years_ago_at_date
    let cases: &[(i64, &str, TimeDelta)] = &[
        (1, "2024-11-19T01:00:00Z", day_hours(365, 1)),
        (1, "2025-11-19T02:00:00Z", day_hours(364, 2)),
        (1, "2022-11-19T02:00:00Z", day_hours(364, 2)),
        (1, "2021-11-21T03:00:00Z", day_hours(366, 3)),
        (1, "2020-11-21T04:00:00Z", day_hours(367, 4)),
        (2, "2024-11-19T01:00:00Z", day_hours(730, 1)),
    ];
    for (x, start, kh) in cases {
        assert_eq!(
            f(*x, "UTC").knowledge_horizon(&at(start), hours(1)),
            Ok(*kh),
            "{start}"
        );
    }
    let march = KnowledgeHorizonFnc::from_stored(
        "x_years_ago_at_date",
        &json!({"x": 1, "month": 3, "day": 28, "z": "Europe/Amsterdam"}),
    )
    .unwrap();
    let r = hours(1);
    assert_eq!(
        march.knowledge_horizon(&at_in("2024-03-28T00:00:00+01:00", AMS), r),
        Ok(day_hours(366, 1))
    );
    assert_eq!(
        march.knowledge_horizon(&at_in("2024-04-01T00:00:00+02:00", AMS), r),
        Ok(day_hours(370, 0))
    );
    assert_eq!(
        f(1, "UTC").bounds(r),
        (Some(TimeDelta::days(1)), Some(TimeDelta::days(732)))
    );
    let leap = KnowledgeHorizonFnc::XYearsAgoAtDate {
        x: 1,
        day: 29,
        month: 2,
        z: chrono_tz::UTC,
    };
    assert_eq!(
        leap.knowledge_horizon(&at("2024-06-01T00:00:00Z"), r),
        Err(KnowledgeHorizonError::NoKnowledgeTime {
            fnc: "x_years_ago_at_date"
        })
    );
    let from_leap = leap.knowledge_horizon(&at("2025-06-01T00:00:00Z"), r);
    assert_eq!(from_leap, Ok(TimeDelta::days(458)));
}

#[test]
fn bounds_per_function() {
    let r = mins(15);
    assert_eq!(
        KnowledgeHorizonFnc::default().bounds(r),
        (Some(mins(-15)), Some(mins(-15)))
    );
    let ante = KnowledgeHorizonFnc::ExAnte {
        ex_ante_horizon: hours(2),
    };
    assert_eq!(ante.bounds(r), (Some(hours(2)), Some(hours(2))));
    assert_eq!(day_ahead().bounds(r), (Some(hours(10)), Some(hours(38))));
    let at_date = KnowledgeHorizonFnc::AtDate {
        knowledge_time: at("2020-11-20T00:00:00Z"),
    };
    assert_eq!(at_date.bounds(r), (None, None));
}
