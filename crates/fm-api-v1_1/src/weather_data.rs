//! postWeatherData with weather sensors addressed by type and location (api-legacy-v1.md §8.6).
//!
//! Checks in order: the message, the token, the account role, `type`, `unit` (present), sensors,
//! `horizon`, values, `start`/`duration`, the required resolution (sensors looked up by type and
//! exact location: `UNRECOGNIZED_SENSOR` naming the nearest one; created in play mode), then per
//! sensor the unit of its quantity. Values are stored as sent; any authorised user may post.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{TimeDelta, Utc};
use fm_api_common::usef::fields::{self, Horizon, HorizonRule};
use fm_api_common::usef::resolution::check_required_resolution;
use fm_api_common::usef::saving::{belief_rows, own_source, save};
use fm_api_common::usef::services::DATA_ROLES;
use fm_api_common::usef::{Usef, open_message, typed};
use fm_api_common::{ApiError, AppState, with_db};
use fm_domain::entity_address::{EntityInfo, EntityType, parse_fm0_entity_address};
use fm_domain::legacy::great_circle_km;
use fm_domain::units::{legacy_invalid_unit_message, legacy_weather_units};
use fm_storage::DbConnection;
use fm_storage::sensors::Sensor;
use fm_storage::weather::{create_weather_sensor, weather_sensors};
use serde_json::Value;

/// `POST /postWeatherData`.
pub async fn post(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    typed(
        "PostWeatherDataResponse",
        post_weather(&req, &body, &state).await,
    )
}

/// A parsed fm0 weather-sensor address.
struct Location {
    sensor_type: String,
    latitude: f64,
    longitude: f64,
}

fn location(address: &str) -> Result<Location, String> {
    match parse_fm0_entity_address(address, EntityType::WeatherSensor)
        .map_err(|e| e.to_string())?
        .info
    {
        EntityInfo::WeatherSensor {
            sensor_type,
            latitude,
            longitude,
        } => Ok(Location {
            sensor_type,
            latitude,
            longitude,
        }),
        _ => Err(format!("Could not parse weather_sensor {address}.")),
    }
}

/// A coordinate as Python prints a float (`126.0`, `33.4843866`).
fn python_float(v: f64) -> String {
    if v.fract() == 0.0 && v.is_finite() {
        format!("{v:.1}")
    } else {
        v.to_string()
    }
}

/// The sensor at exactly this location, or `UNRECOGNIZED_SENSOR` naming the nearest one; in play
/// mode a missing sensor is created at the posted resolution.
fn sensor_at(
    conn: &mut DbConnection,
    at: &Location,
    unit: &str,
    create_with_resolution: Option<TimeDelta>,
) -> Result<Sensor, ApiError> {
    let candidates = weather_sensors(conn, &at.sensor_type)?;
    let position = |asset: &fm_storage::assets::Asset| {
        (
            asset.latitude.unwrap_or(f64::NAN),
            asset.longitude.unwrap_or(f64::NAN),
        )
    };
    if let Some((sensor, _)) = candidates
        .iter()
        .find(|(_, asset)| position(asset) == (at.latitude, at.longitude))
    {
        return Ok(sensor.clone());
    }
    if let Some(resolution) = create_with_resolution {
        return Ok(create_weather_sensor(
            conn,
            &at.sensor_type,
            unit,
            at.latitude,
            at.longitude,
            resolution.num_seconds(),
        )?);
    }
    let nearest = candidates
        .iter()
        .map(|(_, asset)| position(asset))
        .filter(|(lat, lng)| lat.is_finite() && lng.is_finite())
        .min_by(|a, b| {
            great_circle_km(at.latitude, at.longitude, a.0, a.1).total_cmp(&great_circle_km(
                at.latitude,
                at.longitude,
                b.0,
                b.1,
            ))
        });
    Err(Usef::UnrecognizedSensor.with(match nearest {
        Some((lat, lng)) => format!(
            "The nearest sensor is at latitude {} and longitude {}",
            python_float(lat),
            python_float(lng)
        ),
        None => "In fact, we can't find any sensors.".to_owned(),
    }))
}

async fn post_weather(req: &HttpRequest, body: &[u8], state: &AppState) -> Result<Value, ApiError> {
    let (message, user) =
        open_message(req, body, DATA_ROLES, Some("PostWeatherDataRequest")).await?;
    let unit = fields::require_unit(&message)?;
    let groups = fields::entity_groups(&message, "sensor", "sensors")?;
    let horizon = fields::horizon(&message, HorizonRule::Any)?.unwrap_or(Horizon::ZERO_ROLLING);
    let mut values = fields::value_groups(&message)?;
    let period = fields::period(&message)?;
    let allow_overwrite = state.settings.allow_data_overwrite;
    let play = state.settings.mode == "play";
    let user_id = user.actor.user_id;
    with_db(state, move |conn| {
        let count = values.first().map_or(1, Vec::len).max(1);
        let inferred = i32::try_from(count)
            .ok()
            .and_then(|n| period.duration.checked_div(n));
        let create = if play { inferred } else { None };
        // One transaction: a sensor created in play mode stays only if the data is stored.
        fm_storage::write_transaction(conn, |conn| {
            let resolved =
                check_required_resolution(period.duration, &groups, &mut values, |address| {
                    let at = location(address).map_err(ApiError::UnknownEntity)?;
                    sensor_at(conn, &at, &unit, create)
                })?;
            fm_api_common::usef::resolution::check_equal_lengths(&values, resolved.resolution)?;
            let source = own_source(conn, user_id)?;
            let start = period.start.with_timezone(&Utc);
            let mut rows = Vec::new();
            for ((group, sensors), group_values) in
                groups.iter().zip(&resolved.sensors).zip(&values)
            {
                let horizons = horizon.per_value(period.duration, group_values.len())?;
                for (address, sensor) in group.iter().zip(sensors) {
                    let at = location(address).map_err(|e| Usef::InvalidDomain.with(e))?;
                    let accepted = legacy_weather_units(&at.sensor_type).unwrap_or(&[]);
                    if !accepted.contains(&unit.as_str()) {
                        return Err(Usef::InvalidUnit
                            .with(legacy_invalid_unit_message(Some(&at.sensor_type), accepted)));
                    }
                    rows.extend(belief_rows(
                        sensor.id,
                        source.id,
                        start,
                        resolved.resolution,
                        group_values,
                        &horizons,
                    ));
                }
            }
            save(conn, &rows, allow_overwrite)
        })
    })
    .await
}
