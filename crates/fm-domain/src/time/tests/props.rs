//! Property tests: duration round trips, flooring, the timing formulas.

use chrono::{DateTime, FixedOffset, TimeDelta};
use proptest::prelude::*;

use crate::time::{
    IsoDuration, KnowledgeHorizonFnc, floor_to_resolution, format_timedelta,
    format_timedelta_hours, is_aligned,
};

const NANOS_PER_SECOND: u64 = 1_000_000_000;

/// Random durations of every shape, including negative ones.
fn any_duration() -> impl Strategy<Value = IsoDuration> {
    let time = prop_oneof![
        Just(0u64),
        (0u64..100_000).prop_map(|m| m * 60 * NANOS_PER_SECOND),
        0u64..1_000_000_000_000_000,
    ];
    (
        any::<bool>(),
        0u32..30,
        0u32..30,
        prop_oneof![Just(0u64), 0u64..100_000],
        time,
    )
        .prop_map(|(negative, years, months, days, nanos)| {
            let (years, months) = if years % 3 == 0 {
                (years, months)
            } else {
                (0, 0)
            };
            IsoDuration::new(negative, years, months, days, nanos)
        })
}

/// A duration string with arbitrary (non-canonical) component values, and its exact length in
/// nanoseconds when it has no calendar parts.
fn any_duration_text() -> impl Strategy<Value = (String, Option<i128>)> {
    let component = |max: u64| proptest::option::of((0..max, proptest::option::of(0u32..1000)));
    (
        any::<bool>(),
        proptest::option::of(0u32..100),
        component(1000),
        component(100_000),
        component(1_000_000),
        component(10_000_000),
        component(1_000_000_000),
    )
        .prop_filter("needs a component", |(_, m, w, d, h, mi, s)| {
            m.is_some() || w.is_some() || d.is_some() || h.is_some() || mi.is_some() || s.is_some()
        })
        .prop_map(|(negative, months, weeks, days, hours, minutes, seconds)| {
            let mut text = String::from(if negative { "-P" } else { "P" });
            let mut nanos: i128 = 0;
            let mut part =
                |text: &mut String, c: Option<(u64, Option<u32>)>, unit: &str, ns: i128| {
                    if let Some((int, frac)) = c {
                        text.push_str(&int.to_string());
                        nanos += i128::from(int) * ns;
                        if let Some(frac) = frac {
                            text.push_str(&format!(".{frac:03}"));
                            nanos += i128::from(frac) * ns / 1000;
                        }
                        text.push_str(unit);
                    }
                };
            if let Some(m) = months {
                text.push_str(&format!("{m}M"));
            }
            let day = 86_400 * i128::from(NANOS_PER_SECOND);
            part(&mut text, weeks, "W", 7 * day);
            part(&mut text, days, "D", day);
            if hours.is_some() || minutes.is_some() || seconds.is_some() {
                text.push('T');
            }
            part(&mut text, hours, "H", day / 24);
            part(&mut text, minutes, "M", day / 1440);
            part(&mut text, seconds, "S", i128::from(NANOS_PER_SECOND));
            let exact = (months.unwrap_or(0) == 0).then_some(if negative { -nanos } else { nanos });
            (text, exact)
        })
}

/// Time zones with DST quirks: none, one hour, 30 minutes, a skipped midnight, a fixed offset.
fn zones() -> Vec<chrono_tz::Tz> {
    vec![
        chrono_tz::UTC,
        chrono_tz::Europe::Amsterdam,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::America::Havana,
        chrono_tz::Asia::Kolkata,
    ]
}

fn resolutions() -> Vec<TimeDelta> {
    [
        1, 60, 300, 900, 1800, 2400, 2700, 3600, 7200, 25_200, 86_400, 604_800,
    ]
    .iter()
    .map(|s| TimeDelta::seconds(*s))
    .collect()
}

proptest! {
    // No regression files: they would land outside this module's folder.
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_of_format_is_identity(d in any_duration(), repeating in any::<bool>()) {
        let text = d.to_string();
        prop_assert_eq!(IsoDuration::parse(&text), Ok(d));
        prop_assert_eq!(IsoDuration::parse_legacy_horizon(&text), Ok(d));
        let rolling = d.with_repeating(repeating);
        prop_assert_eq!(IsoDuration::parse_legacy_horizon(&rolling.to_string()), Ok(rolling));
    }

    #[test]
    fn format_of_parse_is_canonical((text, exact) in any_duration_text()) {
        let d = IsoDuration::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let canonical = d.to_string();
        prop_assert_eq!(IsoDuration::parse(&canonical), Ok(d));
        prop_assert_eq!(IsoDuration::parse(&canonical).map(|d| d.to_string()), Ok(canonical));
        let nanos = d.to_timedelta().map(|td| {
            i128::from(td.num_seconds()) * i128::from(NANOS_PER_SECOND) + i128::from(td.subsec_nanos())
        });
        prop_assert_eq!(nanos, exact);
    }

    #[test]
    fn exact_durations_round_trip(nanos in -1_000_000_000_000_000_000i64..1_000_000_000_000_000_000) {
        let td = TimeDelta::nanoseconds(nanos);
        let text = format_timedelta(td);
        let parsed = IsoDuration::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.to_timedelta(), Some(td));
        prop_assert_eq!(parsed.to_string(), text);
        let hours = IsoDuration::parse(&format_timedelta_hours(td)).ok().and_then(|d| d.to_timedelta());
        prop_assert_eq!(hours, Some(td));
    }

    #[test]
    fn flooring_is_idempotent_and_not_after_the_input(
        secs in 1_577_836_800i64..1_767_225_600,
        sub in 0u32..1_000_000_000,
        zone in 0usize..5,
        res in 0usize..12,
    ) {
        let tz = zones()[zone];
        let resolution = resolutions()[res];
        let Some(instant) = DateTime::from_timestamp(secs, sub) else { return Ok(()) };
        let dt = instant.with_timezone(&tz);
        let floored = floor_to_resolution(&dt, resolution);
        prop_assert!(floored <= dt, "{} floored to {}", dt, floored);
        prop_assert!(dt.signed_duration_since(floored) < resolution + TimeDelta::hours(2));
        let again = floor_to_resolution(&floored, resolution);
        prop_assert_eq!(again.fixed_offset().to_rfc3339(), floored.fixed_offset().to_rfc3339());

        // with a fixed offset the result is always on the grid and less than one step back
        let fixed = instant.with_timezone(&FixedOffset::east_opt(19_800).unwrap());
        let floored = floor_to_resolution(&fixed, resolution);
        prop_assert!(floored <= fixed && fixed - floored < resolution);
        prop_assert!(is_aligned(&floored, resolution));
    }

    #[test]
    fn belief_time_and_horizon_are_inverse(
        secs in 1_577_836_800i64..1_767_225_600,
        horizon_minutes in -100_000i64..100_000,
        res_minutes in 0i64..1440,
        which in 0usize..4,
    ) {
        let functions = [
            KnowledgeHorizonFnc::default(),
            KnowledgeHorizonFnc::ExAnte { ex_ante_horizon: TimeDelta::hours(6) },
            KnowledgeHorizonFnc::XDaysAgoAtYOclock { x: 1, y: 12.0, z: chrono_tz::Europe::Paris },
            KnowledgeHorizonFnc::XYearsAgoAtDate { x: 1, day: 1, month: 1, z: chrono_tz::Europe::Amsterdam },
        ];
        let f = &functions[which];
        let Some(start) = DateTime::from_timestamp(secs, 0) else { return Ok(()) };
        let start = start.with_timezone(&chrono_tz::Europe::Amsterdam);
        let (r, h) = (TimeDelta::minutes(res_minutes), TimeDelta::minutes(horizon_minutes));
        let belief_time = f.belief_time(&start, r, h).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(f.belief_horizon(&start, r, &belief_time), Ok(h));
        let kh = f.knowledge_horizon(&start, r).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(start - kh - h, belief_time);
        let (min, max) = f.bounds(r);
        prop_assert!(min.is_none_or(|min| min <= kh) && max.is_none_or(|max| kh <= max));
    }

    #[test]
    fn exact_calendar_steps_undo_in_utc(days in 0u64..10_000, nanos in 0u64..100_000_000_000_000, secs in 0i64..2_000_000_000) {
        let d = IsoDuration::new(false, 0, 0, days, nanos);
        let Some(start) = DateTime::from_timestamp(secs, 0) else { return Ok(()) };
        let there = d.add_to(&start).ok_or_else(|| TestCaseError::fail("out of range"))?;
        prop_assert_eq!(d.negated().add_to(&there), Some(start));
        prop_assert_eq!(d.ground(&start).map(|g| start + g), Some(there));
    }
}
