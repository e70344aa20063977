//! Users as a REST resource (api-v2_0.md §5). Not implemented yet.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use fm_api_common::ApiError;

fn not_yet() -> Result<HttpResponse, ApiError> {
    Err(ApiError::http(StatusCode::NOT_IMPLEMENTED))
}

/// `GET /users`.
pub async fn list() -> Result<HttpResponse, ApiError> { not_yet() }
/// `GET /user/<id>`.
pub async fn get() -> Result<HttpResponse, ApiError> { not_yet() }
/// `PATCH /user/<id>`.
pub async fn patch() -> Result<HttpResponse, ApiError> { not_yet() }
/// `PATCH /user/<id>/password-reset`.
pub async fn reset_password() -> Result<HttpResponse, ApiError> { not_yet() }
