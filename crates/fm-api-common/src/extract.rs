//! Extractor settings whose failures answer in the original's JSON formats.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use serde_json::json;

use crate::ApiError;

/// Largest JSON body accepted (the original's sensor-data limit is 3.1 MiB; room is left for
/// the legacy bulk messages).
pub const JSON_LIMIT_BYTES: usize = 16 * 1024 * 1024;

fn json_error(error: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let api_error = match error {
        JsonPayloadError::Deserialize(e) if !e.is_syntax() && !e.is_eof() => {
            ApiError::field_errors("json", json!({"_schema": [e.to_string()]}))
        }
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::http(StatusCode::PAYLOAD_TOO_LARGE)
        }
        _ => ApiError::http(StatusCode::BAD_REQUEST),
    };
    api_error.into()
}

fn query_error(error: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::field_errors("query", json!({"_schema": [error.to_string()]})).into()
}

/// Path variables of this API are ids: a non-integer one is marshmallow's integer error.
fn path_error(_: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::field_errors("path", json!({"id": ["Not a valid integer."]})).into()
}

/// Registers JSON, query and path extractor settings on a scope or app.
pub fn configure_extractors(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(JSON_LIMIT_BYTES))
        .app_data(web::JsonConfig::default().limit(JSON_LIMIT_BYTES).error_handler(json_error))
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(web::PathConfig::default().error_handler(path_error));
}
