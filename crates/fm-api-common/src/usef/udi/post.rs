//! postUdiEvent (api-legacy-v1.md §8.10–8.11, api-v2_0.md §6.11): a device's state of charge,
//! stored on its asset; from v1.3 on also SoC targets and bounds, and a scheduling job named by
//! the event address.
//!
//! Checks in order: the message, the token, the account role, `type`, `unit` (`kWh`/`MWh`),
//! `prior` (v1.3), `datetime`, `event`, the event type, the device, its asset type, the stored
//! datetime and event id (not in play mode), `value`, then (v1.3) the targets.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use fm_domain::scheduling::{PLANNING_HORIZON, SCHEDULING_FUNC, SCHEDULING_QUEUE, SchedulingJob};
use fm_domain::time::{ParsedDateTime, format_iso_datetime, parse_datetime};
use fm_domain::units::LEGACY_SOC_UNITS;
use fm_storage::assets::{AssetChanges, update_asset};
use fm_storage::jobs::{NewJob, enqueue};
use fm_storage::{DbConnection, Ts};
use serde_json::{Value, json};

use super::{Device, UdiEvent, UdiVersion, python_datetime};
use crate::usef::fields::{self, ILL_FORMATTED_VALUES_EXTRA, as_float};
use crate::usef::resolution::python_timedelta;
use crate::usef::services::UDI_ROLES;
use crate::usef::{Message, Usef, open_message, typed};
use crate::{ApiError, AppState, with_db};

/// `POST /postUdiEvent` of `version`.
pub async fn post_udi_event(version: UdiVersion, req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    typed("PostUdiEventResponse", post(version, &req, &body, &state).await)
}

/// A datetime field: missing → `INVALID_DATETIME` "<What> missing datetime parameter.",
/// unparsable → `INVALID_DATETIME`, naive → `INVALID_TIMEZONE`.
fn aware(value: Option<&Value>, what: &str) -> Result<DateTime<FixedOffset>, ApiError> {
    let missing = if what.is_empty() { "Missing datetime parameter.".to_owned() } else { format!("{what} missing datetime parameter.") };
    let text = value.ok_or_else(|| Usef::InvalidDatetime.with(missing))?;
    let lower = what.to_lowercase();
    let label = if lower.is_empty() { String::new() } else { format!("{lower} ") };
    let unparsable = || Usef::InvalidDatetime.with(format!("Cannot parse {label}datetime string {} as iso date", text.as_str().map_or_else(|| text.to_string(), str::to_owned)));
    match text.as_str().map(parse_datetime) {
        Some(Ok(ParsedDateTime::Aware(dt))) => Ok(dt),
        Some(Ok(ParsedDateTime::Naive(_))) => {
            let subject = if what.is_empty() { "Datetime".to_owned() } else { format!("{what} datetime") };
            Err(Usef::InvalidTimezone.with(format!("{subject} should explicitly state a timezone.")))
        }
        _ => Err(unparsable()),
    }
}

/// SoC in MWh from a value in `unit`.
fn to_mwh(value: f64, unit: &str) -> f64 {
    if unit == "kWh" { value / 1000.0 } else { value }
}

struct Report {
    event: UdiEvent,
    datetime: DateTime<FixedOffset>,
    unit: String,
    prior: DateTime<Utc>,
}

async fn post(version: UdiVersion, req: &HttpRequest, body: &[u8], state: &AppState) -> Result<Value, ApiError> {
    let (message, user) = open_message(req, body, UDI_ROLES, Some("PostUdiEventRequest")).await?;
    let unit = fields::check_unit(&message, "State of charge", LEGACY_SOC_UNITS)?;
    let prior = match (version, message.get("prior")) {
        (UdiVersion::V1_3, Some(prior)) => aware(Some(prior), "Prior").map(|p| p.with_timezone(&Utc))?,
        _ => Utc::now(),
    };
    let datetime = aware(message.get("datetime"), "")?;
    let address = message.get("event").ok_or_else(|| Usef::InvalidDomain.with("No event identifier sent."))?;
    let address = address.as_str().map_or_else(|| address.to_string(), str::to_owned);
    let event = UdiEvent::parse(&address)?;
    event.check_type(version)?;
    let report = Report { event, datetime, unit, prior };
    let play = state.settings.mode == "play";
    let actor = user.actor;
    let queued = with_db(state, move |conn| {
        fm_storage::write_transaction(conn, |conn| {
            let device = Device::accessible(conn, &actor, report.event.sensor_id)?;
            device.check_type(version, "UDI events")?;
            if !play {
                check_news(&device, &report, version)?;
            }
            let soc = message.get("value").ok_or_else(|| Usef::PtusIncomplete.error())?;
            let soc = to_mwh(as_float(soc).ok_or_else(|| Usef::PtusIncomplete.with(ILL_FORMATTED_VALUES_EXTRA))?, &report.unit);
            let queued = match version {
                UdiVersion::V1_2 => false,
                UdiVersion::V1_3 => {
                    queue_schedule(conn, &device, &report, &message, soc)?;
                    true
                }
            };
            store_soc(conn, &device, &report, soc)?;
            Ok::<_, ApiError>(queued)
        })
    })
    .await?;
    if queued {
        state.job_waker.notify();
    }
    Ok(match version {
        UdiVersion::V1_2 => Usef::Processed.body(&["Request has been processed."]),
        UdiVersion::V1_3 => Usef::Processed.body(&[]),
    })
}

/// The reported datetime must not be earlier than the stored one (v1.2: nor equal), and the
/// event id must be newer than the stored one.
fn check_news(device: &Device, report: &Report, version: UdiVersion) -> Result<(), ApiError> {
    if let Some(stored) = device.soc_datetime() {
        let outdated = match version {
            UdiVersion::V1_2 => stored >= report.datetime,
            UdiVersion::V1_3 => stored > report.datetime,
        };
        if outdated {
            return Err(Usef::InvalidDatetime.with(format!(
                "The date of the requested UDI event ({}) is earlier than the latest known date ({}).",
                python_datetime(&report.datetime),
                python_datetime(&stored)
            )));
        }
    }
    if let Some(stored) = device.soc_udi_event_id().filter(|stored| *stored >= report.event.event_id) {
        return Err(Usef::OutdatedUdiEvent.with(format!(
            "The requested UDI event (id = {}) is equal or before the latest existing one (id = {stored}).",
            report.event.event_id
        )));
    }
    Ok(())
}

/// Stores the reported state of charge on the device's asset.
fn store_soc(conn: &mut DbConnection, device: &Device, report: &Report, soc: f64) -> Result<(), ApiError> {
    let mut attributes = device.attributes();
    attributes.insert("soc_datetime".to_owned(), json!(format_iso_datetime(&report.datetime)));
    attributes.insert("soc_udi_event_id".to_owned(), json!(report.event.event_id));
    attributes.insert("soc_in_mwh".to_owned(), json!(soc));
    let changes = AssetChanges { attributes: Some(Value::Object(attributes).to_string()), ..AssetChanges::default() };
    update_asset(conn, device.asset.id, &changes)?;
    Ok(())
}

/// Reads bounds, efficiency and targets, and queues the scheduling job named by the event.
fn queue_schedule(conn: &mut DbConnection, device: &Device, report: &Report, message: &Message, soc: f64) -> Result<(), ApiError> {
    let bound = |key: &str| -> Result<Option<f64>, ApiError> {
        match message.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => as_float(v).map(|f| Some(to_mwh(f, &report.unit))).ok_or_else(|| Usef::PtusIncomplete.with(ILL_FORMATTED_VALUES_EXTRA)),
        }
    };
    let (soc_min, soc_max) = (bound("soc_min")?, bound("soc_max")?);
    let roundtrip_efficiency = match message.get("roundtrip_efficiency") {
        None | Some(Value::Null) => None,
        Some(v) => Some(as_float(v).filter(|e| *e > 0.0 && *e <= 1.0).ok_or_else(|| {
            Usef::PtusIncomplete.with("The roundtrip efficiency should be a number in the range (0, 1].")
        })?),
    };
    let start = report.datetime.with_timezone(&Utc);
    let end = start + PLANNING_HORIZON;
    let resolution = TimeDelta::seconds(device.sensor.event_resolution_s);
    let soc_targets = if report.event.event_type == "soc-with-targets" { targets(message, report, start, end, resolution)? } else { Vec::new() };
    let job = SchedulingJob {
        sensor_id: device.sensor.id,
        start,
        end,
        belief_time: report.prior,
        soc_at_start: soc,
        soc_min,
        soc_max,
        soc_targets,
        roundtrip_efficiency,
        price_sensor_id: None,
        flex: None,
    };
    let payload = serde_json::to_string(&job).map_err(|e| ApiError::Internal(e.to_string()))?;
    if report.event.address.chars().count() > fm_storage::jobs::MAX_ID_LEN {
        return Err(Usef::InvalidDomain.with("The event identifier is too long."));
    }
    let new = NewJob { payload: &payload, sensor_id: Some(device.sensor.id), id: Some(&report.event.address), ..NewJob::new(SCHEDULING_QUEUE, SCHEDULING_FUNC) };
    enqueue(conn, &new, Ts(Utc::now()))?;
    Ok(())
}

/// The SoC targets of a `soc-with-targets` event, on the schedule's grid within its horizon.
fn targets(message: &Message, report: &Report, start: DateTime<Utc>, end: DateTime<Utc>, resolution: TimeDelta) -> Result<Vec<(DateTime<Utc>, f64)>, ApiError> {
    let incomplete = || {
        Usef::IncompleteUdiEvent.with(format!("The requested UDI event (id = {}, type = {}) is incomplete.", report.event.event_id, report.event.event_type))
    };
    let items: Vec<&Value> = match message.get("targets").ok_or_else(incomplete)? {
        Value::Array(items) => items.iter().collect(),
        Value::Null => return Err(incomplete()),
        single => vec![single],
    };
    let mut targets = Vec::with_capacity(items.len());
    for target in items {
        let value = target.get("value").ok_or_else(|| Usef::PtusIncomplete.with("Target missing value parameter."))?;
        let value = as_float(value).ok_or_else(|| Usef::PtusIncomplete.with("Request includes empty or ill-formatted target value(s)."))?;
        let at = aware(target.get("datetime"), "Target")?.with_timezone(&Utc);
        if at > end {
            return Err(Usef::InvalidDatetime.with(format!(
                "Target datetime exceeds {}. Maximum scheduling horizon is {}.",
                python_datetime(&end.fixed_offset()),
                python_timedelta(PLANNING_HORIZON)
            )));
        }
        let offset = (at - start).num_milliseconds();
        let step = resolution.num_milliseconds();
        if step > 0 && offset.rem_euclid(step) != 0 {
            return Err(Usef::InvalidDatetime.with(format!(
                "Target datetime {} is not on the {} grid of the schedule starting at {}.",
                python_datetime(&at.fixed_offset()),
                python_timedelta(resolution),
                python_datetime(&start.fixed_offset())
            )));
        }
        targets.push((at, to_mwh(value, &report.unit)));
    }
    Ok(targets)
}

/// `POST /postUdiEvent` of v1.3, which v2.0 runs unchanged.
pub async fn post_udi_event_v1_3(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_udi_event(UdiVersion::V1_3, req, body, state).await
}
