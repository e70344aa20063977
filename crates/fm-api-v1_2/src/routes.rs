//! The route table of API v1_2 (mounted under `/api/v1_2`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET, POST | the data services of 1.1 | [`fm_api_v1_1::routes::configure_data`] |
//! | GET | `/getDeviceMessage` | [`udi::get`] |
//! | POST | `/postUdiEvent` | [`udi::post`] |

use actix_web::web;

use crate::{services, udi};

/// Registers every v1_2 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service))).configure(fm_api_v1_1::routes::configure_data)
        .service(web::resource("/getDeviceMessage").route(web::get().to(udi::get)))
        .service(web::resource("/postUdiEvent").route(web::post().to(udi::post)));
}
