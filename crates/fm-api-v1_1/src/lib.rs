//! FlexMeasures API v1_1 (version 1.1): connections, prognoses, prices and weather, as
//! USEF-style messages with fm0 addresses.
//!
//! What belongs here: this version's route table ([`routes`]), its service listing
//! ([`services`]) and the handlers it adds ([`prognosis`], [`price_data`], [`weather_data`]).
//! Meter data is v1's ([`fm_api_v1::meter_data`]); getConnection and the reading of power data
//! are shared with v2_0 in `fm_api_common::usef`.
//!
//! Known quirks kept or fixed (api-legacy-v1.md §10), besides those of `fm_api_v1`:
//! - postPrognosis works as documented (the original answers 500 for every valid request).
//! - getConnection answers display names outside play mode (the original: 500).
//! - postWeatherData for an unknown location is `UNRECOGNIZED_SENSOR` naming the nearest sensor
//!   of that type (the original: 500); in play mode the sensor is created.
//! - Weather types without known units answer `INVALID_UNIT` "Data for <type> should be given a
//!   unit." (the original: 500). More than one market sensor with the posted name is
//!   `INVALID_API_VERSION` already at the resolution check (the original: 500).
//! - No forecasting jobs are queued after posting prices or weather: this server has no
//!   forecaster.

pub mod price_data;
pub mod prognosis;
pub mod routes;
pub mod services;
pub mod weather_data;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v1_1";
