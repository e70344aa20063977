//! The worked examples T1–T6 of spec §B.17, as far as they apply to the v0.9.0 scheduler.
//!
//! T1, T3 and T5 are stated for HEAD; with the settings of those vectors (lossless, reachable
//! target, site capacity as an EMS bound) the v0.9.0 LP has the same optimum, which is what is
//! asserted. T2 is asserted with its v0.9.0 numbers (stock-side capacity and output), T4 and T6
//! are v0.9.0 vectors.

use chrono::TimeDelta;
use fm_planning::{
    FallbackPolicy, SocLimit, SocTarget, Solver, StorageModel, schedule, schedule_with,
};

use crate::common::{PRICES, assert_close, assert_near, battery, start};

const TOL: f64 = 1e-6;

/// The v0.9.0 objective: tie-broken prices times grid-side power, no factor h (§A.5.4).
fn tilted(power: &[f64]) -> f64 {
    let tilted = [10.0, 40.0 + 0.04 / 3.0, 20.0 + 0.08 / 3.0, 50.04];
    power.iter().zip(tilted).map(|(p, q)| p * q).sum()
}

#[test]
fn t1_lossless_arbitrage() {
    let s = schedule(&battery()).unwrap();
    assert!(!s.used_fallback);
    assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
    assert_close(&s.grid_power, &[0.5, -0.5, 0.5, -0.5], TOL);
    assert_close(&s.soc, &[0.0, 0.5, 0.0, 0.5, 0.0], TOL);
    // Net energy cost −30 EUR.
    assert_near(s.energy_cost, -30.0, TOL);
    // Values stored on the sensor (production positive) are the negation.
    let stored: Vec<f64> = s.power.iter().map(|p| -p).collect();
    assert_close(&stored, &[-0.5, 0.5, -0.5, 0.5], TOL);
}

#[test]
fn t2_roundtrip_efficiency_81_percent_v0_9_0() {
    let model = StorageModel {
        roundtrip_efficiency: 0.81,
        ..battery()
    };
    let s = schedule(&model).unwrap();
    // v0.9.0: capacity and output on the stock side.
    assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
    assert_close(&s.soc, &[0.0, 0.5, 0.0, 0.5, 0.0], TOL);
    // Implied grid-side power [0.5556, −0.45, 0.5556, −0.45].
    assert_close(&s.grid_power, &[0.555556, -0.45, 0.555556, -0.45], TOL);
    let expected_cost = 0.5 / 0.9 * (10.0 + 20.0) - 0.45 * (40.0 + 50.0);
    // (grid power is rounded to 6 decimals before costing)
    assert_near(s.energy_cost, expected_cost, 1e-4);
    assert_near(
        s.objective.unwrap(),
        tilted(&[0.5 / 0.9, -0.45, 0.5 / 0.9, -0.45]),
        1e-6,
    );
}

#[test]
fn t3_reachable_soc_target() {
    let model = StorageModel {
        soc_targets: vec![SocTarget::at_datetime(start() + TimeDelta::hours(4), 1.0)],
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert!(!s.used_fallback);
    assert_close(&s.power, &[0.5, 0.0, 0.5, 0.0], TOL);
    assert_close(&s.soc, &[0.0, 0.5, 0.5, 1.0, 1.0], TOL);
    assert_near(s.energy_cost, 15.0, TOL);
}

#[test]
fn t3_unreachable_target_is_infeasible_at_v0_9_0() {
    // A 3 MWh target above soc-max: v0.9.0 does not clamp `equals`, the LP is infeasible and the
    // fallback policy applies; a battery (neither consumer nor producer attribute) idles.
    let model = StorageModel {
        soc_targets: vec![SocTarget::at_instant(4, 3.0)],
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert!(s.used_fallback);
    assert_eq!(s.power, vec![0.0; 4]);
    assert_eq!(s.objective, None);
}

#[test]
fn t4_v0_9_0_tie_broken_objective_and_target() {
    let s = schedule(&battery()).unwrap();
    assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
    // Prices after the slope: [10, 40.013333, 20.026667, 50.04].
    let objective = s.objective.unwrap();
    assert_near(objective, tilted(&[0.5, -0.5, 0.5, -0.5]), 1e-6);
    assert_near(objective, -30.013333, 1e-6);

    let with_target = StorageModel {
        soc_targets: vec![SocTarget::at_datetime(start() + TimeDelta::hours(4), 1.0)],
        ..battery()
    };
    let s = schedule(&with_target).unwrap();
    assert_close(&s.power, &[0.5, 0.0, 0.5, 0.0], TOL);
    assert_near(s.objective.unwrap(), tilted(&[0.5, 0.0, 0.5, 0.0]), 1e-6);
}

#[test]
fn t5_site_consumption_capacity() {
    let model = StorageModel {
        site_consumption_capacity: Some(0.3),
        ..battery()
    };
    for solver in [Solver::Clarabel, Solver::Microlp] {
        let s = schedule_with(&model, solver).unwrap();
        assert_close(&s.power, &[0.3, -0.1, 0.3, -0.5], TOL);
        assert_close(&s.soc, &[0.0, 0.3, 0.2, 0.5, 0.0], TOL);
        assert_near(s.energy_cost, -20.0, TOL);
    }
}

#[test]
fn t6_fallback_for_infeasible_charging_station_target() {
    // One-way EVSE: capacity 2 MW, consumer, 15-min resolution, 24 h, SoC 10 MWh at start,
    // target 15 MWh at start + 2 h; defaults soc_min = 0 and soc_max = max target (§A.4.1).
    let prices: Vec<f64> = (0..96).map(|j| 30.0 + (j % 7) as f64).collect();
    assert_eq!(prices.len(), 96);
    let model = StorageModel {
        soc_at_start: 10.0,
        soc_min: SocLimit::Constant(0.0),
        soc_max: SocLimit::Constant(15.0),
        soc_targets: vec![SocTarget::at_datetime(start() + TimeDelta::hours(2), 15.0)],
        fallback: FallbackPolicy {
            is_consumer: true,
            is_producer: false,
        },
        ..StorageModel::new(start(), TimeDelta::minutes(15), 2.0, prices)
    };
    for solver in [Solver::Clarabel, Solver::Microlp] {
        let s = schedule_with(&model, solver).unwrap();
        assert!(s.used_fallback, "{solver:?}");
        assert_eq!(s.objective, None);
        let mut expected = vec![0.0; 96];
        expected[..10].fill(2.0);
        assert_eq!(s.power, expected);
        // SoC at start + 2 h (t_8) is 14 MWh, 1 MWh short; after slot 9 (t_10) it is 15 MWh.
        assert_near(s.soc[8], 14.0, TOL);
        assert_near(s.soc[10], 15.0, TOL);
        assert_near(s.soc[96], 15.0, TOL);
    }
}

#[test]
fn vectors_agree_between_solvers() {
    let targeted = StorageModel {
        soc_targets: vec![SocTarget::at_instant(4, 1.0)],
        ..battery()
    };
    let lossy = StorageModel {
        roundtrip_efficiency: 0.81,
        ..battery()
    };
    for model in [battery(), targeted, lossy] {
        let a = schedule_with(&model, Solver::Clarabel).unwrap();
        let b = schedule_with(&model, Solver::Microlp).unwrap();
        assert_close(&a.power, &b.power, TOL);
        assert_near(a.objective.unwrap(), b.objective.unwrap(), 1e-6);
    }
    assert_eq!(PRICES.len(), 4);
}
