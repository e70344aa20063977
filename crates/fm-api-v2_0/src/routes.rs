//! The route table of API v2_0 (mounted under `/api/v2_0`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET | `/getConnection` | [`get_connection`] |
//! | GET | `/getMeterData` | [`messages::get_meter_data`] |
//! | POST | `/postMeterData` | [`messages::post_meter_data`] |
//! | GET | `/getPrognosis` | [`messages::get_prognosis`] |
//! | POST | `/postPrognosis` | [`messages::post_prognosis`] |
//! | POST | `/postPriceData` | [`messages::post_price_data`] |
//! | POST | `/postWeatherData` | [`messages::post_weather_data`] |
//! | GET | `/getDeviceMessage` | [`get_device_message`] (v1.3's) |
//! | POST | `/postUdiEvent` | [`post_udi_event_v1_3`] (v1.3's) |
//! | GET, POST | `/assets` | [`assets::list`], [`assets::create`] |
//! | GET, PATCH, DELETE | `/asset/<id>` | [`assets::get`], [`assets::patch`], [`assets::delete`] |
//! | GET | `/users` | [`users::list`] |
//! | GET, PATCH | `/user/<id>` | [`users::get`], [`users::patch`] |
//! | PATCH | `/user/<id>/password-reset` | [`users::reset_password`] |

use actix_web::web;

use fm_api_common::usef::connection::get_connection;
use fm_api_common::usef::udi::device_message::get_device_message;
use fm_api_common::usef::udi::post::post_udi_event_v1_3;

use crate::{assets, messages, services, users};

/// Registers every v2_0 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service)))
        .service(web::resource("/getConnection").route(web::get().to(get_connection)))
        .service(web::resource("/getMeterData").route(web::get().to(messages::get_meter_data)))
        .service(web::resource("/postMeterData").route(web::post().to(messages::post_meter_data)))
        .service(web::resource("/getPrognosis").route(web::get().to(messages::get_prognosis)))
        .service(web::resource("/postPrognosis").route(web::post().to(messages::post_prognosis)))
        .service(web::resource("/postPriceData").route(web::post().to(messages::post_price_data)))
        .service(web::resource("/postWeatherData").route(web::post().to(messages::post_weather_data)))
        .service(web::resource("/getDeviceMessage").route(web::get().to(get_device_message)))
        .service(web::resource("/postUdiEvent").route(web::post().to(post_udi_event_v1_3)))
        .service(web::resource("/assets").route(web::get().to(assets::list)).route(web::post().to(assets::create)))
        .service(
            web::resource("/asset/{id}")
                .route(web::get().to(assets::get))
                .route(web::patch().to(assets::patch))
                .route(web::delete().to(assets::delete)),
        )
        .service(web::resource("/users").route(web::get().to(users::list)))
        .service(web::resource("/user/{id}").route(web::get().to(users::get)).route(web::patch().to(users::patch)))
        .service(web::resource("/user/{id}/password-reset").route(web::patch().to(users::reset_password)));
}
