//! Shared set-up: the common battery of spec §B.17 and comparison helpers.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use fm_planning::{SocLimit, StorageModel};

/// `2025-01-01T00:00Z`.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
}

/// The prices of §B.17, EUR/MWh.
pub const PRICES: [f64; 4] = [10.0, 40.0, 20.0, 50.0];

/// The common battery of §B.17: hourly, SoC 0 at start, SoC in [0, 1] MWh, 0.5 MW.
pub fn battery() -> StorageModel {
    StorageModel {
        soc_at_start: 0.0,
        soc_min: SocLimit::Constant(0.0),
        soc_max: SocLimit::Constant(1.0),
        ..StorageModel::new(start(), TimeDelta::hours(1), 0.5, PRICES.to_vec())
    }
}

/// Assert two series agree within `tol`, element by element.
#[track_caller]
pub fn assert_close(actual: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (j, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tol,
            "entry {j}: {a} vs {e} (tolerance {tol}); actual {actual:?}, expected {expected:?}"
        );
    }
}

/// Assert a number within `tol`.
#[track_caller]
pub fn assert_near(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{actual} vs {expected} (tolerance {tol})"
    );
}
