//! Posting sensor data. Checks in the original's order: authentication, body size, validation
//! (404 for an unknown sensor id), then `create-children` on the sensor; the data is stored
//! whole or not at all.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use fm_api_common::usef::Usef;
use fm_api_common::validation::FieldErrors;
use fm_api_common::auth::{Vouched, with_user_db};
use fm_api_common::{ApiError, AppState};
use fm_auth::policy::Permission;
use fm_storage::beliefs::{SaveOutcome, save_beliefs};
use fm_storage::data_sources::{create_user_source, source_of_user};
use fm_storage::users::find_user;

use super::ingest::{BeliefTiming, IngestError, Posted, beliefs_for};
use super::message::{LOCATION, combined_message, read_description, read_values};
use super::{SensorRef, find_target, sensor_id, unvalidated};
use crate::access::require;

/// `POST /sensors/<id>/data`.
pub async fn post_by_id(req: HttpRequest, path: web::Path<i32>, vouched: Vouched, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    post(req, SensorRef::Path(path.into_inner()), vouched, state, body).await
}

/// `POST /sensors/data` (the sensor named by its entity address).
pub async fn post_by_address(req: HttpRequest, vouched: Vouched, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    post(req, SensorRef::Address, vouched, state, body).await
}

async fn post(req: HttpRequest, by: SensorRef, vouched: Vouched, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    if let Some(max) = state.settings.max_ingestion_bytes.filter(|max| body.len() > *max) {
        return Err(ApiError::Usef(Usef::PayloadTooLarge, vec![format!("The limit is {max} bytes.")]));
    }
    let received = Utc::now();
    let map = combined_message(req.query_string(), &body, false)?;
    let mut errors = FieldErrors::at(LOCATION);
    let id = sensor_id(&req, by, &map, &mut errors);
    let description = read_description(&map, true, &mut errors);
    let values = read_values(&map, &mut errors);
    let allow_overwrite = state.settings.allow_data_overwrite;
    let outcome = with_user_db(&state, vouched, move |conn, user| {
        let actor = user.actor;
        let found = find_target(conn, by, id, &mut errors)?;
        if let (Some((sensor, _)), Some(d)) = (&found, &description) {
            if let Err(message) = fm_domain::units::check_unit_for_sensor(&d.unit, &sensor.unit) {
                errors.add("unit", message);
            }
            if let Some(Err(message)) = d.message_type.as_deref().map(|t| fm_domain::units::check_unit_for_message_type(t, &d.unit)) {
                errors.add("unit", message);
            }
        }
        errors.check()?;
        let (Some((sensor, context)), Some(d), Some(values)) = (found, description, values) else { return Err(unvalidated()) };
        require(&actor, &context, Permission::CreateChildren)?;
        let timing = match (d.prior, d.horizon) {
            (Some(prior), _) => BeliefTiming::Prior(prior.with_timezone(&Utc)),
            (None, Some(horizon)) => BeliefTiming::Horizon(horizon),
            (None, None) => BeliefTiming::Prior(received),
        };
        let posted = Posted { values, start: d.start, duration: d.duration, unit: d.unit, timing, message_type: d.message_type };
        let source = match source_of_user(conn, actor.user_id)? {
            Some(source) => source,
            None => {
                let user = find_user(conn, actor.user_id)?;
                create_user_source(conn, &user)?
            }
        };
        let beliefs = beliefs_for(&sensor, &posted, source.id).map_err(|e| match e {
            IngestError::Schema(message) => FieldErrors::single(LOCATION, "_schema", message),
            IngestError::Unit(message) => FieldErrors::single(LOCATION, "unit", message),
        })?;
        Ok(save_beliefs(conn, &beliefs, allow_overwrite)?)
    })
    .await?;
    Ok(match outcome {
        SaveOutcome::Success => Usef::Processed.response(&[]),
        SaveOutcome::SuccessWithUnchangedBeliefsSkipped | SaveOutcome::SuccessButNothingNew => {
            Usef::AlreadyReceivedAndSuccessfullyProcessed.response(&[])
        }
    })
}
