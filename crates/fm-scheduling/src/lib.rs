//! Scheduling a device: from a scheduling job (`fm_domain::scheduling::SchedulingJob`) to a
//! schedule, reading the device, its attributes and its prices from storage and solving with
//! `fm-planning`.
//!
//! What belongs here: the job executor ([`executor`]), used by the job workers of the server,
//! by the CLI, and by endpoints that schedule on request (API v1.2). What does not: the job
//! queue (see `fm_storage::jobs`), workers (`fm-server`) or the optimisation model itself
//! (`fm-planning`).

pub mod executor;
pub mod flex;

pub use executor::{JobFailure, Planned, SCHEDULER_SOURCE, make_schedule, plan};
pub use flex::{FlexPlanned, HEAD_SCHEDULER_SOURCE, plan_flex};
