//! The un-versioned endpoints under `/api`.
//!
//! | Method | Path | Auth |
//! |---|---|---|
//! | GET | `/api`, `/api/` | none |
//! | POST | `/api/requestAuthToken` | credentials in the body |
//! | GET | `/api/ops/ping` | none |
//! | GET | `/api/ops/getLatestTaskRun` | shared secret header |
//! | POST | `/api/ops/postLatestTaskRun` | token + role `task-runner` |
//! | PUT | `/api/restoreData`, `/api/play/restoreData` | token + role `admin`; play mode only (404 otherwise) |

mod auth_token;
mod index;
mod ops;
mod play;

use actix_web::web;

/// Registers the un-versioned endpoints on the `/api` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(["", "/"]).route(web::get().to(index::get_index)))
        .service(web::resource("/requestAuthToken").route(web::post().to(auth_token::request_auth_token)))
        .service(web::resource("/ops/ping").route(web::get().to(ops::ping)))
        .service(web::resource("/ops/getLatestTaskRun").route(web::get().to(ops::get_latest_task_run)))
        .service(web::resource("/ops/postLatestTaskRun").route(web::post().to(ops::post_latest_task_run)))
        .service(
            web::resource(["/restoreData", "/play/restoreData"])
                .route(web::put().to(play::restore_data))
                .default_service(web::to(play::other_method)),
        );
}
