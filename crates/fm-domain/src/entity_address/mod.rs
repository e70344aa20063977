//! USEF EA1 entity addresses (spec api-legacy-v1 §3, domain §5.6, api-v2_0 §3.10).
//!
//! Shape: `ea1.<YYYY-MM>.<reversed domain>:<locally unique string>`, where
//! `<YYYY-MM>.<reversed domain>` is the *naming authority*. FlexMeasures interprets the locally
//! unique string with one of two schemes:
//! - **fm1** (current): `fm1.<sensor id>`, e.g. `ea1.2021-01.io.flexmeasures:fm1.42`;
//! - **fm0** (legacy, v1.x endpoints): `[fm0.][<owner>:]<asset>` (connection),
//!   `[fm0.]<type>:<lat>:<lng>` (weather sensor), `[fm0.]<market name>` (market) and
//!   `[fm0.][<owner>:]<asset>:<event id>:<event type>` (UDI event). The `fm0.` prefix is optional
//!   and its content is not checked (`…:fm1.42` parses as connection 42).
//!
//! Parsing ([`parse_fm0_entity_address`], [`parse_fm1_entity_address`]) reproduces the upstream
//! regular expressions, including their greedy backtracking, and never compares the naming
//! authority with the server's own. Building ([`build_entity_address`]) takes the host, the
//! `FLEXMEASURES_HOSTS_AND_AUTH_START` mapping ([`HostsAndAuthStart`]) and today's date.

mod build;
mod error;
mod parse;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

pub use build::{
    DEFAULT_HOSTS_AND_AUTH_START, DomainParts, HostsAndAuthStart,
    build_ea_scheme_and_naming_authority, build_entity_address, first_month_after,
    host_from_request, reverse_domain_name, split_domain,
};
pub use error::EntityAddressError;
pub use parse::{parse_fm0_entity_address, parse_fm1_entity_address};

/// The constant scheme of type 1 USEF entity addresses.
pub const ADDR_SCHEME: &str = "ea1";

/// The kind of entity an address denotes (the `entity_type` argument upstream).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityType {
    /// A sensor (fm1 addresses).
    Sensor,
    /// A legacy connection (an asset's power sensor).
    Connection,
    /// A legacy weather sensor, addressed by type and location.
    WeatherSensor,
    /// A legacy market, addressed by name.
    Market,
    /// A UDI event about a device.
    Event,
}

impl EntityType {
    /// The upstream name: `sensor`, `connection`, `weather_sensor`, `market` or `event`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sensor => "sensor",
            Self::Connection => "connection",
            Self::WeatherSensor => "weather_sensor",
            Self::Market => "market",
            Self::Event => "event",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityType {
    type Err = EntityAddressError;

    /// Parse an upstream name; anything else is "Unrecognized entity type: …".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sensor" => Ok(Self::Sensor),
            "connection" => Ok(Self::Connection),
            "weather_sensor" => Ok(Self::WeatherSensor),
            "market" => Ok(Self::Market),
            "event" => Ok(Self::Event),
            other => Err(EntityAddressError::UnrecognizedEntityType(other.to_owned())),
        }
    }
}

/// The FlexMeasures scheme of the locally unique string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FmScheme {
    /// Legacy type-specific fields.
    Fm0,
    /// `fm1.<sensor id>`.
    Fm1,
}

impl FmScheme {
    /// `fm0` or `fm1`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fm0 => "fm0",
            Self::Fm1 => "fm1",
        }
    }
}

/// The typed fields of an address's locally unique string (ids are `i64` so that any id a
/// client can write parses; callers map ids outside their id type to "unknown").
#[derive(Debug, Clone, PartialEq)]
pub enum EntityInfo {
    /// fm1: `fm1.<sensor_id>`.
    Sensor {
        /// The sensor id.
        sensor_id: i64,
    },
    /// fm0 connection: `[<owner_id>:]<asset_id>`; the asset id is a sensor id (v0.9.0).
    Connection {
        /// Owner user id (ignored by all v1.x endpoints).
        owner_id: Option<i64>,
        /// Asset id, equal to the id of the asset's sensor.
        asset_id: i64,
    },
    /// fm0 weather sensor: `<type>:<latitude>:<longitude>`.
    WeatherSensor {
        /// Weather sensor type name, e.g. `temperature` or `wind speed`.
        sensor_type: String,
        /// Latitude (matched exactly against stored asset latitudes).
        latitude: f64,
        /// Longitude (matched exactly against stored asset longitudes).
        longitude: f64,
    },
    /// fm0 market: `<market_name>`.
    Market {
        /// Market (sensor) name, e.g. `epex_da`.
        market_name: String,
    },
    /// fm0 UDI event: `[<owner_id>:]<asset_id>:<event_id>:<event_type>`.
    Event {
        /// Owner user id (ignored).
        owner_id: Option<i64>,
        /// Asset id (= sensor id).
        asset_id: i64,
        /// UDI event id.
        event_id: i64,
        /// Event type, e.g. `soc` or `soc-with-targets`.
        event_type: String,
    },
}

impl EntityInfo {
    /// The entity type these fields belong to.
    #[must_use]
    pub fn entity_type(&self) -> EntityType {
        match self {
            Self::Sensor { .. } => EntityType::Sensor,
            Self::Connection { .. } => EntityType::Connection,
            Self::WeatherSensor { .. } => EntityType::WeatherSensor,
            Self::Market { .. } => EntityType::Market,
            Self::Event { .. } => EntityType::Event,
        }
    }

    /// fm1 for sensors, fm0 for the legacy kinds.
    #[must_use]
    pub fn fm_scheme(&self) -> FmScheme {
        match self {
            Self::Sensor { .. } => FmScheme::Fm1,
            _ => FmScheme::Fm0,
        }
    }

    /// The sensor id the address resolves to directly (sensor; asset id of a connection or an
    /// event). Markets and weather sensors are resolved by name/location instead.
    #[must_use]
    pub fn sensor_id(&self) -> Option<i64> {
        match self {
            Self::Sensor { sensor_id } => Some(*sensor_id),
            Self::Connection { asset_id, .. } | Self::Event { asset_id, .. } => Some(*asset_id),
            Self::WeatherSensor { .. } | Self::Market { .. } => None,
        }
    }

    /// The fields after `fm0.`/`fm1.`, colon-separated (owner omitted when unknown; floats as
    /// Python prints them, e.g. `52.0`, but never in exponent notation, so they parse back).
    #[must_use]
    pub fn locally_unique_string(&self) -> String {
        let owner = |o: &Option<i64>| o.map(|o| format!("{o}:")).unwrap_or_default();
        match self {
            Self::Sensor { sensor_id } => sensor_id.to_string(),
            Self::Connection { owner_id, asset_id } => format!("{}{asset_id}", owner(owner_id)),
            Self::WeatherSensor {
                sensor_type,
                latitude,
                longitude,
            } => format!(
                "{sensor_type}:{}:{}",
                float_field(*latitude),
                float_field(*longitude)
            ),
            Self::Market { market_name } => market_name.clone(),
            Self::Event {
                owner_id,
                asset_id,
                event_id,
                event_type,
            } => format!("{}{asset_id}:{event_id}:{event_type}", owner(owner_id)),
        }
    }
}

/// A coordinate as Python's `str(float)` shows ordinary values (`52.0`, `-33.4843866`), without
/// exponent notation.
fn float_field(v: f64) -> String {
    let s = v.to_string();
    if v.is_finite() && !s.contains('.') {
        format!("{s}.0")
    } else {
        s
    }
}

/// A parsed entity address.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityAddress {
    /// The scheme part before the naming authority (in practice `ea1`).
    pub scheme: String,
    /// `<YYYY-MM>.<reversed domain>`, e.g. `2018-06.localhost`.
    pub naming_authority: String,
    /// The typed locally unique string.
    pub info: EntityInfo,
}

impl fmt::Display for EntityAddress {
    /// The canonical form `<scheme>.<naming authority>:<fm0|fm1>.<locally unique string>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}:{}.{}",
            self.scheme,
            self.naming_authority,
            self.info.fm_scheme().as_str(),
            self.info.locally_unique_string()
        )
    }
}
