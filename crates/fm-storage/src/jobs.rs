//! The job queue: background work (scheduling, forecasting, ingestion) kept in the `jobs` table.
//!
//! This replaces the original's Redis queue (RQ) with the database both backends already have.
//! A job's life: [`enqueue`] (status `QUEUED`) → a worker's [`claim_next`] (`STARTED`, leased to
//! that worker until `locked_until`) → [`finish`] (`FINISHED`, with its result) or [`fail`]
//! (`FAILED`, with its error). The job runs *outside* the claim's transaction; a long job extends
//! its lease with [`heartbeat`]. When a worker dies, its lease runs out and [`requeue_expired`]
//! puts the job back in the queue, or fails it once it has used up its attempts, so no job stays
//! `STARTED` for ever.
//!
//! Claiming is atomic on both backends, so no job is ever claimed twice:
//! - PostgreSQL: in a transaction, `SELECT … FOR UPDATE SKIP LOCKED` picks the oldest due job
//!   that no other worker is claiming, then an `UPDATE` marks it `STARTED`. Concurrent workers
//!   skip each other's rows instead of waiting for them.
//! - SQLite: the same select and update inside `BEGIN IMMEDIATE` ([`write_transaction`]), which
//!   takes the database's write lock first, so claims are serialised (the busy timeout makes
//!   the others wait).
//!
//! Payload, meta and result are JSON text (checked to parse); times are passed in by the caller
//! (`now`), so tests and workers agree on one clock.
//!
//! [`write_transaction`]: crate::write_transaction

use std::fmt;
use std::str::FromStr;

use diesel::prelude::*;

use crate::schema::jobs;
use crate::{DbConnection, StorageError, StorageResult, Ts};

/// RQ's default run-time limit, used when a job does not set its own: 180 seconds.
pub const DEFAULT_TIMEOUT_S: i32 = 180;

/// Longest queue name the `jobs.queue` column holds.
pub const MAX_QUEUE_LEN: usize = 40;
/// Longest function name the `jobs.func` column holds.
pub const MAX_FUNC_LEN: usize = 80;
/// Longest chosen job id (UDI-event jobs are named by their event address).
pub const MAX_ID_LEN: usize = 255;
/// Longest worker name the `jobs.locked_by` column holds.
pub const MAX_WORKER_LEN: usize = 120;

/// The exception type recorded (as `WorkerLost: …`) for jobs whose worker stopped responding.
pub const WORKER_LOST: &str = "WorkerLost";

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobStatus {
    /// Waiting in its queue for a worker.
    Queued,
    /// A worker has claimed it and is running it.
    Started,
    /// It returned normally; its result is stored.
    Finished,
    /// It raised an error, timed out, or its worker was lost; its error is stored.
    Failed,
}

impl JobStatus {
    /// All statuses, in life-cycle order.
    pub const ALL: [JobStatus; 4] = [JobStatus::Queued, JobStatus::Started, JobStatus::Finished, JobStatus::Failed];

    /// The stored (and API) form: `QUEUED`, `STARTED`, `FINISHED` or `FAILED`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "QUEUED",
            JobStatus::Started => "STARTED",
            JobStatus::Finished => "FINISHED",
            JobStatus::Failed => "FAILED",
        }
    }

    /// The status named by `text` (upper case, as stored), if it is one.
    pub fn parse(text: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status text that is not one of [`JobStatus`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job status '{0}'")]
pub struct UnknownJobStatus(pub String);

impl FromStr for JobStatus {
    type Err = UnknownJobStatus;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        JobStatus::parse(text).ok_or_else(|| UnknownJobStatus(text.to_owned()))
    }
}

impl TryFrom<String> for JobStatus {
    type Error = UnknownJobStatus;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        JobStatus::parse(&text).ok_or(UnknownJobStatus(text))
    }
}

/// A `jobs` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = jobs)]
pub struct Job {
    /// Job id: a UUID4 string, or the id chosen at enqueueing.
    pub id: String,
    /// Queue name, e.g. `scheduling`, `forecasting`, `ingestion`.
    pub queue: String,
    /// Name of the function the worker runs.
    pub func: String,
    /// Where the job is in its life.
    #[diesel(deserialize_as = String)]
    pub status: JobStatus,
    /// The function's arguments (JSON text).
    pub payload: String,
    /// The function's return value (JSON text), once finished.
    pub result: Option<String>,
    /// Why it failed, once failed (`<ExceptionType>: <message>` by convention).
    pub error: Option<String>,
    /// Extra information for the API (JSON object text).
    pub meta: String,
    /// The sensor the job is about, if any.
    pub sensor_id: Option<i32>,
    /// The asset the job is about, if any.
    pub asset_id: Option<i32>,
    /// How many times a worker has claimed it.
    pub attempts: i32,
    /// Run-time limit in seconds: the lease a claim grants.
    pub timeout_s: i32,
    /// The worker holding (or last holding) it.
    pub locked_by: Option<String>,
    /// When the current worker's lease runs out.
    pub locked_until: Option<Ts>,
    /// Not to be claimed before this time.
    pub run_at: Ts,
    /// When it was enqueued.
    pub created_at: Ts,
    /// When the last claim started it.
    pub started_at: Option<Ts>,
    /// When it finished or failed.
    pub finished_at: Option<Ts>,
}

impl Job {
    /// The human description of the job's status (API §1.10), e.g. "Scheduling job in progress.".
    ///
    /// A failed job's reason is the last non-empty line of its error, without a trailing period.
    pub fn status_description(&self) -> String {
        let queue = capitalised(&self.queue);
        match self.status {
            JobStatus::Queued => format!("{queue} job waiting to be processed."),
            JobStatus::Started => format!("{queue} job in progress."),
            JobStatus::Finished => format!("{queue} job has finished."),
            JobStatus::Failed => {
                let reason = self
                    .error
                    .as_deref()
                    .and_then(|e| e.lines().map(str::trim).rfind(|l| !l.is_empty()))
                    .map(|l| l.trim_end_matches('.'))
                    .filter(|l| !l.is_empty());
                match reason {
                    Some(reason) => format!("{queue} job failed with {reason}."),
                    None => format!("{queue} job failed, but no exception information was stored."),
                }
            }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What is needed to enqueue a job. Start from [`NewJob::new`] for the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob<'a> {
    /// Queue name (at most [`MAX_QUEUE_LEN`] characters).
    pub queue: &'a str,
    /// Function name (at most [`MAX_FUNC_LEN`] characters).
    pub func: &'a str,
    /// The function's arguments (JSON text).
    pub payload: &'a str,
    /// Extra information for the API (JSON text).
    pub meta: &'a str,
    /// The sensor the job is about, if any.
    pub sensor_id: Option<i32>,
    /// The asset the job is about, if any.
    pub asset_id: Option<i32>,
    /// Run-time limit in seconds (positive).
    pub timeout_s: i32,
    /// Not to be claimed before this time; `None`: as soon as it is enqueued.
    pub run_at: Option<Ts>,
    /// A chosen id (at most [`MAX_ID_LEN`] characters; a job with that id is replaced);
    /// `None`: a new UUID4.
    pub id: Option<&'a str>,
}

impl<'a> NewJob<'a> {
    /// A job running `func` on `queue`, with an empty payload and meta (`{}`), no sensor or
    /// asset, the default timeout, due at once.
    pub fn new(queue: &'a str, func: &'a str) -> NewJob<'a> {
        NewJob { queue, func, payload: "{}", meta: "{}", sensor_id: None, asset_id: None, timeout_s: DEFAULT_TIMEOUT_S, run_at: None, id: None }
    }
}

fn check_len(what: &str, text: &str, max: usize) -> StorageResult<()> {
    let n = text.chars().count();
    if n == 0 || n > max {
        return Err(StorageError::Invalid(format!("The {what} must have 1 to {max} characters, not {n}.")));
    }
    Ok(())
}

fn check_json(what: &str, text: &str) -> StorageResult<()> {
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| StorageError::Invalid(format!("The job {what} is not valid JSON: {e}")))
}

/// `t` plus `seconds`, saturating at the latest representable instant.
fn plus_seconds(t: Ts, seconds: i32) -> Ts {
    Ts(t.0.checked_add_signed(chrono::TimeDelta::seconds(i64::from(seconds))).unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC))
}

/// Enqueues a job with a fresh UUID4 id (or the chosen one), status `QUEUED`, created at `now` (and due at `now`
/// unless `run_at` says later).
///
/// Refuses ([`StorageError::Invalid`]) empty or over-long queue/function names, payload or meta
/// that is not JSON, and a timeout that is not positive.
pub fn enqueue(conn: &mut DbConnection, new: &NewJob<'_>, now: Ts) -> StorageResult<Job> {
    check_len("queue name", new.queue, MAX_QUEUE_LEN)?;
    check_len("function name", new.func, MAX_FUNC_LEN)?;
    check_json("payload", new.payload)?;
    check_json("meta", new.meta)?;
    if new.timeout_s <= 0 {
        return Err(StorageError::Invalid(format!("The job timeout must be positive, not {} s.", new.timeout_s)));
    }
    let id = match new.id {
        Some(chosen) => {
            check_len("job id", chosen, MAX_ID_LEN)?;
            diesel::delete(jobs::table.find(chosen)).execute(conn)?;
            chosen.to_owned()
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let job = diesel::insert_into(jobs::table)
        .values((
            jobs::id.eq(&id),
            jobs::queue.eq(new.queue),
            jobs::func.eq(new.func),
            jobs::status.eq(JobStatus::Queued.as_str()),
            jobs::payload.eq(new.payload),
            jobs::meta.eq(new.meta),
            jobs::sensor_id.eq(new.sensor_id),
            jobs::asset_id.eq(new.asset_id),
            jobs::attempts.eq(0),
            jobs::timeout_s.eq(new.timeout_s),
            jobs::run_at.eq(new.run_at.unwrap_or(now)),
            jobs::created_at.eq(now),
        ))
        .returning(jobs::all_columns)
        .get_result(conn)?;
    Ok(job)
}

/// Atomically takes the oldest due job (`run_at <= now`, then oldest created) of `queues` that
/// is `QUEUED`, and starts it for `worker`: status `STARTED`, `locked_by = worker`,
/// `started_at = now`, `locked_until = now + timeout`, one more attempt.
///
/// `None` when no job of those queues is due (an empty `queues` claims nothing). No job is
/// ever handed to two callers: on PostgreSQL the row is taken with `FOR UPDATE SKIP LOCKED`,
/// on SQLite the claim holds the write lock (`BEGIN IMMEDIATE`).
pub fn claim_next(conn: &mut DbConnection, queues: &[&str], worker: &str, now: Ts) -> StorageResult<Option<Job>> {
    if queues.is_empty() {
        return Ok(None);
    }
    check_len("worker name", worker, MAX_WORKER_LEN)?;
    crate::write_transaction(conn, |conn| {
        let due = || {
            jobs::table
                .select((jobs::id, jobs::timeout_s))
                .filter(jobs::status.eq(JobStatus::Queued.as_str()))
                .filter(jobs::queue.eq_any(queues.iter().copied()))
                .filter(jobs::run_at.le(now))
                .order((jobs::run_at, jobs::created_at, jobs::id))
                .limit(1)
        };
        let next: Option<(String, i32)> = match &mut *conn {
            DbConnection::Pg(c) => due().for_update().skip_locked().first(c).optional()?,
            DbConnection::Sqlite(c) => due().first(c).optional()?,
        };
        let Some((id, timeout_s)) = next else {
            return Ok(None);
        };
        let job = diesel::update(jobs::table.find(&id).filter(jobs::status.eq(JobStatus::Queued.as_str())))
            .set((
                jobs::status.eq(JobStatus::Started.as_str()),
                jobs::locked_by.eq(Some(worker)),
                jobs::locked_until.eq(Some(plus_seconds(now, timeout_s))),
                jobs::started_at.eq(Some(now)),
                jobs::attempts.eq(jobs::attempts + 1),
            ))
            .returning(jobs::all_columns)
            .get_result(conn)
            .optional()?;
        Ok(job)
    })
}

/// Why `id` could not change status: it does not exist, or it is in another status.
fn refused(conn: &mut DbConnection, id: &str, action: &str) -> StorageError {
    match find_job(conn, id) {
        Ok(Some(job)) => StorageError::Conflict(format!("Job {id} is {}, so it cannot be {action}.", job.status)),
        Ok(None) => StorageError::NotFound(format!("Job {id} not found.")),
        Err(e) => e,
    }
}

/// Marks a `STARTED` job `FINISHED` at `now`, storing its return value (JSON text) and ending
/// its lease.
///
/// [`StorageError::NotFound`] for an unknown id; [`StorageError::Conflict`] when the job is not
/// `STARTED` (e.g. it already finished, or it failed after its worker was presumed lost).
pub fn finish(conn: &mut DbConnection, id: &str, result_json: &str, now: Ts) -> StorageResult<Job> {
    check_json("result", result_json)?;
    let job = diesel::update(jobs::table.find(id).filter(jobs::status.eq(JobStatus::Started.as_str())))
        .set((
            jobs::status.eq(JobStatus::Finished.as_str()),
            jobs::result.eq(Some(result_json)),
            jobs::finished_at.eq(Some(now)),
            jobs::locked_until.eq(None::<Ts>),
        ))
        .returning(jobs::all_columns)
        .get_result(conn)
        .optional()?;
    job.ok_or_else(|| refused(conn, id, "marked finished"))
}

/// Marks a `STARTED` (or still `QUEUED`, e.g. discarded) job `FAILED` at `now`, storing why
/// (`<ExceptionType>: <message>` by convention) and ending its lease.
///
/// [`StorageError::NotFound`] for an unknown id; [`StorageError::Conflict`] when the job has
/// already finished or failed.
pub fn fail(conn: &mut DbConnection, id: &str, error_text: &str, now: Ts) -> StorageResult<Job> {
    let open = [JobStatus::Queued.as_str(), JobStatus::Started.as_str()];
    let job = diesel::update(jobs::table.find(id).filter(jobs::status.eq_any(open)))
        .set((
            jobs::status.eq(JobStatus::Failed.as_str()),
            jobs::error.eq(Some(error_text)),
            jobs::finished_at.eq(Some(now)),
            jobs::locked_until.eq(None::<Ts>),
        ))
        .returning(jobs::all_columns)
        .get_result(conn)
        .optional()?;
    job.ok_or_else(|| refused(conn, id, "marked failed"))
}

/// Extends `worker`'s lease on a `STARTED` job to `until`.
///
/// `false` when the worker no longer holds the job (it finished, failed, or was requeued after
/// its lease ran out and perhaps claimed by another worker): the worker should stop working on it.
pub fn heartbeat(conn: &mut DbConnection, id: &str, worker: &str, until: Ts) -> StorageResult<bool> {
    let updated = diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::status.eq(JobStatus::Started.as_str()))
            .filter(jobs::locked_by.eq(worker)),
    )
    .set(jobs::locked_until.eq(Some(until)))
    .execute(conn)?;
    Ok(updated > 0)
}

/// Releases the jobs whose worker stopped responding: `STARTED` jobs whose lease ran out before
/// `now` (or that have none). A job with fewer than `max_attempts` attempts goes back to
/// `QUEUED`; the others become `FAILED` with a [`WORKER_LOST`] error. Returns how many jobs
/// were released either way.
pub fn requeue_expired(conn: &mut DbConnection, now: Ts, max_attempts: i32) -> StorageResult<usize> {
    crate::write_transaction(conn, |conn| {
        let expired = || {
            jobs::table
                .filter(jobs::status.eq(JobStatus::Started.as_str()))
                .filter(jobs::locked_until.lt(now).or(jobs::locked_until.is_null()))
        };
        let stale: Vec<(String, Option<String>, Option<Ts>, i32)> =
            expired().select((jobs::id, jobs::locked_by, jobs::locked_until, jobs::attempts)).order(jobs::id).load(conn)?;
        let mut released = 0;
        for (id, worker, until, attempts) in stale {
            // Filtered again, so a heartbeat or a concurrent reaper in between wins.
            let target = expired().filter(jobs::id.eq(&id)).filter(jobs::attempts.eq(attempts));
            released += if attempts < max_attempts {
                diesel::update(target)
                    .set((
                        jobs::status.eq(JobStatus::Queued.as_str()),
                        jobs::locked_by.eq(None::<String>),
                        jobs::locked_until.eq(None::<Ts>),
                        jobs::started_at.eq(None::<Ts>),
                    ))
                    .execute(conn)?
            } else {
                let worker = worker.as_deref().unwrap_or("(unknown)");
                let lease = until.map_or_else(|| "it held no lease".to_owned(), |t| format!("its lease expired at {}", t.0.to_rfc3339()));
                let error = format!(
                    "{WORKER_LOST}: worker {worker} stopped responding ({lease}); the job was given up after {attempts} attempt(s)."
                );
                diesel::update(target)
                    .set((
                        jobs::status.eq(JobStatus::Failed.as_str()),
                        jobs::error.eq(Some(error)),
                        jobs::finished_at.eq(Some(now)),
                        jobs::locked_until.eq(None::<Ts>),
                    ))
                    .execute(conn)?
            };
        }
        Ok(released)
    })
}

/// The job with this id, if any.
pub fn find_job(conn: &mut DbConnection, id: &str) -> StorageResult<Option<Job>> {
    Ok(jobs::table.find(id).select(Job::as_select()).first(conn).optional()?)
}

/// Deletes the `QUEUED` jobs of `queue` (running and ended jobs stay); returns how many.
pub fn clear_queue(conn: &mut DbConnection, queue: &str) -> StorageResult<usize> {
    Ok(diesel::delete(jobs::table.filter(jobs::queue.eq(queue)).filter(jobs::status.eq(JobStatus::Queued.as_str()))).execute(conn)?)
}

/// Deletes finished and failed jobs that ended before `ended_before` (result retention);
/// returns how many.
pub fn purge_ended(conn: &mut DbConnection, ended_before: Ts) -> StorageResult<usize> {
    let ended = [JobStatus::Finished.as_str(), JobStatus::Failed.as_str()];
    Ok(diesel::delete(jobs::table.filter(jobs::status.eq_any(ended)).filter(jobs::finished_at.lt(ended_before))).execute(conn)?)
}

/// How many jobs each queue has in each status (only non-zero counts), ordered by queue, then
/// status in life-cycle order.
pub fn queue_counts(conn: &mut DbConnection) -> StorageResult<Vec<(String, JobStatus, i64)>> {
    let rows: Vec<(String, String, i64)> = jobs::table
        .group_by((jobs::queue, jobs::status))
        .select((jobs::queue, jobs::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = rows
        .into_iter()
        .map(|(queue, status, n)| {
            JobStatus::try_from(status).map(|s| (queue, s, n)).map_err(|e| StorageError::Invalid(e.to_string()))
        })
        .collect::<StorageResult<Vec<_>>>()?;
    counts.sort();
    Ok(counts)
}

/// The jobs about `sensor_id`, oldest first.
pub fn jobs_for_sensor(conn: &mut DbConnection, sensor_id: i32) -> StorageResult<Vec<Job>> {
    Ok(jobs::table
        .filter(jobs::sensor_id.eq(sensor_id))
        .order((jobs::created_at, jobs::id))
        .select(Job::as_select())
        .load(conn)?)
}

/// The jobs about `asset_id`, oldest first.
pub fn jobs_for_asset(conn: &mut DbConnection, asset_id: i32) -> StorageResult<Vec<Job>> {
    Ok(jobs::table
        .filter(jobs::asset_id.eq(asset_id))
        .order((jobs::created_at, jobs::id))
        .select(Job::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for s in JobStatus::ALL {
            assert_eq!(JobStatus::parse(s.as_str()), Some(s));
            assert_eq!(s.as_str().parse::<JobStatus>(), Ok(s));
            assert_eq!(JobStatus::try_from(s.to_string()), Ok(s));
        }
        assert_eq!(JobStatus::parse("queued"), None);
        assert_eq!("DEFERRED".parse::<JobStatus>(), Err(UnknownJobStatus("DEFERRED".to_owned())));
    }

    #[test]
    fn leases_saturate() {
        let t = Ts(chrono::DateTime::<chrono::Utc>::MAX_UTC);
        assert_eq!(plus_seconds(t, 60), t);
    }

    #[test]
    fn capitalises_queue_names() {
        assert_eq!(capitalised("scheduling"), "Scheduling");
        assert_eq!(capitalised(""), "");
    }
}
