//! The service listing of API v1_1 (version `1.1`).

use actix_web::{HttpRequest, HttpResponse};
use fm_api_common::usef::services::V1_1_SERVICES;

/// `GET /getService`.
pub async fn get_service(req: HttpRequest) -> HttpResponse {
    fm_api_common::usef::services::get_service(&req, "1.1", V1_1_SERVICES)
}
