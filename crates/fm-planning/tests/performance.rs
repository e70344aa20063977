//! Solve times of a one-day and a seven-day problem on a 15-minute grid.

use std::time::Instant;

use chrono::TimeDelta;
use fm_planning::{SocLimit, SocTarget, Solver, StorageModel, schedule_with};

use crate::common::start;

/// A battery of 2 MW / 8 MWh on 15-minute slots with `steps` deterministic pseudo-random
/// prices (a daily sinusoid plus noise and a few negative spikes), 80 % round-trip, and a
/// target of 4 MWh at the end of every day.
pub fn day_ahead(steps: usize) -> StorageModel {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let prices: Vec<f64> = (0..steps)
        .map(|j| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let noise = (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            let daily = (j as f64 / 96.0 * std::f64::consts::TAU).sin();
            let spike = if (seed >> 3).is_multiple_of(33) {
                -80.0
            } else {
                0.0
            };
            50.0 + 30.0 * daily + 20.0 * noise + spike
        })
        .collect();
    let targets = (1..=steps / 96)
        .map(|d| SocTarget::at_instant(d * 96, 4.0))
        .collect();
    StorageModel {
        soc_at_start: 4.0,
        soc_min: SocLimit::Constant(0.5),
        soc_max: SocLimit::Constant(8.0),
        soc_targets: targets,
        roundtrip_efficiency: 0.8,
        ..StorageModel::new(start(), TimeDelta::minutes(15), 2.0, prices)
    }
}

#[test]
fn solve_times_are_printed() {
    for steps in [96, 672] {
        let model = day_ahead(steps);
        for solver in [Solver::Clarabel, Solver::Microlp] {
            let begin = Instant::now();
            let s = schedule_with(&model, solver).unwrap();
            let elapsed = begin.elapsed();
            println!(
                "fm-planning: {steps} steps with {solver:?}: {:.1} ms (objective {:.4})",
                elapsed.as_secs_f64() * 1e3,
                s.objective.unwrap_or(f64::NAN)
            );
            assert!(!s.used_fallback);
            assert_eq!(s.power.len(), steps);
            assert!(s.power.iter().all(|p| p.abs() <= 2.0 + 1e-6));
            assert!(
                s.soc
                    .iter()
                    .all(|soc| (0.5 - 1e-6..=8.0 + 1e-6).contains(soc))
            );
            for d in 1..=steps / 96 {
                assert!(
                    (s.soc[d * 96] - 4.0).abs() <= 1e-5,
                    "day {d}: {}",
                    s.soc[d * 96]
                );
            }
        }
    }
}

/// The same problem in the 1.0-era model (soft SoC targets, charging and discharging
/// efficiency of 90 % each, tie-breaking on), with the default solver.
#[test]
fn head_solve_times_are_printed() {
    for steps in [96, 672] {
        let v09 = day_ahead(steps);
        let mut model = fm_planning::head::HeadModel::new(start(), TimeDelta::minutes(15), v09.consumption_prices.clone());
        model.soc_at_start = Some(4.0);
        model.soc_min = Some(0.5);
        model.soc_max = Some(8.0);
        model.power_capacity = vec![Some(2.0); steps];
        model.charging_efficiency = vec![Some(0.9); steps];
        model.discharging_efficiency = vec![Some(0.9); steps];
        for d in 1..=steps / 96 {
            model.soc_targets[d * 96 - 1] = Some(4.0);
        }
        let begin = Instant::now();
        let clarabel = fm_planning::head::schedule_head_with(&model, Solver::Clarabel).unwrap();
        println!("fm-planning (1.0-era model): {steps} steps with Clarabel: {:.1} ms", begin.elapsed().as_secs_f64() * 1e3);
        assert_eq!(clarabel.power.len(), steps);
        let begin = Instant::now();
        let s = fm_planning::head::schedule_head(&model).unwrap();
        let elapsed = begin.elapsed();
        println!("fm-planning (1.0-era model): {steps} steps with the default (microlp): {:.1} ms (integers: {})", elapsed.as_secs_f64() * 1e3, s.used_integers);
        assert_eq!(s.power.len(), steps);
        assert!(s.power.iter().all(|p| p.abs() <= 2.0 + 1e-6));
        let soc = s.soc.unwrap();
        for d in 1..=steps / 96 {
            assert!((soc[d * 96] - 4.0).abs() <= 1e-5, "day {d}: {}", soc[d * 96]);
        }
    }
}
