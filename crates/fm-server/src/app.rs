//! The application: every route of the server composed under one actix-web `App`.
//!
//! `main` and the tests build the app with the same [`build_app`].

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use fm_api_common::middleware::{body_auth_token, json_errors};
use fm_api_common::{ApiError, AppState};
use tracing_actix_web::TracingLogger;

use crate::telemetry::RequestSpan;

/// The API versions this server mounts, as `GET /api` lists them.
///
/// Each version crate is composed below under `/api/<version>`.
pub const MOUNTED_API_VERSIONS: &[&str] =
    &[fm_api_v1::VERSION, fm_api_v1_1::VERSION, fm_api_v1_2::VERSION, fm_api_v1_3::VERSION, fm_api_v2_0::VERSION, fm_api_v3_0::VERSION];

/// The whole application for `state`.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error, InitError = ()>,
> {
    App::new()
        .app_data(web::Data::new(state))
        .wrap(TracingLogger::<RequestSpan>::new())
        .service(
            web::scope("/api")
                .configure(fm_api_common::extract::configure_extractors)
                .configure(crate::routes::configure)
                .service(web::scope(fm_api_v1::VERSION).configure(fm_api_v1::configure))
                .service(web::scope(fm_api_v1_1::VERSION).configure(fm_api_v1_1::configure))
                .service(web::scope(fm_api_v1_2::VERSION).configure(fm_api_v1_2::configure))
                .service(web::scope(fm_api_v1_3::VERSION).configure(fm_api_v1_3::configure))
                .service(web::scope(fm_api_v2_0::VERSION).configure(fm_api_v2_0::configure))
                .service(web::scope(fm_api_v3_0::VERSION).configure(fm_api_v3_0::configure))
                .default_service(web::to(|| async { Err::<actix_web::HttpResponse, _>(ApiError::http(actix_web::http::StatusCode::NOT_FOUND)) }))
                .wrap(from_fn(body_auth_token))
                .wrap(from_fn(json_errors)),
        )
        .configure(crate::pages::configure)
}
