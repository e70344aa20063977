//! The initial structure of a fresh installation (`flexmeasures add initial-structure`) and
//! the toy account (`flexmeasures add toy-account`), as data.

/// A named thing with a description (roles, asset types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    /// Unique name.
    pub name: &'static str,
    /// Human description.
    pub description: &'static str,
}

const fn named(name: &'static str, description: &'static str) -> Named {
    Named { name, description }
}

/// User roles created by `add initial-structure`.
pub const USER_ROLES: [Named; 4] = [
    named(crate::roles::ADMIN, "Super user"),
    named(crate::roles::ADMIN_READER, "Can read everything"),
    named(crate::roles::ACCOUNT_ADMIN, "Can post and edit sensors and assets in their account"),
    named(crate::roles::CONSULTANT, "Can read everything in consultancy client accounts"),
];

/// Account roles created by `add initial-structure`.
pub const ACCOUNT_ROLES: [Named; 5] = [
    named("Prosumer", "A consumer who might also produce"),
    named("MDC", "Metering Data Company"),
    named("Supplier", "Supplier of energy"),
    named("Aggregator", "Aggregator of energy flexibility"),
    named("ESCO", "Energy Service Company"),
];

/// Generic asset types created by `add initial-structure`.
pub const ASSET_TYPES: [Named; 6] = [
    named("solar", "solar panel(s)"),
    named("wind", "wind turbine"),
    named("one-way_evse", "uni-directional Electric Vehicle Supply Equipment"),
    named("two-way_evse", "bi-directional Electric Vehicle Supply Equipment"),
    named("battery", "stationary battery"),
    named("building", "building"),
];

/// The asset type of public market assets, created on demand.
pub const TRANSMISSION_ZONE: Named = named("transmission zone", "A grid regulated & balanced as a whole, usually a national grid.");

/// The platform's own data source name.
pub const PLATFORM_SOURCE_NAME: &str = "Seita";

/// Data source types created for the platform by `add initial-structure`.
pub const PLATFORM_SOURCE_TYPES: [&str; 3] = ["demo script", "forecasting script", "scheduling script"];

/// What `add toy-account` creates.
pub mod toy {
    /// Default account name.
    pub const ACCOUNT_NAME: &str = "Toy Account";
    /// The toy user's e-mail address.
    pub const USER_EMAIL: &str = "toy-user@flexmeasures.io";
    /// The toy user's password (documented, for trying the platform out).
    pub const USER_PASSWORD: &str = "toy-password";
    /// Location of the toy assets (Amsterdam).
    pub const LOCATION: (f64, f64) = (52.374, 4.88969);
    /// Names of the toy assets with their asset type.
    pub const ASSETS: [(&str, &str); 3] = [
        ("toy-solar", "solar"),
        ("toy-building", "building"),
        ("toy-battery", "battery"),
    ];
    /// The public market asset and its price sensor.
    pub const MARKET_ASSET: &str = "NL transmission zone";
    /// Name of the day-ahead price sensor on the market asset.
    pub const PRICE_SENSOR: &str = "Day ahead prices";
    /// Name of the battery's power sensor.
    pub const BATTERY_SENSOR: &str = "charging";
    /// Timezone of the toy sensors.
    pub const TIMEZONE: &str = "Europe/Amsterdam";
}
