//! FlexMeasures API v2_0 (version 2.0): legacy assets and users as REST resources, and the
//! USEF-style messages with fm1 addresses.
//!
//! What belongs here: this version's route table ([`routes`]), its service listing
//! ([`services`]), the asset and user resources ([`assets`], [`users`]) and the message
//! handlers that differ from v1.x ([`messages`]). Machinery shared with the 1.x family lives in
//! `fm_api_common::usef`; this crate does not depend on the 1.x crates.

pub mod assets;
pub mod messages;
pub mod routes;
pub mod services;
pub mod users;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v2_0";
