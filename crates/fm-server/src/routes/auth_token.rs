//! `POST /api/requestAuthToken`: a token for e-mail and password.
//!
//! Checks, in the original's order: JSON content type (400), an `email` (400), a caller already
//! authenticated as that user gets a token without password (200), a known e-mail (404), a
//! `password` (400; the original's 200 here is a defect), a matching password (401).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::auth::{authenticate, now_s};
use fm_api_common::{ApiError, AppState, run_db};
use fm_storage::users::find_user_by_email;
use serde_json::{Value, json};

fn refused(status: StatusCode, error: impl Into<String>) -> ApiError {
    ApiError::TokenRequest { status, error: error.into() }
}

/// Issues a token.
pub async fn request_auth_token(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let content_type = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if mime != "application/json" && !mime.ends_with("+json") {
        return Err(refused(StatusCode::BAD_REQUEST, "Content-type of request must be application/json"));
    }
    let message: Value = serde_json::from_slice(&body).map_err(|_| refused(StatusCode::BAD_REQUEST, "Request body must be a JSON object."))?;
    let field = |name: &str| message.get(name).and_then(Value::as_str).map(str::to_owned);
    let email = field("email").ok_or_else(|| refused(StatusCode::BAD_REQUEST, "Please provide the 'email' parameter."))?;

    if let Ok(current) = authenticate(&req, true).await {
        if current.identity.user.email == email {
            return Ok(token_response(&state, current.identity.user.id, &current.identity.user.fs_uniquifier));
        }
    }

    let lookup = email.clone();
    let user = run_db(&state, move |conn| find_user_by_email(conn, &lookup))
        .await?
        .ok_or_else(|| refused(StatusCode::NOT_FOUND, format!("User with email '{email}' does not exist")))?;
    let password = field("password").ok_or_else(|| refused(StatusCode::BAD_REQUEST, "Please provide the 'password' parameter."))?;
    let hash = user.password.clone().unwrap_or_default();
    let passwords = state.passwords.clone();
    let matches = web::block(move || passwords.verify(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(format!("password check failed: {e}")))?;
    if !matches {
        return Err(refused(StatusCode::UNAUTHORIZED, "User password does not match."));
    }
    Ok(token_response(&state, user.id, &user.fs_uniquifier))
}

fn token_response(state: &AppState, user_id: i32, uniquifier: &str) -> HttpResponse {
    let token = state.tokens.issue(uniquifier, now_s());
    HttpResponse::Ok().json(json!({"auth_token": token, "user_id": user_id, "status": 200}))
}
