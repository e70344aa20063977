//! The USEF-style messages of API v1 to v1_3 (api-legacy-v1.md).

mod connection;
mod meter_data;
mod prices;
mod prognosis;
mod round_trip;
mod services;
mod udi;
mod weather;
pub mod world;
