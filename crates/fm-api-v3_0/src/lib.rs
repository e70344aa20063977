//! FlexMeasures API v3_0: sensors and their data, generic assets, and users.
//!
//! What belongs here: this version's route table ([`routes`]), its handlers (one module per
//! resource in [`handlers`]), its wire shapes ([`schemas`]) and the permission contexts of its
//! resources ([`access`]). Storage, units, time and belief rules live below (`fm-storage`,
//! `fm-domain`); error envelopes in `fm-api-common`.
//!
//! Resource shapes follow the newest FlexMeasures (what the official Python client reads):
//! sensors carry `id` and an ISO 8601 `event_resolution`, assets their owner, type and sensors.
//!
//! Known quirks kept or fixed:
//! - `GET /users` lists role ids in `flexmeasures_roles` (v0.9.0 shape).
//! - A taken e-mail address or username on `PATCH /users/<id>` is a 400 `Duplicate user`.
//! - `PATCH /users/<id>/password-reset` sends no e-mail (this server has no mail settings); the
//!   password is replaced by a random one and every token and session is revoked.
//! - Asset name conflicts are a 422 on `name` (the original's language-level check is a defect).
//! - Posting meter data with a positive horizon, or prognoses with a negative one, is a 422 on
//!   every sensor-data endpoint (the original answers 500 on `/sensors/<id>/data`).
//! - Reading an instantaneous sensor at a coarser resolution averages each bucket (domain.md
//!   §2.7); api-v3_0.md §7.4 says the first value. `resolution` echoes the grid step.
//! - Entity addresses use the default naming authorities (`flexmeasures.io` since 2021-01, and
//!   localhost); other hosts get `entity_address: null`.
//! - `GET /sensors` has no pagination, `filter` or consultancy-client options yet.
//! - The schedule trigger takes both the v0.9.0 message (flat `soc-*` fields; the price sensor
//!   as `consumption-price-sensor` or the device's `market_id` attribute; answered `200
//!   PROCESSED`) and the 1.0-era body with `flex-model` / `flex-context` (answered `202
//!   ACCEPTED` with `job`, `job-url`, `results-url`, `schedule`). Both check `create-children`
//!   on the sensor (v0.9.0 checked nothing), and a job id only answers on the sensor it was
//!   triggered for.
//! - 1.0-era triggers: multi-device fields, commodities, commitments, output sensors,
//!   `state-of-charge`, `soc-gain`/`soc-usage` and `operation-modes` are answered with a 422
//!   ("not supported yet"); a referenced sensor the caller may not read is a plain 403 (the
//!   original names the field); without `prior` the belief time is the time of the request
//!   (the original takes the time the job runs); there is no job de-duplication or rate limit.

mod access;
mod address;
pub mod handlers;
mod query;
pub mod routes;
pub mod schemas;

pub use routes::configure;

/// The path segment of this version.
pub const VERSION: &str = "v3_0";
