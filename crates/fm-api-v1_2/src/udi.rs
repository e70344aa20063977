//! getDeviceMessage and postUdiEvent of v1.2 (api-legacy-v1.md §8.9–8.10): batteries only; the
//! schedule is computed on request from the last reported state of charge and nothing is stored.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{TimeDelta, Utc};
use fm_api_common::usef::udi::device_message::{DeviceMessageRequest, DeviceSchedule, answer, window};
use fm_api_common::usef::udi::post::post_udi_event;
use fm_api_common::usef::udi::{Device, UdiEvent, UdiVersion};
use fm_api_common::usef::Usef;
use fm_api_common::{ApiError, AppState};
use fm_domain::scheduling::{PLANNING_HORIZON, SchedulingJob};
use fm_storage::DbConnection;
use serde_json::Value;

/// The shortest planning horizon of v1.2.
const MINIMUM_PLANNING_HORIZON: TimeDelta = TimeDelta::hours(24);

/// `POST /postUdiEvent`.
pub async fn post(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    post_udi_event(UdiVersion::V1_2, req, body, state).await
}

/// `GET /getDeviceMessage`.
pub async fn get(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    answer(req, body, state, computed_schedule).await
}

fn computed_schedule(conn: &mut DbConnection, request: &DeviceMessageRequest, address: &str) -> Result<DeviceSchedule, ApiError> {
    let event = UdiEvent::parse(address)?;
    let device = Device::accessible(conn, &request.actor, event.sensor_id)?;
    device.check_type(UdiVersion::V1_2, "device messages")?;
    event.check_type(UdiVersion::V1_2)?;
    if device.soc_udi_event_id() != Some(event.event_id) {
        return Err(event.not_known());
    }
    let start = device.soc_datetime().ok_or_else(|| event.not_known())?.with_timezone(&Utc);
    let soc_at_start = device.attributes().get("soc_in_mwh").and_then(Value::as_f64).unwrap_or(0.0);
    let horizon = request.duration.max(MINIMUM_PLANNING_HORIZON).min(PLANNING_HORIZON);
    let job = SchedulingJob {
        sensor_id: device.sensor.id,
        start,
        end: start + horizon,
        belief_time: Utc::now(),
        soc_at_start,
        soc_min: None,
        soc_max: None,
        soc_targets: Vec::new(),
        roundtrip_efficiency: None,
        price_sensor_id: None,
        flex: None,
    };
    let planned = fm_scheduling::plan(conn, &job).map_err(|failure| match failure.split_once(": ") {
        Some(("UnknownPricesException", _)) => Usef::UnknownPrices.error(),
        Some(("UnknownMarketException", _)) => Usef::InvalidMarket.error(),
        _ => Usef::UnknownSchedule.with(format!("Scheduling failed with {failure}")),
    })?;
    Ok(window(planned.start, planned.resolution, &planned.power, request.duration, address))
}
