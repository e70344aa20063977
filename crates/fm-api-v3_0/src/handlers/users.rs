//! `/users`: list, read and update users, and reset their password.

use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::validation::{FieldErrors, Fields, json_object, reject_unknown};
use fm_api_common::{ApiError, AppState, CurrentUser, with_db};
use fm_auth::Actor;
use fm_auth::policy::{Context, Permission};
use fm_domain::roles::{ACCOUNT_ADMIN, ADMIN, ADMIN_READER, CONSULTANT};
use fm_storage::DbConnection;
use fm_storage::roles::{RoleKind, list_roles};
use fm_storage::users::{User, UserChanges, find_user, list_users, set_user_roles, update_user, user_role_ids};
use serde_json::{Value, json};

use crate::access::{account_ref, require};
use crate::query::QueryParams;
use crate::schemas::with_status;
use crate::schemas::user::{PATCH_FIELDS, user_json};

fn user_or_404(conn: &mut DbConnection, id: i32) -> Result<User, ApiError> {
    find_user(conn, id).map_err(|_| ApiError::not_found(format!("User {id} not found.")))
}

fn user_context(conn: &mut DbConnection, user: &User) -> Result<Context, ApiError> {
    Ok(Context::User { id: user.id, account: account_ref(conn, user.account_id)? })
}

/// `GET /users`: users of an account (default: the caller's); inactive ones on request.
pub async fn list(req: HttpRequest, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::of(&req);
    let mut errors = FieldErrors::at("query");
    let account = params.integer("account", Some("account_id"), &mut errors);
    let include_inactive = params.boolean("include_inactive", &mut errors);
    errors.check()?;
    let actor = user.actor;
    let users = with_db(&state, move |conn| {
        let accounts = crate::access::listed_accounts(conn, &actor, account)?;
        list_users(conn, &accounts, include_inactive)?.iter().map(|u| user_json(conn, u)).collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(users))
}

/// `GET /users/<id>`.
pub async fn get(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let actor = user.actor;
    let found = with_db(&state, move |conn| {
        let user = user_or_404(conn, id)?;
        require(&actor, &user_context(conn, &user)?, Permission::Read)?;
        user_json(conn, &user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(found)))
}

/// Whether `actor` may give or take `role` from a user of `account` (the newest rules).
fn may_change_role(actor: &Actor, role: &str, target_account: fm_auth::policy::AccountRef) -> bool {
    match role {
        ADMIN => false,
        ADMIN_READER => actor.is_admin(),
        ACCOUNT_ADMIN => actor.is_admin() || (actor.has_role(CONSULTANT) && target_account.consultancy_account_id == Some(actor.account_id)),
        CONSULTANT => actor.is_admin() || (actor.has_role(ACCOUNT_ADMIN) && target_account.id == actor.account_id),
        _ => false,
    }
}

/// `PATCH /users/<id>`: e-mail, username, active, timezone and roles.
pub async fn patch(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let map = json_object(&body, "json")?;
    let mut errors = FieldErrors::at("json");
    reject_unknown(&map, PATCH_FIELDS, &mut errors);
    let f = Fields::new(&map);
    let email = f.string("email", &mut errors).and_then(|e| match fm_domain::email::normalise_email(&e) {
        Ok(e) => Some(e),
        Err(_) => {
            errors.add("email", "Not a valid email address.");
            None
        }
    });
    let username = f.string("username", &mut errors);
    let active = f.boolean("active", &mut errors);
    let timezone = f.timezone("timezone", &mut errors);
    let roles: Option<Vec<i32>> = match f.raw("flexmeasures_roles") {
        None => None,
        Some(Value::Array(items)) if items.iter().all(|i| i.as_i64().is_some()) => {
            Some(items.iter().filter_map(|i| i.as_i64().and_then(|n| i32::try_from(n).ok())).collect())
        }
        Some(_) => {
            errors.add("flexmeasures_roles", "Not a valid list of role ids.");
            None
        }
    };
    errors.check()?;
    let actor = user.actor;
    let updated = with_db(&state, move |conn| {
        let target = user_or_404(conn, id)?;
        let target_account = account_ref(conn, target.account_id)?;
        require(&actor, &Context::User { id, account: target_account }, Permission::Update)?;
        let current_roles = user_role_ids(conn, id)?;
        let roles_change = roles.as_ref().is_some_and(|r| {
            let mut sorted = r.clone();
            sorted.sort_unstable();
            sorted.dedup();
            sorted != current_roles
        });
        let active_change = active.is_some_and(|a| a != target.active);
        if actor.user_id == id && (roles_change || active_change) {
            return Err(ApiError::Forbidden { required_roles: Vec::new() });
        }
        if let (true, Some(new_roles)) = (roles_change, &roles) {
            let all_roles = list_roles(conn, RoleKind::User)?;
            let name_of = |rid: &i32| all_roles.iter().find(|r| r.id == *rid).map(|r| r.name.clone());
            let changed = new_roles.iter().filter(|r| !current_roles.contains(r)).chain(current_roles.iter().filter(|r| !new_roles.contains(r)));
            for rid in changed {
                let Some(name) = name_of(rid) else {
                    return Err(FieldErrors::single("json", "flexmeasures_roles", format!("Role with ID {rid} does not exist.")));
                };
                if !may_change_role(&actor, &name, target_account) {
                    return Err(ApiError::Forbidden { required_roles: Vec::new() });
                }
            }
        }
        let changes = UserChanges {
            email,
            username,
            active,
            timezone,
            password: None,
            fs_uniquifier: (active == Some(false) && target.active).then(fm_auth::random::new_uniquifier),
        };
        let user = update_user(conn, id, &changes).map_err(|e| match e {
            fm_storage::StorageError::Conflict(detail) => ApiError::Http {
                status: actix_web::http::StatusCode::BAD_REQUEST,
                message: format!("Duplicate user: {detail}"),
            },
            other => other.into(),
        })?;
        // Roles change only once the other fields are stored, so a refused update changes nothing.
        if let (true, Some(new_roles)) = (roles_change, &roles) {
            set_user_roles(conn, id, new_roles)?;
        }
        user_json(conn, &user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(updated)))
}

/// `PATCH /users/<id>/password-reset`: a random password, and every token and session revoked.
pub async fn reset_password(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let actor = user.actor;
    let passwords = state.passwords.clone();
    with_db(&state, move |conn| {
        let target = user_or_404(conn, id)?;
        require(&actor, &user_context(conn, &target)?, Permission::Update)?;
        let hash = passwords.hash(&fm_auth::random::random_password()).map_err(|e| ApiError::Internal(e.to_string()))?;
        let changes = UserChanges { password: Some(hash), fs_uniquifier: Some(fm_auth::random::new_uniquifier()), ..Default::default() };
        update_user(conn, id, &changes)?;
        tracing::info!(user_id = id, by = actor.user_id, "password reset");
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"status": 200})))
}
