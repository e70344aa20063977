//! Storage scheduling for FlexMeasures: the v0.9.0 scheduler of one storage device (a battery or
//! a charging station), as specified in part A of the planning spec (§A.4–§A.6, §A.10), and the
//! HEAD (~v1.0) single-device scheduler of the flex-model and flex-context in [`head`]
//! ([`HeadModel`], [`schedule_head`]; spec part B). The two are separate models: the v0.9.0
//! one keeps its stock-side bounds, price slope and fallback policy.
//!
//! What belongs here: the scheduling math only — validating a [`StorageModel`], building the
//! device constraint columns in stock units (§A.4), the linear program (§A.5), solving it with a
//! pure-Rust LP solver through `good_lp`, and the post-processing including the fallback charging
//! policy for infeasible problems (§A.6). Domain values in, [`Schedule`] out.
//! What does not: any I/O — reading sensor attributes, fetching prices (and trimming the window
//! to the known prices, §A.7), jobs, and storing beliefs (§A.8) belong to the calling layers,
//! and so do the attribute defaults of §A.4.1 (e.g. an EVSE's `soc_max` defaulting to its highest
//! target): a [`StorageModel`] holds explicit values.
//!
//! Sign convention: consumption (charging) is positive, production (discharging) negative. Power
//! bounds and the returned [`Schedule::power`] are on the *stock side* as at v0.9.0 (Quirk
//! A.10.1); [`Schedule::grid_power`] gives the grid side.
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use fm_planning::{SocLimit, StorageModel, schedule};
//!
//! let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
//! let model = StorageModel {
//!     soc_min: SocLimit::Constant(0.0),
//!     soc_max: SocLimit::Constant(1.0),
//!     ..StorageModel::new(start, TimeDelta::hours(1), 0.5, vec![10.0, 40.0, 20.0, 50.0])
//! };
//! let s = schedule(&model).unwrap();
//! assert_eq!(s.power, vec![0.5, -0.5, 0.5, -0.5]);
//! assert_eq!(s.soc, vec![0.0, 0.5, 0.0, 0.5, 0.0]);
//! ```
//!
//! Solvers: the model has no integer variables, so the clarabel backend (interior point, which
//! panics on integer variables) is safe and is the default; [`Solver::Microlp`] (simplex) is the
//! alternative. Where the optimum is not unique, clarabel returns a point inside the optimal face
//! and microlp a vertex (as CBC did at v0.9.0); the tie-breaking slope of §A.4.2 makes the
//! optimum unique in practice, and both agree to 6 decimals on the tests' day and week.
//!
//! Performance, measured with `cargo test --release -p fm-planning -- --nocapture
//! solve_times_are_printed` (2-core machine, release build, model building included, median of
//! 5 runs; 15-minute slots, pseudo-random prices with negative spikes, 80 % round-trip, SoC
//! bounds and one SoC target per day; per slot 6 variables — `u`, `w`, `e`, `δ⁺`, `δ⁻` and the
//! stock — and 3 equality rows plus bounds):
//!
//! | horizon | clarabel | microlp |
//! |---|---|---|
//! | 1 day (96 steps) | 3.5 ms | 4.6 ms |
//! | 7 days (672 steps) | 27 ms | 90 ms |

mod columns;
pub mod error;
mod fallback;
pub mod head;
mod lp;
pub mod model;
pub mod schedule;

pub use error::PlanningError;
pub use head::{BreachPrices, HeadModel, HeadSchedule, SiteLimits, schedule_head, schedule_head_with};
pub use model::{FallbackPolicy, SocLimit, SocTarget, Solver, StorageModel, TargetTime};
pub use schedule::{ROUND_TO_DECIMALS, Schedule, round6, schedule, schedule_with};
