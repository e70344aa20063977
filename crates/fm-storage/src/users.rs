//! Users (`fm_user`), their roles, and the identity loaded for every authenticated request.

use diesel::prelude::*;

use crate::accounts::{Account, account_role_names, find_account};
use crate::roles::{RoleKind, get_or_create_role};
use crate::schema::{fm_user, role, roles_users};
use crate::{DbConnection, StorageError, StorageResult, Ts};

/// An `fm_user` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq)]
#[diesel(table_name = fm_user)]
pub struct User {
    /// Row id.
    pub id: i32,
    /// Login identity (unique).
    pub email: String,
    /// Display name (unique).
    pub username: String,
    /// Password hash; never exposed.
    pub password: Option<String>,
    /// When the user last logged in through the login page.
    pub last_login_at: Option<Ts>,
    /// How often the user logged in through the login page.
    pub login_count: i32,
    /// Inactive users cannot authenticate at all.
    pub active: bool,
    /// IANA timezone for displaying datetimes to the user.
    pub timezone: String,
    /// Identity embedded in tokens and sessions; rotating it logs the user out everywhere.
    pub fs_uniquifier: String,
    /// The account the user belongs to.
    pub account_id: i32,
    /// When the user last made an authenticated request.
    pub last_seen_at: Option<Ts>,
}

/// What is needed to create a user; validation (e-mail shape, timezone) is the caller's.
#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = fm_user)]
pub struct NewUser<'a> {
    /// Login identity.
    pub email: &'a str,
    /// Display name.
    pub username: &'a str,
    /// Password hash.
    pub password: Option<&'a str>,
    /// Whether the user may authenticate.
    pub active: bool,
    /// IANA timezone.
    pub timezone: &'a str,
    /// Fresh random identity for tokens and sessions.
    pub fs_uniquifier: &'a str,
    /// The (existing) account.
    pub account_id: i32,
}

/// Creates a user with the named user roles (missing roles are created) and its user data source.
///
/// Refuses an e-mail address or username already in use and an unknown account.
/// Call inside a transaction to make it all-or-nothing.
pub fn create_user(conn: &mut DbConnection, new: &NewUser<'_>, role_names: &[String]) -> StorageResult<User> {
    find_account(conn, new.account_id)?;
    if find_user_by_email(conn, new.email)?.is_some() {
        return Err(StorageError::Conflict(format!("User with email {} already exists.", new.email)));
    }
    let username_taken = fm_user::table.filter(fm_user::username.eq(new.username)).count().get_result::<i64>(conn)? > 0;
    if username_taken {
        return Err(StorageError::Conflict(format!("User with username {} already exists.", new.username)));
    }
    let user: User = diesel::insert_into(fm_user::table).values(new).returning(fm_user::all_columns).get_result(conn)?;
    for name in role_names {
        add_user_role(conn, user.id, name)?;
    }
    crate::data_sources::create_user_source(conn, &user)?;
    Ok(user)
}

/// Gives a user a role (created when missing); a role the user has already is left alone.
pub fn add_user_role(conn: &mut DbConnection, user_id: i32, role_name: &str) -> StorageResult<()> {
    let (role, _) = get_or_create_role(conn, RoleKind::User, role_name, None)?;
    let linked = roles_users::table
        .filter(roles_users::user_id.eq(user_id).and(roles_users::role_id.eq(role.id)))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !linked {
        diesel::insert_into(roles_users::table)
            .values((roles_users::user_id.eq(user_id), roles_users::role_id.eq(role.id)))
            .execute(conn)?;
    }
    Ok(())
}

/// The user with exactly this e-mail address (case-sensitive, as stored), if any.
pub fn find_user_by_email(conn: &mut DbConnection, email: &str) -> StorageResult<Option<User>> {
    Ok(fm_user::table.filter(fm_user::email.eq(email)).select(User::as_select()).first(conn).optional()?)
}

/// The user with this id.
pub fn find_user(conn: &mut DbConnection, id: i32) -> StorageResult<User> {
    fm_user::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("User with ID {id} does not exist.")))
}

/// Users of an account, by id.
pub fn users_in_account(conn: &mut DbConnection, account_id: i32) -> StorageResult<Vec<User>> {
    Ok(fm_user::table.filter(fm_user::account_id.eq(account_id)).order(fm_user::id).select(User::as_select()).load(conn)?)
}

/// Names of a user's roles, alphabetically.
pub fn user_role_names(conn: &mut DbConnection, user_id: i32) -> StorageResult<Vec<String>> {
    Ok(roles_users::table
        .inner_join(role::table)
        .filter(roles_users::user_id.eq(user_id))
        .select(role::name)
        .order(role::name)
        .load(conn)?)
}

/// Replaces the user's token/session identity, which invalidates all its tokens and sessions.
pub fn set_uniquifier(conn: &mut DbConnection, user_id: i32, uniquifier: &str) -> StorageResult<()> {
    let n = diesel::update(fm_user::table.find(user_id)).set(fm_user::fs_uniquifier.eq(uniquifier)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("User with ID {user_id} does not exist.")));
    }
    Ok(())
}

/// Records a login through the login page: sets `last_login_at` and increments `login_count`.
pub fn record_login(conn: &mut DbConnection, user_id: i32, at: Ts) -> StorageResult<()> {
    diesel::update(fm_user::table.find(user_id))
        .set((fm_user::last_login_at.eq(Some(at)), fm_user::login_count.eq(fm_user::login_count + 1)))
        .execute(conn)?;
    Ok(())
}

/// Records that the user made an authenticated request.
pub fn touch_last_seen(conn: &mut DbConnection, user_id: i32, at: Ts) -> StorageResult<()> {
    diesel::update(fm_user::table.find(user_id)).set(fm_user::last_seen_at.eq(Some(at))).execute(conn)?;
    Ok(())
}

/// Deletes a user and its role links; its data source (and the beliefs it sourced) stay.
pub fn delete_user(conn: &mut DbConnection, user_id: i32) -> StorageResult<()> {
    let n = diesel::delete(fm_user::table.find(user_id)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("User with ID {user_id} does not exist.")));
    }
    Ok(())
}

/// A user with everything authorisation needs: its account, roles and account roles.
#[derive(Debug, Clone, PartialEq)]
pub struct UserIdentity {
    /// The user row.
    pub user: User,
    /// The user's account.
    pub account: Account,
    /// Names of the user's roles.
    pub roles: Vec<String>,
    /// Names of the account's roles.
    pub account_roles: Vec<String>,
}

/// Loads the identity of the user with this token/session uniquifier, if any.
pub fn identity_by_uniquifier(conn: &mut DbConnection, uniquifier: &str) -> StorageResult<Option<UserIdentity>> {
    use crate::schema::account;
    let found: Option<(User, Account)> = fm_user::table
        .inner_join(account::table)
        .filter(fm_user::fs_uniquifier.eq(uniquifier))
        .select((User::as_select(), Account::as_select()))
        .first(conn)
        .optional()?;
    let Some((user, account)) = found else { return Ok(None) };
    let roles = user_role_names(conn, user.id)?;
    let account_roles = account_role_names(conn, account.id)?;
    Ok(Some(UserIdentity { user, account, roles, account_roles }))
}

/// Loads the identity of this user.
pub fn identity_of(conn: &mut DbConnection, user: User) -> StorageResult<UserIdentity> {
    let account = find_account(conn, user.account_id)?;
    let roles = user_role_names(conn, user.id)?;
    let account_roles = account_role_names(conn, account.id)?;
    Ok(UserIdentity { user, account, roles, account_roles })
}

diesel::define_sql_function!(
    /// SQL `lower(text)`, on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

/// The user with this e-mail address compared case-insensitively (as the login form does), if any.
pub fn find_user_by_email_ci(conn: &mut DbConnection, email: &str) -> StorageResult<Option<User>> {
    Ok(fm_user::table
        .filter(lower(fm_user::email).eq(email.to_lowercase()))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Activates or deactivates a user; inactive users cannot authenticate.
pub fn set_active(conn: &mut DbConnection, user_id: i32, active: bool) -> StorageResult<()> {
    let n = diesel::update(fm_user::table.find(user_id)).set(fm_user::active.eq(active)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("User with ID {user_id} does not exist.")));
    }
    Ok(())
}

/// Users of any of `account_ids` (inactive ones only when asked), by id.
pub fn list_users(conn: &mut DbConnection, account_ids: &[i32], include_inactive: bool) -> StorageResult<Vec<User>> {
    let mut query = fm_user::table.filter(fm_user::account_id.eq_any(account_ids.to_vec())).into_boxed();
    if !include_inactive {
        query = query.filter(fm_user::active.eq(true));
    }
    Ok(query.order(fm_user::id).select(User::as_select()).load(conn)?)
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(AsChangeset, Debug, Clone, Default)]
#[diesel(table_name = fm_user)]
pub struct UserChanges {
    /// New e-mail address.
    pub email: Option<String>,
    /// New username.
    pub username: Option<String>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// New timezone.
    pub timezone: Option<String>,
    /// New password hash.
    pub password: Option<String>,
    /// New uniquifier (logs the user out everywhere).
    pub fs_uniquifier: Option<String>,
}

/// Applies `changes` to user `id`; a taken e-mail address or username is a conflict.
pub fn update_user(conn: &mut DbConnection, id: i32, changes: &UserChanges) -> StorageResult<User> {
    let nothing = changes.email.is_none()
        && changes.username.is_none()
        && changes.active.is_none()
        && changes.timezone.is_none()
        && changes.password.is_none()
        && changes.fs_uniquifier.is_none();
    if !nothing {
        diesel::update(fm_user::table.find(id)).set(changes).execute(conn)?;
    }
    find_user(conn, id)
}

/// Replaces a user's roles by the roles with these ids (unknown ids are refused).
pub fn set_user_roles(conn: &mut DbConnection, user_id: i32, role_ids: &[i32]) -> StorageResult<()> {
    let known: Vec<i32> = role::table.filter(role::id.eq_any(role_ids.to_vec())).select(role::id).load(conn)?;
    if let Some(unknown) = role_ids.iter().find(|id| !known.contains(id)) {
        return Err(StorageError::Invalid(format!("Role with ID {unknown} does not exist.")));
    }
    diesel::delete(roles_users::table.filter(roles_users::user_id.eq(user_id))).execute(conn)?;
    for role_id in known {
        diesel::insert_into(roles_users::table)
            .values((roles_users::user_id.eq(user_id), roles_users::role_id.eq(role_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Ids of a user's roles, ascending.
pub fn user_role_ids(conn: &mut DbConnection, user_id: i32) -> StorageResult<Vec<i32>> {
    Ok(roles_users::table.filter(roles_users::user_id.eq(user_id)).select(roles_users::role_id).order(roles_users::role_id).load(conn)?)
}
