//! The worked examples T1, T2, T3 and T5 of spec §B.17 with the HEAD model.

use chrono::TimeDelta;
use fm_planning::head::constant;
use fm_planning::{BreachPrices, HeadModel, PlanningError, Solver, schedule_head, schedule_head_with};

use crate::common::{PRICES, assert_close, assert_near, start};

const TOL: f64 = 1e-6;

/// The battery of §B.17 at HEAD with all relaxation defaults off (hard constraints).
pub fn head_battery() -> HeadModel {
    HeadModel {
        soc_at_start: Some(0.0),
        soc_min: Some(0.0),
        soc_max: Some(1.0),
        power_capacity: constant(0.5, 4),
        ..HeadModel::new(start(), TimeDelta::hours(1), PRICES.to_vec())
    }
}

/// The default breach prices of §B.6 in EUR: SoC 10⁶/MWh, site 10⁷/MW.
pub fn default_relaxation(model: HeadModel) -> HeadModel {
    let n = model.steps;
    HeadModel {
        breach_prices: BreachPrices {
            soc_minima: Some(constant(1e6, n)),
            soc_maxima: Some(constant(1e6, n)),
            site_consumption: Some(constant(1e7, n)),
            site_production: Some(constant(1e7, n)),
            ..BreachPrices::default()
        },
        ..model
    }
}

#[test]
fn t1_lossless() {
    for model in [head_battery(), default_relaxation(head_battery())] {
        let s = schedule_head(&model).unwrap();
        assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
        assert_close(s.soc.as_ref().unwrap(), &[0.0, 0.5, 0.0, 0.5, 0.0], TOL);
        assert_near(s.commitment_costs["electricity net energy"], -30.0, TOL);
        assert_near(s.commitment_costs["prefer a full storage 0 sooner"], 0.001333, TOL);
        assert!(!s.used_integers);
    }
    let relaxed = schedule_head(&default_relaxation(head_battery())).unwrap();
    assert_near(relaxed.commitment_costs["electricity any consumption breach"], 0.0, TOL);
}

#[test]
fn t2_roundtrip_efficiency_on_the_grid_side() {
    let model = HeadModel {
        charging_efficiency: constant(0.9, 4),
        discharging_efficiency: constant(0.9, 4),
        ..head_battery()
    };
    for solver in [Solver::Clarabel, Solver::Microlp] {
        let s = schedule_head_with(&model, solver).unwrap();
        assert_close(&s.power, &[0.5, -0.31, 0.5, -0.5], TOL);
        assert_close(s.soc.as_ref().unwrap(), &[0.0, 0.45, 0.105556, 0.555556, 0.0], TOL);
        assert_near(s.commitment_costs["electricity net energy"], -22.4, TOL);
    }
}

#[test]
fn t3_soc_target_hard_and_soft() {
    let mut targets = vec![None; 4];
    targets[3] = Some(1.0);
    let hard = HeadModel { soc_targets: targets.clone(), ..head_battery() };
    let soft = default_relaxation(hard.clone());
    for model in [&hard, &soft] {
        let s = schedule_head(model).unwrap();
        assert_close(&s.power, &[0.5, 0.0, 0.5, 0.0], TOL);
        assert_close(s.soc.as_ref().unwrap(), &[0.0, 0.5, 0.5, 1.0, 1.0], TOL);
        assert_near(s.commitment_costs["electricity net energy"], 15.0, TOL);
        assert_near(s.commitment_costs["prefer a full storage 0 sooner"], 0.000833, TOL);
    }
    assert_near(schedule_head(&soft).unwrap().commitment_costs["any soc targets"], 0.0, TOL);

    // An unreachable 3 MWh target: rejected before solving when hard, the same schedule when soft.
    targets[3] = Some(3.0);
    let hard = HeadModel { soc_targets: targets, ..head_battery() };
    match schedule_head(&hard) {
        Err(PlanningError::InfeasibleInput(message)) => {
            assert!(message.starts_with("The input data yields an infeasible problem."), "{message}");
            assert!(message.contains("t=2025-01-01T04:00:00+00:00"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let s = schedule_head(&default_relaxation(hard)).unwrap();
    assert_close(&s.power, &[0.5, 0.0, 0.5, 0.0], TOL);
}

#[test]
fn t5_site_consumption_capacity_hard_and_soft() {
    let hard = HeadModel {
        site: fm_planning::SiteLimits { consumption_capacity: constant(0.3, 4), ..head_battery().site },
        ..head_battery()
    };
    for model in [hard.clone(), default_relaxation(hard)] {
        let s = schedule_head(&model).unwrap();
        assert_close(&s.power, &[0.3, -0.1, 0.3, -0.5], TOL);
        assert_close(s.soc.as_ref().unwrap(), &[0.0, 0.3, 0.2, 0.5, 0.0], TOL);
        assert_near(s.commitment_costs["electricity net energy"], -20.0, TOL);
    }
}

#[test]
fn an_infeasible_hard_problem_is_an_error() {
    // SoC must reach 1 MWh within one hour at 0.5 MW: no fallback at HEAD.
    let mut targets = vec![None; 4];
    targets[0] = Some(1.0);
    let model = HeadModel { soc_targets: targets, ..head_battery() };
    assert_eq!(schedule_head(&model), Err(PlanningError::Infeasible("infeasible".to_owned())));
}
