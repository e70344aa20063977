//! UDI events and device messages (api-legacy-v1.md §8.9–8.12, api-v2_0.md §6.10–6.11): the
//! state of charge of a battery or charging station reported as a UDI event, and its schedule
//! asked for as a device message.
//!
//! Devices are addressed by fm0 event addresses
//! `ea1.<authority>:[fm0.][<owner>:]<sensor id>:<event id>:<event type>`, and are accessible to
//! admins, to users of the device's account, and to everyone for public devices.

pub mod device_message;
pub mod post;

use chrono::{DateTime, FixedOffset};
use fm_auth::Actor;
use fm_domain::entity_address::{EntityInfo, EntityType, parse_fm0_entity_address};
use fm_storage::DbConnection;
use fm_storage::assets::{Asset, find_asset_type};
use fm_storage::sensors::{Sensor, find_sensor_with_asset};
use serde_json::{Map, Value};

use super::Usef;
use crate::ApiError;

/// The API generation of the UDI endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UdiVersion {
    /// v1.2: batteries only, event type `soc`, schedules computed on request.
    V1_2,
    /// v1.3 (and v2.0, which runs the same implementation): batteries and charging stations,
    /// `soc-with-targets`, schedules computed by jobs.
    V1_3,
}

/// A parsed UDI event address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdiEvent {
    /// The address exactly as sent (the id of its scheduling job).
    pub address: String,
    /// The device's sensor id.
    pub sensor_id: i64,
    /// The event id.
    pub event_id: i64,
    /// The event type, e.g. `soc` or `soc-with-targets`.
    pub event_type: String,
}

impl UdiEvent {
    /// Parses an fm0 event address (`INVALID_DOMAIN` with the parser's text otherwise).
    pub fn parse(address: &str) -> Result<UdiEvent, ApiError> {
        let parsed = parse_fm0_entity_address(address, EntityType::Event).map_err(|e| Usef::InvalidDomain.with(e.to_string()))?;
        match parsed.info {
            EntityInfo::Event { asset_id, event_id, event_type, .. } => {
                Ok(UdiEvent { address: address.to_owned(), sensor_id: asset_id, event_id, event_type })
            }
            _ => Err(Usef::InvalidDomain.with(format!("Could not parse event {address}."))),
        }
    }

    /// `UNRECOGNIZED_UDI_EVENT` "The requested UDI event (id = …, type = …) is not known."
    pub fn not_known(&self) -> ApiError {
        Usef::UnrecognizedUdiEvent.with(format!("The requested UDI event (id = {}, type = {}) is not known.", self.event_id, self.event_type))
    }

    /// Checks the event type: `soc` in v1.2; `soc` or `soc-with-targets` from v1.3 on.
    pub fn check_type(&self, version: UdiVersion) -> Result<(), ApiError> {
        match (version, self.event_type.as_str()) {
            (UdiVersion::V1_2, "soc") | (UdiVersion::V1_3, "soc" | "soc-with-targets") => Ok(()),
            (UdiVersion::V1_2, _) => Err(self.not_known()),
            (UdiVersion::V1_3, other) => Err(Usef::UnrecognizedUdiEvent.with(format!("The requested UDI event type {other} is not known."))),
        }
    }
}

/// A device addressed by a UDI event: its power sensor, asset and asset type.
#[derive(Debug, Clone)]
pub struct Device {
    /// The power sensor.
    pub sensor: Sensor,
    /// Its asset.
    pub asset: Asset,
    /// The asset type's name.
    pub type_name: String,
    /// The asset type's description, if any.
    pub type_description: Option<String>,
}

impl Device {
    /// The device of sensor `sensor_id` if `actor` may use it (admin, same account, or a public
    /// asset); else `UNRECOGNIZED_CONNECTION_GROUP`.
    pub fn accessible(conn: &mut DbConnection, actor: &Actor, sensor_id: i64) -> Result<Device, ApiError> {
        let unrecognized = || Usef::UnrecognizedConnectionGroup.error();
        let id = i32::try_from(sensor_id).map_err(|_| unrecognized())?;
        let (sensor, asset) = match find_sensor_with_asset(conn, id) {
            Ok(found) => found,
            Err(fm_storage::StorageError::NotFound(_)) => return Err(unrecognized()),
            Err(other) => return Err(other.into()),
        };
        if !(actor.is_admin() || asset.account_id.is_none_or(|account| account == actor.account_id)) {
            return Err(unrecognized());
        }
        let asset_type = find_asset_type(conn, asset.generic_asset_type_id)?;
        Ok(Device { sensor, asset, type_name: asset_type.name, type_description: asset_type.description })
    }

    /// The asset type must be a battery (v1.2) or a battery or charging station (v1.3);
    /// `INVALID_DOMAIN` explains otherwise. `what` is "UDI events" or "device messages".
    pub fn check_type(&self, version: UdiVersion, what: &str) -> Result<(), ApiError> {
        let id = self.sensor.id;
        match version {
            UdiVersion::V1_2 if self.type_name == "battery" => Ok(()),
            UdiVersion::V1_2 => Err(Usef::InvalidDomain.with(format!("API version 1.2 only supports {what} for batteries. Sensor ID:{id} does not belong to a battery."))),
            UdiVersion::V1_3 if fm_domain::legacy::STORAGE_ASSET_TYPES.contains(&self.type_name.as_str()) => Ok(()),
            UdiVersion::V1_3 => {
                let kind = self.type_description.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| self.type_name.clone());
                let article = if kind.starts_with(|c: char| "aeiouAEIOU".contains(c)) { "an" } else { "a" };
                Err(Usef::InvalidDomain.with(format!(
                    "API version 1.3 only supports {what} for batteries and Electric Vehicle Supply Equipment (EVSE). \
                     Sensor ID:{id} does not belong to a battery or EVSE, but {article} {kind}."
                )))
            }
        }
    }

    /// The asset's attributes.
    pub fn attributes(&self) -> Map<String, Value> {
        match serde_json::from_str(&self.asset.attributes) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }

    /// The last reported state-of-charge datetime (`soc_datetime`), if any.
    pub fn soc_datetime(&self) -> Option<DateTime<FixedOffset>> {
        self.attributes().get("soc_datetime").and_then(Value::as_str).and_then(|s| fm_domain::time::parse_datetime_assume_utc(s).ok())
    }

    /// The last reported UDI event id (`soc_udi_event_id`), if any.
    pub fn soc_udi_event_id(&self) -> Option<i64> {
        self.attributes().get("soc_udi_event_id").and_then(Value::as_i64)
    }
}

/// A datetime as Python's `str(datetime)` shows it: `2015-01-03 00:00:00+00:00`.
pub fn python_datetime(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%Y-%m-%d %H:%M:%S%:z").to_string()
}
