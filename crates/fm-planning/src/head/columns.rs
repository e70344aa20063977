//! Device columns of spec §B.10.5: power bounds (hard or soft), efficiencies and the SoC
//! constraints of the hard path, with the pre-solve validation.

use crate::error::PlanningError;
use crate::head::model::{HeadModel, Series};

/// The per-slot device columns after validation.
#[derive(Debug, Clone)]
pub(crate) struct DeviceColumns {
    /// Upper grid-side power bound (MW; `None` = unbounded).
    pub p_max: Series,
    /// Lower grid-side power bound (MW, ≤ 0; `None` = unbounded).
    pub p_min: Series,
    /// Soft consumption capacity (baseline of the device breach commitments), if soft.
    pub soft_consumption: Option<Series>,
    /// Soft production capacity as a negative baseline, if soft.
    pub soft_production: Option<Series>,
    /// `η↑` per slot.
    pub eta_up: Vec<f64>,
    /// `η↓` per slot.
    pub eta_down: Vec<f64>,
    /// `ε` per slot.
    pub retention: Vec<f64>,
    /// Hard stock bounds in MWh per instant `t_{j+1}` (`None` = unbounded), when a stock exists.
    pub stock: Option<StockBounds>,
}

/// Hard SoC bounds per slot end (MWh).
#[derive(Debug, Clone)]
pub(crate) struct StockBounds {
    /// SoC at start (MWh).
    pub soc_at_start: f64,
    /// Lower bound per instant.
    pub min: Series,
    /// Upper bound per instant.
    pub max: Series,
}

pub(crate) fn check_len(what: &'static str, expected: usize, got: usize) -> Result<(), PlanningError> {
    if expected == got {
        Ok(())
    } else {
        Err(PlanningError::LengthMismatch { what, expected, got })
    }
}

fn finite_series(series: &Series, what: &'static str, n: usize) -> Result<(), PlanningError> {
    check_len(what, n, series.len())?;
    match series.iter().position(|v| v.is_some_and(|v| !v.is_finite())) {
        Some(step) => Err(PlanningError::NotFinite { what, step: Some(step) }),
        None => Ok(()),
    }
}

/// Checks every series of the model for length and finiteness.
pub(crate) fn check_series(model: &HeadModel) -> Result<(), PlanningError> {
    let n = model.steps;
    let mut all: Vec<(&'static str, &Series)> = vec![
        ("soc_minima", &model.soc_minima),
        ("soc_maxima", &model.soc_maxima),
        ("soc_targets", &model.soc_targets),
        ("power_capacity", &model.power_capacity),
        ("charging_efficiency", &model.charging_efficiency),
        ("discharging_efficiency", &model.discharging_efficiency),
        ("storage_efficiency", &model.storage_efficiency),
        ("site power_capacity", &model.site.power_capacity),
        ("site consumption_capacity", &model.site.consumption_capacity),
        ("site production_capacity", &model.site.production_capacity),
        ("site peak_consumption", &model.site.peak_consumption),
        ("site peak_production", &model.site.peak_production),
    ];
    let optional: [(&'static str, &Option<Series>); 10] = [
        ("consumption_capacity", &model.consumption_capacity),
        ("production_capacity", &model.production_capacity),
        ("site peak_consumption_price", &model.site.peak_consumption_price),
        ("site peak_production_price", &model.site.peak_production_price),
        ("site consumption breach price", &model.breach_prices.site_consumption),
        ("site production breach price", &model.breach_prices.site_production),
        ("consumption breach price", &model.breach_prices.consumption),
        ("production breach price", &model.breach_prices.production),
        ("soc-minima breach price", &model.breach_prices.soc_minima),
        ("soc-maxima breach price", &model.breach_prices.soc_maxima),
    ];
    all.extend(optional.iter().filter_map(|(what, s)| s.as_ref().map(|s| (*what, s))));
    for (what, series) in all {
        finite_series(series, what, n)?;
    }
    for (what, prices) in [
        ("consumption_price", &model.consumption_price),
        ("production_price", &model.production_price),
        ("inflexible_power", &model.inflexible_power),
    ] {
        check_len(what, n, prices.len())?;
        if let Some(step) = prices.iter().position(|v| !v.is_finite()) {
            return Err(PlanningError::NotFinite { what, step: Some(step) });
        }
    }
    Ok(())
}

/// `clip(value, 0, cap)` with `None` → `cap`.
fn directional(value: Option<f64>, cap: Option<f64>) -> Option<f64> {
    match (value.map(|v| v.max(0.0)), cap) {
        (Some(v), Some(c)) => Some(v.min(c)),
        (v, c) => v.or(c),
    }
}

/// Power bounds (spec §B.10.5 "Power bounds"); returns the bound and the soft baseline.
fn power_side(model: &HeadModel, capacity: &Option<Series>, breach: bool, excluded: bool) -> (Series, Option<Series>) {
    let n = model.steps;
    let pc: Series = model.power_capacity.iter().map(|c| c.map(|c| c.max(0.0))).collect();
    if excluded {
        return (vec![Some(0.0); n], None);
    }
    let Some(given) = capacity else { return (pc, None) };
    let side: Series = (0..n).map(|j| directional(given[j], pc[j])).collect();
    let positive = side.iter().flatten().any(|v| *v > 0.0);
    if breach && positive { (pc, Some(side)) } else { (side, None) }
}

/// The validation failure of spec §B.10.5.
fn infeasible(issues: &[String]) -> PlanningError {
    PlanningError::InfeasibleInput(format!(
        "The input data yields an infeasible problem. Constraint validation has found the following issues:\n{}",
        issues.join("\n")
    ))
}

/// Builds and validates the device columns.
pub(crate) fn device_columns(model: &HeadModel) -> Result<DeviceColumns, PlanningError> {
    let n = model.steps;
    let (p_max, soft_consumption) =
        power_side(model, &model.consumption_capacity, model.breach_prices.consumption.is_some(), model.no_consumption);
    let (p_min_pos, soft_production) =
        power_side(model, &model.production_capacity, model.breach_prices.production.is_some(), model.no_production);
    let p_min: Series = p_min_pos.iter().map(|v| v.map(|v| -v)).collect();
    let soft_production = soft_production.map(|s| s.iter().map(|v| v.map(|v| -v)).collect());
    let ratio = |s: &Series, default: f64| -> Vec<f64> { s.iter().map(|v| v.unwrap_or(default)).collect() };
    let eta_up = ratio(&model.charging_efficiency, 1.0);
    let eta_down = ratio(&model.discharging_efficiency, 1.0);
    if let Some(step) = eta_up.iter().chain(&eta_down).position(|e| *e <= 0.0) {
        return Err(PlanningError::NonPositiveEfficiency { step: step % n });
    }
    let retention: Vec<f64> = ratio(&model.storage_efficiency, 1.0).into_iter().map(|e| e.clamp(0.0, 1.0)).collect();
    let stock = model.soc_at_start.map(|soc| stock_bounds(model, soc)).transpose()?;
    Ok(DeviceColumns { p_max, p_min, soft_consumption, soft_production, eta_up, eta_down, retention, stock })
}

/// The hard SoC bounds (spec §B.10.5 "Hard path") and their validation.
fn stock_bounds(model: &HeadModel, soc_at_start: f64) -> Result<StockBounds, PlanningError> {
    if !soc_at_start.is_finite() {
        return Err(PlanningError::NotFinite { what: "soc_at_start", step: None });
    }
    let n = model.steps;
    let soft_minima = model.breach_prices.soc_minima.is_some();
    let soft_maxima = model.breach_prices.soc_maxima.is_some();
    let soft_targets = soft_minima && soft_maxima;
    let clip = |v: f64| {
        let v = model.soc_min.map_or(v, |lo| v.max(lo));
        model.soc_max.map_or(v, |hi| v.min(hi))
    };
    let mut min: Series = vec![model.soc_min; n];
    let mut max: Series = vec![model.soc_max; n];
    let mut issues = Vec::new();
    let at = |j: usize| model.slot_start(j + 1).map(|t| t.to_rfc3339()).unwrap_or_default();
    for j in 0..n {
        if let (false, Some(m)) = (soft_minima, model.soc_minima[j]) {
            min[j] = Some(clip(m));
        }
        if let (false, Some(m)) = (soft_maxima, model.soc_maxima[j]) {
            max[j] = Some(clip(m));
        }
        if let (Some(lo), Some(hi)) = (min[j], max[j])
            && lo > hi + 1e-9
        {
            issues.push(format!("t={} | min {lo} <= max {hi}", at(j)));
        }
        if let (false, Some(target)) = (soft_targets, model.soc_targets[j]) {
            if min[j].is_some_and(|lo| target < lo - 1e-9) || max[j].is_some_and(|hi| target > hi + 1e-9) {
                let (lo, hi) = (fmt(min[j]), fmt(max[j]));
                issues.push(format!("t={} | min {lo} <= equals {target} <= max {hi}", at(j)));
            }
            min[j] = Some(target);
            max[j] = Some(target);
        }
    }
    if !issues.is_empty() {
        return Err(infeasible(&issues));
    }
    Ok(StockBounds { soc_at_start, min, max })
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "nan".to_owned(), |v| v.to_string())
}
