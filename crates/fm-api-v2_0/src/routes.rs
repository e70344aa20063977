//! The route table of API v2_0 (mounted under `/api/v2_0`).
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | GET | `/getService` | [`services::get_service`] |
//! | GET, POST | `/assets` | [`assets::list`], [`assets::create`] |
//! | GET, PATCH, DELETE | `/asset/<id>` | [`assets::get`], [`assets::patch`], [`assets::delete`] |
//! | GET | `/users` | [`users::list`] |
//! | GET, PATCH | `/user/<id>` | [`users::get`], [`users::patch`] |
//! | PATCH | `/user/<id>/password-reset` | [`users::reset_password`] |

use actix_web::web;

use crate::{assets, services, users};

/// Registers every v2_0 route on the version's scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/getService").route(web::get().to(services::get_service)))
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
