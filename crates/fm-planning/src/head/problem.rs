//! The single-device HEAD optimisation problem (spec §B.10–§B.11) as good_lp terms.

use good_lp::{Expression, Variable, constraint, variable};

use crate::head::columns::DeviceColumns;
use crate::head::commitments::{Direction, Problem};
use crate::head::model::{HeadModel, Series};

/// The variables the outcome is read from.
pub(crate) struct Handles {
    /// Grid-side charging power `P⁺_j ≥ 0`.
    pub up: Vec<Variable>,
    /// Grid-side discharging power `P⁻_j ≤ 0`.
    pub down: Vec<Variable>,
}

/// Commitment names of the site (commodity "electricity").
pub const NET_ENERGY: &str = "electricity net energy";

/// Whether a slot allows both directions (then simultaneous flows need a direction binary).
fn bidirectional(c: &DeviceColumns, j: usize) -> bool {
    c.p_max[j].is_none_or(|v| v > 0.0) && c.p_min[j].is_none_or(|v| v < 0.0)
}

/// Whether the LP relaxation can be exploited without direction binaries: charging and
/// discharging at once creates stock when `η↑·η↓ > 1`, and selling above the buying price
/// makes the energy commitment non-convex (spec §B.11.6).
pub(crate) fn needs_integers(model: &HeadModel, c: &DeviceColumns) -> bool {
    (0..model.steps).any(|j| {
        (bidirectional(c, j) && c.eta_up[j] * c.eta_down[j] > 1.0 + 1e-12)
            || model.production_price[j] > model.consumption_price[j]
    })
}

/// `max(1, Σ |v|)` over the power bounds and inflexible powers: a big-M for direction binaries.
fn big_m(model: &HeadModel, c: &DeviceColumns) -> f64 {
    let bounds: f64 = c.p_max.iter().chain(&c.p_min).flatten().map(|v| v.abs()).sum();
    let inflexible: f64 = model.inflexible_power.iter().map(|v| v.abs()).sum();
    (bounds + inflexible).max(1.0)
}

/// Builds the problem; `integers` adds the direction binaries of spec §B.11.4 and §B.11.6.
pub(crate) fn build(model: &HeadModel, c: &DeviceColumns, integers: bool) -> (Problem, Handles) {
    let n = model.steps;
    let h = model.hours_per_step();
    let mut p = Problem::new();
    let m = big_m(model, c);
    let up: Vec<Variable> = (0..n).map(|j| p.bounded(Some(0.0), c.p_max[j].map(|v| v.max(0.0)))).collect();
    let down: Vec<Variable> = (0..n).map(|j| p.bounded(c.p_min[j].map(|v| v.min(0.0)), Some(0.0))).collect();
    if integers {
        for j in (0..n).filter(|j| bidirectional(c, *j)) {
            let sigma = p.vars.add(variable().binary());
            p.constraints.push(constraint!(up[j] <= m * sigma));
            p.constraints.push(constraint!(-down[j] <= m - m * sigma));
        }
    }
    let device: Vec<Expression> = (0..n).map(|j| up[j] + down[j]).collect();
    let site: Vec<Expression> = (0..n).map(|j| device[j].clone() + model.inflexible_power[j]).collect();

    energy_commitment(&mut p, model, &site, h, integers, m);
    site_constraints(&mut p, model, &site, h);
    device_breaches(&mut p, model, c, &device, h);
    if let Some(bounds) = &c.stock {
        stock(&mut p, model, c, bounds, &up, &down, h);
    }
    (p, Handles { up, down })
}

/// The `"electricity net energy"` commitment: consumption paid at `c_j·h`, production earning
/// `r_j·h` per MW.
fn energy_commitment(p: &mut Problem, model: &HeadModel, site: &[Expression], h: f64, integers: bool, m: f64) {
    for (j, power) in site.iter().enumerate() {
        let plus = p.bounded(Some(0.0), None);
        let minus = p.bounded(None, Some(0.0));
        p.constraints.push(constraint!(plus + minus == power.clone()));
        if integers && model.production_price[j] > model.consumption_price[j] {
            let sigma = p.vars.add(variable().binary());
            p.constraints.push(constraint!(plus <= m * sigma));
            p.constraints.push(constraint!(-minus <= m - m * sigma));
        }
        p.cost(NET_ENERGY, model.consumption_price[j] * h * plus + model.production_price[j] * h * minus);
    }
}

fn zeros_if_none(prices: &Series) -> Vec<f64> {
    prices.iter().map(|v| v.unwrap_or(0.0)).collect()
}

fn scaled(prices: &[f64], factor: f64) -> Vec<f64> {
    prices.iter().map(|v| v * factor).collect()
}

/// Site capacities: the hard site constraint, breach commitments and peak commitments (§B.10.2).
fn site_constraints(p: &mut Problem, model: &HeadModel, site: &[Expression], h: f64) {
    let s = &model.site;
    let directional = |given: &Series| -> Series {
        (0..model.steps)
            .map(|j| match (given[j], s.power_capacity[j]) {
                (Some(v), Some(c)) => Some(v.min(c)),
                (v, c) => v.or(c),
            })
            .collect()
    };
    let cap_c = directional(&s.consumption_capacity);
    let cap_p = directional(&s.production_capacity);
    let breach = &model.breach_prices;
    let upper = if breach.site_consumption.is_some() { &s.power_capacity } else { &cap_c };
    let lower = if breach.site_production.is_some() { &s.power_capacity } else { &cap_p };
    for j in 0..model.steps {
        let power = site[j].clone();
        if let Some(hi) = upper[j] {
            p.constraints.push(constraint!(power.clone() <= hi));
        }
        if let Some(lo) = lower[j] {
            p.constraints.push(constraint!(power >= -lo));
        }
    }
    if let Some(price) = &breach.site_consumption {
        let price = zeros_if_none(price);
        p.any("electricity any consumption breach", site, &cap_c, &price, Direction::Up);
        p.each("electricity all consumption breaches", site, &cap_c, &scaled(&price, h), Direction::Up);
    }
    if let Some(price) = &breach.site_production {
        let price = zeros_if_none(price);
        let baseline: Series = cap_p.iter().map(|v| v.map(|v| -v)).collect();
        p.any("electricity any production breach", site, &baseline, &price, Direction::Down);
        p.each("electricity all production breaches", site, &baseline, &scaled(&price, h), Direction::Down);
    }
    if let Some(price) = &s.peak_consumption_price {
        let baseline: Series = s.peak_consumption.iter().map(|v| Some(v.unwrap_or(0.0))).collect();
        p.any("electricity consumption peak", site, &baseline, &zeros_if_none(price), Direction::Up);
    }
    if let Some(price) = &s.peak_production_price {
        let baseline: Series = s.peak_production.iter().map(|v| Some(-v.unwrap_or(0.0))).collect();
        p.any("electricity production peak", site, &baseline, &zeros_if_none(price), Direction::Down);
    }
}

/// Soft device capacities (§B.10.5): breach commitments on the device's own power.
fn device_breaches(p: &mut Problem, model: &HeadModel, c: &DeviceColumns, device: &[Expression], h: f64) {
    let breach = &model.breach_prices;
    if let (Some(baseline), Some(price)) = (&c.soft_consumption, &breach.consumption) {
        let price = zeros_if_none(price);
        p.any("any consumption breach device 0", device, baseline, &price, Direction::Up);
        p.each("all consumption breaches device 0", device, baseline, &scaled(&price, h), Direction::Up);
    }
    if let (Some(baseline), Some(price)) = (&c.soft_production, &breach.production) {
        let price = zeros_if_none(price);
        p.any("any production breach device 0", device, baseline, &price, Direction::Down);
        p.each("all production breaches device 0", device, baseline, &scaled(&price, h), Direction::Down);
    }
}

/// The stock: dynamics with losses (§B.11.4), hard bounds, soft SoC commitments (§B.10.5) and
/// the tie-breaking commitment (§B.10.4). Stocks are in stock units (MWh·k).
fn stock(
    p: &mut Problem,
    model: &HeadModel,
    c: &DeviceColumns,
    bounds: &crate::head::columns::StockBounds,
    up: &[Variable],
    down: &[Variable],
    h: f64,
) {
    let n = model.steps;
    let k = 1.0 / h;
    let s0 = bounds.soc_at_start * k;
    let mut relative: Vec<Expression> = Vec::with_capacity(n);
    let mut previous: Option<Variable> = None;
    for j in 0..n {
        let s = p.bounded(bounds.min[j].map(|v| v * k), bounds.max[j].map(|v| v * k));
        let (a, b) = decay(c.retention[j]);
        let delta = up[j] * c.eta_up[j] + down[j] * (1.0 / c.eta_down[j]);
        let before: Expression = match previous {
            Some(prev) => a * prev,
            None => Expression::from(a * s0),
        };
        p.constraints.push(constraint!(s == before + b * delta));
        relative.push(s - s0);
        previous = Some(s);
    }
    let su = |series: &Series| -> Series { series.iter().map(|v| v.map(|v| (v - bounds.soc_at_start) * k)).collect() };
    let breach = &model.breach_prices;
    if let Some(mu) = &breach.soc_minima {
        let mu = zeros_if_none(mu);
        let q = su(&model.soc_minima);
        p.any("any soc minima", &relative, &q, &mu, Direction::Down);
        p.each("all soc minima", &relative, &q, &scaled(&mu, h), Direction::Down);
    }
    if let Some(nu) = &breach.soc_maxima {
        let nu = zeros_if_none(nu);
        let q = su(&model.soc_maxima);
        p.any("any soc maxima", &relative, &q, &nu, Direction::Up);
        p.each("all soc maxima", &relative, &q, &scaled(&nu, h), Direction::Up);
    }
    if let (Some(mu), Some(nu)) = (&breach.soc_minima, &breach.soc_maxima) {
        let (mu, nu) = (zeros_if_none(mu), zeros_if_none(nu));
        let q = su(&model.soc_targets);
        p.any("any soc targets", &relative, &q, &nu, Direction::Up);
        p.any("any soc targets", &relative, &q, &mu, Direction::Down);
        p.each("all soc targets", &relative, &q, &scaled(&nu, h), Direction::Up);
        p.each("all soc targets", &relative, &q, &scaled(&mu, h), Direction::Down);
    }
    if let (true, Some(soc_max)) = (model.prefer_charging_sooner, model.soc_max) {
        let lambda = tie_breaking_penalty(model);
        let q: Series = vec![Some((soc_max - bounds.soc_at_start) * k); n];
        p.each("prefer a full storage 0 sooner", &relative, &q, &lambda, Direction::Down);
    }
}

/// `(a, b)` of the stock recursion `S_j = a·S_{j−1} + b·ΔS_j` for a retention `ε`.
pub(crate) fn decay(retention: f64) -> (f64, f64) {
    if retention >= 1.0 {
        (1.0, 1.0)
    } else if retention <= 0.0 {
        (0.0, 0.0)
    } else {
        (retention, (retention - 1.0) / retention.ln())
    }
}

/// `λ_j` of spec §B.10.4.
pub(crate) fn tie_breaking_penalty(model: &HeadModel) -> Vec<f64> {
    let n = model.steps;
    let prices = &model.consumption_price;
    let max = prices.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = prices.iter().copied().fold(f64::INFINITY, f64::min);
    let spread = max - min;
    let m = if spread > 0.0 { 1e-4 * spread / n as f64 } else { 1e-4 / n as f64 };
    (0..n)
        .map(|j| match (model.prefer_curtailing_later, n) {
            (true, 1) | (false, _) => m,
            (true, _) => m * (n - 1 - j) as f64 / (n - 1) as f64,
        })
        .collect()
}
