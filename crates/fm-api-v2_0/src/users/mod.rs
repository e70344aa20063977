//! Users as a REST resource (api-v2_0.md §5), by token or session, with the ACLs of users and
//! accounts (`fm_auth::policy`). Lookups come before authentication, as in the original, so an
//! unknown user or account is a 404 even for anonymous callers.
//!
//! Deviations from the original, as api-v2_0.md §10 recommends: a non-numeric user id is a 404
//! and a non-numeric `account_id` a 422 (both 500 upstream); a PATCH with `email` validates and
//! stores it (500 upstream); an unknown role id is a 422 (upstream creates a nameless role). The
//! password reset sends no e-mail (this server has no mailer): the password becomes a random one
//! and every token and session of the user stops working.

pub mod input;
pub mod output;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::auth::authenticate;
use fm_api_common::validation::{FieldErrors, parse_bool};
use fm_api_common::{ApiError, AppState, with_db};
use fm_auth::Actor;
use fm_auth::policy::{AccountRef, Context, Permission, check_access};
use fm_storage::accounts::find_account;
use fm_storage::roles::{RoleKind, list_roles};
use fm_storage::users::{User, UserChanges, find_user, list_users, set_user_roles, update_user};
use fm_storage::{DbConnection, StorageError, write_transaction};
use serde_json::json;

use self::input::read_user_patch;
use self::output::user_json;
use crate::assets::input::body_object;
use crate::assets::with_status;

/// The policy's view of account `id`, else 404.
fn account_ref(conn: &mut DbConnection, id: i64) -> Result<AccountRef, ApiError> {
    let not_found = || ApiError::not_found(format!("Account {id} not found"));
    let id32 = i32::try_from(id).map_err(|_| not_found())?;
    let account = find_account(conn, id32).map_err(|e| match e {
        StorageError::NotFound(_) => not_found(),
        other => other.into(),
    })?;
    Ok(AccountRef { id: account.id, consultancy_account_id: account.consultancy_account_id })
}

/// The user named by the path, else 404 (a non-numeric id names nobody).
fn user_or_404(conn: &mut DbConnection, id: &str) -> Result<User, ApiError> {
    let not_found = || ApiError::not_found(format!("User {id} not found"));
    let id = id.trim().parse::<i32>().map_err(|_| not_found())?;
    find_user(conn, id).map_err(|e| match e {
        StorageError::NotFound(_) => not_found(),
        other => other.into(),
    })
}

/// The permission context of `user`.
fn user_context(conn: &mut DbConnection, user: &User) -> Result<Context, ApiError> {
    Ok(Context::User { id: user.id, account: account_ref(conn, i64::from(user.account_id))? })
}

/// The caller, if authenticated; checked only after the lookups, as in the original.
async fn caller_of(req: &HttpRequest) -> Result<Option<Actor>, ApiError> {
    match authenticate(req, true).await {
        Ok(user) => Ok(Some(user.actor)),
        Err(ApiError::Unauthorized) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Refuses unless the caller is authenticated (401) and may do `permission` on `context` (403).
fn require(caller: Option<&Actor>, context: &Context, permission: Permission) -> Result<(), ApiError> {
    Ok(check_access(caller, Some(context), permission)?)
}

/// The listing's query: `account_id` (integer) and `include_inactive` (boolean words).
fn list_query(req: &HttpRequest) -> Result<(Option<i64>, bool), ApiError> {
    let query = web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string()).map(web::Query::into_inner).unwrap_or_default();
    let mut errors = FieldErrors::at("query");
    let account = query.get("account_id").and_then(|text| {
        let parsed = text.trim().parse::<i64>().ok();
        if parsed.is_none() {
            errors.add("account_id", "Not a valid integer.");
        }
        parsed
    });
    let include_inactive = query.get("include_inactive").is_some_and(|text| {
        let parsed = parse_bool(text).or_else(|| parse_bool(&text.to_lowercase()));
        if parsed.is_none() {
            errors.add("include_inactive", "Not a valid boolean.");
        }
        parsed == Some(true)
    });
    errors.check()?;
    Ok((account, include_inactive))
}

/// `GET /users`: the users of an account (default: the caller's), inactive ones on request.
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (account, include_inactive) = list_query(&req)?;
    let caller = caller_of(&req).await?;
    let users = with_db(&state, move |conn| {
        let account = match account {
            Some(id) => account_ref(conn, id)?,
            None => {
                let own = caller.as_ref().ok_or(ApiError::Unauthorized)?.account_id;
                account_ref(conn, i64::from(own))?
            }
        };
        require(caller.as_ref(), &Context::Account(account), Permission::Read)?;
        list_users(conn, &[account.id], include_inactive)?.iter().map(|u| user_json(conn, u)).collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(users))
}

/// `GET /user/<id>`.
pub async fn get(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let caller = caller_of(&req).await?;
    let shown = with_db(&state, move |conn| {
        let user = user_or_404(conn, &path)?;
        require(caller.as_ref(), &user_context(conn, &user)?, Permission::Read)?;
        user_json(conn, &user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(shown, StatusCode::OK)))
}

/// `PATCH /user/<id>`: e-mail, username, active, timezone and the whole role set. Users may not
/// change their own `active` flag or roles; deactivating a user ends all their sessions.
pub async fn patch(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let patch = read_user_patch(&body_object(&req, &body)?)?;
    let caller = caller_of(&req).await?;
    let updated = with_db(&state, move |conn| {
        let target = user_or_404(conn, &path)?;
        require(caller.as_ref(), &user_context(conn, &target)?, Permission::Update)?;
        let by = caller.as_ref().ok_or(ApiError::Unauthorized)?.user_id;
        if by == target.id && patch.touches_protected {
            return Err(ApiError::Forbidden { required_roles: Vec::new() }.into());
        }
        if let Some(roles) = &patch.roles {
            let known: Vec<i32> = list_roles(conn, RoleKind::User)?.iter().map(|r| r.id).collect();
            if let Some(unknown) = roles.iter().find(|r| !known.contains(r)) {
                return Err(FieldErrors::single("json", "flexmeasures_roles", format!("Role with ID {unknown} does not exist.")).into());
            }
        }
        let changes = UserChanges {
            email: patch.email.clone(),
            username: patch.username.clone(),
            active: patch.active,
            timezone: patch.timezone.clone(),
            password: None,
            fs_uniquifier: (patch.active == Some(false)).then(fm_auth::random::new_uniquifier),
        };
        let user = write_transaction(conn, |conn| -> Result<User, ApiError> {
            let user = update_user(conn, target.id, &changes).map_err(ApiError::duplicate_of("user"))?;
            if let Some(roles) = &patch.roles {
                set_user_roles(conn, target.id, roles)?;
            }
            Ok(user)
        })?;
        tracing::info!(user_id = user.id, by, "user updated");
        Ok(user_json(conn, &user)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(updated, StatusCode::OK)))
}

/// `PATCH /user/<id>/password-reset`: a random password, and every token and session revoked.
pub async fn reset_password(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let caller = caller_of(&req).await?;
    let passwords = state.passwords.clone();
    with_db(&state, move |conn| {
        let target = user_or_404(conn, &path)?;
        require(caller.as_ref(), &user_context(conn, &target)?, Permission::Update)?;
        let hash = passwords.hash(&fm_auth::random::random_password()).map_err(|e| ApiError::Internal(e.to_string()))?;
        let changes = UserChanges { password: Some(hash), fs_uniquifier: Some(fm_auth::random::new_uniquifier()), ..UserChanges::default() };
        update_user(conn, target.id, &changes)?;
        tracing::info!(user_id = target.id, "password reset");
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"status": 200})))
}
