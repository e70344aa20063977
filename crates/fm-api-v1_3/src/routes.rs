//! The route table of API v1_3 (mounted under `/api/v1_3`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET, POST | the data services of 1.1 | [`fm_api_v1_1::routes::configure_data`] |

use actix_web::web;

use crate::services;

/// Registers every v1_3 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service))).configure(fm_api_v1_1::routes::configure_data);
}
