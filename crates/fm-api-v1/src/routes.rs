//! The route table of API v1 (mounted under `/api/v1`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET, POST | `/getMeterData` | [`meter_data::get`] |
//! | POST | `/postMeterData` | [`meter_data::post`] |

use actix_web::web;

use crate::{meter_data, services};

/// Registers every v1 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service)))
        .service(web::resource("/getMeterData").route(web::get().to(meter_data::get)).route(web::post().to(meter_data::get)))
        .service(web::resource("/postMeterData").route(web::post().to(meter_data::post)));
}
