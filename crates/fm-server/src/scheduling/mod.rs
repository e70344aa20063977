//! Running scheduling jobs: the worker threads that claim jobs from the database queue and run
//! the executor of `fm-scheduling` (`make_schedule` of the original).

pub use fm_scheduling::executor;
pub mod worker;

pub use fm_domain::scheduling::{SCHEDULING_FUNC, SCHEDULING_QUEUE, SchedulingJob};
