//! Service listings (`getService`) and the account-role check they define
//! (api-legacy-v1.md §1.5 and §8.1, api-v2_0.md §6.2).

use actix_web::{HttpRequest, HttpResponse};
use fm_auth::Actor;
use serde_json::{Value, json};

use super::{Message, Usef, typed};
use crate::ApiError;

/// The six account roles that may use the USEF data services.
pub const DATA_ROLES: &[&str] = &["Aggregator", "Supplier", "MDC", "DSO", "Prosumer", "ESCo"];
/// The account roles that may use the UDI services (device messages and UDI events).
pub const UDI_ROLES: &[&str] = &["Prosumer", "ESCo"];

/// One listed service: its name, the roles listed as having access, and a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Name, e.g. `getMeterData`.
    pub name: &'static str,
    /// Roles listed as having access (also the account roles the endpoint accepts).
    pub access: &'static [&'static str],
    /// Description.
    pub description: &'static str,
}

/// `getConnection`.
pub const GET_CONNECTION: Service = Service { name: "getConnection", access: DATA_ROLES, description: "Request entity addresses of connections" };
/// `getMeterData`.
pub const GET_METER_DATA: Service = Service { name: "getMeterData", access: DATA_ROLES, description: "Request meter reading" };
/// `postMeterData`.
pub const POST_METER_DATA: Service = Service { name: "postMeterData", access: DATA_ROLES, description: "Send meter reading" };
/// `getPrognosis`.
pub const GET_PROGNOSIS: Service = Service { name: "getPrognosis", access: DATA_ROLES, description: "Request load planning" };
/// `postPrognosis`.
pub const POST_PROGNOSIS: Service = Service { name: "postPrognosis", access: DATA_ROLES, description: "Send prediction" };
/// `postPriceData`.
pub const POST_PRICE_DATA: Service = Service { name: "postPriceData", access: DATA_ROLES, description: "Send prices" };
/// `postWeatherData`.
pub const POST_WEATHER_DATA: Service =
    Service { name: "postWeatherData", access: DATA_ROLES, description: "Send weather forecasts or weather sensor observations" };
/// `getDeviceMessage`.
pub const GET_DEVICE_MESSAGE: Service = Service {
    name: "getDeviceMessage",
    access: UDI_ROLES,
    description: "Get an Active Demand & Supply (ADS) request for a certain type of control action, including control set points",
};
/// `postUdiEvent`.
pub const POST_UDI_EVENT: Service = Service {
    name: "postUdiEvent",
    access: UDI_ROLES,
    description: "Send a description of some flexible consumption or production process as a USEF Device Interface (UDI) event, \
                  including device capabilities (control constraints)",
};

/// The USEF services of API v1.1 (and, with the UDI services, of later versions), in listing order.
pub const V1_1_SERVICES: &[Service] = &[GET_CONNECTION, GET_METER_DATA, POST_METER_DATA, GET_PROGNOSIS, POST_PROGNOSIS, POST_PRICE_DATA, POST_WEATHER_DATA];

/// The USEF services of API v1.2 and later, in listing order.
pub const V1_2_SERVICES: &[Service] = &[
    GET_CONNECTION,
    GET_METER_DATA,
    POST_METER_DATA,
    GET_PROGNOSIS,
    POST_PROGNOSIS,
    POST_PRICE_DATA,
    POST_WEATHER_DATA,
    GET_DEVICE_MESSAGE,
    POST_UDI_EVENT,
];

/// Access for users with role `admin` or whose account has one of `roles`; else 403 `INVALID_SENDER`.
pub fn authorize(actor: &Actor, roles: &[&str]) -> Result<(), ApiError> {
    if actor.is_admin() || roles.iter().any(|r| actor.has_account_role(r)) {
        Ok(())
    } else {
        Err(ApiError::Forbidden { required_roles: Vec::new() })
    }
}

/// `GET /api/<version>/getService`: the listing, filtered by the optional `access` role
/// (`INVALID_ROLE` when nothing remains).
pub fn get_service(req: &HttpRequest, version: &str, services: &[Service]) -> HttpResponse {
    typed("GetServiceResponse", listing(&Message::from_query(req.query_string()), version, services))
}

fn listing(message: &Message, version: &str, services: &[Service]) -> Result<Value, ApiError> {
    let access = message.get("access").map(|a| a.as_str().map_or_else(|| a.to_string(), str::to_owned));
    let shown: Vec<Value> = services
        .iter()
        .filter(|s| access.as_ref().is_none_or(|role| s.access.contains(&role.as_str())))
        .map(|s| json!({"name": s.name, "access": s.access, "description": s.description}))
        .collect();
    if let Some(role) = access.filter(|_| shown.is_empty()) {
        return Err(Usef::InvalidRole.with(format!("No known services for specified role {role}.")));
    }
    let mut body = Usef::Processed.body(&[]);
    body["version"] = json!(version);
    body["services"] = Value::Array(shown);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_filter_by_role() {
        let all = listing(&Message::from_query(""), "1.1", V1_1_SERVICES).ok().unwrap_or_default();
        assert_eq!(all["services"].as_array().map(Vec::len), Some(7));
        assert_eq!(all["version"], "1.1");
        let none = listing(&Message::from_query("access=Dummy"), "1.1", V1_1_SERVICES);
        assert!(matches!(none, Err(ApiError::Usef(Usef::InvalidRole, _))));
        let udi = listing(&Message::from_query("access=ESCo"), "1.2", &[GET_METER_DATA, POST_UDI_EVENT]).ok().unwrap_or_default();
        assert_eq!(udi["services"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn admins_and_listed_account_roles_pass() {
        let actor = |roles: &[&str], account_roles: &[&str]| Actor {
            user_id: 1,
            account_id: 1,
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            account_roles: account_roles.iter().map(|r| (*r).to_owned()).collect(),
        };
        assert!(authorize(&actor(&[], &["MDC"]), DATA_ROLES).is_ok());
        assert!(authorize(&actor(&["admin"], &[]), UDI_ROLES).is_ok());
        assert!(authorize(&actor(&[], &["Dummy"]), DATA_ROLES).is_err());
        assert!(authorize(&actor(&[], &["MDC"]), UDI_ROLES).is_err());
    }
}
