//! The route table of API v1_1 (mounted under `/api/v1_1`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET | `/getConnection` | [`get_connection`] |
//! | GET | `/getMeterData` | [`meter_data::get`] |
//! | POST | `/postMeterData` | [`meter_data::post`] |
//! | GET | `/getPrognosis` | [`prognosis::get`] |
//! | POST | `/postPrognosis` | [`prognosis::post`] |
//! | POST | `/postPriceData` | [`price_data::post`] |
//! | POST | `/postWeatherData` | [`weather_data::post`] |

use actix_web::web;
use fm_api_common::usef::connection::get_connection;
use fm_api_v1::meter_data;

use crate::{price_data, prognosis, services, weather_data};

/// Registers the data routes of 1.1 (shared by 1.2 and 1.3) without `getService`.
pub fn configure_data(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getConnection").route(web::get().to(get_connection)))
        .service(web::resource("/getMeterData").route(web::get().to(meter_data::get)))
        .service(web::resource("/postMeterData").route(web::post().to(meter_data::post)))
        .service(web::resource("/getPrognosis").route(web::get().to(prognosis::get)))
        .service(web::resource("/postPrognosis").route(web::post().to(prognosis::post)))
        .service(web::resource("/postPriceData").route(web::post().to(price_data::post)))
        .service(web::resource("/postWeatherData").route(web::post().to(weather_data::post)));
}

/// Registers every v1_1 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service)))
        .configure(configure_data);
}
