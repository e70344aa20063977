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

use crate::{ApiError, AppState};

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

/// The uniquifier a request's token (or, when `allow_session`, its session cookie) vouches for;
/// checking it costs an HMAC, no database.
fn vouched_uniquifier(req: &HttpRequest, state: &AppState, allow_session: bool) -> Result<String, ApiError> {
    let now = now_s();
    match presented_token(req) {
        Some(token) => state.tokens.verify(&token, now).map_err(|_| ApiError::Unauthorized),
        None if allow_session => {
            let cookie = req.cookie(SESSION_COOKIE).ok_or(ApiError::Unauthorized)?;
            Ok(state.sessions.decode(cookie.value(), now).map_err(|_| ApiError::Unauthorized)?.uniquifier)
        }
        None => Err(ApiError::Unauthorized),
    }
}

/// The active user with this uniquifier, or 401.
fn load_current_user(conn: &mut fm_storage::DbConnection, uniquifier: &str) -> Result<CurrentUser, ApiError> {
    let identity = identity_by_uniquifier(conn, uniquifier)?.filter(|i| i.user.active).ok_or(ApiError::Unauthorized)?;
    Ok(CurrentUser { actor: actor_of(&identity), identity })
}

/// Authenticates a request; `allow_session` lets the session cookie stand in for a token.
pub async fn authenticate(req: &HttpRequest, allow_session: bool) -> Result<CurrentUser, ApiError> {
    let state = state_of(req)?;
    let uniquifier = vouched_uniquifier(req, &state, allow_session)?;
    crate::with_db(&state, move |conn| load_current_user(conn, &uniquifier)).await
}

/// A request whose token or session checks out; the user itself is loaded by
/// [`with_user_db`] together with the handler's own storage work, in one trip to the
/// blocking pool (for the busiest endpoints). A token of a deleted or inactive user is refused
/// there, before anything else is done.
#[derive(Debug, Clone)]
pub struct Vouched {
    uniquifier: String,
}

impl FromRequest for Vouched {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(state_of(req).and_then(|state| vouched_uniquifier(req, &state, true)).map(|uniquifier| Vouched { uniquifier }))
    }
}

/// Loads the vouched-for user (401 when unknown or inactive), then runs `work` with it, on one
/// pooled connection.
pub async fn with_user_db<T, F>(state: &AppState, vouched: Vouched, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut fm_storage::DbConnection, CurrentUser) -> Result<T, ApiError> + Send + 'static,
{
    crate::with_db(state, move |conn| {
        let user = load_current_user(conn, &vouched.uniquifier)?;
        work(conn, user)
    })
    .await
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
