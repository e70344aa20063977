//! FlexMeasures API v1_2 (version 1.2): the data services of 1.1 and the UDI services.
//!
//! What belongs here: this version's route table ([`routes`]) and its service listing
//! ([`services`]). The data handlers are those of `fm_api_v1_1` (and through it `fm_api_v1`),
//! unchanged, as in the original.
//!
//! Not yet served: `getDeviceMessage` and `postUdiEvent` (listed by `getService` as the
//! original lists them; they come with scheduling through the legacy API).

pub mod routes;
pub mod services;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v1_2";
