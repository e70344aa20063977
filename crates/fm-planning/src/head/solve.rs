//! Solving a [`HeadModel`]: LP first, MILP where direction binaries are needed.

use good_lp::solvers::clarabel::clarabel;
use good_lp::solvers::microlp::microlp;
use good_lp::{ResolutionError, Solution, SolverModel};

use crate::error::PlanningError;
use crate::head::columns::{DeviceColumns, check_series, device_columns};
use crate::head::commitments::Problem;
use crate::head::model::HeadModel;
use crate::head::outcome::{HeadSchedule, outcome};
use crate::head::problem::{Handles, build, needs_integers};
use crate::model::Solver;

/// A solved problem: values of the handles and the costs per commitment.
pub(crate) struct Solved {
    /// `P⁺_j`.
    pub up: Vec<f64>,
    /// `P⁻_j`.
    pub down: Vec<f64>,
    /// Cost per commitment name.
    pub costs: Vec<(String, f64)>,
}

/// Schedules the device with microlp (see [`schedule_head_with`]).
///
/// microlp is the default here (unlike the v0.9.0 model): the tie-breaking penalty is some
/// ten orders of magnitude below the default breach prices, and an interior-point solution
/// (clarabel) then lands up to 10⁻⁵ MW away from the vertex the original's simplex-based
/// solver returns; a simplex vertex reproduces the spec's schedules to 6 decimals.
pub fn schedule_head(model: &HeadModel) -> Result<HeadSchedule, PlanningError> {
    schedule_head_with(model, Solver::Microlp)
}

/// Validates the model, builds the problem of spec §B.10 and solves it. `solver` picks the LP
/// backend; integer problems always use microlp (clarabel has no integer support).
///
/// Errors: [`PlanningError::InfeasibleInput`] when the pre-solve validation finds
/// contradicting bounds, [`PlanningError::Infeasible`] when the solver finds the problem
/// infeasible, input errors for malformed series.
pub fn schedule_head_with(model: &HeadModel, solver: Solver) -> Result<HeadSchedule, PlanningError> {
    if model.resolution <= chrono::TimeDelta::zero() {
        return Err(PlanningError::NonPositiveResolution);
    }
    if model.steps == 0 {
        return Err(PlanningError::NoSteps);
    }
    check_series(model)?;
    let c = device_columns(model)?;
    let integers = needs_integers(model, &c);
    let mut solved = run(model, &c, integers, solver)?;
    let mut used_integers = integers;
    if !integers && simultaneous(&solved, &c) {
        solved = run(model, &c, true, solver)?;
        used_integers = true;
    }
    Ok(outcome(model, &c, &solved, used_integers))
}

/// Whether some slot both charges and discharges where that is not equivalent to the net flow.
fn simultaneous(solved: &Solved, c: &DeviceColumns) -> bool {
    (0..solved.up.len()).any(|j| {
        solved.up[j] > 1e-7 && solved.down[j] < -1e-7 && (c.eta_up[j] * c.eta_down[j] - 1.0).abs() > 1e-12
    })
}

fn run(model: &HeadModel, c: &DeviceColumns, integers: bool, solver: Solver) -> Result<Solved, PlanningError> {
    let (problem, handles) = build(model, c, integers);
    let objective = problem.objective();
    let Problem { vars, constraints, costs } = problem;
    let unsolved = vars.minimise(objective);
    let result = if integers || solver == Solver::Microlp {
        finish(unsolved.using(microlp), constraints, &handles, &costs)
    } else {
        let mut lp = unsolved.using(clarabel);
        lp.settings().tol_gap_abs(1e-10).tol_gap_rel(1e-10);
        finish(lp, constraints, &handles, &costs)
    };
    match result {
        Ok(solved) => Ok(solved),
        Err(ResolutionError::Infeasible) => Err(PlanningError::Infeasible("infeasible".to_owned())),
        Err(ResolutionError::Unbounded) => Err(PlanningError::Infeasible("unbounded".to_owned())),
        Err(other) => Err(PlanningError::Solver(other.to_string())),
    }
}

fn finish<M: SolverModel<Error = ResolutionError>>(
    mut lp: M,
    constraints: Vec<good_lp::Constraint>,
    handles: &Handles,
    costs: &std::collections::BTreeMap<String, good_lp::Expression>,
) -> Result<Solved, ResolutionError> {
    for constraint in constraints {
        lp.add_constraint(constraint);
    }
    let solution = lp.solve()?;
    Ok(Solved {
        up: handles.up.iter().map(|v| solution.value(*v)).collect(),
        down: handles.down.iter().map(|v| solution.value(*v)).collect(),
        costs: costs.iter().map(|(name, term)| (name.clone(), solution.eval(term))).collect(),
    })
}
