//! One test per field of `HeadModel`, each showing the field's effect on the schedule.

use fm_planning::head::constant;
use fm_planning::{BreachPrices, HeadModel, SiteLimits, schedule_head};

use crate::common::{assert_close, assert_near};
use crate::head_vectors::head_battery;

const TOL: f64 = 1e-6;

#[track_caller]
fn solved(model: &HeadModel) -> fm_planning::HeadSchedule {
    match schedule_head(model) {
        Ok(schedule) => schedule,
        Err(e) => panic!("{e}"),
    }
}

#[track_caller]
fn power(model: &HeadModel) -> Vec<f64> {
    solved(model).power
}

#[track_caller]
fn soc(model: &HeadModel) -> Vec<f64> {
    solved(model).soc.unwrap_or_default()
}

fn at(j: usize, value: f64) -> Vec<Option<f64>> {
    let mut series = vec![None; 4];
    series[j] = Some(value);
    series
}

fn site(limits: SiteLimits) -> HeadModel {
    HeadModel { site: limits, ..head_battery() }
}

fn limits() -> SiteLimits {
    head_battery().site
}

fn breach(prices: BreachPrices) -> HeadModel {
    HeadModel { breach_prices: prices, ..head_battery() }
}

#[test]
fn charging_efficiency_costs_grid_energy_per_stored_energy() {
    // Reaching 0.5 MWh at t_1 with η↑ = 50 % needs 1 MW… but the capacity is 0.5 MW on the grid
    // side, so a 0.25 MWh target is reached with the full 0.5 MW.
    let model = HeadModel { charging_efficiency: constant(0.5, 4), soc_targets: at(0, 0.25), ..head_battery() };
    assert_near(power(&model)[0], 0.5, TOL);
    assert_near(soc(&model)[1], 0.25, TOL);
}

#[test]
fn discharging_efficiency_delivers_less_than_the_stock_loses() {
    // From a full 1 MWh stock, with η↓ = 50 % selling in slot 3 delivers at most 0.5 MW and
    // empties 1 MWh; without losses the same sale would empty only 0.5 MWh.
    let model = HeadModel {
        soc_at_start: Some(1.0),
        discharging_efficiency: constant(0.5, 4),
        consumption_price: vec![100.0; 4],
        production_price: vec![0.0, 0.0, 0.0, 90.0],
        ..head_battery()
    };
    let s = schedule_head(&model).unwrap();
    assert_close(&s.power, &[0.0, 0.0, 0.0, -0.5], TOL);
    assert_close(s.soc.as_ref().unwrap(), &[1.0, 1.0, 1.0, 1.0, 0.0], TOL);
}

#[test]
fn storage_efficiency_lets_the_stock_decay() {
    let idle = HeadModel { soc_at_start: Some(1.0), power_capacity: constant(0.0, 4), ..head_battery() };
    assert_close(&soc(&idle), &[1.0, 1.0, 1.0, 1.0, 1.0], TOL);
    let leaky = HeadModel { storage_efficiency: constant(0.5, 4), ..idle };
    assert_close(&soc(&leaky), &[1.0, 0.5, 0.25, 0.125, 0.0625], TOL);
}

#[test]
fn soc_minima_hard_and_soft() {
    // A minimum of 1 MWh at t_2 forces charging in slots 0 and 1 (buying at 40 instead of selling).
    let hard = HeadModel { soc_minima: at(1, 1.0), ..head_battery() };
    assert_close(&power(&hard), &[0.5, 0.5, -0.5, -0.5], TOL);
    // Soft with the default price: the same; soft at 1 EUR/MWh: cheaper to breach.
    let priced = |price: f64| HeadModel {
        breach_prices: BreachPrices { soc_minima: Some(constant(price, 4)), ..BreachPrices::default() },
        ..hard.clone()
    };
    assert_close(&power(&priced(1e6)), &[0.5, 0.5, -0.5, -0.5], TOL);
    assert_close(&power(&priced(1.0)), &[0.5, -0.5, 0.5, -0.5], TOL);
}

#[test]
fn soc_maxima_hard_and_soft() {
    // A maximum of 0.2 MWh at t_1 limits the first purchase.
    let hard = HeadModel { soc_maxima: at(0, 0.2), ..head_battery() };
    assert_close(&power(&hard), &[0.2, -0.2, 0.5, -0.5], TOL);
    let priced = |price: f64| HeadModel {
        breach_prices: BreachPrices { soc_maxima: Some(constant(price, 4)), ..BreachPrices::default() },
        ..hard.clone()
    };
    assert_close(&power(&priced(1e6)), &[0.2, -0.2, 0.5, -0.5], TOL);
    assert_close(&power(&priced(1.0)), &[0.5, -0.5, 0.5, -0.5], TOL);
}

#[test]
fn soc_targets_are_soft_only_with_both_breach_prices() {
    let target = HeadModel { soc_targets: at(1, 0.5), ..head_battery() };
    assert_close(&soc(&target)[..3], &[0.0, 0.5, 0.5], TOL);
    let cheap = BreachPrices { soc_minima: Some(constant(0.01, 4)), soc_maxima: Some(constant(0.01, 4)), ..BreachPrices::default() };
    let soft = HeadModel { breach_prices: cheap.clone(), ..target.clone() };
    assert_close(&power(&soft), &[0.5, -0.5, 0.5, -0.5], TOL);
    let s = schedule_head(&soft).unwrap();
    // Breached by 0.5 MWh (0.5 su at h = 1): "any" costs 0.01·0.5, "all" 0.01·1·0.5.
    assert_near(s.commitment_costs["any soc targets"], 0.005, TOL);
    assert_near(s.commitment_costs["all soc targets"], 0.005, TOL);
    // One breach price alone keeps the target hard.
    let one = HeadModel { breach_prices: BreachPrices { soc_maxima: None, ..cheap }, ..target };
    assert_close(&soc(&one)[..3], &[0.0, 0.5, 0.5], TOL);
}

#[test]
fn soc_min_and_max_bound_every_instant() {
    let model = HeadModel { soc_at_start: Some(0.5), soc_min: Some(0.4), soc_max: Some(0.6), ..head_battery() };
    assert_close(&power(&model), &[0.1, -0.2, 0.2, -0.2], TOL);
}

#[test]
fn prefer_charging_sooner_breaks_ties() {
    // Flat prices and a full target at the end: charging early or late costs the same.
    let model = HeadModel {
        consumption_price: vec![10.0; 4],
        production_price: vec![10.0; 4],
        soc_targets: at(3, 1.0),
        ..head_battery()
    };
    let s = schedule_head(&model).unwrap();
    assert_close(&s.power, &[0.5, 0.5, 0.0, 0.0], TOL);
    let off = HeadModel { prefer_charging_sooner: false, ..model };
    let s = schedule_head(&off).unwrap();
    assert!(!s.commitment_costs.contains_key("prefer a full storage 0 sooner"));
    assert_near(s.power.iter().sum::<f64>(), 1.0, TOL);
}

#[test]
fn prefer_curtailing_later_shapes_the_penalty() {
    let decreasing = schedule_head(&head_battery()).unwrap();
    let flat = schedule_head(&HeadModel { prefer_curtailing_later: false, ..head_battery() }).unwrap();
    // λ = 0.001 per slot with shortfalls [0.5, 1, 0.5, 1] → 0.003; decreasing λ → 0.001333.
    assert_near(flat.commitment_costs["prefer a full storage 0 sooner"], 0.003, TOL);
    assert_near(decreasing.commitment_costs["prefer a full storage 0 sooner"], 0.001333, TOL);
}

#[test]
fn production_price_pays_for_production() {
    let worthless = HeadModel { production_price: vec![0.0; 4], ..head_battery() };
    assert_close(&power(&worthless), &[0.0; 4], TOL);
    // Selling above the buying price needs direction binaries (no buying and selling at once).
    let generous = HeadModel { production_price: vec![5.0, 45.0, 15.0, 55.0], ..head_battery() };
    let s = schedule_head(&generous).unwrap();
    assert!(s.used_integers);
    assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
    assert_near(s.commitment_costs["electricity net energy"], -35.0, TOL);
}

#[test]
fn inflexible_power_shares_the_site_capacity() {
    let model = HeadModel {
        inflexible_power: vec![0.2; 4],
        site: SiteLimits { consumption_capacity: constant(0.3, 4), ..limits() },
        ..head_battery()
    };
    // Only 0.1 MW of room to charge; the sale in slot 3 nets against the inflexible load.
    assert_close(&power(&model), &[0.1, 0.1, 0.1, -0.3], TOL);
    let s = schedule_head(&model).unwrap();
    assert_near(s.commitment_costs["electricity net energy"], 0.3 * 10.0 + 0.3 * 40.0 + 0.3 * 20.0 - 0.1 * 50.0, TOL);
}

#[test]
fn site_power_capacity_limits_both_directions() {
    assert_close(&power(&site(SiteLimits { power_capacity: constant(0.3, 4), ..limits() })), &[0.3, -0.3, 0.3, -0.3], TOL);
}

#[test]
fn site_production_capacity_limits_selling() {
    let model = site(SiteLimits { production_capacity: constant(0.2, 4), ..limits() });
    assert_close(&power(&model), &[0.5, -0.2, -0.1, -0.2], TOL);
}

#[test]
fn site_breach_prices_make_site_capacities_soft() {
    let capped = SiteLimits { consumption_capacity: constant(0.3, 4), ..limits() };
    let priced = |price: f64| HeadModel {
        site: capped.clone(),
        breach_prices: BreachPrices { site_consumption: Some(constant(price, 4)), ..BreachPrices::default() },
        ..head_battery()
    };
    assert_close(&power(&priced(1e7)), &[0.3, -0.1, 0.3, -0.5], TOL);
    let s = schedule_head(&priced(0.01)).unwrap();
    assert_close(&s.power, &[0.5, -0.5, 0.5, -0.5], TOL);
    // 0.2 MW above the capacity: "any" 0.01·0.2, "all" 0.01·(0.2 + 0.2).
    assert_near(s.commitment_costs["electricity any consumption breach"], 0.002, TOL);
    assert_near(s.commitment_costs["electricity all consumption breaches"], 0.004, TOL);
    // site-power-capacity stays hard even with a breach price.
    let hard = HeadModel { site: SiteLimits { power_capacity: constant(0.4, 4), ..capped.clone() }, ..priced(0.01) };
    assert_close(&power(&hard), &[0.4, -0.4, 0.4, -0.4], TOL);
}

#[test]
fn site_production_breach_price_makes_the_production_capacity_soft() {
    let model = HeadModel {
        site: SiteLimits { production_capacity: constant(0.2, 4), ..limits() },
        breach_prices: BreachPrices { site_production: Some(constant(0.01, 4)), ..BreachPrices::default() },
        ..head_battery()
    };
    assert_close(&power(&model), &[0.5, -0.5, 0.5, -0.5], TOL);
}

#[test]
fn site_peak_prices_shave_peaks() {
    let model = site(SiteLimits { peak_consumption: constant(0.2, 4), peak_consumption_price: Some(constant(1000.0, 4)), ..limits() });
    assert_close(&power(&model), &[0.2, 0.1, 0.2, -0.5], TOL);
    let model = site(SiteLimits { peak_production: constant(0.1, 4), peak_production_price: Some(constant(1000.0, 4)), ..limits() });
    assert!(power(&model).iter().all(|p| *p >= -0.1 - TOL), "{:?}", power(&model));
}

#[test]
fn power_capacity_is_a_series() {
    let model = HeadModel { power_capacity: vec![Some(0.5), Some(0.5), Some(0.25), Some(0.5)], ..head_battery() };
    assert_close(&power(&model), &[0.5, -0.25, 0.25, -0.5], TOL);
}

#[test]
fn consumption_capacity_is_a_series_within_the_power_capacity() {
    let model = HeadModel { consumption_capacity: Some(vec![Some(0.2), None, Some(3.0), None]), ..head_battery() };
    assert_close(&power(&model), &[0.2, -0.2, 0.5, -0.5], TOL);
}

#[test]
fn production_capacity_is_a_series() {
    let model = HeadModel { production_capacity: Some(vec![None, Some(0.1), None, None]), ..head_battery() };
    assert_close(&power(&model), &[0.5, -0.1, 0.1, -0.5], TOL);
}

#[test]
fn device_breach_prices_make_device_capacities_soft() {
    let capped = HeadModel { consumption_capacity: Some(constant(0.2, 4)), ..head_battery() };
    let cheap = HeadModel { breach_prices: BreachPrices { consumption: Some(constant(0.01, 4)), ..BreachPrices::default() }, ..capped.clone() };
    assert_close(&power(&capped), &[0.2, 0.1, 0.2, -0.5], TOL);
    assert_close(&power(&cheap), &[0.5, -0.5, 0.5, -0.5], TOL);
    let capped = HeadModel { production_capacity: Some(constant(0.2, 4)), ..head_battery() };
    let cheap = breach(BreachPrices { production: Some(constant(0.01, 4)), ..BreachPrices::default() });
    let cheap = HeadModel { production_capacity: capped.production_capacity.clone(), ..cheap };
    assert_close(&power(&capped), &[0.5, -0.2, -0.1, -0.2], TOL);
    assert_close(&power(&cheap), &[0.5, -0.5, 0.5, -0.5], TOL);
}

#[test]
fn one_way_devices() {
    let charger = HeadModel { no_production: true, soc_targets: at(3, 1.0), ..head_battery() };
    assert_close(&power(&charger), &[0.5, 0.0, 0.5, 0.0], TOL);
    let source = HeadModel { no_consumption: true, soc_at_start: Some(1.0), ..head_battery() };
    assert_close(&power(&source), &[0.0, -0.5, 0.0, -0.5], TOL);
}

#[test]
fn no_stock_without_soc_at_start() {
    // A pure power device: SoC fields are ignored and nothing limits energy, only power, so
    // it sells at full power (with a stock it could only sell what it bought).
    let model = HeadModel { soc_at_start: None, soc_targets: at(0, 0.5), ..head_battery() };
    let s = schedule_head(&model).unwrap();
    assert_eq!(s.soc, None);
    assert_close(&s.power, &[-0.5; 4], TOL);
}
