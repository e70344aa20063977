//! getDeviceMessage (api-legacy-v1.md §8.9 and §8.12, api-v2_0.md §6.10): the schedule of a
//! device, asked for by the UDI event that reported its state of charge.
//!
//! The request reading and the response shape are shared by both generations; v1.3 (and v2.0)
//! reads the schedule its job stored ([`get_device_message`]); v1.2 computes it on request (in
//! the v1_2 crate).

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use fm_auth::Actor;
use fm_domain::scheduling::{PLANNING_HORIZON, SchedulingJob};
use fm_domain::time::{IsoDuration, format_iso_datetime_z, format_timedelta};
use fm_storage::DbConnection;
use fm_storage::beliefs::{BeliefQuery, BeliefRow, search_beliefs};
use fm_storage::data_sources::find_named_source;
use fm_storage::jobs::{JobStatus, find_job};
use fm_storage::Ts;
use serde_json::{Value, json};

use super::{Device, UdiEvent, UdiVersion};
use crate::usef::fields;
use crate::usef::services::UDI_ROLES;
use crate::usef::{Usef, open_message, typed};
use crate::{ApiError, AppState, with_db};

/// The schedule source of the platform.
pub const SCHEDULER_SOURCE: (&str, &str) = ("Seita", "scheduling script");

/// A validated device-message request.
#[derive(Debug, Clone)]
pub struct DeviceMessageRequest {
    /// The events, in request order.
    pub events: Vec<String>,
    /// The requested duration (default 6 hours).
    pub duration: TimeDelta,
    /// Who asks.
    pub actor: Actor,
}

/// Reads the message, authenticates and authorises, and checks `type`, the events and
/// `duration` (422 when not an ISO 8601 duration, `INVALID_PERIOD` when zero).
pub async fn read_request(req: &HttpRequest, body: &[u8]) -> Result<DeviceMessageRequest, ApiError> {
    let (message, user) = open_message(req, body, UDI_ROLES, Some("GetDeviceMessageRequest")).await?;
    let events = fields::entity_groups(&message, "event", "events")?.into_iter().flatten().collect();
    let duration = match message.get("duration") {
        None => TimeDelta::hours(6),
        Some(value) => {
            let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
            let parsed = IsoDuration::parse(&text).ok().and_then(|d| d.to_timedelta()).ok_or_else(|| {
                ApiError::field_errors(
                    "args_and_json",
                    json!({"duration": [format!("Cannot parse {text} as ISO8601 duration: Unable to parse duration string '{text}'")]}),
                )
            })?;
            if parsed <= TimeDelta::zero() {
                return Err(Usef::InvalidPeriod.with("Cannot parse 'duration' value."));
            }
            parsed
        }
    };
    Ok(DeviceMessageRequest { events, duration, actor: user.actor })
}

/// One device's answer: values (MW, consumption positive) from `start` for `duration`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceSchedule {
    /// The event as sent.
    pub event: String,
    /// First slot.
    pub start: DateTime<FixedOffset>,
    /// Length of the answered window.
    pub duration: TimeDelta,
    /// Power per slot.
    pub values: Vec<f64>,
}

/// The response body: entries labelled by the event as sent (`"events": "<address>"`, the
/// original's labelling), at the top level when there is one, else under `groups`.
pub fn shape(schedules: &[DeviceSchedule]) -> Value {
    let mut body = Usef::Processed.body(&[]);
    if let [one] = schedules {
        body["events"] = json!(one.event);
        body["values"] = json!(one.values);
    } else {
        body["groups"] = Value::Array(schedules.iter().map(|s| json!({"events": s.event, "values": s.values})).collect());
    }
    if let Some(last) = schedules.last() {
        body["start"] = json!(format_iso_datetime_z(&last.start));
        body["duration"] = json!(format_timedelta(last.duration));
    }
    body["unit"] = json!("MW");
    body
}

/// Cuts consecutive slots from `start` to at most `duration` (never beyond the last slot).
pub fn window(start: DateTime<Utc>, resolution: TimeDelta, values: &[f64], duration: TimeDelta, event: &str) -> DeviceSchedule {
    let available = resolution * i32::try_from(values.len()).unwrap_or(i32::MAX);
    let duration = duration.min(available);
    let slots = if resolution > TimeDelta::zero() { (duration.num_seconds() / resolution.num_seconds().max(1)).max(0) } else { 0 };
    let values = values.iter().take(usize::try_from(slots).unwrap_or(0)).copied().collect();
    DeviceSchedule { event: event.to_owned(), start: start.fixed_offset(), duration, values }
}

/// How one generation finds the schedule of one event.
pub type ScheduleOf = fn(&mut DbConnection, &DeviceMessageRequest, &str) -> Result<DeviceSchedule, ApiError>;

/// A getDeviceMessage endpoint: the request checks, then `schedule_of` per event, then the
/// response shape.
pub async fn answer(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>, schedule_of: ScheduleOf) -> HttpResponse {
    let result = async {
        let request = read_request(&req, &body).await?;
        with_db(&state, move |conn| {
            let schedules = request.events.iter().map(|address| schedule_of(conn, &request, address)).collect::<Result<Vec<_>, _>>()?;
            Ok(shape(&schedules))
        })
        .await
    };
    typed("GetDeviceMessageResponse", result.await)
}

/// `GET /getDeviceMessage` of v1.3 and v2.0: the schedule the event's job stored.
pub async fn get_device_message(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    answer(req, body, state, stored_schedule).await
}

fn stored_schedule(conn: &mut DbConnection, request: &DeviceMessageRequest, address: &str) -> Result<DeviceSchedule, ApiError> {
    let event = UdiEvent::parse(address)?;
    let device = Device::accessible(conn, &request.actor, event.sensor_id)?;
    device.check_type(UdiVersion::V1_3, "device messages")?;
    event.check_type(UdiVersion::V1_3)?;
    let no_schedule = |why: String| Usef::UnknownSchedule.with(why);
    let (start, prefix) = match find_job(conn, address)? {
        Some(job) => match job.status {
            JobStatus::Finished => {
                let args: SchedulingJob = serde_json::from_str(&job.payload).map_err(|e| ApiError::Internal(e.to_string()))?;
                (args.start, "A scheduling job has been processed based on your UDI event, but ")
            }
            JobStatus::Failed => {
                let reason = job.error.unwrap_or_else(|| "an error that was not recorded.".to_owned());
                return Err(no_schedule(format!("Scheduling job failed with {reason}")));
            }
            JobStatus::Started => return Err(no_schedule("Scheduling job in progress.".to_owned())),
            JobStatus::Queued => return Err(no_schedule("Scheduling job waiting to be processed.".to_owned())),
        },
        None if device.soc_udi_event_id() == Some(event.event_id) => {
            let start = device.soc_datetime().ok_or_else(|| event.not_known())?;
            (start.with_timezone(&Utc), "Your UDI event is the most recent event for this device, but ")
        }
        None => return Err(event.not_known()),
    };
    let Some(source) = find_named_source(conn, SCHEDULER_SOURCE.0, SCHEDULER_SOURCE.1)? else {
        return Err(no_schedule(format!("{prefix}no data is known from \"{}\".", SCHEDULER_SOURCE.0)));
    };
    let resolution = TimeDelta::seconds(device.sensor.event_resolution_s);
    let horizon = request.duration.min(PLANNING_HORIZON);
    let query = BeliefQuery { starts_from: Some(Ts(start)), starts_before: Some(Ts(start + horizon)), source_ids: Some(vec![source.id]), ..BeliefQuery::default() };
    let rows: Vec<_> = search_beliefs(conn, device.sensor.id, &query)?.iter().filter(|r| r.event_start.0 + resolution <= start + horizon).map(BeliefRow::to_belief).collect();
    let mut latest: Vec<(DateTime<Utc>, f64)> = fm_domain::beliefs::most_recent_beliefs(&rows).iter().map(|b| (b.event_start, crate::usef::signs::usef_power(b.event_value))).collect();
    latest.sort_by_key(|(t, _)| *t);
    let Some(first) = latest.first().map(|(t, _)| *t) else {
        return Err(no_schedule(format!("{prefix}the schedule was not found in the database.")));
    };
    let values: Vec<f64> = latest.iter().map(|(_, v)| *v).collect();
    Ok(window(first, resolution, &values, request.duration, address))
}
