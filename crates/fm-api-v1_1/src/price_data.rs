//! postPriceData with markets addressed by name (api-legacy-v1.md §8.5).
//!
//! Checks in order: the message, the token, the account role, `type`, `unit` (`EUR/MWh` or
//! `KRW/kWh`), markets, `horizon`, values, `start`/`duration`, the required resolution (markets
//! looked up by sensor name: 422 when unknown), then per market: a price sensor of that name on
//! a market asset (`UNRECOGNIZED_MARKET`), the sensor's own unit. Prices are stored as sent.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use fm_api_common::usef::fields::{self, Horizon, HorizonRule};
use fm_api_common::usef::resolution::check_required_resolution;
use fm_api_common::usef::saving::{belief_rows, own_source, save};
use fm_api_common::usef::services::DATA_ROLES;
use fm_api_common::usef::{Usef, open_message, typed};
use fm_api_common::{ApiError, AppState, with_db};
use fm_domain::entity_address::{EntityInfo, EntityType, parse_fm0_entity_address};
use fm_domain::legacy::MARKET_ASSET_TYPES;
use fm_domain::units::{LEGACY_PRICE_UNITS, legacy_invalid_unit_message};
use fm_storage::DbConnection;
use fm_storage::sensors::{Sensor, sensors_named, sensors_named_on_asset_types};
use serde_json::Value;

/// `POST /postPriceData`.
pub async fn post(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    typed(
        "PostPriceDataResponse",
        post_prices(&req, &body, &state).await,
    )
}

/// The market name of an fm0 market address, or the parser's text.
fn market_name(address: &str) -> Result<String, String> {
    match parse_fm0_entity_address(address, EntityType::Market)
        .map_err(|e| e.to_string())?
        .info
    {
        EntityInfo::Market { market_name } => Ok(market_name),
        _ => Err(format!("Could not parse market {address}.")),
    }
}

fn one_sensor(
    mut found: Vec<Sensor>,
    name: &str,
    none: impl FnOnce() -> ApiError,
) -> Result<Sensor, ApiError> {
    match found.len() {
        0 => Err(none()),
        1 => Ok(found.remove(0)),
        _ => {
            Err(Usef::InvalidApiVersion.with(format!("Multiple sensors were found named {name}.")))
        }
    }
}

async fn post_prices(req: &HttpRequest, body: &[u8], state: &AppState) -> Result<Value, ApiError> {
    let (message, user) = open_message(req, body, DATA_ROLES, Some("PostPriceDataRequest")).await?;
    let unit = fields::check_unit(&message, "price", LEGACY_PRICE_UNITS)?;
    let groups = fields::entity_groups(&message, "market", "markets")?;
    let horizon = fields::horizon(&message, HorizonRule::Any)?.unwrap_or(Horizon::ZERO_ROLLING);
    let mut values = fields::value_groups(&message)?;
    let period = fields::period(&message)?;
    let allow_overwrite = state.settings.allow_data_overwrite;
    let user_id = user.actor.user_id;
    with_db(state, move |conn| {
        let resolved =
            check_required_resolution(period.duration, &groups, &mut values, |address| {
                let name = market_name(address).map_err(ApiError::UnknownEntity)?;
                let missing = || {
                    ApiError::UnknownEntity(format!(
                        "market with entity address {address} doesn't exist."
                    ))
                };
                one_sensor(sensors_named(conn, &name)?, &name, missing)
            })?;
        fm_api_common::usef::resolution::check_equal_lengths(&values, resolved.resolution)?;
        let source = own_source(conn, user_id)?;
        let start = period.start.with_timezone(&Utc);
        let mut rows = Vec::new();
        for (group, group_values) in groups.iter().zip(&values) {
            let horizons = horizon.per_value(period.duration, group_values.len())?;
            for address in group {
                let sensor = market_sensor(conn, address, &unit)?;
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
    .await
}

/// The price sensor a market address names, whose unit must be the posted one.
fn market_sensor(conn: &mut DbConnection, address: &str, unit: &str) -> Result<Sensor, ApiError> {
    let name = market_name(address).map_err(|e| Usef::InvalidDomain.with(e))?;
    let unknown = || {
        Usef::UnrecognizedMarket.with(format!("The requested market named {name} is not known."))
    };
    let sensor = one_sensor(
        sensors_named_on_asset_types(conn, &name, MARKET_ASSET_TYPES)?,
        &name,
        unknown,
    )?;
    if sensor.unit != unit {
        return Err(Usef::InvalidUnit.with(legacy_invalid_unit_message(
            Some(&format!("{name} prices")),
            &[sensor.unit.as_str()],
        )));
    }
    Ok(sensor)
}
