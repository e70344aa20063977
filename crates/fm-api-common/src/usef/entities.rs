//! Addressed entities of USEF-style messages resolved to sensors, and the legacy ownership rule
//! (api-legacy-v1.md §3.4 and §6, api-v2_0.md §3.9).

use actix_web::HttpRequest;
use fm_auth::Actor;
use fm_domain::entity_address::{
    EntityAddressError, EntityInfo, EntityType, HostsAndAuthStart, build_ea_scheme_and_naming_authority, first_month_after, host_from_request,
    parse_fm0_entity_address, parse_fm1_entity_address,
};
use fm_storage::DbConnection;
use fm_storage::legacy::legacy_asset_ids;
use fm_storage::sensors::{Sensor, find_sensor};

use crate::ApiError;

/// The sensor id an fm0 connection address names (its asset id).
pub fn fm0_connection_id(address: &str) -> Result<i64, EntityAddressError> {
    let parsed = parse_fm0_entity_address(address, EntityType::Connection)?;
    Ok(parsed.info.sensor_id().unwrap_or_default())
}

/// The sensor id an fm1 address names; `server_prefix` is the server's own `ea1.<date>.<host>`.
pub fn fm1_sensor_id(address: &str, entity_type: EntityType, server_prefix: &str) -> Result<i64, EntityAddressError> {
    let parsed = parse_fm1_entity_address(address, entity_type, server_prefix)?;
    Ok(parsed.info.sensor_id().unwrap_or_default())
}

/// The sensor with `id` as the resolution check needs it: an unknown id is a 422 `INVALID_DOMAIN`
/// "<entity> with entity address <address> doesn't exist.".
pub fn existing_sensor(conn: &mut DbConnection, id: i64, entity: &str, address: &str) -> Result<Sensor, ApiError> {
    let missing = || ApiError::UnknownEntity(format!("{entity} with entity address {address} doesn't exist."));
    let id = i32::try_from(id).map_err(|_| missing())?;
    find_sensor(conn, id).map_err(|e| match e {
        fm_storage::StorageError::NotFound(_) => missing(),
        other => other.into(),
    })
}

/// The ids of the connections (legacy assets) an actor may use on the meter, prognosis and
/// connection endpoints: those the user owns; every one for admins. By id, descending.
pub fn my_connection_ids(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<i32>, ApiError> {
    Ok(legacy_asset_ids(conn, if actor.is_admin() { None } else { Some(actor.user_id) })?)
}

/// The host a request was sent to, as addresses use it.
pub fn request_host(req: &HttpRequest) -> String {
    host_from_request(Some(req.connection_info().host()))
}

/// This server's `ea1.<YYYY-MM>.<reversed host>` for `host`: the configured naming authority, or
/// for hosts without one the localhost rule (the first month after the current one).
pub fn server_prefix(host: &str) -> String {
    let today = chrono::Utc::now().date_naive();
    let configured = HostsAndAuthStart::default();
    build_ea_scheme_and_naming_authority(host, None, &configured, today)
        .or_else(|_| build_ea_scheme_and_naming_authority(host, Some(&first_month_after(today)), &configured, today))
        .unwrap_or_else(|_| format!("ea1.{}.localhost", first_month_after(today)))
}

/// The fm1 address of sensor `id` on `host`.
pub fn sensor_address(host: &str, id: i32) -> String {
    format!("{}:fm1.{}", server_prefix(host), EntityInfo::Sensor { sensor_id: i64::from(id) }.locally_unique_string())
}
