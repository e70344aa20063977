//! FlexMeasures API v1_2 (version 1.2): the data services of 1.1 and the UDI services.
//!
//! What belongs here: this version's route table ([`routes`]) and its service listing
//! ([`services`]) and its UDI services ([`udi`]). The data handlers are those of `fm_api_v1_1` (and through it `fm_api_v1`),
//! unchanged, as in the original.
//!
//! The UDI services of 1.2 ([`udi`]) schedule batteries on request; 1.3 replaced them.

pub mod routes;
pub mod services;
pub mod udi;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v1_2";
