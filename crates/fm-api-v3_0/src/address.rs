//! Entity addresses of sensors as this server names them (`ea1.<YYYY-MM>.<reversed host>:fm1.<id>`).

use actix_web::HttpRequest;
use fm_domain::entity_address::{
    EntityInfo, EntityType, HostsAndAuthStart, build_ea_scheme_and_naming_authority, build_entity_address, host_from_request,
    parse_fm1_entity_address,
};

/// The host a request was sent to, as addresses use it.
pub fn request_host(req: &HttpRequest) -> String {
    host_from_request(Some(req.connection_info().host()))
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The address of sensor `id` on `host` (`None` when the host has no configured naming authority).
pub fn sensor_address(host: &str, id: i32) -> Option<String> {
    build_entity_address(&EntityInfo::Sensor { sensor_id: i64::from(id) }, host, &HostsAndAuthStart::default(), today()).ok()
}

/// The sensor id in an fm1 address, or the parser's error text.
pub fn sensor_id_of(host: &str, address: &str) -> Result<i32, String> {
    let prefix = build_ea_scheme_and_naming_authority(host, None, &HostsAndAuthStart::default(), today()).unwrap_or_default();
    let parsed = parse_fm1_entity_address(address, EntityType::Sensor, &prefix).map_err(|e| e.to_string())?;
    parsed
        .info
        .sensor_id()
        .and_then(|id| i32::try_from(id).ok())
        .ok_or_else(|| format!("No sensor found with entity address {address}."))
}
