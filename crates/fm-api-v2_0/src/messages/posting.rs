//! Posting data with fm1 addresses (api-v2_0.md §6.4, 6.5, 6.8, 6.9).
//!
//! Checks in order: the message, the token, the account role, `type`, `unit`, addresses,
//! values and `horizon`/`prior` (in each message's order), `start`/`duration`, the required
//! resolution (fm1 addresses; 422 when unparsable or unknown), then per sensor: ownership and
//! signs (power), the sensor's own unit (prices) or its quantity's units (weather). Belief
//! horizons: the horizon, or the time from the prior (default: now) to each event's knowledge
//! time, or the larger of both.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use fm_api_common::usef::entities::{existing_sensor, fm1_sensor_id, my_connection_ids, request_host, server_prefix};
use fm_api_common::usef::fields::{self, HorizonRule};
use fm_api_common::usef::resolution::{check_equal_lengths, check_required_resolution};
use fm_api_common::usef::signs::{check_signs, stored_power};
use fm_api_common::usef::saving::{belief_rows, own_source, save};
use fm_api_common::usef::services::DATA_ROLES;
use fm_api_common::usef::{Message, Usef, open_message, typed};
use fm_api_common::{ApiError, AppState, with_db};
use fm_domain::entity_address::EntityType;
use fm_domain::time::KnowledgeHorizonFnc;
use fm_domain::units::{LEGACY_POWER_UNITS, LEGACY_PRICE_UNITS, legacy_invalid_unit_message, legacy_weather_units};
use fm_storage::DbConnection;
use fm_storage::sensors::{Sensor, find_sensor_with_asset};
use serde_json::Value;

/// What is posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    /// postMeterData: power, horizon and prior ex post.
    MeterData,
    /// postPrognosis: power, any horizon.
    Prognosis,
    /// postPriceData: prices in the market sensor's unit.
    Prices,
    /// postWeatherData: weather in its quantity's units.
    Weather,
}

impl Posted {
    fn request_type(self) -> &'static str {
        match self {
            Posted::MeterData => "PostMeterDataRequest",
            Posted::Prognosis => "PostPrognosisRequest",
            Posted::Prices => "PostPriceDataRequest",
            Posted::Weather => "PostWeatherDataRequest",
        }
    }

    fn response_type(self) -> &'static str {
        match self {
            Posted::MeterData => "PostMeterDataResponse",
            Posted::Prognosis => "PostPrognosisResponse",
            Posted::Prices => "PostPriceDataResponse",
            Posted::Weather => "PostWeatherDataResponse",
        }
    }

    /// The entity type and the address keys (singular, plural).
    fn addresses(self) -> (EntityType, &'static str, &'static str) {
        match self {
            Posted::MeterData | Posted::Prognosis => (EntityType::Connection, "connection", "connections"),
            Posted::Prices => (EntityType::Market, "market", "markets"),
            Posted::Weather => (EntityType::WeatherSensor, "weather_sensor", "weather_sensors"),
        }
    }

    fn is_power(self) -> bool {
        matches!(self, Posted::MeterData | Posted::Prognosis)
    }
}

/// The endpoint.
pub async fn post_message(kind: Posted, req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    typed(kind.response_type(), post(kind, &req, &body, &state).await)
}

fn address_groups(message: &Message, kind: Posted) -> Result<Vec<Vec<String>>, ApiError> {
    let (_, singular, plural) = kind.addresses();
    match (kind, fields::entity_groups(message, singular, plural)) {
        // The documented `sensor(s)` keys are accepted too (the original reads only `weather_sensor(s)`).
        (Posted::Weather, Err(_)) => fields::entity_groups(message, "sensor", "sensors"),
        (_, groups) => groups,
    }
}

async fn post(kind: Posted, req: &HttpRequest, body: &[u8], state: &AppState) -> Result<Value, ApiError> {
    let (message, user) = open_message(req, body, DATA_ROLES, Some(kind.request_type())).await?;
    let unit = match kind {
        Posted::MeterData | Posted::Prognosis => fields::check_unit(&message, "power", LEGACY_POWER_UNITS)?,
        Posted::Prices => fields::check_unit(&message, "price", LEGACY_PRICE_UNITS)?,
        Posted::Weather => fields::require_unit(&message)?,
    };
    let groups = address_groups(&message, kind)?;
    let ex_post = kind == Posted::MeterData;
    let (mut values, horizon, prior) = if kind.is_power() {
        let values = fields::value_groups(&message)?;
        let horizon = fields::horizon(&message, if ex_post { HorizonRule::ExPost } else { HorizonRule::NoRepeating })?;
        (values, horizon, fields::prior(&message, ex_post)?)
    } else {
        let horizon = fields::horizon(&message, HorizonRule::NoRepeating)?;
        let prior = fields::prior(&message, false)?;
        (fields::value_groups(&message)?, horizon, prior)
    };
    let period = fields::period(&message)?;
    let prior = prior.unwrap_or_else(Utc::now);
    let horizon = horizon.map(|h| h.value);
    let host = request_host(req);
    let prefix = server_prefix(&host);
    let allow_overwrite = state.settings.allow_data_overwrite;
    let actor = user.actor;
    with_db(state, move |conn| {
        let (entity_type, entity, _) = kind.addresses();
        let resolved = check_required_resolution(period.duration, &groups, &mut values, |address| {
            let id = fm1_sensor_id(address, entity_type, &prefix).map_err(|e| ApiError::UnknownEntity(e.to_string()))?;
            existing_sensor(conn, id, entity, address)
        })?;
        check_equal_lengths(&values, resolved.resolution)?;
        let mine = if kind.is_power() { my_connection_ids(conn, &actor)? } else { Vec::new() };
        let source = own_source(conn, actor.user_id)?;
        let start = period.start.with_timezone(&Utc);
        let mut rows = Vec::new();
        for (sensors, group_values) in resolved.sensors.iter().zip(&values) {
            for sensor in sensors {
                let stored = match kind {
                    Posted::MeterData | Posted::Prognosis => {
                        if !mine.contains(&sensor.id) {
                            return Err(Usef::UnrecognizedConnectionGroup.error());
                        }
                        check_signs(conn, sensor.id, group_values, &host)?;
                        stored_power(group_values)
                    }
                    Posted::Prices => {
                        if sensor.unit != unit {
                            let quantity = format!("{} prices", sensor.name);
                            return Err(Usef::InvalidUnit.with(legacy_invalid_unit_message(Some(&quantity), &[sensor.unit.as_str()])));
                        }
                        group_values.clone()
                    }
                    Posted::Weather => {
                        check_weather_unit(conn, sensor, &unit)?;
                        group_values.clone()
                    }
                };
                let horizons = belief_horizons(sensor, start, resolved.resolution, stored.len(), horizon, prior)?;
                rows.extend(belief_rows(sensor.id, source.id, start, resolved.resolution, &stored, &horizons));
            }
        }
        save(conn, &rows, allow_overwrite)
    })
    .await
}

/// Per event: the horizon, the time from the prior to the event's knowledge time, or the
/// larger of both.
fn belief_horizons(sensor: &Sensor, start: DateTime<Utc>, resolution: TimeDelta, n: usize, horizon: Option<TimeDelta>, prior: DateTime<Utc>) -> Result<Vec<TimeDelta>, ApiError> {
    let params = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or(Value::Null);
    let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).map_err(|e| ApiError::Internal(e.to_string()))?;
    (0..n)
        .map(|j| {
            let event_start = start + resolution * i32::try_from(j).map_err(|_| Usef::InvalidPeriod.error())?;
            let from_prior = knowledge.belief_horizon(&event_start, resolution, &prior).map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(horizon.map_or(from_prior, |h| h.max(from_prior)))
        })
        .collect()
}

/// Weather units by quantity, the quantity being the sensor's name or its asset's type.
fn check_weather_unit(conn: &mut DbConnection, sensor: &Sensor, unit: &str) -> Result<(), ApiError> {
    let (_, asset) = find_sensor_with_asset(conn, sensor.id)?;
    let type_name = fm_storage::assets::find_asset_type(conn, asset.generic_asset_type_id)?.name;
    let quantity = [sensor.name.as_str(), type_name.as_str()].into_iter().find_map(|q| legacy_weather_units(q).map(|units| (q.to_owned(), units)));
    match quantity {
        Some((quantity, units)) if !units.contains(&unit) => Err(Usef::InvalidUnit.with(legacy_invalid_unit_message(Some(&quantity), units))),
        _ => Ok(()),
    }
}
