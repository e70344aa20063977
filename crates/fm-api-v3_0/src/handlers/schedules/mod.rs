//! Schedules: `POST /sensors/<id>/schedules/trigger` queues a scheduling job,
//! `GET /sensors/<id>/schedules/<uuid>` answers its state or the schedule.
//!
//! The trigger takes two body forms. The v0.9.0 message (flat `soc-*` fields, [`legacy`]) is
//! answered as v0.9.0 did: `200 {"status": "PROCESSED", "schedule": <uuid>, "message"}`. The
//! 1.0-era body (`flex-model` / `flex-context` / `duration`, [`flex`]) is answered as the
//! newer versions do: `202 {"status": "ACCEPTED", "job", "job-url", "results-url",
//! "schedule"}`. Which form a body is: [`flex::is_flex_form`]. Both kinds of job are fetched
//! with the same GET; a 1.0-era schedule also names its scheduler (`scheduler_info`).

mod flex;
mod flex_fields;
mod legacy;
mod quantity;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use fm_api_common::usef::Usef;
use fm_api_common::validation::{FieldErrors, json_object};
use fm_api_common::{ApiError, AppState, CurrentUser, with_db};
use fm_auth::policy::Permission;
use fm_domain::scheduling::{HEAD_SCHEDULER_SOURCE, SCHEDULING_FUNC, SCHEDULING_QUEUE, SchedulingJob};
use fm_domain::time::{IsoDuration, format_iso_datetime, format_timedelta_hours};
use fm_storage::Ts;
use fm_storage::beliefs::{BeliefQuery, search_beliefs};
use fm_storage::jobs::{JobStatus, NewJob, enqueue, find_job};
use serde_json::{Value, json};

use self::legacy::{read_trigger, usef};

use crate::access::{require, sensor_context};
use crate::query::QueryParams;

pub use fm_domain::scheduling::PLANNING_HORIZON;

/// `POST /sensors/<id>/schedules/trigger`.
pub async fn trigger(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let sensor_id = path.into_inner();
    let received = Utc::now();
    let message = json_object(&body, "json")?;
    let actor = user.actor;
    let flex_form = flex::is_flex_form(&message);
    let job_id = with_db(&state, move |conn| {
        let (sensor, asset) = fm_storage::sensors::find_sensor_with_asset(conn, sensor_id).map_err(|_| ApiError::not_found(format!("Sensor {sensor_id} not found.")))?;
        let job = if flex_form {
            require(&actor, &sensor_context(conn, &asset)?, Permission::CreateChildren)?;
            flex::read_flex_trigger(conn, &actor, &sensor, &asset, &message, received)?
        } else {
            let job = read_trigger(sensor_id, &message, received)?;
            require(&actor, &sensor_context(conn, &asset)?, Permission::CreateChildren)?;
            job
        };
        let payload = serde_json::to_string(&job).map_err(|e| ApiError::Internal(e.to_string()))?;
        let mut new = NewJob::new(SCHEDULING_QUEUE, SCHEDULING_FUNC);
        new.payload = &payload;
        new.sensor_id = Some(sensor_id);
        Ok(enqueue(conn, &new, Ts(received))?.id)
    })
    .await?;
    state.job_waker.notify();
    if flex_form {
        return Ok(HttpResponse::Accepted().json(json!({
            "status": "ACCEPTED",
            "message": "Request has been accepted for processing.",
            "job": job_id,
            "job-url": format!("/api/v3_0/jobs/{job_id}"),
            "results-url": format!("/api/v3_0/sensors/{sensor_id}/schedules/{job_id}"),
            "schedule": job_id,
        })));
    }
    let mut body = Usef::Processed.body(&[]);
    if let Some(map) = body.as_object_mut() {
        map.insert("schedule".to_owned(), json!(job_id));
    }
    Ok(HttpResponse::Ok().json(body))
}

/// `GET /sensors/<id>/schedules/<uuid>[?duration=PT6H]`.
pub async fn get(req: HttpRequest, path: web::Path<(i32, String)>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (sensor_id, job_id) = path.into_inner();
    let params = QueryParams::of(&req);
    let duration = match params.get("duration", None) {
        None => TimeDelta::hours(6),
        Some(text) => IsoDuration::parse(text)
            .ok()
            .and_then(|d| d.to_timedelta())
            .filter(|d| *d > TimeDelta::zero())
            .ok_or_else(|| FieldErrors::single("query", "duration", format!("Cannot parse {text} as ISO8601 duration.")))?,
    };
    let actor = user.actor;
    let body = with_db(&state, move |conn| {
        let (sensor, asset) = fm_storage::sensors::find_sensor_with_asset(conn, sensor_id).map_err(|_| ApiError::not_found(format!("Sensor {sensor_id} not found.")))?;
        require(&actor, &sensor_context(conn, &asset)?, Permission::Read)?;
        let unknown = || usef(Usef::UnrecognizedUdiEvent, format!("The requested UDI event (id = {job_id}, type = job) is not known."));
        let job = find_job(conn, &job_id)?.filter(|j| j.sensor_id == Some(sensor_id)).ok_or_else(unknown)?;
        let no_schedule = |why: String| usef(Usef::UnknownSchedule, why);
        match job.status {
            JobStatus::Queued => return Err(no_schedule("Scheduling job waiting to be processed.".to_owned())),
            JobStatus::Started => return Err(no_schedule("Scheduling job in progress.".to_owned())),
            JobStatus::Failed => return Err(no_schedule(format!("Scheduling job failed with {}", job.error.clone().unwrap_or_default()))),
            JobStatus::Finished => {}
        }
        let args: SchedulingJob = serde_json::from_str(&job.payload).map_err(|e| ApiError::Internal(e.to_string()))?;
        let head = args.flex.is_some();
        let (name, kind, model, version) = HEAD_SCHEDULER_SOURCE;
        let source = if head {
            fm_storage::data_sources::get_or_create_source(conn, name, kind, Some(model), Some(version))
        } else {
            fm_storage::data_sources::get_or_create_source(conn, "Seita", "scheduling script", None, None)
        };
        let Some((source, _)) = source.ok() else {
            return Err(no_schedule("A scheduling job has been processed with your job ID, but no data is known from \"Seita\".".to_owned()));
        };
        let horizon = duration.min(PLANNING_HORIZON);
        let query = BeliefQuery {
            starts_from: Some(Ts(args.start)),
            starts_before: Some(Ts(args.start + horizon)),
            source_ids: Some(vec![source.id]),
            ..Default::default()
        };
        let rows: Vec<_> = search_beliefs(conn, sensor.id, &query)?.iter().map(fm_storage::beliefs::BeliefRow::to_belief).collect();
        let latest = fm_domain::beliefs::most_recent_beliefs(&rows);
        let consumption_positive = head && serde_json::from_str::<Value>(&sensor.attributes).ok().and_then(|a| a.get("consumption_is_positive").and_then(Value::as_bool)).unwrap_or(false);
        let sign = if consumption_positive { 1.0 } else { -1.0 };
        let mut events: Vec<(DateTime<Utc>, f64)> = latest.iter().map(|b| (b.event_start, sign * b.event_value + 0.0)).collect();
        events.sort_by_key(|(t, _)| *t);
        let (Some(first), Some(last)) = (events.first().map(|e| e.0), events.last().map(|e| e.0)) else {
            return Err(no_schedule("A scheduling job has been processed with your job ID, but the schedule was not found in the database.".to_owned()));
        };
        let resolution = TimeDelta::seconds(sensor.event_resolution_s);
        let duration = duration.min(last + resolution - first);
        let values: Vec<f64> = events.iter().filter(|(t, _)| *t < first + duration).map(|(_, v)| *v).collect();
        let mut body = Usef::Processed.body(&[]);
        if let Some(map) = body.as_object_mut() {
            map.insert("values".to_owned(), json!(values));
            map.insert("start".to_owned(), json!(format_iso_datetime(&first)));
            map.insert("duration".to_owned(), json!(format_timedelta_hours(duration)));
            map.insert("unit".to_owned(), json!(sensor.unit));
            if head {
                map.insert("scheduler_info".to_owned(), json!({"scheduler": model}));
                map.insert("message".to_owned(), json!(format!("Request has been processed. {model} was used.")));
            }
        }
        Ok(body)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
