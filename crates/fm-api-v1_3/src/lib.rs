//! FlexMeasures API v1_3 (version 1.3): the data services of 1.1 and the UDI services.
//!
//! What belongs here: this version's route table ([`routes`]) and its service listing
//! ([`services`]). The data handlers are those of `fm_api_v1_1` (and through it `fm_api_v1`),
//! unchanged, as in the original.
//!
//! The UDI services of 1.3 (SoC targets, schedules computed by jobs named by the event) are
//! shared with v2_0 in `fm_api_common::usef::udi`.
//!
//! Known quirks kept or fixed (api-legacy-v1.md §10): SoC targets off the schedule's grid are
//! `INVALID_DATETIME` (the original leaves the scheduler's behaviour undefined); an unparsable
//! `prior` is `INVALID_DATETIME` (the original breaks the job); an asset type without
//! description is named by its type name (the original: 500).

pub mod routes;
pub mod services;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v1_3";
