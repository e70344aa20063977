//! The HEAD (~v1.0) storage scheduler for one device: the flex-model and flex-context of the
//! `StorageScheduler` in single-sensor mode (spec §B.5, §B.6, §B.8, §B.10, §B.11, §B.12).
//!
//! Differences to the v0.9.0 model ([`crate::StorageModel`]): power bounds, prices and the
//! schedule are on the grid side; charging and discharging efficiencies act between the grid
//! and the stock, a storage efficiency lets the stock decay; SoC minima, maxima and targets
//! are series and may be soft (priced breaches), as may site and device capacities; inflexible
//! devices share the site; the tie-breaking is a small "prefer a full storage sooner" penalty
//! instead of a price slope; an infeasible problem is an error (no fallback policy at HEAD).
//!
//! Solving: the problem is an LP unless simultaneous charging and discharging could pay off;
//! it is first solved as an LP (microlp by default, clarabel on request), and re-solved as a MILP with direction
//! binaries (microlp) when the LP solution charges and discharges in one slot with losses, or
//! from the start when charging and discharging at once would create energy (`η↑·η↓ > 1`) or
//! the production price exceeds the consumption price (spec §B.11.6).

mod columns;
mod commitments;
pub mod model;
mod outcome;
mod problem;
mod solve;

pub use model::{BreachPrices, HeadModel, Series, SiteLimits, constant};
pub use outcome::HeadSchedule;
pub use problem::NET_ENERGY;
pub use solve::{schedule_head, schedule_head_with};
