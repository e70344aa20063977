//! Errors of the storage scheduler.

use thiserror::Error;

/// Why a schedule could not be computed.
///
/// An *infeasible* problem is not an error: it is answered with the fallback charging policy
/// (spec §A.6.1) and flagged in [`crate::Schedule::used_fallback`]. These errors are raised for
/// input that cannot describe a problem at all, and for solver failures other than infeasibility.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PlanningError {
    /// The resolution is zero or negative.
    #[error("the resolution must be positive")]
    NonPositiveResolution,
    /// The model has no steps.
    #[error("the schedule needs at least one step")]
    NoSteps,
    /// A per-step series does not have one entry per step.
    #[error("{what} has {got} entries but the schedule has {expected} steps")]
    LengthMismatch {
        /// Which series.
        what: &'static str,
        /// The number of steps.
        expected: usize,
        /// The number of entries given.
        got: usize,
    },
    /// A number is NaN or infinite where a finite value is required (spec Quirk A.7.a: prices
    /// with gaps are rejected rather than passed on to the solver).
    #[error("{what} is not a finite number (step {step:?})")]
    NotFinite {
        /// Which quantity.
        what: &'static str,
        /// The step, for per-step series.
        step: Option<usize>,
    },
    /// A power capacity is negative.
    #[error("{what} must not be negative")]
    NegativeCapacity {
        /// Which capacity.
        what: &'static str,
    },
    /// The round-trip efficiency is outside (0, 1] (spec §A.4.1).
    #[error("roundtrip_efficiency expected within the interval (0, 1]")]
    RoundtripEfficiency,
    /// The production price exceeds the consumption price in a step, which would make the LP
    /// unbounded (buy and sell the same energy in one step at a profit).
    #[error("the production price exceeds the consumption price at step {step}")]
    PriceInversion {
        /// The first offending step.
        step: usize,
    },
    /// A SoC target datetime is not on the grid `start + n·resolution`.
    #[error("the SoC target at {at} is not on the grid of the schedule")]
    TargetOffGrid {
        /// The target's datetime (RFC 3339).
        at: String,
    },
    /// A SoC target refers to an instant outside `(start, end]`.
    #[error("the SoC target at instant {instant} lies outside the window (1..={steps})")]
    TargetOutsideWindow {
        /// The instant index `n` of `start + n·resolution` (may be negative or beyond the end).
        instant: i64,
        /// The number of steps.
        steps: usize,
    },
    /// An efficiency is zero or negative (HEAD model).
    #[error("efficiencies must be positive (step {step})")]
    NonPositiveEfficiency {
        /// The first offending step.
        step: usize,
    },
    /// The pre-solve validation of the HEAD model found contradicting bounds (spec §B.10.5);
    /// the message is the original's `ValueError` text.
    #[error("{0}")]
    InfeasibleInput(String),
    /// The HEAD problem is infeasible (or unbounded) according to the solver; the text is the
    /// termination condition (the original's `InfeasibleProblemException`).
    #[error("{0}")]
    Infeasible(String),
    /// The LP solver failed for a reason other than infeasibility.
    #[error("the LP solver failed: {0}")]
    Solver(String),
}
