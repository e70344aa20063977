//! Legacy assets as a REST resource (api-v2_0.md §4). Not implemented yet.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use fm_api_common::ApiError;

fn not_yet() -> Result<HttpResponse, ApiError> {
    Err(ApiError::http(StatusCode::NOT_IMPLEMENTED))
}

/// `GET /assets`.
pub async fn list() -> Result<HttpResponse, ApiError> { not_yet() }
/// `POST /assets`.
pub async fn create() -> Result<HttpResponse, ApiError> { not_yet() }
/// `GET /asset/<id>`.
pub async fn get() -> Result<HttpResponse, ApiError> { not_yet() }
/// `PATCH /asset/<id>`.
pub async fn patch() -> Result<HttpResponse, ApiError> { not_yet() }
/// `DELETE /asset/<id>`.
pub async fn delete() -> Result<HttpResponse, ApiError> { not_yet() }
