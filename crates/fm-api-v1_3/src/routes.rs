//! The route table of API v1_3 (mounted under `/api/v1_3`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET, POST | the data services of 1.1 | [`fm_api_v1_1::routes::configure_data`] |
//! | GET | `/getDeviceMessage` | [`get_device_message`] |
//! | POST | `/postUdiEvent` | [`post_udi_event_v1_3`] |

use actix_web::web;

use fm_api_common::usef::udi::device_message::get_device_message;
use fm_api_common::usef::udi::post::post_udi_event_v1_3;

use crate::services;

/// Registers every v1_3 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service))).configure(fm_api_v1_1::routes::configure_data)
        .service(web::resource("/getDeviceMessage").route(web::get().to(get_device_message)))
        .service(web::resource("/postUdiEvent").route(web::post().to(post_udi_event_v1_3)));
}
