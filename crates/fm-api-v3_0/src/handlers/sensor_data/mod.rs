//! Sensor data: `POST`/`GET /sensors/<id>/data` and the entity-address forms `POST`/`GET /sensors/data`.
//!
//! [`message`] reads and validates the message, [`ingest`] turns a posted message into beliefs;
//! reading follows `fm_domain::beliefs::read_series`.

pub mod get;
pub mod ingest;
pub mod message;
pub mod post;

use actix_web::HttpRequest;
use fm_api_common::ApiError;
use fm_api_common::validation::FieldErrors;
use fm_storage::DbConnection;
use fm_auth::policy::{AccountRef, Context};
use fm_storage::sensors::{Sensor, find_sensor_with_owner};
use serde_json::{Map, Value};

/// How the message names its sensor.
#[derive(Debug, Clone, Copy)]
pub enum SensorRef {
    /// By path id (`/sensors/<id>/data`): an unknown id is a 404.
    Path(i32),
    /// By the `sensor` entity address of the message (`/sensors/data`): problems are 422s.
    Address,
}

/// The sensor id the message names, checked for shape (existence is checked with the database).
pub fn sensor_id(req: &HttpRequest, by: SensorRef, map: &Map<String, Value>, errors: &mut FieldErrors) -> Option<i32> {
    match by {
        SensorRef::Path(id) => Some(id),
        SensorRef::Address => match map.get("sensor") {
            None => {
                errors.add("sensor", fm_api_common::validation::MISSING);
                None
            }
            Some(Value::String(address)) => match crate::address::sensor_id_of(&crate::address::request_host(req), address) {
                Ok(id) => Some(id),
                Err(reason) => {
                    errors.add("sensor", reason);
                    None
                }
            },
            Some(Value::Null) => {
                errors.add("sensor", fm_api_common::validation::NULL);
                None
            }
            Some(_) => {
                errors.add("sensor", "Not a valid string.");
                None
            }
        },
    }
}

/// Loads the named sensor with its permission context (one query): an unknown path id is a
/// 404; an unknown address is recorded as an error on `sensor`, reported with the message's
/// other errors.
pub fn find_target(conn: &mut DbConnection, by: SensorRef, id: Option<i32>, errors: &mut FieldErrors) -> Result<Option<(Sensor, Context)>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    match find_sensor_with_owner(conn, id) {
        Ok((sensor, asset, consultancy_account_id)) => {
            let owner = asset.account_id.map(|id| AccountRef { id, consultancy_account_id });
            Ok(Some((sensor, Context::Sensor(owner))))
        }
        Err(_) if matches!(by, SensorRef::Path(_)) => Err(ApiError::not_found(format!("Sensor {id} not found."))),
        Err(_) => {
            errors.add("sensor", format!("No sensor found with entity address for id {id}."));
            Ok(None)
        }
    }
}

/// The 500 for a state validation should have ruled out.
pub fn unvalidated() -> ApiError {
    ApiError::Internal("validated fields are missing".to_owned())
}
