//! FlexMeasures API v2_0 (version 2.0): legacy assets and users as REST resources, and the
//! USEF-style messages with fm1 addresses.
//!
//! What belongs here: this version's route table ([`routes`]), its service listing
//! ([`services`]), the asset and user resources ([`assets`], [`users`]) and the message
//! handlers that differ from v1.x ([`messages`]). Machinery shared with the 1.x family lives in
//! `fm_api_common::usef`; this crate does not depend on the 1.x crates.
//!
//! Known quirks kept or fixed (api-v2_0.md §10):
//! - getConnection answers display names (the original: 500); postWeatherData works with fm1
//!   addresses under `weather_sensor(s)` or `sensor(s)` (the original cannot succeed).
//! - getMeterData / getPrognosis / getDeviceMessage keep the original's labels
//!   (`"connections": "<name>"`, `"events": "<address>"`).
//! - A POST of an asset with a unit other than MW is a 422 on `unit`; PATCHing an asset with its
//!   own name is allowed; an unknown role id is a 422; a PATCH with `email` validates and stores
//!   it; non-numeric user ids are 404 and account ids 422 (the original: 500 for each).
//! - Stricter than the original: unknown timezones, negative resolutions and over-long names
//!   are 422s; a chosen `id` on POST is the 400 duplicate.
//! - As in the original, an account-admin may grant any role, `admin` included, to users of
//!   their account.
//! - `GET /charts/power` is listed by getService but not served (no UI package here).

pub mod assets;
pub mod messages;
pub mod routes;
pub mod services;
pub mod users;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v2_0";
