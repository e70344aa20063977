//! Schedules (the v0.9.0 message form): `POST /sensors/<id>/schedules/trigger` queues a
//! scheduling job, `GET /sensors/<id>/schedules/<uuid>` answers its state or the schedule.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use fm_api_common::usef::Usef;
use fm_api_common::validation::{FieldErrors, json_object};
use fm_api_common::{ApiError, AppState, CurrentUser, with_db};
use fm_auth::policy::Permission;
use fm_domain::scheduling::{SCHEDULING_FUNC, SCHEDULING_QUEUE, SchedulingJob};
use fm_domain::time::{IsoDuration, format_iso_datetime, format_timedelta_hours, parse_aware_datetime_v3};
use fm_storage::Ts;
use fm_storage::beliefs::{BeliefQuery, search_beliefs};
use fm_storage::jobs::{JobStatus, NewJob, enqueue, find_job};
use serde_json::{Map, Value, json};

use crate::access::{require, sensor_context};
use crate::query::QueryParams;

pub use fm_domain::scheduling::PLANNING_HORIZON;

fn usef(kind: Usef, extra: impl Into<String>) -> ApiError {
    ApiError::Usef(kind, vec![extra.into()])
}

fn number(message: &Map<String, Value>, key: &str) -> Result<Option<f64>, ApiError> {
    match message.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_f64().filter(|f| f.is_finite()).map(Some).ok_or_else(|| usef(Usef::PtusIncomplete, "Request includes empty or ill-formatted value(s).")),
    }
}

fn aware(text: Option<&Value>, what: &str) -> Result<DateTime<Utc>, ApiError> {
    let text = text.and_then(Value::as_str).ok_or_else(|| usef(Usef::InvalidDatetime, format!("{what} missing datetime parameter.")))?;
    match parse_aware_datetime_v3(text) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
        Err(e) if e.is_naive() => Err(usef(Usef::InvalidTimezone, format!("{what} should explicitly state a timezone."))),
        Err(_) => Err(usef(Usef::InvalidDatetime, format!("{what} cannot be parsed: {text}."))),
    }
}

/// Reads the trigger message into a job (SoC values converted to MWh).
fn read_trigger(sensor_id: i32, message: &Map<String, Value>, received: DateTime<Utc>) -> Result<SchedulingJob, ApiError> {
    let start = aware(message.get("start"), "Start time")?;
    let end = start + PLANNING_HORIZON;
    let to_mwh = match message.get("soc-unit").and_then(Value::as_str) {
        None | Some("MWh") => 1.0,
        Some("kWh") => 0.001,
        Some(other) => return Err(FieldErrors::single("json", "soc-unit", format!("Must be one of: kWh, MWh (got {other})."))),
    };
    let soc_at_start = number(message, "soc-at-start")?.ok_or_else(|| usef(Usef::PtusIncomplete, "Missing 'soc-at-start' value."))? * to_mwh;
    let mut soc_targets = Vec::new();
    for target in message.get("soc-targets").and_then(Value::as_array).into_iter().flatten() {
        let value = match target.get("value") {
            None => return Err(usef(Usef::PtusIncomplete, "Target missing 'value' parameter.")),
            Some(v) => v.as_f64().ok_or_else(|| usef(Usef::PtusIncomplete, "Request includes empty or ill-formatted value(s)."))?,
        };
        let at = aware(target.get("datetime"), "Target")?;
        if at > end {
            return Err(usef(Usef::InvalidDatetime, format!("Target datetime exceeds {}. Maximum scheduling horizon is {}.", format_iso_datetime(&end), format_timedelta_hours(PLANNING_HORIZON))));
        }
        soc_targets.push((at, value * to_mwh));
    }
    let roundtrip_efficiency = match message.get("roundtrip-efficiency") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().ends_with('%') => s.trim().trim_end_matches('%').trim().parse::<f64>().ok().map(|p| p / 100.0),
        Some(v) => v.as_f64(),
    };
    if roundtrip_efficiency.is_some_and(|e| !(e > 0.0 && e <= 1.0)) || (message.contains_key("roundtrip-efficiency") && roundtrip_efficiency.is_none() && !message["roundtrip-efficiency"].is_null()) {
        return Err(FieldErrors::single("json", "roundtrip-efficiency", "Must be a ratio or a percentage within (0, 1]."));
    }
    let belief_time = match message.get("prior") {
        None | Some(Value::Null) => received,
        prior => aware(prior, "Prior")?,
    };
    let price_sensor_id = message
        .get("consumption-price-sensor")
        .or_else(|| message.get("flex-context").and_then(|c| c.get("consumption-price-sensor")))
        .and_then(Value::as_i64)
        .and_then(|id| i32::try_from(id).ok());
    Ok(SchedulingJob {
        sensor_id,
        start,
        end,
        belief_time,
        soc_at_start,
        soc_min: number(message, "soc-min")?.map(|v| v * to_mwh),
        soc_max: number(message, "soc-max")?.map(|v| v * to_mwh),
        soc_targets,
        roundtrip_efficiency,
        price_sensor_id,
    })
}

/// `POST /sensors/<id>/schedules/trigger`.
pub async fn trigger(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let sensor_id = path.into_inner();
    let received = Utc::now();
    let message = json_object(&body, "json")?;
    let actor = user.actor;
    let job_id = with_db(&state, move |conn| {
        let (_, asset) = fm_storage::sensors::find_sensor_with_asset(conn, sensor_id).map_err(|_| ApiError::not_found(format!("Sensor {sensor_id} not found.")))?;
        let job = read_trigger(sensor_id, &message, received)?;
        require(&actor, &sensor_context(conn, &asset)?, Permission::CreateChildren)?;
        let payload = serde_json::to_string(&job).map_err(|e| ApiError::Internal(e.to_string()))?;
        let mut new = NewJob::new(SCHEDULING_QUEUE, SCHEDULING_FUNC);
        new.payload = &payload;
        new.sensor_id = Some(sensor_id);
        Ok(enqueue(conn, &new, Ts(received))?.id)
    })
    .await?;
    state.job_waker.notify();
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
        let Some((source, _)) = fm_storage::data_sources::get_or_create_source(conn, "Seita", "scheduling script", None, None).ok() else {
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
        let mut events: Vec<(DateTime<Utc>, f64)> = latest.iter().map(|b| (b.event_start, -b.event_value)).collect();
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
        }
        Ok(body)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
