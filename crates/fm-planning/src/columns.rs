//! Validation and the device constraint columns of spec §A.4, in stock units.
//!
//! Stock units (su): an energy `E` MWh is `E·k` su with `k = 1/h` slots per hour, and every SoC
//! quantity is taken relative to the SoC at start (spec §0.2), so the stock after slot `j` is
//! simply `Σ_{i≤j} power_i` with powers in MW.

use crate::error::PlanningError;
use crate::model::{SocLimit, StorageModel, TargetTime};

/// The per-slot inputs of the generic solver for one device and one commitment (spec §A.4.3),
/// after validation.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// Number of slots.
    pub n: usize,
    /// `h`, hours per slot.
    pub h: f64,
    /// Stock equalities (targets), su relative to start; slot `j` holds the target at `t_{j+1}`.
    pub equals: Vec<Option<f64>>,
    /// Stock minima, su relative to start.
    pub min: Vec<Option<f64>>,
    /// Stock maxima, su relative to start.
    pub max: Vec<Option<f64>>,
    /// Lower power bound `Pmin` (MW, ≤ 0).
    pub p_min: f64,
    /// Upper power bound `Pmax` (MW, ≥ 0).
    pub p_max: f64,
    /// Charging efficiency `η↑ = √roundtrip`.
    pub eta_up: f64,
    /// Discharging efficiency `η↓ = √roundtrip`.
    pub eta_down: f64,
    /// EMS lower bound on grid-side power (`Emin`), if any.
    pub e_min: Option<f64>,
    /// EMS upper bound on grid-side power (`Emax`), if any.
    pub e_max: Option<f64>,
    /// Upward (consumption) price `π⁺_j` after tie-breaking.
    pub price_up: Vec<f64>,
    /// Downward (production) price `π⁻_j` after tie-breaking.
    pub price_down: Vec<f64>,
}

fn finite(value: f64, what: &'static str, step: Option<usize>) -> Result<f64, PlanningError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(PlanningError::NotFinite { what, step })
    }
}

fn capacity(value: f64, what: &'static str) -> Result<f64, PlanningError> {
    finite(value, what, None)?;
    if value < 0.0 {
        return Err(PlanningError::NegativeCapacity { what });
    }
    Ok(value)
}

fn check_len(what: &'static str, expected: usize, got: usize) -> Result<(), PlanningError> {
    if expected == got {
        Ok(())
    } else {
        Err(PlanningError::LengthMismatch {
            what,
            expected,
            got,
        })
    }
}

/// A SoC limit as a per-slot column in su relative to the start SoC.
fn limit_column(
    limit: &SocLimit,
    what: &'static str,
    n: usize,
    soc_at_start: f64,
    k: f64,
) -> Result<Vec<Option<f64>>, PlanningError> {
    match limit {
        SocLimit::Unbounded => Ok(vec![None; n]),
        SocLimit::Constant(v) => {
            let su = (finite(*v, what, None)? - soc_at_start) * k;
            Ok(vec![Some(su); n])
        }
        SocLimit::PerStep(values) => {
            check_len(what, n, values.len())?;
            values
                .iter()
                .enumerate()
                .map(|(j, v)| {
                    v.map(|v| finite(v, what, Some(j)).map(|v| (v - soc_at_start) * k))
                        .transpose()
                })
                .collect()
        }
    }
}

/// The instant index `n` of a target (1 ≤ n ≤ N).
fn target_instant(model: &StorageModel, at: TargetTime) -> Result<usize, PlanningError> {
    let steps = model.steps;
    let outside = |instant: i64| PlanningError::TargetOutsideWindow { instant, steps };
    let instant = match at {
        TargetTime::Instant(n) => i64::try_from(n).unwrap_or(i64::MAX),
        TargetTime::Datetime(t) => {
            let off_grid = || PlanningError::TargetOffGrid { at: t.to_rfc3339() };
            let offset = (t - model.start).num_microseconds().ok_or_else(off_grid)?;
            let step = model.resolution.num_microseconds().ok_or_else(off_grid)?;
            if offset % step != 0 {
                return Err(off_grid());
            }
            offset / step
        }
    };
    match usize::try_from(instant) {
        Ok(n) if (1..=steps).contains(&n) => Ok(n),
        _ => Err(outside(instant)),
    }
}

/// Validate the model and build its constraint columns (spec §A.4.1–§A.4.3).
pub(crate) fn columns(model: &StorageModel) -> Result<Columns, PlanningError> {
    if model.resolution <= chrono::TimeDelta::zero() {
        return Err(PlanningError::NonPositiveResolution);
    }
    let n = model.steps;
    if n == 0 {
        return Err(PlanningError::NoSteps);
    }
    check_len("consumption_prices", n, model.consumption_prices.len())?;
    check_len("production_prices", n, model.production_prices.len())?;
    for j in 0..n {
        let up = finite(model.consumption_prices[j], "consumption price", Some(j))?;
        let down = finite(model.production_prices[j], "production price", Some(j))?;
        if down > up {
            return Err(PlanningError::PriceInversion { step: j });
        }
    }
    let rt = model.roundtrip_efficiency;
    if !(rt > 0.0 && rt <= 1.0) {
        return Err(PlanningError::RoundtripEfficiency);
    }
    let h = model.hours_per_step();
    let k = 1.0 / h;
    let soc0 = finite(model.soc_at_start, "soc_at_start", None)?;

    let mut equals = vec![None; n];
    for target in &model.soc_targets {
        let instant = target_instant(model, target.at)?;
        let value = finite(target.value, "SoC target", Some(instant - 1))?;
        equals[instant - 1] = Some((value - soc0) * k);
    }

    let power = capacity(model.power_capacity, "power_capacity")?;
    let p_max = match model.consumption_capacity {
        Some(c) => capacity(c, "consumption_capacity")?,
        None => power,
    };
    let p_min = -match model.production_capacity {
        Some(c) => capacity(c, "production_capacity")?,
        None => power,
    };
    let e_max = model
        .site_consumption_capacity
        .map(|c| capacity(c, "site_consumption_capacity"))
        .transpose()?;
    let e_min = model
        .site_production_capacity
        .map(|c| capacity(c, "site_production_capacity").map(|c| -c))
        .transpose()?;

    let (price_up, price_down) = if model.prefer_charging_sooner {
        (
            tilt(&model.consumption_prices, &model.production_prices),
            tilt(&model.production_prices, &model.consumption_prices),
        )
    } else {
        (
            model.consumption_prices.clone(),
            model.production_prices.clone(),
        )
    };

    let eta = rt.sqrt();
    Ok(Columns {
        n,
        h,
        equals,
        min: limit_column(&model.soc_min, "soc_min", n, soc0, k)?,
        max: limit_column(&model.soc_max, "soc_max", n, soc0, k)?,
        p_min,
        p_max,
        eta_up: eta,
        eta_down: eta,
        e_min,
        e_max,
        price_up,
        price_down,
    })
}

/// The tie-breaking slope of spec §A.4.2 (`prefer_charging_sooner`): add `m·j/(M−1)` with
/// `m = 10⁻³·spread` (or `10⁻³` without spread). The spread is taken over both price series
/// together, so that the same surcharge is added to both and identical series (v0.9.0) get
/// exactly the v0.9.0 slope.
pub(crate) fn tilt(prices: &[f64], other: &[f64]) -> Vec<f64> {
    let all = prices.iter().chain(other);
    let max = all.clone().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = all.copied().fold(f64::INFINITY, f64::min);
    let spread = max - min;
    let m = if spread > 0.0 { 1e-3 * spread } else { 1e-3 };
    let last = prices.len().saturating_sub(1);
    prices
        .iter()
        .enumerate()
        .map(|(j, p)| {
            if last == 0 {
                *p
            } else {
                p + m * j as f64 / last as f64
            }
        })
        .collect()
}
