//! Running scheduling jobs: the job executor (`make_schedule` of the original) and the worker
//! threads that claim jobs from the database queue.

pub mod executor;
pub mod worker;

pub use fm_domain::scheduling::{SCHEDULING_FUNC, SCHEDULING_QUEUE, SchedulingJob};
