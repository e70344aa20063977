//! Middleware for the `/api` scope.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError};
use fm_domain::version::FLEXMEASURES_VERSION;
use futures_util::StreamExt as _;

use crate::ApiError;
use crate::auth::BodyToken;

/// Makes every error under `/api` JSON: an error response that is not JSON already (an unknown
/// path, a wrong method, a framework refusal) is replaced by `{"message": .., "status": <code>}`
/// with the original's standard description. Also stamps `FlexMeasures-Version`.
pub async fn json_errors(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(error) => return Err(ApiError::http(error.as_response_error().status_code()).into()),
    };
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut response = if (status.is_client_error() || status.is_server_error()) && !is_json {
        let (req, _) = response.into_parts();
        ServiceResponse::new(req, ApiError::http(status).error_response())
    } else {
        response
    };
    response
        .headers_mut()
        .insert(HeaderName::from_static("flexmeasures-version"), HeaderValue::from_static(FLEXMEASURES_VERSION));
    Ok(response)
}

/// Finds an `auth_token` key in a JSON object body and keeps it for the auth extractors,
/// leaving the body in place for the handler.
pub async fn body_auth_token(mut req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let is_json = req.content_type() == "application/json" || req.content_type().ends_with("+json");
    if is_json {
        let mut payload = req.take_payload();
        let mut body = actix_web::web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > crate::extract::JSON_LIMIT_BYTES {
                return Err(ApiError::http(actix_web::http::StatusCode::PAYLOAD_TOO_LARGE).into());
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        if mentions_auth_token(&body) {
            if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(&body) {
                if let Some(token) = map.get("auth_token").and_then(|v| v.as_str()) {
                    req.extensions_mut().insert(BodyToken(token.to_owned()));
                }
            }
        }
        req.set_payload(actix_web::dev::Payload::from(body));
    }
    next.call(req).await
}

fn mentions_auth_token(body: &[u8]) -> bool {
    body.windows(b"auth_token".len()).any(|w| w == b"auth_token")
}
