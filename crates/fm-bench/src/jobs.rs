//! Scheduling jobs per second: a batch of one-day schedules queued in the database and run by
//! several worker threads sharing the queue (as `flexmeasures jobs run-worker` processes do).

use std::time::Instant;

use chrono::{TimeDelta, Utc};
use fm_storage::Ts;
use fm_storage::jobs::{JobStatus, NewJob, enqueue, queue_counts};
use serde_json::json;

use crate::setup::{Environment, day};

/// Queues `jobs` one-day schedules of the benchmark battery and runs them with `workers` threads.
pub fn jobs_per_second(env: &Environment, jobs: usize, workers: usize) -> String {
    let mut conn = env.rt.db.conn().unwrap();
    let ended_before = ended(&queue_counts(&mut conn).unwrap());
    for k in 0..jobs {
        let start = day(k as i64 % env.seeded_days.max(1));
        let payload = json!({
            "sensor_id": env.small_sensor, "start": start, "end": start + TimeDelta::days(1), "belief_time": Utc::now(),
            "soc_at_start": 1.0, "soc_min": null, "soc_max": null, "soc_targets": [], "roundtrip_efficiency": null, "price_sensor_id": null,
        })
        .to_string();
        let new = NewJob { payload: &payload, sensor_id: Some(env.small_sensor), ..NewJob::new("scheduling", "make_schedule") };
        enqueue(&mut conn, &new, Ts(Utc::now())).unwrap();
    }
    drop(conn);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for w in 0..workers {
            let db = env.rt.db.clone();
            scope.spawn(move || fm_server::scheduling::worker::run_pending(&db, &format!("bench-worker-{w}")).unwrap());
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let (finished, failed) = ended(&queue_counts(&mut env.rt.db.conn().unwrap()).unwrap());
    format!(
        "- {jobs} one-day scheduling jobs (15-min) run by {workers} worker threads sharing the queue: {:.0} jobs/s ({} finished, {} failed)",
        jobs as f64 / elapsed,
        finished - ended_before.0,
        failed - ended_before.1
    )
}

/// Finished and failed scheduling jobs.
fn ended(counts: &[(String, JobStatus, i64)]) -> (i64, i64) {
    let count = |status: JobStatus| counts.iter().filter(|(q, s, _)| q == "scheduling" && *s == status).map(|(_, _, n)| *n).sum::<i64>();
    (count(JobStatus::Finished), count(JobStatus::Failed))
}
