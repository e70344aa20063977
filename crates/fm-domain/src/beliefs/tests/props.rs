//! Property tests of resampling and reindexing on random series.

use proptest::collection::vec;
use proptest::prelude::*;

use super::{at, mins};
use crate::beliefs::{Aggregation, BinOrigin, Event, ResampleOptions, reindex, resample};

/// Relative/absolute closeness for means of floats.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// A value that is missing about a quarter of the time.
fn maybe_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 3 => (-1.0e3..1.0e3f64).prop_map(Some)]
}

/// Mean of the present values, if any.
fn mean(values: &[Option<f64>]) -> Option<f64> {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
}

proptest! {
    /// Downsampling then upsampling back keeps each bucket's mean (over its present values).
    #[test]
    fn downsample_then_upsample_preserves_bucket_means(
        k in 2usize..=6,
        values in vec(maybe_value(), 1..120),
    ) {
        let fine = mins(15);
        let coarse = mins(15 * k as i64);
        let input: Vec<Event> = values.iter().enumerate()
            .map(|(i, v)| Event::new(at(15 * i as i64), *v)).collect();
        let opts = ResampleOptions::default();
        let down = resample(&input, fine, coarse, &opts).unwrap();
        let up = resample(&down, coarse, fine, &opts).unwrap();
        for (bucket, chunk) in values.chunks(k).enumerate() {
            let bucket_start = at(15 * (k * bucket) as i64);
            let refilled: Vec<Option<f64>> = up.iter()
                .filter(|e| e.start >= bucket_start && e.start < bucket_start + coarse)
                .map(|e| e.value).collect();
            match mean(chunk) {
                None => prop_assert!(refilled.is_empty()),
                Some(m) => {
                    prop_assert_eq!(refilled.len(), k);
                    prop_assert!(close(mean(&refilled).unwrap(), m));
                }
            }
        }
    }

    /// Upsampling a complete series then downsampling back is the identity.
    #[test]
    fn upsample_then_downsample_is_identity_for_complete_series(
        k in 2usize..=8,
        values in vec(-1.0e6..1.0e6f64, 1..60),
        sum in any::<bool>(),
    ) {
        let fine = mins(5);
        let coarse = mins(5 * k as i64);
        let input: Vec<Event> = values.iter().enumerate()
            .map(|(i, v)| Event::new(at(5 * (k * i) as i64), Some(*v))).collect();
        let aggregation = if sum { Aggregation::Sum } else { Aggregation::Mean };
        let opts = ResampleOptions { aggregation, origin: BinOrigin::Start, ..ResampleOptions::default() };
        let up = resample(&input, coarse, fine, &opts).unwrap();
        prop_assert_eq!(up.len(), values.len() * k);
        let back = resample(&up, fine, coarse, &opts).unwrap();
        prop_assert_eq!(back.len(), input.len());
        for (b, i) in back.iter().zip(&input) {
            prop_assert_eq!(b.start, i.start);
            prop_assert!(close(b.value.unwrap(), i.value.unwrap()));
        }
    }

    /// Reindexing keeps every present on-grid value in place and fills the rest with `None`.
    #[test]
    fn reindex_keeps_present_values(
        values in vec(maybe_value(), 0..100),
        keep in vec(any::<bool>(), 100),
        extra in 0usize..10,
    ) {
        let input: Vec<Event> = values.iter().enumerate()
            .filter(|(i, _)| keep[*i])
            .map(|(i, v)| Event::new(at(15 * i as i64), *v)).collect();
        let n = values.len() + extra;
        let out = reindex(&input, at(0), at(15 * n as i64), mins(15)).unwrap();
        prop_assert_eq!(out.len(), n);
        for (i, e) in out.iter().enumerate() {
            prop_assert_eq!(e.start, at(15 * i as i64));
            let expected = if i < values.len() && keep[i] { values[i] } else { None };
            prop_assert_eq!(e.value, expected);
        }
    }

    /// Downsampling by sum preserves the total of the present values.
    #[test]
    fn sum_downsampling_preserves_totals(k in 2usize..=6, values in vec(maybe_value(), 1..100)) {
        let input: Vec<Event> = values.iter().enumerate()
            .map(|(i, v)| Event::new(at(15 * i as i64), *v)).collect();
        let opts = ResampleOptions { aggregation: Aggregation::Sum, ..ResampleOptions::default() };
        let down = resample(&input, mins(15), mins(15 * k as i64), &opts).unwrap();
        let total: f64 = down.iter().filter_map(|e| e.value).sum();
        let expected: f64 = values.iter().flatten().sum();
        prop_assert!(close(total, expected) || (total - expected).abs() < 1e-6);
    }
}
