//! The job queue, on every backend: life cycle, due times, queues, leases, and concurrent claims.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test scenarios: a failing step should abort the test loudly")]

use std::collections::HashSet;

use chrono::{Duration, TimeZone, Utc};
use fm_storage::jobs::{
    DEFAULT_TIMEOUT_S, Job, JobStatus, NewJob, claim_next, clear_queue, enqueue, fail, find_job, finish, heartbeat, jobs_for_asset, jobs_for_sensor,
    purge_ended, queue_counts, requeue_expired,
};
use fm_storage::testing::TestDatabase;
use fm_storage::{StorageError, Ts};

/// Runs a scenario as two tests: on SQLite, and on PostgreSQL when one is configured.
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario("sqlite", &fm_storage::testing::TestDatabase::sqlite());
            }

            #[test]
            fn postgres() {
                if let Some(db) = fm_storage::testing::TestDatabase::postgres() {
                    super::$scenario("postgres", &db);
                }
            }
        }
    )*};
}

on_both_backends!(lifecycle, not_due_yet_is_not_claimed, queues_are_respected, expired_leases_are_requeued_then_failed, clear_queue_and_counts, concurrent_workers_claim_each_job_once);

fn t0() -> Ts {
    Ts(Utc.with_ymd_and_hms(2024, 1, 1, 12, 0, 0).unwrap())
}

fn at(seconds: i64) -> Ts {
    Ts(t0().0 + Duration::seconds(seconds))
}

fn lifecycle(backend: &str, db: &TestDatabase) {
    let conn = &mut db.db.conn().unwrap();
    let new = NewJob { payload: r#"{"start": "2024-01-02T00:00:00+00:00"}"#, sensor_id: Some(7), ..NewJob::new("scheduling", "make_schedule") };
    let queued = enqueue(conn, &new, t0()).unwrap();
    assert_eq!(uuid_version(&queued.id), Some(4), "{backend}: {}", queued.id);
    assert_eq!(queued.status, JobStatus::Queued);
    assert_eq!((queued.queue.as_str(), queued.func.as_str(), queued.payload.as_str(), queued.meta.as_str()), ("scheduling", "make_schedule", new.payload, "{}"));
    assert_eq!((queued.sensor_id, queued.asset_id, queued.attempts, queued.timeout_s), (Some(7), None, 0, DEFAULT_TIMEOUT_S));
    assert_eq!((queued.created_at, queued.run_at, queued.started_at, queued.locked_by.as_deref()), (t0(), t0(), None, None));
    assert_eq!(find_job(conn, &queued.id).unwrap().as_ref(), Some(&queued), "{backend}: stored as returned");
    assert_eq!(queued.status_description(), "Scheduling job waiting to be processed.");

    let started = claim_next(conn, &["scheduling"], "worker-1", at(5)).unwrap().expect("a due job");
    assert_eq!(started.id, queued.id);
    assert_eq!(started.status, JobStatus::Started);
    assert_eq!(started.locked_by.as_deref(), Some("worker-1"));
    assert_eq!((started.started_at, started.locked_until, started.attempts), (Some(at(5)), Some(at(5 + 180)), 1));
    assert_eq!(started.status_description(), "Scheduling job in progress.");
    assert_eq!(claim_next(conn, &["scheduling"], "worker-2", at(6)).unwrap(), None, "{backend}: a started job is not claimed again");

    assert!(heartbeat(conn, &started.id, "worker-1", at(400)).unwrap());
    assert!(!heartbeat(conn, &started.id, "worker-2", at(500)).unwrap(), "{backend}: only the holder extends the lease");
    assert_eq!(find_job(conn, &started.id).unwrap().unwrap().locked_until, Some(at(400)));

    let finished = finish(conn, &started.id, r#"{"unresolved": [], "resolved": [], "num-beliefs": 4}"#, at(10)).unwrap();
    assert_eq!(finished.status, JobStatus::Finished);
    assert_eq!(finished.result.as_deref(), Some(r#"{"unresolved": [], "resolved": [], "num-beliefs": 4}"#));
    assert_eq!((finished.finished_at, finished.error.as_deref(), finished.locked_until), (Some(at(10)), None, None));
    assert_eq!(finished.status_description(), "Scheduling job has finished.");
    assert!(!heartbeat(conn, &started.id, "worker-1", at(600)).unwrap(), "{backend}: no lease on a finished job");
    assert!(matches!(finish(conn, &started.id, "true", at(11)), Err(StorageError::Conflict(_))), "{backend}: finished once");
    assert!(matches!(fail(conn, &started.id, "E: late", at(11)), Err(StorageError::Conflict(_))), "{backend}: no failing a finished job");
    assert_eq!(find_job(conn, &started.id).unwrap(), Some(finished));

    // claim → fail
    let second = enqueue(conn, &NewJob { asset_id: Some(3), ..NewJob::new("scheduling", "make_schedule") }, at(20)).unwrap();
    let claimed = claim_next(conn, &["scheduling"], "worker-2", at(21)).unwrap().unwrap();
    assert_eq!(claimed.id, second.id);
    let failed = fail(conn, &claimed.id, "Traceback (most recent call last):\nValueError: Prices unknown for planning window.", at(22)).unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert_eq!((failed.finished_at, failed.locked_until, failed.result.as_deref()), (Some(at(22)), None, None));
    assert_eq!(failed.status_description(), "Scheduling job failed with ValueError: Prices unknown for planning window.");
    assert!(matches!(finish(conn, &failed.id, "{}", at(23)), Err(StorageError::Conflict(_))), "{backend}: a failed job stays failed");

    // Unknown ids and bad input.
    assert_eq!(find_job(conn, "00000000-0000-4000-8000-000000000000").unwrap(), None);
    assert!(matches!(finish(conn, "nope", "{}", at(30)), Err(StorageError::NotFound(_))));
    assert!(matches!(fail(conn, "nope", "E: x", at(30)), Err(StorageError::NotFound(_))));
    assert!(matches!(enqueue(conn, &NewJob { payload: "{not json", ..NewJob::new("scheduling", "f") }, t0()), Err(StorageError::Invalid(_))));
    assert!(matches!(enqueue(conn, &NewJob { timeout_s: 0, ..NewJob::new("scheduling", "f") }, t0()), Err(StorageError::Invalid(_))));
    assert!(matches!(enqueue(conn, &NewJob::new(&"q".repeat(41), "f"), t0()), Err(StorageError::Invalid(_))));
    assert!(matches!(claim_next(conn, &["scheduling"], &"w".repeat(121), t0()), Err(StorageError::Invalid(_))));

    // Listing by entity.
    assert_eq!(jobs_for_sensor(conn, 7).unwrap().iter().map(|j| j.id.as_str()).collect::<Vec<_>>(), [queued.id.as_str()]);
    assert_eq!(jobs_for_asset(conn, 3).unwrap().iter().map(|j| j.id.as_str()).collect::<Vec<_>>(), [second.id.as_str()]);
    assert!(jobs_for_asset(conn, 7).unwrap().is_empty());

    // Retention: ended jobs go, others stay.
    let waiting = enqueue(conn, &NewJob::new("scheduling", "f"), at(40)).unwrap();
    assert_eq!(purge_ended(conn, at(15)).unwrap(), 1, "{backend}: only the job that ended before");
    assert_eq!(purge_ended(conn, at(100)).unwrap(), 1);
    assert!(find_job(conn, &waiting.id).unwrap().is_some());
}

fn uuid_version(id: &str) -> Option<usize> {
    uuid::Uuid::parse_str(id).ok().map(|u| u.get_version_num())
}

fn not_due_yet_is_not_claimed(backend: &str, db: &TestDatabase) {
    let conn = &mut db.db.conn().unwrap();
    let later = enqueue(conn, &NewJob { run_at: Some(at(3600)), ..NewJob::new("forecasting", "f") }, t0()).unwrap();
    assert_eq!(later.run_at, at(3600));
    assert_eq!(claim_next(conn, &["forecasting"], "w", t0()).unwrap(), None, "{backend}: not due yet");
    assert_eq!(claim_next(conn, &["forecasting"], "w", at(3599)).unwrap(), None, "{backend}: still not due");
    assert_eq!(find_job(conn, &later.id).unwrap().unwrap().status, JobStatus::Queued);

    // Oldest due first: by run_at, then by creation.
    let b = enqueue(conn, &NewJob { run_at: Some(at(-10)), ..NewJob::new("forecasting", "b") }, at(1)).unwrap();
    let a = enqueue(conn, &NewJob { run_at: Some(at(-20)), ..NewJob::new("forecasting", "a") }, at(2)).unwrap();
    let c = enqueue(conn, &NewJob { run_at: Some(at(-10)), ..NewJob::new("forecasting", "c") }, at(3)).unwrap();
    let order: Vec<String> = (0..3).map(|_| claim_next(conn, &["forecasting"], "w", at(60)).unwrap().unwrap().id).collect();
    assert_eq!(order, [a.id, b.id, c.id], "{backend}");
    assert_eq!(claim_next(conn, &["forecasting"], "w", at(60)).unwrap(), None);
    assert_eq!(claim_next(conn, &["forecasting"], "w", at(3600)).unwrap().map(|j| j.id), Some(later.id), "{backend}: due now");
}

fn queues_are_respected(backend: &str, db: &TestDatabase) {
    let conn = &mut db.db.conn().unwrap();
    let forecast = enqueue(conn, &NewJob::new("forecasting", "f"), t0()).unwrap();
    assert_eq!(claim_next(conn, &["scheduling"], "w", at(1)).unwrap(), None, "{backend}: other queue");
    assert_eq!(claim_next(conn, &[], "w", at(1)).unwrap(), None, "{backend}: no queues, no job");
    let ingest = enqueue(conn, &NewJob::new("ingestion", "save"), at(2)).unwrap();
    assert_eq!(claim_next(conn, &["ingestion"], "w", at(3)).unwrap().map(|j| j.id), Some(ingest.id));
    assert_eq!(claim_next(conn, &["scheduling", "forecasting"], "w", at(3)).unwrap().map(|j| (j.id, j.queue)), Some((forecast.id, "forecasting".to_owned())));
    assert_eq!(claim_next(conn, &["scheduling", "forecasting", "ingestion"], "w", at(3)).unwrap(), None, "{backend}");
}

fn expired_leases_are_requeued_then_failed(backend: &str, db: &TestDatabase) {
    let conn = &mut db.db.conn().unwrap();
    let job = enqueue(conn, &NewJob { timeout_s: 60, ..NewJob::new("scheduling", "f") }, t0()).unwrap();
    let first = claim_next(conn, &["scheduling"], "lost-worker", at(0)).unwrap().unwrap();
    assert_eq!(first.locked_until, Some(at(60)));
    assert_eq!(requeue_expired(conn, at(30), 2).unwrap(), 0, "{backend}: lease still running");
    assert_eq!(requeue_expired(conn, at(60), 2).unwrap(), 0, "{backend}: not expired at its end");

    assert_eq!(requeue_expired(conn, at(61), 2).unwrap(), 1, "{backend}: worker died, job back in the queue");
    let requeued = find_job(conn, &job.id).unwrap().unwrap();
    assert_eq!(requeued.status, JobStatus::Queued);
    assert_eq!((requeued.attempts, requeued.locked_by.as_deref(), requeued.locked_until, requeued.started_at), (1, None, None, None));
    assert_eq!(requeue_expired(conn, at(62), 2).unwrap(), 0, "{backend}: nothing left to release");

    let second = claim_next(conn, &["scheduling"], "worker-2", at(70)).unwrap().unwrap();
    assert_eq!((second.id.as_str(), second.attempts, second.locked_until), (job.id.as_str(), 2, Some(at(130))));
    assert!(!heartbeat(conn, &job.id, "lost-worker", at(1000)).unwrap(), "{backend}: the lost worker's lease is gone");
    assert_eq!(requeue_expired(conn, at(131), 2).unwrap(), 1, "{backend}: second worker died too");
    let failed = find_job(conn, &job.id).unwrap().unwrap();
    assert_eq!(failed.status, JobStatus::Failed, "{backend}: max attempts used, never stuck in STARTED");
    let error = failed.error.clone().unwrap_or_default();
    assert!(error.starts_with("WorkerLost: ") && error.contains("worker-2") && error.contains("stopped responding"), "{backend}: {error}");
    assert_eq!((failed.finished_at, failed.locked_until), (Some(at(131)), None));
    assert!(failed.status_description().starts_with("Scheduling job failed with WorkerLost: worker worker-2 stopped responding"), "{}", failed.status_description());
    assert_eq!(claim_next(conn, &["scheduling"], "w", at(200)).unwrap(), None);

    // A heartbeat keeps the lease alive.
    let alive = enqueue(conn, &NewJob { timeout_s: 60, ..NewJob::new("scheduling", "f") }, at(300)).unwrap();
    claim_next(conn, &["scheduling"], "busy", at(300)).unwrap().unwrap();
    assert!(heartbeat(conn, &alive.id, "busy", at(1000)).unwrap());
    assert_eq!(requeue_expired(conn, at(500), 3).unwrap(), 0, "{backend}: lease extended");
    assert_eq!(find_job(conn, &alive.id).unwrap().unwrap().status, JobStatus::Started);
    assert_eq!(requeue_expired(conn, at(1001), 1).unwrap(), 1, "{backend}: max_attempts 1 fails at once");
    assert_eq!(find_job(conn, &alive.id).unwrap().unwrap().status, JobStatus::Failed);
}

fn clear_queue_and_counts(backend: &str, db: &TestDatabase) {
    let conn = &mut db.db.conn().unwrap();
    assert!(queue_counts(conn).unwrap().is_empty());
    for i in 0..3 {
        enqueue(conn, &NewJob::new("scheduling", "s"), at(i)).unwrap();
    }
    for i in 0..2 {
        enqueue(conn, &NewJob::new("forecasting", "f"), at(i)).unwrap();
    }
    let running = claim_next(conn, &["scheduling"], "w", at(10)).unwrap().unwrap();
    let done = claim_next(conn, &["scheduling"], "w", at(10)).unwrap().unwrap();
    finish(conn, &done.id, "true", at(11)).unwrap();
    let counts = |conn: &mut fm_storage::DbConnection| -> Vec<(String, JobStatus, i64)> { queue_counts(conn).unwrap() };
    assert_eq!(
        counts(conn),
        [
            ("forecasting".to_owned(), JobStatus::Queued, 2),
            ("scheduling".to_owned(), JobStatus::Queued, 1),
            ("scheduling".to_owned(), JobStatus::Started, 1),
            ("scheduling".to_owned(), JobStatus::Finished, 1),
        ],
        "{backend}"
    );
    assert_eq!(clear_queue(conn, "scheduling").unwrap(), 1, "{backend}: only the queued job");
    assert_eq!(clear_queue(conn, "scheduling").unwrap(), 0);
    assert_eq!(clear_queue(conn, "nonexistent").unwrap(), 0);
    assert_eq!(find_job(conn, &running.id).unwrap().unwrap().status, JobStatus::Started, "{backend}: running job kept");
    assert_eq!(
        counts(conn),
        [
            ("forecasting".to_owned(), JobStatus::Queued, 2),
            ("scheduling".to_owned(), JobStatus::Started, 1),
            ("scheduling".to_owned(), JobStatus::Finished, 1),
        ]
    );
    assert_eq!(clear_queue(conn, "forecasting").unwrap(), 2);
    assert_eq!(claim_next(conn, &["scheduling", "forecasting"], "w", at(20)).unwrap(), None, "{backend}: cleared jobs are gone");
}

/// Four workers, each with its own pooled connection, take 200 jobs until none is left: every
/// job is claimed exactly once and ends FINISHED.
fn concurrent_workers_claim_each_job_once(backend: &str, db: &TestDatabase) {
    const JOBS: usize = 200;
    const WORKERS: usize = 4;
    let mut enqueued = HashSet::new();
    {
        let conn = &mut db.db.conn().unwrap();
        for i in 0..JOBS {
            let payload = format!(r#"{{"n": {i}}}"#);
            let job = enqueue(conn, &NewJob { payload: &payload, ..NewJob::new("scheduling", "make_schedule") }, at(-(i as i64))).unwrap();
            enqueued.insert(job.id);
        }
    } // the pool holds at most 4 connections: one per worker
    let started = std::time::Instant::now();
    let handles: Vec<_> = (0..WORKERS)
        .map(|w| {
            let pool = db.db.clone();
            std::thread::spawn(move || -> Vec<Job> {
                let mut conn = pool.conn().unwrap();
                let name = format!("worker-{w}");
                let mut claimed = Vec::new();
                while let Some(job) = claim_next(&mut conn, &["scheduling"], &name, at(1)).unwrap() {
                    assert_eq!((job.status, job.locked_by.as_deref(), job.attempts), (JobStatus::Started, Some(name.as_str()), 1));
                    finish(&mut conn, &job.id, r#""done""#, at(2)).unwrap();
                    claimed.push(job);
                }
                claimed
            })
        })
        .collect();
    let per_worker: Vec<Vec<Job>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let elapsed = started.elapsed();
    let total: usize = per_worker.iter().map(Vec::len).sum();
    let ids: HashSet<String> = per_worker.iter().flatten().map(|j| j.id.clone()).collect();
    eprintln!("{backend}: {WORKERS} workers claimed {total} jobs in {elapsed:?}, split {:?}", per_worker.iter().map(Vec::len).collect::<Vec<_>>());
    assert_eq!(total, JOBS, "{backend}: claims in total");
    assert_eq!(ids.len(), JOBS, "{backend}: distinct jobs claimed (none twice)");
    assert_eq!(ids, enqueued, "{backend}: exactly the enqueued jobs");
    let conn = &mut db.db.conn().unwrap();
    assert_eq!(queue_counts(conn).unwrap(), [("scheduling".to_owned(), JobStatus::Finished, JOBS as i64)], "{backend}");
    for id in &ids {
        let job = find_job(conn, id).unwrap().unwrap();
        assert_eq!((job.status, job.attempts, job.result.as_deref()), (JobStatus::Finished, 1, Some(r#""done""#)), "{backend}: {id}");
    }
}

#[test]
fn a_chosen_id_names_the_job_and_replaces_an_earlier_one() {
    for (_, db) in TestDatabase::all() {
        let conn = &mut db.db.conn().unwrap();
        let id = "ea1.2018-06.localhost:fm0.1:5:204:soc-with-targets";
        let first = enqueue(conn, &NewJob { id: Some(id), payload: r#"{"n": 1}"#, ..NewJob::new("scheduling", "make_schedule") }, t0()).unwrap();
        assert_eq!(first.id, id);
        enqueue(conn, &NewJob { id: Some(id), payload: r#"{"n": 2}"#, ..NewJob::new("scheduling", "make_schedule") }, at(5)).unwrap();
        assert_eq!(find_job(conn, id).unwrap().unwrap().payload, r#"{"n": 2}"#);
        let long = "x".repeat(256);
        assert!(matches!(enqueue(conn, &NewJob { id: Some(&long), ..NewJob::new("scheduling", "f") }, t0()), Err(StorageError::Invalid(_))));
    }
}
