//! Units and unit conversion (spec `domain.md` §4).
//!
//! Units are plain strings on sensors and in requests (`kW`, `MWh`, `EUR/MWh`, `m³/h`, `°C`, `%`).
//! The original interprets them with the pint library plus one base dimension per ISO 4217
//! currency; this module is a hand-written equivalent:
//!
//! - [`parse_unit`] / [`Unit`]: a hand-written registry of units and SI prefixes (plus every
//!   ISO 4217 code of [`CURRENCY_CODES`] as its own dimension), compound expressions (`a/b`,
//!   `a*b`, `a·b`, `a b`, `^n`, `**n`, `²`, `³`, `⁻¹`), numeric factors (`-kW`, `l/(100km)`)
//!   and offset units (`°C`, `°F`); [`is_valid_unit`].
//! - Classification (§4.2): [`is_power_unit`], [`is_energy_unit`], [`is_currency_unit`],
//!   [`is_price_unit`], [`is_energy_price_unit`], [`is_capacity_price_unit`], [`is_speed_unit`],
//!   [`unit_dimension_label`].
//! - Convertibility (§4.3): [`units_are_convertible`] (asymmetric: stock → flow only) and the
//!   acceptance rules and messages of sensors, typed messages and the legacy API.
//! - Conversion (§4.4): [`convert_units`] and friends, with power ↔ energy over an event
//!   resolution and `%` of a capacity; [`determine_flow_unit`] / [`determine_stock_unit`].
//! - Quantities (§4.5): [`parse_quantity`], [`convert_to_quantity`], [`Quantity`] display.
//!
//! ```
//! use chrono::TimeDelta;
//! use fm_domain::units::{convert_units, is_power_unit, units_are_convertible};
//!
//! assert!(is_power_unit("kW"));
//! assert!(units_are_convertible("kWh", "kW", true));
//! assert!(!units_are_convertible("kW", "kWh", true));
//! let kw = convert_units(&[1.0, 2.0], "kWh", "kW", Some(TimeDelta::minutes(15)), None).unwrap();
//! assert_eq!(kw, vec![4.0, 8.0]);
//! ```

mod acceptance;
mod classify;
mod convert;
mod currencies;
mod dimension;
mod error;
mod format;
mod lexer;
mod parse;
mod preferred;
mod quantity;
mod registry;
mod special;
mod table;
mod unit;

#[cfg(test)]
mod tests;

pub use acceptance::{
    LEGACY_POWER_UNITS, LEGACY_PRICE_UNITS, LEGACY_SOC_UNITS, check_unit_for_message_type,
    check_unit_for_sensor, incompatible_unit_message, invalid_unit_message,
    legacy_invalid_unit_message, legacy_unit_accepted, legacy_weather_units,
    unit_accepted_by_sensor,
};
pub use classify::{
    is_capacity_price_unit, is_currency_unit, is_energy_price_unit, is_energy_price_unit_v0_9,
    is_energy_unit, is_power_unit, is_price_unit, is_speed_unit, is_valid_unit, strip_si_prefix,
    unit_dimension_label, units_are_convertible,
};
pub use convert::{
    Conversion, convert_units, convert_units_in_place, convert_value,
    determine_unit_conversion_multiplier, unit_conversion,
};
pub use currencies::{CURRENCY_CODES, is_currency_code};
pub use dimension::{BASE_DIMENSION_NAMES, Dimension};
pub use error::UnitError;
pub use format::{format_general, format_magnitude};
pub use parse::parse_unit;
pub use preferred::{
    ARBITRARY_UNITS, determine_flow_unit, determine_stock_unit, find_smallest_common_unit,
    to_compact, to_preferred,
};
pub use quantity::{
    INVALID_QUANTITY_MESSAGE, Quantity, convert_to_quantity, is_valid_quantity, parse_quantity,
    split_into_magnitude_and_unit,
};
pub use special::{SPECIAL_FROM_UNITS, datetime_in_unit, is_special_from_unit, timedelta_in_unit};
pub use unit::Unit;
