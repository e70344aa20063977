//! The service listing of API v1_2 (version `1.2`).

use actix_web::{HttpRequest, HttpResponse};
use fm_api_common::usef::services::V1_2_SERVICES;

/// `GET /getService`.
pub async fn get_service(req: HttpRequest) -> HttpResponse {
    fm_api_common::usef::services::get_service(&req, "1.2", V1_2_SERVICES)
}
