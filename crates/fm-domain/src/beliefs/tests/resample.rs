//! Resampling (§2.7, api-legacy-v1 §4.8), reindexing and multi-sensor sums (§2.8).

use chrono::{DateTime, TimeDelta, Utc};

use super::{at, b, mins, utc};
use crate::beliefs::{
    Aggregation, BinOrigin, Event, ResampleError, ResampleOptions, events_from_beliefs, reindex,
    repeat_values, resample, start_of_day, sum_multiple, values,
};

/// Events every `step` minutes from t0 with the given values.
fn series(step: i64, vals: &[Option<f64>]) -> Vec<Event> {
    vals.iter()
        .enumerate()
        .map(|(i, v)| Event::new(at(step * i as i64), *v))
        .collect()
}

fn starts(events: &[Event]) -> Vec<DateTime<Utc>> {
    events.iter().map(|e| e.start).collect()
}

#[test]
fn downsampling_by_mean_example_of_the_legacy_api() {
    let input = series(15, &[100.0, 101.0, 102.0, 103.0, 104.0, 105.0].map(Some));
    let out = resample(&input, mins(15), mins(30), &ResampleOptions::default()).unwrap();
    assert_eq!(out, series(30, &[Some(100.5), Some(102.5), Some(104.5)]));
}

#[test]
fn downsampling_incomplete_and_empty_bins() {
    // Bin 00:00 is incomplete, bin 01:00 has no values, bin 02:00 only a NaN.
    let input = vec![
        Event::new(at(0), Some(1.0)),
        Event::new(at(30), Some(3.0)),
        Event::new(at(45), None),
        Event::new(at(120), Some(f64::NAN)),
        Event::new(at(180), Some(4.0)),
    ];
    let out = resample(&input, mins(15), mins(60), &ResampleOptions::default()).unwrap();
    assert_eq!(out, series(60, &[Some(2.0), None, None, Some(4.0)]));
}

#[test]
fn downsampling_bin_alignment() {
    // Data starting at 00:45 with hourly bins: aligned to midnight (default) or to the start.
    let input = vec![Event::new(at(45), Some(1.0)), Event::new(at(60), Some(3.0))];
    let out = resample(&input, mins(15), mins(60), &ResampleOptions::default()).unwrap();
    assert_eq!(
        out,
        vec![Event::new(at(0), Some(1.0)), Event::new(at(60), Some(3.0))]
    );
    let opts = ResampleOptions {
        origin: BinOrigin::Start,
        ..ResampleOptions::default()
    };
    let out = resample(&input, mins(15), mins(60), &opts).unwrap();
    assert_eq!(out, vec![Event::new(at(45), Some(2.0))]);
    let opts = ResampleOptions {
        origin: BinOrigin::At(at(30)),
        ..ResampleOptions::default()
    };
    assert_eq!(
        starts(&resample(&input, mins(15), mins(60), &opts).unwrap()),
        vec![at(30)]
    );
}

#[test]
fn daily_bins_start_at_local_midnight_and_last_24_hours() {
    let tz = chrono_tz::Europe::Amsterdam;
    // Hourly data from 2022-03-27 00:00+01:00 (= 2022-03-26 23:00Z), the DST day.
    let first = utc(2022, 3, 26, 23, 0);
    let input: Vec<Event> = (0..48)
        .map(|h| Event::new(first + TimeDelta::hours(h), Some(1.0)))
        .collect();
    assert_eq!(start_of_day(first, tz), first);
    let opts = ResampleOptions {
        timezone: tz,
        ..ResampleOptions::default()
    };
    let out = resample(&input, TimeDelta::hours(1), TimeDelta::days(1), &opts).unwrap();
    assert_eq!(starts(&out), vec![first, first + TimeDelta::days(1)]);
}

#[test]
fn upsampling_repeats_values_including_the_last_event() {
    let input = series(60, &[Some(1.0), Some(2.0)]);
    let out = resample(&input, mins(60), mins(15), &ResampleOptions::default()).unwrap();
    assert_eq!(
        values(&out),
        [1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0].map(Some).to_vec()
    );
    assert_eq!(starts(&out), starts(&series(15, &[None; 8])));
}

#[test]
fn upsampling_with_gaps_and_uneven_ratio_as_timely_beliefs_documents() {
    // 30-minute events at 10:00 (1000), 11:00 (NaN), 12:00 (2000) to 20 minutes.
    let ten = utc(2020, 3, 29, 8, 0);
    let input = vec![
        Event::new(ten, Some(1000.0)),
        Event::new(ten + mins(60), None),
        Event::new(ten + mins(120), Some(2000.0)),
    ];
    let out = resample(&input, mins(30), mins(20), &ResampleOptions::default()).unwrap();
    let expected = vec![
        Event::new(ten, Some(1000.0)),
        Event::new(ten + mins(20), Some(1000.0)),
        Event::new(ten + mins(120), Some(2000.0)),
        Event::new(ten + mins(140), Some(2000.0)),
    ];
    assert_eq!(out, expected);
}

#[test]
fn opt_in_sum_aggregation() {
    let opts = ResampleOptions {
        aggregation: Aggregation::Sum,
        ..ResampleOptions::default()
    };
    let input = series(15, &[1.0, 2.0, 3.0, 4.0].map(Some));
    let out = resample(&input, mins(15), mins(60), &opts).unwrap();
    assert_eq!(out, vec![Event::new(at(0), Some(10.0))]);
    let back = resample(&out, mins(60), mins(15), &opts).unwrap();
    assert_eq!(values(&back), [2.5; 4].map(Some).to_vec());
}

#[test]
fn instantaneous_data_changes_frequency_robustly_across_dst() {
    let tz = chrono_tz::Europe::Amsterdam;
    // Hourly readings 2022-03-26 00:00+01:00 … 2022-03-28 23:00+02:00 (71 hours: one is skipped).
    let first = utc(2022, 3, 25, 23, 0);
    let last = utc(2022, 3, 28, 21, 0);
    let input: Vec<Event> = (0..)
        .map(|h| first + TimeDelta::hours(h))
        .take_while(|t| *t <= last)
        .map(|t| Event::new(t, Some(2.0)))
        .collect();
    let opts = ResampleOptions {
        timezone: tz,
        ..ResampleOptions::default()
    };
    let out = resample(&input, TimeDelta::zero(), TimeDelta::days(1), &opts).unwrap();
    // Local midnights of 26, 27 and 28 March.
    assert_eq!(
        starts(&out),
        vec![first, utc(2022, 3, 26, 23, 0), utc(2022, 3, 27, 22, 0)]
    );
    assert!(out.iter().all(|e| e.value == Some(2.0)));
    // Finer than the data: empty bins are dropped.
    let out = resample(&input[..2], TimeDelta::zero(), mins(15), &opts).unwrap();
    assert_eq!(starts(&out), vec![first, first + mins(60)]);
}

#[test]
fn no_ops_and_errors() {
    let input = series(15, &[Some(1.0), None]);
    let opts = ResampleOptions::default();
    assert_eq!(
        resample(&input, mins(15), mins(15), &opts),
        Ok(input.clone())
    );
    assert_eq!(resample(&[], mins(15), mins(60), &opts), Ok(vec![]));
    assert_eq!(
        resample(&input, mins(15), TimeDelta::zero(), &opts),
        Err(ResampleError::ToInstantaneous)
    );
    assert_eq!(
        resample(&input, mins(-15), mins(60), &opts),
        Err(ResampleError::NegativeResolution)
    );
    let sum = ResampleOptions {
        aggregation: Aggregation::Sum,
        ..opts
    };
    assert_eq!(
        resample(&input, TimeDelta::zero(), mins(60), &sum),
        Err(ResampleError::InstantaneousSum)
    );
    assert_eq!(
        reindex(&input, at(0), at(60), TimeDelta::zero()),
        Err(ResampleError::NonPositiveStep)
    );
}

#[test]
fn reindex_onto_the_full_grid() {
    let input = vec![
        Event::new(at(15), Some(1.0)),
        Event::new(at(45), None),
        Event::new(at(50), Some(9.0)),  // off the grid
        Event::new(at(60), Some(9.0)),  // outside [start, end)
        Event::new(at(-15), Some(9.0)), // outside
    ];
    let out = reindex(&input, at(0), at(60), mins(15)).unwrap();
    assert_eq!(out, series(15, &[None, Some(1.0), None, None]));
    assert!(
        reindex(&input, at(60), at(60), mins(15))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn beliefs_to_events_and_multi_sensor_sums() {
    let beliefs = [
        b(15, 0, 1, 2.0),
        b(0, 0, 1, 1.0),
        b(0, 5, 2, 7.0),
        b(30, 0, 1, f64::NAN),
    ];
    assert_eq!(
        events_from_beliefs(&beliefs),
        series(15, &[Some(1.0), Some(2.0), None])
    );
    let a = series(15, &[Some(1.0), Some(2.0), None]);
    let c = vec![
        Event::new(at(15), Some(10.0)),
        Event::new(at(45), Some(5.0)),
    ];
    assert_eq!(
        sum_multiple(&[a, c]),
        series(15, &[Some(1.0), Some(12.0), None, Some(5.0)])
    );
}

#[test]
fn legacy_post_upsampling_by_repetition() {
    assert_eq!(repeat_values(&[1.0, 2.0], 2), vec![1.0, 1.0, 2.0, 2.0]);
    assert_eq!(repeat_values(&[1.0, 2.0], 1), vec![1.0, 2.0]);
}
