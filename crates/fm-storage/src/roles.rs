//! User roles (`role`) and account roles (`account_role`).

use diesel::prelude::*;

use crate::schema::{account_role, role};
use crate::{DbConnection, StorageError, StorageResult};

/// A user role or an account role: a name with a description.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = role)]
pub struct Role {
    /// Row id.
    pub id: i32,
    /// Unique name, e.g. `admin` or `Prosumer`.
    pub name: String,
    /// Human description.
    pub description: Option<String>,
}

/// Which of the two role tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    /// Roles of users (`role`).
    User,
    /// Roles of accounts (`account_role`).
    Account,
}

/// Creates a role; refuses a name that exists.
pub fn create_role(conn: &mut DbConnection, kind: RoleKind, name: &str, description: Option<&str>) -> StorageResult<Role> {
    if find_role(conn, kind, name)?.is_some() {
        let what = match kind {
            RoleKind::User => "Role",
            RoleKind::Account => "Account role",
        };
        return Err(StorageError::Conflict(format!("{what} '{name}' already exists.")));
    }
    let role = match kind {
        RoleKind::User => diesel::insert_into(role::table)
            .values((role::name.eq(name), role::description.eq(description)))
            .returning(role::all_columns)
            .get_result(conn)?,
        RoleKind::Account => diesel::insert_into(account_role::table)
            .values((account_role::name.eq(name), account_role::description.eq(description)))
            .returning((account_role::id, account_role::name, account_role::description))
            .get_result::<(i32, String, Option<String>)>(conn)
            .map(|(id, name, description)| Role { id, name, description })?,
    };
    Ok(role)
}

/// The role with this name, if any.
pub fn find_role(conn: &mut DbConnection, kind: RoleKind, name: &str) -> StorageResult<Option<Role>> {
    let found = match kind {
        RoleKind::User => role::table.filter(role::name.eq(name)).select(Role::as_select()).first(conn).optional()?,
        RoleKind::Account => account_role::table
            .filter(account_role::name.eq(name))
            .select((account_role::id, account_role::name, account_role::description))
            .first::<(i32, String, Option<String>)>(conn)
            .optional()?
            .map(|(id, name, description)| Role { id, name, description }),
    };
    Ok(found)
}

/// The role with this name, created (with the given description) when missing.
pub fn get_or_create_role(conn: &mut DbConnection, kind: RoleKind, name: &str, description: Option<&str>) -> StorageResult<(Role, bool)> {
    match find_role(conn, kind, name)? {
        Some(found) => Ok((found, false)),
        None => create_role(conn, kind, name, description).map(|r| (r, true)),
    }
}

/// All roles of one kind, by id.
pub fn list_roles(conn: &mut DbConnection, kind: RoleKind) -> StorageResult<Vec<Role>> {
    let roles = match kind {
        RoleKind::User => role::table.order(role::id).select(Role::as_select()).load(conn)?,
        RoleKind::Account => account_role::table
            .order(account_role::id)
            .select((account_role::id, account_role::name, account_role::description))
            .load::<(i32, String, Option<String>)>(conn)?
            .into_iter()
            .map(|(id, name, description)| Role { id, name, description })
            .collect(),
    };
    Ok(roles)
}
