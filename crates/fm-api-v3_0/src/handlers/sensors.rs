//! `/sensors`: list sensors and read one.

use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::validation::FieldErrors;
use fm_api_common::{ApiError, AppState, CurrentUser, with_db};
use fm_auth::policy::Permission;
use fm_storage::assets::find_asset;
use fm_storage::sensors::{find_sensor_with_asset, list_sensors};
use serde_json::Value;

use crate::access::{asset_context, listed_accounts, require, sensor_context};
use crate::address::request_host;
use crate::query::QueryParams;
use crate::schemas::sensor::sensor_json;

/// `GET /sensors`: sensors of an account (default: the caller's) or of an asset and its descendants, optionally
/// with those on public assets, optionally of one unit.
pub async fn list(req: HttpRequest, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::of(&req);
    let mut errors = FieldErrors::at("query");
    let account = params.integer("account", Some("account_id"), &mut errors);
    let asset = params.integer("asset", Some("asset_id"), &mut errors);
    let include_public = params.boolean("include_public_assets", &mut errors);
    let unit = params.get("unit", None).map(str::to_owned);
    if let Some(u) = &unit {
        if !fm_domain::units::is_valid_unit(u) {
            errors.add("unit", format!("Invalid unit: {u}"));
        }
    }
    errors.check()?;
    let host = request_host(&req);
    let actor = user.actor;
    let sensors = with_db(&state, move |conn| {
        let mut sensors = match asset {
            Some(asset_id) => {
                let asset = find_asset(conn, asset_id).map_err(|_| FieldErrors::single("query", "asset", format!("No asset found with id {asset_id}.")))?;
                if account.is_some_and(|a| asset.account_id != Some(a)) {
                    return Err(ApiError::Http {
                        status: actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                        message: "Please provide either an account or an asset ID, not both.".to_owned(),
                    });
                }
                require(&actor, &asset_context(conn, &asset)?, Permission::Read)?;
                let mut sensors = Vec::new();
                for asset in fm_storage::assets::asset_with_descendants(conn, asset)? {
                    // Descendants may have moved to other accounts: only readable ones count.
                    if require(&actor, &sensor_context(conn, &asset)?, Permission::Read).is_ok() {
                        sensors.extend(fm_storage::sensors::sensors_of_asset(conn, asset.id)?);
                    }
                }
                if include_public {
                    sensors.extend(list_sensors(conn, &[], true)?);
                }
                sensors.sort_by_key(|s| s.id);
                sensors.dedup_by_key(|s| s.id);
                sensors
            }
            None => {
                let accounts = listed_accounts(conn, &actor, account)?;
                list_sensors(conn, &accounts, include_public)?
            }
        };
        if let Some(u) = unit {
            sensors.retain(|s| s.unit == u);
        }
        Ok(sensors.iter().map(|s| sensor_json(s, &host)).collect::<Vec<Value>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(sensors))
}

/// `GET /sensors/<id>`.
pub async fn get(req: HttpRequest, path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let host = request_host(&req);
    let actor = user.actor;
    let sensor = with_db(&state, move |conn| {
        let (sensor, asset) = find_sensor_with_asset(conn, id).map_err(|_| FieldErrors::single("path", "id", format!("No sensor found with id {id}.")))?;
        require(&actor, &sensor_context(conn, &asset)?, Permission::Read)?;
        Ok(sensor_json(&sensor, &host))
    })
    .await?;
    Ok(HttpResponse::Ok().json(crate::schemas::with_status(sensor)))
}
