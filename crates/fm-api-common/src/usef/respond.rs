//! The response `type` of USEF-style endpoints (api-legacy-v1.md §1.2, api-v2_0.md §3.2).
//!
//! What an endpoint answers itself carries `"type": "<Name>Response"`: its successes, its own
//! rejections from the catalogue and the 401 of its token check. Refusals raised around it do
//! not: the 403 of the account-role check, 403 `INVALID_REPLACEMENT`, 422s, "Not a JSON." and
//! generic HTTP errors.

use actix_web::HttpResponse;
use actix_web::ResponseError;
use serde_json::{Value, json};

use super::Usef;
use crate::ApiError;

/// The response of an endpoint whose response type is `response_type`: a success body
/// (answered with 200) or an error, stamped with the type where the original stamps it.
pub fn typed(response_type: &str, result: Result<Value, ApiError>) -> HttpResponse {
    match result {
        Ok(body) => HttpResponse::Ok().json(with_type(body, response_type)),
        Err(error) if carries_type(&error) => HttpResponse::build(error.status_code()).json(with_type(error.body(), response_type)),
        Err(error) => error.error_response(),
    }
}

fn carries_type(error: &ApiError) -> bool {
    match error {
        ApiError::Unauthorized => true,
        ApiError::Usef(kind, _) => !matches!(kind, Usef::InvalidReplacement | Usef::InvalidReplacementV3),
        _ => false,
    }
}

fn with_type(mut body: Value, response_type: &str) -> Value {
    if let Value::Object(map) = &mut body {
        map.entry("type").or_insert_with(|| json!(response_type));
    }
    body
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;

    use super::*;

    async fn rendered(response: HttpResponse) -> (u16, Value) {
        let status = response.status().as_u16();
        let bytes = to_bytes(response.into_body()).await.unwrap_or_default();
        (status, serde_json::from_slice(&bytes).unwrap_or_default())
    }

    #[actix_web::test]
    async fn types_are_stamped_where_the_original_stamps_them() {
        let (status, body) = rendered(typed("GetMeterDataResponse", Err(ApiError::Unauthorized))).await;
        assert_eq!((status, body["type"].as_str()), (401, Some("GetMeterDataResponse")));
        let (status, body) = rendered(typed("X", Err(Usef::InvalidUnit.with("Data for power should be given in MW.")))).await;
        assert_eq!((status, body["type"].as_str(), body["message"].as_str()), (400, Some("X"), Some("Data for power should be given in MW.")));
        let (status, body) = rendered(typed("X", Err(ApiError::Forbidden { required_roles: vec![] }))).await;
        assert_eq!((status, body.get("type")), (403, None));
        let (status, body) = rendered(typed("X", Err(Usef::InvalidReplacement.error()))).await;
        assert_eq!((status, body.get("type")), (403, None));
        let (status, body) = rendered(typed("X", Err(ApiError::NotAJson))).await;
        assert_eq!((status, body.get("type")), (400, None));
        let (status, body) = rendered(typed("X", Ok(Usef::Processed.body(&[])))).await;
        assert_eq!((status, body["type"].as_str(), body["status"].as_str()), (200, Some("X"), Some("PROCESSED")));
    }
}
