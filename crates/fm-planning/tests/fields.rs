//! One test per field of `StorageModel`, each showing the field's effect on the schedule.

use chrono::{TimeDelta, TimeZone, Utc};
use fm_planning::{
    FallbackPolicy, PlanningError, SocLimit, SocTarget, StorageModel, TargetTime, schedule,
};

use crate::common::{assert_close, assert_near, battery, start};

const TOL: f64 = 1e-6;

/// An hourly battery with the given prices, SoC in [0, 10] MWh, 1 MW.
fn roomy(prices: Vec<f64>) -> StorageModel {
    StorageModel {
        soc_min: SocLimit::Constant(0.0),
        soc_max: SocLimit::Constant(10.0),
        ..StorageModel::new(start(), TimeDelta::hours(1), 1.0, prices)
    }
}

#[test]
fn start_positions_the_slots_and_the_targets() {
    let later = start() + TimeDelta::days(3);
    let model = StorageModel {
        start: later,
        soc_targets: vec![SocTarget::at_datetime(later + TimeDelta::hours(1), 0.5)],
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert_eq!(s.start, later);
    assert_eq!(s.slot_start(2), Some(later + TimeDelta::hours(2)));
    assert_eq!(model.end(), Some(later + TimeDelta::hours(4)));
    // The target is one hour after the (new) start, so slot 0 must charge 0.5 MWh.
    assert_near(s.soc[1], 0.5, TOL);
    // With the original start, the same target datetime lies 3 days after the window's end.
    let shifted = StorageModel {
        start: start(),
        ..model
    };
    assert!(matches!(
        schedule(&shifted),
        Err(PlanningError::TargetOutsideWindow {
            instant: 73,
            steps: 4
        })
    ));
}

#[test]
fn resolution_scales_energy_per_slot() {
    // The T1 battery on 15-minute slots: 0.5 MW for one slot is 0.125 MWh.
    let model = StorageModel {
        resolution: TimeDelta::minutes(15),
        soc_max: SocLimit::Constant(0.125),
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
    assert_close(&s.soc, &[0.0, 0.125, 0.0, 0.125, 0.0], TOL);
    assert_near(s.energy_cost, -30.0 / 4.0, TOL);

    let zero = StorageModel {
        resolution: TimeDelta::zero(),
        ..battery()
    };
    assert_eq!(schedule(&zero), Err(PlanningError::NonPositiveResolution));
}

#[test]
fn steps_must_match_the_series() {
    let model = StorageModel {
        steps: 5,
        ..battery()
    };
    assert_eq!(
        schedule(&model),
        Err(PlanningError::LengthMismatch {
            what: "consumption_prices",
            expected: 5,
            got: 4
        })
    );
    let empty = StorageModel::new(start(), TimeDelta::hours(1), 1.0, vec![]);
    assert_eq!(schedule(&empty), Err(PlanningError::NoSteps));
    // The output has one power per step and one SoC per instant.
    let s = schedule(&battery()).unwrap();
    assert_eq!((s.power.len(), s.soc.len()), (4, 5));
}

#[test]
fn soc_at_start_shifts_the_trajectory() {
    // Starting full, the battery cannot buy in the cheap first hour; it sells in both
    // expensive hours and ends empty.
    let model = StorageModel {
        soc_at_start: 1.0,
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert_close(&s.power, &[0.0, -0.5, 0.0, -0.5], TOL);
    assert_close(&s.soc, &[1.0, 1.0, 0.5, 0.5, 0.0], TOL);
}

#[test]
fn soc_max_bounds_the_trajectory() {
    let model = StorageModel {
        soc_max: SocLimit::Constant(0.3),
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert!(s.soc.iter().all(|&soc| soc <= 0.3 + TOL), "{:?}", s.soc);
    assert_close(&s.power, &[0.3, -0.3, 0.3, -0.3], TOL);

    // Per step: SoC at t_1 at most 0.1 MWh, the rest unbounded above (up to 1 MWh elsewhere).
    let per_step = StorageModel {
        soc_max: SocLimit::PerStep(vec![Some(0.1), None, None, Some(1.0)]),
        ..battery()
    };
    let s = schedule(&per_step).unwrap();
    assert_near(s.soc[1], 0.1, TOL);
    assert_close(&s.power, &[0.1, -0.1, 0.5, -0.5], TOL);
}

#[test]
fn soc_min_bounds_the_trajectory() {
    // Starting with 1 MWh, the battery would empty itself; a minimum of 0.6 MWh keeps 0.6.
    let model = StorageModel {
        soc_at_start: 1.0,
        soc_min: SocLimit::Constant(0.6),
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert!(s.soc.iter().all(|&soc| soc >= 0.6 - TOL), "{:?}", s.soc);
    assert_near(s.soc[4], 0.6, TOL);
    // Per step: only the final SoC is bounded below.
    let per_step = StorageModel {
        soc_at_start: 1.0,
        soc_min: SocLimit::PerStep(vec![None, None, None, Some(0.8)]),
        ..battery()
    };
    let s = schedule(&per_step).unwrap();
    assert_close(&s.soc, &[1.0, 1.0, 0.5, 1.0, 0.8], TOL);
    // A NaN bound is rejected rather than treated as missing.
    let nan = StorageModel {
        soc_min: SocLimit::PerStep(vec![None, Some(f64::NAN), None, None]),
        ..battery()
    };
    assert!(matches!(
        schedule(&nan),
        Err(PlanningError::NotFinite { step: Some(1), .. })
    ));
}

#[test]
fn soc_target_forces_charging_before_its_time() {
    // 1 MWh by t_2: both the cheap and the expensive first hours must charge (without the
    // target the second hour sells, see T1); the energy is sold afterwards.
    let model = StorageModel {
        soc_targets: vec![SocTarget::at_instant(2, 1.0)],
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert_close(&s.power, &[0.5, 0.5, -0.5, -0.5], TOL);
    assert_near(s.soc[2], 1.0, TOL);
    // The same target given as a datetime.
    let by_datetime = StorageModel {
        soc_targets: vec![SocTarget::at_datetime(start() + TimeDelta::hours(2), 1.0)],
        ..battery()
    };
    assert_eq!(schedule(&by_datetime).unwrap().power, s.power);
    // Off-grid and out-of-window targets are rejected.
    let off_grid = StorageModel {
        soc_targets: vec![SocTarget::at_datetime(
            start() + TimeDelta::minutes(90),
            1.0,
        )],
        ..battery()
    };
    assert!(matches!(
        schedule(&off_grid),
        Err(PlanningError::TargetOffGrid { .. })
    ));
    for n in [0, 5] {
        let outside = StorageModel {
            soc_targets: vec![SocTarget {
                at: TargetTime::Instant(n),
                value: 0.5,
            }],
            ..battery()
        };
        assert!(matches!(
            schedule(&outside),
            Err(PlanningError::TargetOutsideWindow { .. })
        ));
    }
}

#[test]
fn power_capacity_spreads_charging() {
    // Rising prices, nothing to earn by selling, 1 MWh needed by the end: 1 MW charges it all
    // in the first hour, 0.25 MW has to use all four hours.
    let fast = StorageModel {
        soc_targets: vec![SocTarget::at_instant(4, 1.0)],
        consumption_prices: vec![10.0, 20.0, 30.0, 40.0],
        production_prices: vec![0.0; 4],
        ..roomy(vec![0.0; 4])
    };
    assert_close(&schedule(&fast).unwrap().power, &[1.0, 0.0, 0.0, 0.0], TOL);
    let slow = StorageModel {
        power_capacity: 0.25,
        ..fast
    };
    assert_close(&schedule(&slow).unwrap().power, &[0.25; 4], TOL);
    let negative = StorageModel {
        power_capacity: -1.0,
        ..battery()
    };
    assert!(matches!(
        schedule(&negative),
        Err(PlanningError::NegativeCapacity {
            what: "power_capacity"
        })
    ));
}

#[test]
fn consumption_capacity_limits_charging_only() {
    let model = StorageModel {
        consumption_capacity: Some(0.2),
        ..battery()
    };
    let s = schedule(&model).unwrap();
    // Charging is capped at 0.2 MW, discharging is not: the battery buys in three hours
    // (even at 40, to sell at 50) and sells everything at full 0.5 MW in the last.
    assert_close(&s.power, &[0.2, 0.1, 0.2, -0.5], TOL);
    assert!(s.power.iter().all(|&p| p <= 0.2 + TOL));
    assert_near(s.energy_cost, -15.0, TOL);
}

#[test]
fn production_capacity_limits_discharging_only() {
    // A one-way charger (stored values never positive): no discharging at all, so no arbitrage.
    let one_way = StorageModel {
        production_capacity: Some(0.0),
        ..battery()
    };
    assert_eq!(schedule(&one_way).unwrap().power, vec![0.0; 4]);
    // 0.25 MW of discharging, charging still 0.5 MW: buy 0.5 MWh in the cheapest hour and
    // sell it in the two expensive ones.
    let slow_out = StorageModel {
        production_capacity: Some(0.25),
        ..battery()
    };
    let s = schedule(&slow_out).unwrap();
    assert!(s.power.iter().all(|&p| p >= -0.25 - TOL), "{:?}", s.power);
    assert_close(&s.power, &[0.5, -0.25, 0.0, -0.25], TOL);
}

#[test]
fn lower_roundtrip_efficiency_removes_thin_arbitrage() {
    // A 20 % spread pays off losslessly but not at 81 % round-trip (buy at 10/0.9 = 11.1,
    // sell at 12·0.9 = 10.8).
    let prices = vec![10.0, 12.0, 10.0, 12.0];
    let lossless = roomy(prices.clone());
    assert_close(
        &schedule(&lossless).unwrap().power,
        &[1.0, -1.0, 1.0, -1.0],
        TOL,
    );
    let lossy = StorageModel {
        roundtrip_efficiency: 0.81,
        ..roomy(prices)
    };
    assert_close(&schedule(&lossy).unwrap().power, &[0.0; 4], TOL);
    for bad in [0.0, 1.01, f64::NAN] {
        let invalid = StorageModel {
            roundtrip_efficiency: bad,
            ..battery()
        };
        assert_eq!(schedule(&invalid), Err(PlanningError::RoundtripEfficiency));
    }
}

#[test]
fn consumption_prices_decide_when_to_buy() {
    // With a target of 1 MWh, the battery buys in the two cheapest hours.
    let model = StorageModel {
        power_capacity: 0.5,
        soc_targets: vec![SocTarget::at_instant(4, 1.0)],
        consumption_prices: vec![30.0, 10.0, 40.0, 20.0],
        production_prices: vec![0.0; 4],
        ..roomy(vec![0.0; 4])
    };
    let s = schedule(&model).unwrap();
    assert_close(&s.power, &[0.0, 0.5, 0.0, 0.5], TOL);
    assert_near(s.energy_cost, 15.0, TOL);
}

#[test]
fn production_prices_decide_whether_to_sell() {
    // With a feed-in price of zero there is nothing to gain from the T1 price spread.
    let model = StorageModel {
        production_prices: vec![0.0; 4],
        ..battery()
    };
    assert_eq!(schedule(&model).unwrap().power, vec![0.0; 4]);
    // A production price above the consumption price would make the LP unbounded.
    let inverted = StorageModel {
        production_prices: vec![10.0, 40.0, 25.0, 50.0],
        ..battery()
    };
    assert_eq!(
        schedule(&inverted),
        Err(PlanningError::PriceInversion { step: 2 })
    );
    let gap = StorageModel {
        consumption_prices: vec![10.0, f64::NAN, 20.0, 50.0],
        ..battery()
    };
    assert!(matches!(
        schedule(&gap),
        Err(PlanningError::NotFinite { step: Some(1), .. })
    ));
}

#[test]
fn site_consumption_capacity_bounds_grid_side_charging() {
    // With losses the grid-side power of charging is u/η: 0.3 MW at the grid is 0.27 MW stored.
    let model = StorageModel {
        roundtrip_efficiency: 0.81,
        site_consumption_capacity: Some(0.3),
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert!(
        s.grid_power.iter().all(|&e| e <= 0.3 + TOL),
        "{:?}",
        s.grid_power
    );
    assert_near(s.grid_power[0], 0.3, TOL);
    assert_near(s.power[0], 0.27, TOL);
}

#[test]
fn site_production_capacity_bounds_grid_side_discharging() {
    let model = StorageModel {
        site_production_capacity: Some(0.2),
        ..battery()
    };
    let s = schedule(&model).unwrap();
    assert!(
        s.grid_power.iter().all(|&e| e >= -0.2 - TOL),
        "{:?}",
        s.grid_power
    );
    // Buy 0.5 MWh once and sell it in 0.2 + 0.1 + 0.2 MW steps (the 20 EUR hour too).
    assert_close(&s.power, &[0.5, -0.2, -0.1, -0.2], TOL);
    assert_near(s.energy_cost, -15.0, TOL);
}

#[test]
fn prefer_charging_sooner_breaks_ties() {
    // Flat prices, 0.5 MWh needed at the end: with the slope it charges in the first hour.
    let flat = StorageModel {
        soc_min: SocLimit::Constant(0.0),
        soc_max: SocLimit::Constant(0.5),
        soc_targets: vec![SocTarget::at_instant(4, 0.5)],
        ..StorageModel::new(start(), TimeDelta::hours(1), 0.5, vec![20.0; 4])
    };
    let s = schedule(&flat).unwrap();
    assert_close(&s.power, &[0.5, 0.0, 0.0, 0.0], TOL);
    // The LP objective includes the surcharge m·j/(M−1) = 0 in slot 0.
    assert_near(s.objective.unwrap(), 10.0, TOL);
    // And it discharges as late as possible.
    let full = StorageModel {
        soc_at_start: 0.5,
        soc_targets: vec![SocTarget::at_instant(4, 0.0)],
        ..flat.clone()
    };
    assert_close(&schedule(&full).unwrap().power, &[0.0, 0.0, 0.0, -0.5], TOL);
    // Without the slope the total is the same, but the objective carries no surcharge.
    let plain = StorageModel {
        prefer_charging_sooner: false,
        ..full
    };
    let s = schedule(&plain).unwrap();
    assert_near(s.power.iter().sum::<f64>(), -0.5, TOL);
    assert_near(s.objective.unwrap(), -10.0, TOL);
    assert_near(
        schedule(&StorageModel {
            prefer_charging_sooner: true,
            ..plain
        })
        .unwrap()
        .objective
        .unwrap(),
        -0.5 * (20.0 + 1e-3),
        TOL,
    );
    // With room to spare, the slope itself pays for a cycle at flat prices (v0.9.0 behaviour):
    // buy in hour 1 at 20 + 0.000333 and sell in hour 3 at 20 + 0.001.
    let roomy_flat = StorageModel {
        soc_max: SocLimit::Unbounded,
        ..flat
    };
    assert_close(
        &schedule(&roomy_flat).unwrap().power,
        &[0.5, 0.5, 0.0, -0.5],
        TOL,
    );
}

#[test]
fn fallback_policy_uses_the_consumer_and_producer_attributes() {
    // SoC at start above soc-max with too little power to get below it in the first hour:
    // infeasible. A producer discharges at capacity until the (first) max is reached.
    let above = StorageModel {
        soc_at_start: 2.0,
        soc_max: SocLimit::Constant(1.0),
        fallback: FallbackPolicy {
            is_consumer: false,
            is_producer: true,
        },
        ..battery()
    };
    let s = schedule(&above).unwrap();
    assert!(s.used_fallback);
    assert_close(&s.power, &[-0.5, -0.5, 0.0, 0.0], TOL);
    assert_close(&s.soc, &[2.0, 1.5, 1.0, 1.0, 1.0], TOL);
    // Neither attribute: the fallback idles.
    let idle = StorageModel {
        fallback: FallbackPolicy::default(),
        ..above
    };
    let s = schedule(&idle).unwrap();
    assert!(s.used_fallback);
    assert_eq!(s.power, vec![0.0; 4]);
    // Below soc-min, a consumer charges towards the min.
    let below = StorageModel {
        soc_at_start: 0.0,
        soc_min: SocLimit::Constant(0.8),
        fallback: FallbackPolicy {
            is_consumer: true,
            is_producer: false,
        },
        ..battery()
    };
    let s = schedule(&below).unwrap();
    assert!(s.used_fallback);
    // Cumulative 0.5 ≤ 0.8, then 1.0 > 0.8: only the first hour charges (no partial slot).
    assert_close(&s.power, &[0.5, 0.0, 0.0, 0.0], TOL);
}

#[test]
fn negative_prices_may_burn_energy_quirk_a5a() {
    // Quirk A.5.a: no binaries, so with negative prices and losses the LP charges and
    // discharges at once. The stock-side schedule stays 0 (SoC pinned), the grid side consumes.
    let model = StorageModel {
        roundtrip_efficiency: 0.81,
        soc_max: SocLimit::Constant(0.0),
        ..StorageModel::new(
            Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap(),
            TimeDelta::hours(1),
            0.5,
            vec![-10.0, -10.0],
        )
    };
    let s = schedule(&model).unwrap();
    assert_close(&s.power, &[0.0, 0.0], TOL);
    let burnt = 0.5 / 0.9 - 0.5 * 0.9;
    assert_close(&s.grid_power, &[burnt, burnt], TOL);
    assert!(s.energy_cost < 0.0);
}
