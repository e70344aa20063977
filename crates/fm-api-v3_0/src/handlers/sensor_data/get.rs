//! Reading sensor data: validation (404 for an unknown sensor id), then `read` on the sensor,
//! then the series on the requested grid in the requested unit.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{TimeDelta, Utc};
use fm_api_common::usef::Usef;
use fm_api_common::validation::{FieldErrors, Fields};
use fm_api_common::auth::{Vouched, with_user_db};
use fm_api_common::{ApiError, AppState};
use fm_auth::policy::Permission;
use fm_domain::beliefs::{ReadWindow, instantaneous_default_resolution, read_series};
use fm_domain::time::{format_iso_datetime, format_timedelta_hours};
use fm_storage::Ts;
use fm_storage::beliefs::{BeliefQuery, search_beliefs};
use fm_storage::data_sources::list_sources;
use serde_json::json;

use super::ingest::{knowledge_of, resolution_of};
use super::message::{LOCATION, combined_message, duration_field, read_description};
use super::{SensorRef, find_target, sensor_id, unvalidated};
use crate::access::require;

/// `GET /sensors/<id>/data`.
pub async fn get_by_id(req: HttpRequest, path: web::Path<i32>, vouched: Vouched, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    get(req, SensorRef::Path(path.into_inner()), vouched, state, body).await
}

/// `GET /sensors/data` (the sensor named by its entity address).
pub async fn get_by_address(req: HttpRequest, vouched: Vouched, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    get(req, SensorRef::Address, vouched, state, body).await
}

async fn get(req: HttpRequest, by: SensorRef, vouched: Vouched, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let map = combined_message(req.query_string(), &body, true)?;
    let mut errors = FieldErrors::at(LOCATION);
    let id = sensor_id(&req, by, &map, &mut errors);
    let description = read_description(&map, false, &mut errors);
    let resolution = duration_field(&map, "resolution", true, &mut errors).and_then(|r| {
        let exact = r.to_timedelta().filter(|r| *r > TimeDelta::zero());
        if exact.is_none() {
            errors.add("resolution", "The resolution must be a positive, exact duration.");
        }
        exact
    });
    let fields = Fields::new(&map);
    let source = fields.integer("source", &mut errors).flatten();
    let source_account = fields.integer("source-account", &mut errors).flatten();
    let source_type = fields.string("source-type", &mut errors);
    if source_type.as_deref() == Some("") {
        errors.add("source-type", "Shorter than minimum length 1.");
    }
    let response = with_user_db(&state, vouched, move |conn, user| {
        let actor = user.actor;
        let found = find_target(conn, by, id, &mut errors)?;
        let filtering_sources = source.is_some() || source_account.is_some() || source_type.is_some();
        let sources = if filtering_sources { list_sources(conn)? } else { Vec::new() };
        if let Some(s) = source {
            if !sources.iter().any(|known| i64::from(known.id) == s) {
                errors.add("source", format!("No data source found with id {s}."));
            }
        }
        if let (Some((sensor, _)), Some(d)) = (&found, &description) {
            if let Err(message) = fm_domain::units::check_unit_for_sensor(&d.unit, &sensor.unit) {
                errors.add("unit", message);
            }
            if let Some(Err(message)) = d.message_type.as_deref().map(|t| fm_domain::units::check_unit_for_message_type(t, &d.unit)) {
                errors.add("unit", message);
            }
        }
        errors.check()?;
        let (Some((sensor, context)), Some(d)) = (found, description) else { return Err(unvalidated()) };
        if let Some(account) = source_account {
            fm_storage::accounts::find_account(conn, i32::try_from(account).unwrap_or(-1))
                .map_err(|_| ApiError::not_found(format!("Account {account} not found.")))?;
        }
        require(&actor, &context, Permission::Read)?;

        let sensor_res = resolution_of(&sensor);
        let start = d.start.with_timezone(&Utc);
        let end = start + d.duration;
        let resolution = resolution.unwrap_or(if sensor_res > TimeDelta::zero() { sensor_res } else { instantaneous_default_resolution(d.duration) });
        let selected: Vec<_> = sources
            .iter()
            .filter(|s| source.is_none_or(|id| i64::from(s.id) == id))
            .filter(|s| source_account.is_none_or(|a| s.account_id.map(i64::from) == Some(a)))
            .filter(|s| source_type.as_ref().is_none_or(|t| &s.source_type == t))
            .cloned()
            .collect();
        let (mut min_horizon, mut max_horizon) = (d.horizon.map(|h| h.num_milliseconds()), None);
        match d.message_type.as_deref() {
            Some("GetMeterDataRequest") => max_horizon = Some(0),
            Some("GetPrognosisRequest") => min_horizon = Some(min_horizon.unwrap_or(0).max(0)),
            _ => {}
        }
        let query = BeliefQuery {
            starts_from: Some(Ts(start - sensor_res + TimeDelta::microseconds(i64::from(sensor_res > TimeDelta::zero())))),
            starts_before: Some(Ts(end)),
            source_ids: filtering_sources.then(|| selected.iter().map(|s| s.id).collect()),
            min_horizon_ms: min_horizon,
            max_horizon_ms: max_horizon,
        };
        let rows = search_beliefs(conn, sensor.id, &query)?;
        if let (Some(t), true) = (&source_type, rows.is_empty()) {
            // The type must have data anywhere on the sensor, not necessarily in this window.
            let of_type = sources.iter().filter(|s| &s.source_type == t).map(|s| s.id).collect();
            if search_beliefs(conn, sensor.id, &BeliefQuery { source_ids: Some(of_type), ..BeliefQuery::default() })?.is_empty() {
                return Err(FieldErrors::single(LOCATION, "source-type", format!("No data found for source type '{t}' on this sensor.")));
            }
        }
        let knowledge = knowledge_of(&sensor).map_err(ApiError::Internal)?;
        let window = ReadWindow { start, end, resolution, prior: d.prior.map(|p| p.with_timezone(&Utc)) };
        let beliefs: Vec<_> = rows.iter().map(fm_storage::beliefs::BeliefRow::to_belief).collect();
        let selected = if filtering_sources {
            selected
        } else {
            let mut ids: Vec<i32> = rows.iter().map(|r| r.source_id).collect();
            ids.sort_unstable();
            ids.dedup();
            fm_storage::data_sources::sources_by_ids(conn, &ids)?
        };
        let sources: Vec<_> = selected.iter().map(fm_storage::data_sources::DataSource::info).collect();
        let values = read_series(&beliefs, &sources, sensor_res, &knowledge, &window).map_err(ApiError::Internal)?;
        let conversion = fm_domain::units::unit_conversion(&sensor.unit, &d.unit, Some(resolution), None)
            .map_err(|e| FieldErrors::single(LOCATION, "unit", e.to_string()))?;
        let values: Vec<Option<f64>> = values.into_iter().map(|v| v.map(|x| conversion.apply(x))).collect();
        let mut body = Usef::Processed.body(&[]);
        if let Some(map) = body.as_object_mut() {
            map.insert("values".to_owned(), json!(values));
            map.insert("start".to_owned(), json!(format_iso_datetime(&d.start)));
            map.insert("duration".to_owned(), json!(format_timedelta_hours(d.duration)));
            map.insert("unit".to_owned(), json!(d.unit));
            map.insert("resolution".to_owned(), json!(format_timedelta_hours(resolution)));
        }
        Ok(body)
    })
    .await?;
    Ok(HttpResponse::Ok().json(response))
}
