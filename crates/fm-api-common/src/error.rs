//! The API's error type: one variant per error envelope of the original, mapped to its HTTP
//! status and JSON body here and nowhere else.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use fm_auth::AccessError;
use fm_domain::english::join_english;
use fm_storage::StorageError;
use serde_json::{Value, json};

/// Message of 401 responses.
pub const UNAUTHENTICATED_MESSAGE: &str = "You could not be properly authenticated for this content or functionality.";
/// Message of 403 responses.
pub const FORBIDDEN_MESSAGE: &str = "You cannot be authorized for this content or functionality.";

/// The framework's standard description of an HTTP error status, as the original words it.
pub fn standard_description(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The browser (or proxy) sent a request that this server could not understand.",
        401 => "The server could not verify that you are authorized to access the URL requested.",
        403 => "You don't have the permission to access the requested resource.",
        404 => "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
        405 => "The method is not allowed for the requested URL.",
        413 => "The data value transmitted exceeds the capacity limit.",
        415 => "The server does not support the media type transmitted in the request.",
        422 => "The request was well-formed but was unable to be followed due to semantic errors.",
        503 => "The server is temporarily unable to service your request. Please try again later.",
        _ => "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
    }
}

/// An error answered by the API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401: no valid token or session, or the user is inactive.
    /// Body `{"message": .., "status": "UNAUTHORIZED"}`.
    #[error("not authenticated")]
    Unauthorized,
    /// 403 `INVALID_SENDER`; names the roles that would have granted access, if any.
    #[error("forbidden")]
    Forbidden {
        /// Roles the message names (`" It requires a and b permission(s)."`); empty for ACL refusals.
        required_roles: Vec<String>,
    },
    /// 422 `UNPROCESSABLE_ENTITY` with a field map or a list of messages.
    #[error("unprocessable entity: {0}")]
    Unprocessable(Value),
    /// 422 `INVALID_DOMAIN` with a one-element message list: an addressed entity of a USEF-style
    /// message does not resolve to a sensor (`["connection with entity address … doesn't exist."]`).
    #[error("unknown entity: {0}")]
    UnknownEntity(String),
    /// 400 `{"message": "Duplicate <resource> already exists", "detail": .., "status": 400}`: the
    /// database refused a write as a duplicate (API v2_0 resources).
    #[error("duplicate {resource}: {detail}")]
    Duplicate {
        /// `asset` or `user`.
        resource: &'static str,
        /// The database's explanation.
        detail: String,
    },
    /// 400 `{"description": "Not a JSON.", "status": 400}`: a body that should be JSON is not.
    #[error("not a JSON body")]
    NotAJson,
    /// A plain HTTP error: `{"message": .., "status": <code>}` (unknown path, wrong method, ...).
    #[error("{status}: {message}")]
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The description.
        message: String,
    },
    /// An error of `POST /api/requestAuthToken`: `{"errors": [..], "status": <code>}`.
    #[error("{status}: {error}")]
    TokenRequest {
        /// The HTTP status.
        status: StatusCode,
        /// The one error message.
        error: String,
    },
    /// A USEF-style rejection from the response catalogue, with extra message items.
    #[error("{}", .0.status())]
    Usef(crate::usef::Usef, Vec<String>),
    /// 500: something failed that is not the client's fault. Logged; the body stays generic.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A plain HTTP error with the framework's standard description.
    pub fn http(status: StatusCode) -> ApiError {
        ApiError::Http { status, message: standard_description(status).to_owned() }
    }

    /// A 404 with a specific message.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::Http { status: StatusCode::NOT_FOUND, message: message.into() }
    }

    /// A 422 whose message is a map of one location to field errors, e.g.
    /// `{"json": {"email": ["Missing data for required field."]}}`.
    pub fn field_errors(location: &str, errors: Value) -> ApiError {
        ApiError::Unprocessable(json!({ location: errors }))
    }

    pub(crate) fn body(&self) -> Value {
        match self {
            ApiError::Unauthorized => json!({"message": UNAUTHENTICATED_MESSAGE, "status": "UNAUTHORIZED"}),
            ApiError::Forbidden { required_roles } => {
                let message = if required_roles.is_empty() {
                    FORBIDDEN_MESSAGE.to_owned()
                } else {
                    format!("{FORBIDDEN_MESSAGE} It requires {} permission(s).", join_english(required_roles, "and"))
                };
                json!({"result": "Rejected", "status": "INVALID_SENDER", "message": message})
            }
            ApiError::Unprocessable(message) => json!({"result": "Rejected", "status": "UNPROCESSABLE_ENTITY", "message": message}),
            ApiError::UnknownEntity(text) => json!({"result": "Rejected", "status": "INVALID_DOMAIN", "message": [text]}),
            ApiError::Duplicate { resource, detail } => {
                json!({"message": format!("Duplicate {resource} already exists"), "detail": detail, "status": 400})
            }
            ApiError::NotAJson => json!({"description": "Not a JSON.", "status": 400}),
            ApiError::Http { status, message } => json!({"message": message, "status": status.as_u16()}),
            ApiError::TokenRequest { status, error } => json!({"errors": [error], "status": status.as_u16()}),
            ApiError::Usef(kind, extra) => kind.body(&extra.iter().map(String::as_str).collect::<Vec<_>>()),
            ApiError::Internal(_) => json!({"message": "An internal error has occurred.", "status": 500}),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::Unprocessable(_) | ApiError::UnknownEntity(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotAJson | ApiError::Duplicate { .. } => StatusCode::BAD_REQUEST,
            ApiError::Http { status, .. } | ApiError::TokenRequest { status, .. } => *status,
            ApiError::Usef(kind, _) => kind.http_status(),
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(detail) = self {
            tracing::error!(error = %detail, "internal error");
        }
        HttpResponse::build(self.status_code()).json(self.body())
    }
}

impl From<AccessError> for ApiError {
    fn from(error: AccessError) -> Self {
        match error {
            AccessError::Unauthenticated => ApiError::Unauthorized,
            AccessError::Forbidden { reason } => {
                tracing::info!(%reason, "access refused");
                ApiError::Forbidden { required_roles: Vec::new() }
            }
            AccessError::MissingRoles { roles } => ApiError::Forbidden { required_roles: roles },
        }
    }
}

impl ApiError {
    /// Maps a storage conflict to [`ApiError::Duplicate`] of `resource` (keeping only the
    /// database's detail); other storage errors map as usual.
    pub fn duplicate_of(resource: &'static str) -> impl Fn(StorageError) -> ApiError {
        move |error| match error {
            StorageError::Conflict(detail) => {
                let prefix = format!("Duplicate {resource} already exists: ");
                let detail = detail.strip_prefix(&prefix).map(str::to_owned).unwrap_or(detail);
                ApiError::Duplicate { resource, detail }
            }
            other => other.into(),
        }
    }
}

impl From<fm_storage::DieselError> for ApiError {
    fn from(error: fm_storage::DieselError) -> Self {
        ApiError::from(StorageError::from(error))
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound(message) => ApiError::not_found(message),
            StorageError::Replacement(detail) => {
                tracing::info!(%detail, "replacement refused");
                ApiError::Usef(crate::usef::Usef::InvalidReplacementV3, Vec::new())
            }
            StorageError::Conflict(message) | StorageError::Invalid(message) => {
                ApiError::Unprocessable(json!([message]))
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    async fn rendered(error: ApiError) -> (u16, Value) {
        let response = error.error_response();
        let status = response.status().as_u16();
        let bytes = to_bytes(response.into_body()).await.unwrap_or_default();
        (status, serde_json::from_slice(&bytes).unwrap_or_default())
    }

    #[actix_web::test]
    async fn auth_errors_render_exactly() {
        assert_eq!(
            rendered(ApiError::Unauthorized).await,
            (401, json!({"message": "You could not be properly authenticated for this content or functionality.", "status": "UNAUTHORIZED"}))
        );
        assert_eq!(
            rendered(ApiError::Forbidden { required_roles: vec![] }).await,
            (403, json!({"result": "Rejected", "status": "INVALID_SENDER", "message": "You cannot be authorized for this content or functionality."}))
        );
        let (_, body) = rendered(AccessError::MissingRoles { roles: vec!["account-admin".into(), "admin".into()] }.into()).await;
        assert_eq!(body["message"], "You cannot be authorized for this content or functionality. It requires account-admin and admin permission(s).");
    }

    #[actix_web::test]
    async fn other_envelopes() {
        assert_eq!(rendered(ApiError::NotAJson).await, (400, json!({"description": "Not a JSON.", "status": 400})));
        let duplicate = ApiError::duplicate_of("asset")(StorageError::Conflict("Duplicate asset already exists: key (name)".into()));
        assert_eq!(rendered(duplicate).await, (400, json!({"message": "Duplicate asset already exists", "detail": "key (name)", "status": 400})));
        assert_eq!(rendered(ApiError::http(StatusCode::METHOD_NOT_ALLOWED)).await.1["status"], 405);
        assert_eq!(
            rendered(ApiError::TokenRequest { status: StatusCode::NOT_FOUND, error: "x".into() }).await,
            (404, json!({"errors": ["x"], "status": 404}))
        );
        let (status, body) = rendered(ApiError::from(StorageError::Pool("db down: secret detail".into()))).await;
        assert_eq!(status, 500);
        assert!(!body.to_string().contains("secret"), "outages stay 5xx without details");
        assert_eq!(rendered(ApiError::from(StorageError::NotFound("gone".into()))).await.0, 404);
    }
}
