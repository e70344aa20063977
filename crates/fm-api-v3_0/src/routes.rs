//! The route table of API v3_0 (mounted under `/api/v3_0`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/sensors` | [`sensors::list`] |
//! | GET | `/sensors/<id>` | [`sensors::get`] |
//! | GET, POST | `/sensors/<id>/data` | [`sensor_data::get::get_by_id`], [`sensor_data::post::post_by_id`] |
//! | GET, POST | `/sensors/data` | [`sensor_data::get::get_by_address`], [`sensor_data::post::post_by_address`] |
//! | POST | `/sensors/<id>/schedules/trigger` | [`schedules::trigger`] |
//! | GET | `/sensors/<id>/schedules/<uuid>` | [`schedules::get`] |
//! | GET | `/jobs/<uuid>` | [`jobs::get`] |
//! | GET, POST | `/assets` | [`assets::list`], [`assets::create`] |
//! | GET, PATCH, DELETE | `/assets/<id>` | [`assets::get`], [`assets::patch`], [`assets::delete`] |
//! | GET | `/users` | [`users::list`] |
//! | GET, PATCH | `/users/<id>` | [`users::get`], [`users::patch`] |
//! | PATCH | `/users/<id>/password-reset` | [`users::reset_password`] |

use actix_web::web;

use crate::handlers::{assets, jobs, schedules, sensor_data, sensors, users};

/// Registers every v3_0 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/sensors").route(web::get().to(sensors::list)))
        .service(
            web::resource("/sensors/data")
                .route(web::get().to(sensor_data::get::get_by_address))
                .route(web::post().to(sensor_data::post::post_by_address)),
        )
        .service(web::resource("/sensors/{id}").route(web::get().to(sensors::get)))
        .service(
            web::resource("/sensors/{id}/data")
                .route(web::get().to(sensor_data::get::get_by_id))
                .route(web::post().to(sensor_data::post::post_by_id)),
        )
        .service(web::resource("/sensors/{id}/schedules/trigger").route(web::post().to(schedules::trigger)))
        .service(web::resource("/sensors/{id}/schedules/{uuid}").route(web::get().to(schedules::get)))
        .service(web::resource("/jobs/{uuid}").route(web::get().to(jobs::get)))
        .service(web::resource("/assets").route(web::get().to(assets::list)).route(web::post().to(assets::create)))
        .service(
            web::resource("/assets/{id}")
                .route(web::get().to(assets::get))
                .route(web::patch().to(assets::patch))
                .route(web::delete().to(assets::delete)),
        )
        .service(web::resource("/users").route(web::get().to(users::list)))
        .service(web::resource("/users/{id}").route(web::get().to(users::get)).route(web::patch().to(users::patch)))
        .service(web::resource("/users/{id}/password-reset").route(web::patch().to(users::reset_password)));
}
