//! Worker threads: claim scheduling jobs from the database queue and run them.
//!
//! Claims are exclusive on both backends (`fm_storage::jobs::claim_next`), so any number of
//! workers, in this process or others, may share the queue. Jobs whose worker died are returned
//! to the queue when their lease expires, or failed after three attempts. A job that runs
//! longer than its timeout is failed with `JobTimeoutException`; its computation is abandoned
//! (its late result is refused by the queue).

use std::sync::Arc;
use std::time::Duration;

use fm_api_common::state::JobWaker;

use chrono::Utc;
use fm_storage::jobs::{claim_next, fail, finish, requeue_expired};
use fm_storage::{Db, Ts};

use super::executor::make_schedule;
use super::{SCHEDULING_QUEUE, SchedulingJob};

/// Attempts before a job whose worker keeps dying is failed.
pub const MAX_ATTEMPTS: i32 = 3;

/// Runs queued scheduling jobs until none is due; returns how many ran.
pub fn run_pending(db: &Db, worker: &str) -> Result<usize, fm_storage::StorageError> {
    let mut ran = 0;
    loop {
        let mut conn = db.conn()?;
        let Some(job) = claim_next(&mut conn, &[SCHEDULING_QUEUE], worker, Ts(Utc::now()))? else { return Ok(ran) };
        let limit = Duration::from_secs(u64::try_from(job.timeout_s).unwrap_or(1).max(1));
        drop(conn);
        let (job_db, payload) = (db.clone(), job.payload.clone());
        let outcome = run_with_deadline(limit, move || {
            let mut conn = job_db.conn().map_err(|e| format!("StorageError: {e}"))?;
            serde_json::from_str::<SchedulingJob>(&payload)
                .map_err(|e| format!("ValueError: the job's arguments cannot be read: {e}"))
                .and_then(|args| make_schedule(&mut conn, &args))
        })
        .unwrap_or_else(|| Err(format!("JobTimeoutException: Task exceeded maximum timeout value ({} seconds)", job.timeout_s)));
        let mut conn = db.conn()?;
        match outcome {
            Ok(n) => {
                finish(&mut conn, &job.id, "true", Ts(Utc::now()))?;
                tracing::info!(job = %job.id, beliefs = n, "scheduling job finished");
            }
            Err(reason) => {
                fail(&mut conn, &job.id, &reason, Ts(Utc::now()))?;
                tracing::warn!(job = %job.id, %reason, "scheduling job failed");
            }
        }
        ran += 1;
    }
}

/// Runs `work` on its own thread and waits at most `limit` for its result (`None`: too late;
/// the thread is left to end on its own).
pub fn run_with_deadline<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    receiver.recv_timeout(limit).ok()
}

/// Works on the queue until the process ends; when idle it waits for `waker` (a job queued in
/// this process) or 250 ms (a job queued elsewhere).
pub fn work_forever(db: &Db, name: &str, waker: &JobWaker) -> ! {
    loop {
        if let Ok(mut conn) = db.conn() {
            if let Err(e) = requeue_expired(&mut conn, Ts(Utc::now()), MAX_ATTEMPTS) {
                tracing::error!(error = %e, "requeueing expired jobs failed");
            }
        }
        match run_pending(db, name) {
            Ok(0) => waker.wait(Duration::from_millis(250)),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "worker could not reach the job queue");
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

/// Starts `count` worker threads inside this process.
pub fn spawn_workers(db: &Db, count: usize, waker: &Arc<JobWaker>) -> Vec<std::thread::JoinHandle<()>> {
    (0..count)
        .map(|i| {
            let (db, waker) = (db.clone(), Arc::clone(waker));
            let name = format!("fm-worker-{}-{i}", std::process::id());
            std::thread::spawn(move || work_forever(&db, &name, &waker))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_work_misses_its_deadline() {
        assert_eq!(run_with_deadline(Duration::from_secs(5), || 42), Some(42));
        let slow = run_with_deadline(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(500));
            42
        });
        assert_eq!(slow, None);
    }
}
