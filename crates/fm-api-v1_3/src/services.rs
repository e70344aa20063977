//! The service listing of API v1_3 (version `1.3`): the services of 1.2.

use actix_web::{HttpRequest, HttpResponse};

/// `GET /getService`.
pub async fn get_service(req: HttpRequest) -> HttpResponse {
    fm_api_common::usef::services::get_service(&req, "1.3", fm_api_common::usef::services::V1_2_SERVICES)
}
