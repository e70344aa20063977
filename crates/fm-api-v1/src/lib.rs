//! FlexMeasures API v1 (version 1.0): meter data as USEF-style messages with fm0 addresses.
//!
//! What belongs here: this version's route table ([`routes`]), its service listing
//! ([`services`]) and the meter-data handlers ([`meter_data`]), including the posting path of
//! power data ([`power_post`]) that later 1.x versions reuse for prognoses. Message machinery
//! shared with v2_0 lives in `fm_api_common::usef`.
//!
//! Known quirks kept or fixed (api-legacy-v1.md §10):
//! - GET responses label a single sensor `"connections": "<name>"` (a one-character name gets
//!   `"connection"`), exactly as the original.
//! - Non-numeric value strings and empty value lists are `PTUS_INCOMPLETE` (the original: 500).
//! - Value groups of different lengths are `INVALID_RESOLUTION` (the original stores later
//!   groups with their own spacing).
//! - An unparsable `prior` is `INVALID_HORIZON`; calendar horizons (`P1M`) are `INVALID_HORIZON`.
//! - Negative durations are `INVALID_PERIOD`; non-string addresses are `INVALID_DOMAIN`.
//! - No forecasting jobs are queued after posting meter data: this server has no forecaster.

pub mod meter_data;
pub mod power_post;
pub mod routes;
pub mod services;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v1";
