//! Who is asking: the current user, from an auth token or the login session.
//!
//! Tokens are looked for where the original looks, highest precedence first: the `auth_token`
//! key of a JSON object body (found by [`crate::middleware::body_auth_token`]), the `auth_token`
//! query parameter, then the `Authorization` header holding the raw token. A presented token
//! decides alone; without one, [`CurrentUser`] falls back to the session cookie.

use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use fm_auth::Actor;
use fm_storage::users::{UserIdentity, identity_by_uniquifier};

use crate::{ApiError, AppState, run_db};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "fm_session";

/// A token found in a JSON request body, stored in the request extensions by the middleware.
#[derive(Debug, Clone)]
pub struct BodyToken(pub String);

/// The authenticated, active user of a request (by token or session).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user with its account and roles.
    pub identity: UserIdentity,
    /// The same, as the access policy sees it.
    pub actor: Actor,
}

/// The authenticated, active user of a request, by token only (legacy and ops endpoints).
#[derive(Debug, Clone)]
pub struct TokenUser(pub CurrentUser);

/// Seconds since the Unix epoch.
pub fn now_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The auth token a request presents, if any, by the original's precedence.
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    if let Some(BodyToken(token)) = req.extensions().get::<BodyToken>() {
        return Some(token.clone());
    }
    let from_query = web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.get("auth_token").cloned());
    from_query.or_else(|| {
        req.headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}

fn state_of(req: &HttpRequest) -> Result<AppState, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .map(|d| d.get_ref().clone())
        .ok_or_else(|| ApiError::Internal("AppState is not registered".to_owned()))
}

/// Authenticates a request; `allow_session` lets the session cookie stand in for a token.
pub async fn authenticate(req: &HttpRequest, allow_session: bool) -> Result<CurrentUser, ApiError> {
    let state = state_of(req)?;
    let now = now_s();
    let uniquifier = match presented_token(req) {
        Some(token) => state.tokens.verify(&token, now).map_err(|_| ApiError::Unauthorized)?,
        None if allow_session => {
            let cookie = req.cookie(SESSION_COOKIE).ok_or(ApiError::Unauthorized)?;
            state.sessions.decode(cookie.value(), now).map_err(|_| ApiError::Unauthorized)?.uniquifier
        }
        None => return Err(ApiError::Unauthorized),
    };
    let identity = run_db(&state, move |conn| identity_by_uniquifier(conn, &uniquifier)).await?;
    let identity = identity.filter(|i| i.user.active).ok_or(ApiError::Unauthorized)?;
    Ok(CurrentUser { actor: actor_of(&identity), identity })
}

/// The policy's view of a user.
pub fn actor_of(identity: &UserIdentity) -> Actor {
    Actor {
        user_id: identity.user.id,
        account_id: identity.account.id,
        roles: identity.roles.clone(),
        account_roles: identity.account_roles.clone(),
    }
}

type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Boxed<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req, true).await })
    }
}

impl FromRequest for TokenUser {
    type Error = ApiError;
    type Future = Boxed<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req, false).await.map(TokenUser) })
    }
}
