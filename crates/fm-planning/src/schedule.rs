//! Solving a [`StorageModel`] and post-processing the result (spec §A.6).

use chrono::{DateTime, TimeDelta, Utc};

use crate::columns::{Columns, columns};
use crate::error::PlanningError;
use crate::fallback::fallback_schedule;
use crate::lp::{LpOutcome, solve};
use crate::model::{Solver, StorageModel};

/// Decimals the schedule is rounded to (spec §A.6).
pub const ROUND_TO_DECIMALS: i32 = 6;

/// The schedule of one storage device.
///
/// Sign convention: **consumption (charging) positive, production (discharging) negative**.
/// To store it on a power sensor with the database convention (production positive), negate it
/// (spec §A.8).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Start of the first slot.
    pub start: DateTime<Utc>,
    /// Slot length.
    pub resolution: TimeDelta,
    /// The schedule proper: stock-side power per slot in MW (`u + w`, the value v0.9.0 returns
    /// and stores; spec Quirk A.10.1), rounded to 6 decimals.
    pub power: Vec<f64>,
    /// Grid-side power per slot in MW (`e = u/η↑ + w·η↓`, what is paid for), rounded to 6
    /// decimals.
    pub grid_power: Vec<f64>,
    /// SoC in MWh at the instants `t_0 … t_N` (`N + 1` values; the first is the SoC at start),
    /// implied by `power`, rounded to 6 decimals.
    pub soc: Vec<f64>,
    /// True when the LP was infeasible and the fallback charging policy (§A.6.1) produced the
    /// schedule.
    pub used_fallback: bool,
    /// The LP objective `Σ_j (π⁻_j·δ⁻_j + π⁺_j·δ⁺_j)` with the tie-broken prices and without the
    /// factor `h` (spec §A.5.4); `None` for a fallback schedule.
    pub objective: Option<f64>,
    /// Energy cost in currency: `Σ_j h·(p⁺_j·max(e_j, 0) + p⁻_j·min(e_j, 0))` with the prices as
    /// given (no tie-breaking) and the rounded grid-side power. Negative is revenue.
    pub energy_cost: f64,
}

impl Schedule {
    /// The start of slot `j` (`None` if that overflows).
    pub fn slot_start(&self, j: usize) -> Option<DateTime<Utc>> {
        let j = i32::try_from(j).ok()?;
        self.start
            .checked_add_signed(self.resolution.checked_mul(j)?)
    }
}

/// Round to [`ROUND_TO_DECIMALS`] decimals, without negative zeros.
pub fn round6(value: f64) -> f64 {
    let scale = 10f64.powi(ROUND_TO_DECIMALS);
    (value * scale).round() / scale + 0.0
}

/// Schedule the device with the default solver (clarabel). See [`schedule_with`].
pub fn schedule(model: &StorageModel) -> Result<Schedule, PlanningError> {
    schedule_with(model, Solver::default())
}

/// Schedule the device: validate the model, build the columns of §A.4, solve the LP of §A.5 and
/// post-process (§A.6): an infeasible LP is answered with the fallback charging policy, the
/// schedule is rounded to 6 decimals and the SoC trajectory and costs are derived from it.
pub fn schedule_with(model: &StorageModel, solver: Solver) -> Result<Schedule, PlanningError> {
    let c = columns(model)?;
    let (power, grid_power, objective, used_fallback) = match solve(&c, solver)? {
        LpOutcome::Optimal(solution) => {
            let power: Vec<f64> = solution.power.iter().copied().map(round6).collect();
            let grid: Vec<f64> = solution.grid.iter().copied().map(round6).collect();
            (power, grid, Some(solution.objective), false)
        }
        LpOutcome::Infeasible => {
            let power: Vec<f64> = fallback_schedule(&c, model.fallback, model.power_capacity)
                .into_iter()
                .map(round6)
                .collect();
            let grid = power.iter().map(|&p| round6(to_grid(&c, p))).collect();
            (power, grid, None, true)
        }
    };
    let mut soc = Vec::with_capacity(c.n + 1);
    let mut level = model.soc_at_start;
    soc.push(round6(level));
    for p in &power {
        level += p * c.h;
        soc.push(round6(level));
    }
    let energy_cost = (0..c.n)
        .map(|j| {
            let e = grid_power[j];
            let price = if e >= 0.0 {
                model.consumption_prices[j]
            } else {
                model.production_prices[j]
            };
            c.h * price * e
        })
        .sum();
    Ok(Schedule {
        start: model.start,
        resolution: model.resolution,
        power,
        grid_power,
        soc,
        used_fallback,
        objective,
        energy_cost,
    })
}

/// The grid-side power of a stock-side power (constraint (7) without simultaneous flows).
fn to_grid(c: &Columns, power: f64) -> f64 {
    if power >= 0.0 {
        power / c.eta_up
    } else {
        power * c.eta_down
    }
}
