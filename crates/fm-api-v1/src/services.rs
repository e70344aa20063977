//! The service listing of API v1 (version `1.0`).

use actix_web::{HttpRequest, HttpResponse};
use fm_api_common::usef::services::{GET_METER_DATA, POST_METER_DATA, Service};

/// The services of v1, in listing order.
pub const SERVICES: &[Service] = &[GET_METER_DATA, POST_METER_DATA];

/// `GET /getService`.
pub async fn get_service(req: HttpRequest) -> HttpResponse {
    fm_api_common::usef::services::get_service(&req, "1.0", SERVICES)
}
