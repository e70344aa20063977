//! The v0.9.0 generic device scheduler for one device and one commitment (spec §A.5), a pure LP.
//!
//! Variables per slot `j` (spec §A.5.2): `u_j ≥ 0` (stock-side charging), `w_j ≤ 0` (stock-side
//! discharging), `e_j` (grid-side power), `δ⁺_j ≥ 0`, `δ⁻_j ≤ 0` (deviations from the
//! commitment, whose quantity is 0). One auxiliary variable `s_j` per slot carries the stock
//! `Σ_{i≤j}(u_i + w_i)` through the equality `s_j = s_{j−1} + u_j + w_j`; bounding `s_j` is the
//! same constraint (1) as bounding the sum, but keeps the matrix sparse (O(N) instead of O(N²)
//! non-zeros), which matters for week-long horizons. Constraint (2) is implied by (3) and (4)
//! and left out; with a single device and `q = 0`, (5) and (6) bound `e` and split it into
//! `δ⁺ + δ⁻`.

use good_lp::solvers::clarabel::clarabel;
use good_lp::solvers::microlp::microlp;
use good_lp::{
    Constraint, Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable,
    constraint, variable,
};

use crate::columns::Columns;
use crate::error::PlanningError;
use crate::model::Solver;

/// The optimal values of the LP, per slot.
#[derive(Debug, Clone)]
pub(crate) struct LpSolution {
    /// `u_j + w_j`: stock-side power, the v0.9.0 schedule (MW).
    pub power: Vec<f64>,
    /// `e_j`: grid-side power (MW).
    pub grid: Vec<f64>,
    /// The objective `Σ_j (π⁻_j·δ⁻_j + π⁺_j·δ⁺_j)`.
    pub objective: f64,
}

/// What the solver found.
#[derive(Debug, Clone)]
pub(crate) enum LpOutcome {
    /// An optimal solution.
    Optimal(LpSolution),
    /// The constraints contradict each other.
    Infeasible,
}

/// `nanmin` / `nanmax` of two optional bounds.
fn combine(a: Option<f64>, b: Option<f64>, pick: fn(f64, f64) -> f64) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

struct Handles {
    up: Vec<Variable>,
    down: Vec<Variable>,
    grid: Vec<Variable>,
    dev_up: Vec<Variable>,
    dev_down: Vec<Variable>,
}

/// Build and solve the LP of spec §A.5.
pub(crate) fn solve(c: &Columns, solver: Solver) -> Result<LpOutcome, PlanningError> {
    let n = c.n;
    // §A.5.1: stock bounds per slot.
    let s_max: Vec<Option<f64>> = (0..n)
        .map(|j| combine(c.max[j], c.equals[j], f64::min))
        .collect();
    let s_min: Vec<Option<f64>> = (0..n)
        .map(|j| combine(c.min[j], c.equals[j], f64::max))
        .collect();
    // Contradictory bounds (e.g. a target outside [soc-min, soc-max], which v0.9.0 does not
    // clamp): infeasible without asking the solver.
    if (0..n).any(|j| matches!((s_min[j], s_max[j]), (Some(lo), Some(hi)) if lo > hi)) {
        return Ok(LpOutcome::Infeasible);
    }

    let mut vars = ProblemVariables::new();
    let bounded = |lo: Option<f64>, hi: Option<f64>| {
        let mut def = variable();
        if let Some(lo) = lo {
            def = def.min(lo);
        }
        if let Some(hi) = hi {
            def = def.max(hi);
        }
        def
    };
    let mut h = Handles {
        up: Vec::with_capacity(n),
        down: Vec::with_capacity(n),
        grid: Vec::with_capacity(n),
        dev_up: Vec::with_capacity(n),
        dev_down: Vec::with_capacity(n),
    };
    let mut stock = Vec::with_capacity(n);
    let mut constraints: Vec<Constraint> = Vec::with_capacity(5 * n);
    for j in 0..n {
        // (4) 0 ≤ u ≤ Pmax and (3) Pmin ≤ w ≤ 0, as variable bounds.
        h.up.push(vars.add(bounded(Some(0.0), Some(c.p_max))));
        h.down.push(vars.add(bounded(Some(c.p_min), Some(0.0))));
        h.grid.push(vars.add(variable()));
        h.dev_up.push(vars.add(variable().min(0.0)));
        h.dev_down.push(vars.add(variable().max(0.0)));
        // (1) stock bounds; an equality when both bounds coincide (a target).
        match (s_min[j], s_max[j]) {
            (Some(lo), Some(hi)) if lo == hi => {
                let s = vars.add(variable());
                constraints.push(constraint!(s == lo));
                stock.push(s);
            }
            (lo, hi) => stock.push(vars.add(bounded(lo, hi))),
        }
    }
    let objective: Expression = (0..n)
        .map(|j| c.price_down[j] * h.dev_down[j] + c.price_up[j] * h.dev_up[j])
        .sum();

    for j in 0..n {
        let (u, w, e, s) = (h.up[j], h.down[j], h.grid[j], stock[j]);
        // Stock accumulation, defining s_j = Σ_{i≤j} (u_i + w_i).
        if j == 0 {
            constraints.push(constraint!(s == u + w));
        } else {
            let previous = stock[j - 1];
            constraints.push(constraint!(s == previous + u + w));
        }
        // (2) Pmin ≤ u + w ≤ Pmax is implied by (3) and (4) because Pmin ≤ 0 ≤ Pmax (the
        // capacities are validated non-negative), so it is not added (saves 2N rows).
        // (5) EMS bounds on the (single) device's grid-side power.
        if let Some(hi) = c.e_max {
            constraints.push(constraint!(e <= hi));
        }
        if let Some(lo) = c.e_min {
            constraints.push(constraint!(e >= lo));
        }
        // (6) q + δ⁻ + δ⁺ = e with q = 0.
        constraints.push(constraint!(h.dev_down[j] + h.dev_up[j] == e));
        // (7) conversion losses: e = u/η↑ + w·η↓.
        constraints.push(constraint!(e == u / c.eta_up + w * c.eta_down));
    }

    let unsolved = vars.minimise(objective);
    let result = match solver {
        Solver::Clarabel => {
            let mut model = unsolved.using(clarabel);
            model.settings().tol_gap_abs(1e-10).tol_gap_rel(1e-10);
            finish(model, constraints, &h, c)
        }
        Solver::Microlp => finish(unsolved.using(microlp), constraints, &h, c),
    };
    match result {
        Ok(solution) => Ok(LpOutcome::Optimal(solution)),
        Err(ResolutionError::Infeasible) => Ok(LpOutcome::Infeasible),
        Err(other) => Err(PlanningError::Solver(other.to_string())),
    }
}

fn finish<M: SolverModel<Error = ResolutionError>>(
    mut model: M,
    constraints: Vec<Constraint>,
    h: &Handles,
    c: &Columns,
) -> Result<LpSolution, ResolutionError> {
    for constraint in constraints {
        model.add_constraint(constraint);
    }
    let solution = model.solve()?;
    let power = (0..c.n)
        .map(|j| solution.value(h.up[j]) + solution.value(h.down[j]))
        .collect();
    let grid = h.grid.iter().map(|&e| solution.value(e)).collect();
    let objective = (0..c.n)
        .map(|j| {
            c.price_down[j] * solution.value(h.dev_down[j])
                + c.price_up[j] * solution.value(h.dev_up[j])
        })
        .sum();
    Ok(LpSolution {
        power,
        grid,
        objective,
    })
}
