//! Accounts: tenants that bundle users and assets, with their account roles.

use diesel::prelude::*;

use crate::roles::{RoleKind, get_or_create_role};
use crate::schema::{account, account_role, fm_user, generic_asset, roles_accounts};
use crate::{DbConnection, StorageError, StorageResult};

/// An `account` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq)]
#[diesel(table_name = account)]
pub struct Account {
    /// Row id.
    pub id: i32,
    /// Unique name.
    pub name: String,
    /// The consultancy account whose consultants may work in this account.
    pub consultancy_account_id: Option<i32>,
    /// UI colour (hex).
    pub primary_color: Option<String>,
    /// UI colour (hex).
    pub secondary_color: Option<String>,
    /// Logo shown in the UI.
    pub logo_url: Option<String>,
    /// Free-form JSON object (text).
    pub attributes: String,
}

/// Creates an account and links the named account roles, creating missing ones.
pub fn create_account(conn: &mut DbConnection, name: &str, role_names: &[String]) -> StorageResult<Account> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StorageError::Invalid("Account name must not be empty.".to_owned()));
    }
    if find_account_by_name(conn, name)?.is_some() {
        return Err(StorageError::Conflict(format!("Account '{name}' already exists.")));
    }
    let created: Account = diesel::insert_into(account::table)
        .values(account::name.eq(name))
        .returning(account::all_columns)
        .get_result(conn)?;
    for role_name in role_names {
        let (role, _) = get_or_create_role(conn, RoleKind::Account, role_name, None)?;
        diesel::insert_into(roles_accounts::table)
            .values((roles_accounts::account_id.eq(created.id), roles_accounts::role_id.eq(role.id)))
            .execute(conn)?;
    }
    Ok(created)
}

/// The account with this id.
pub fn find_account(conn: &mut DbConnection, id: i32) -> StorageResult<Account> {
    account::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("Account with ID {id} does not exist.")))
}

/// The account with this name, if any.
pub fn find_account_by_name(conn: &mut DbConnection, name: &str) -> StorageResult<Option<Account>> {
    Ok(account::table.filter(account::name.eq(name)).select(Account::as_select()).first(conn).optional()?)
}

/// Every account with the number of assets it owns, by id.
pub fn list_accounts_with_asset_counts(conn: &mut DbConnection) -> StorageResult<Vec<(Account, i64)>> {
    let accounts: Vec<Account> = account::table.order(account::id).select(Account::as_select()).load(conn)?;
    let counts: Vec<(Option<i32>, i64)> = generic_asset::table
        .filter(generic_asset::account_id.is_not_null())
        .group_by(generic_asset::account_id)
        .select((generic_asset::account_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(accounts
        .into_iter()
        .map(|a| {
            let n = counts.iter().find(|(id, _)| *id == Some(a.id)).map_or(0, |(_, n)| *n);
            (a, n)
        })
        .collect())
}

/// Names of the account roles of an account, alphabetically.
pub fn account_role_names(conn: &mut DbConnection, account_id: i32) -> StorageResult<Vec<String>> {
    Ok(roles_accounts::table
        .inner_join(account_role::table)
        .filter(roles_accounts::account_id.eq(account_id))
        .select(account_role::name)
        .order(account_role::name)
        .load(conn)?)
}

/// What deleting an account removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedAccount {
    /// Users deleted with the account.
    pub users: usize,
    /// Assets deleted with the account (their sensors and beliefs went with them).
    pub assets: usize,
}

/// Deletes an account with its users, role links and assets (and thereby sensors and beliefs).
///
/// Data sources of the deleted users are kept, so beliefs elsewhere keep their lineage.
/// Call inside a transaction to make it all-or-nothing.
pub fn delete_account(conn: &mut DbConnection, id: i32) -> StorageResult<DeletedAccount> {
    find_account(conn, id)?;
    let users = diesel::delete(fm_user::table.filter(fm_user::account_id.eq(id))).execute(conn)?;
    let assets = crate::assets::delete_assets_of_account(conn, id)?;
    diesel::delete(account::table.find(id)).execute(conn)?;
    Ok(DeletedAccount { users, assets })
}

/// Ids of every account, ascending.
pub fn all_account_ids(conn: &mut DbConnection) -> StorageResult<Vec<i32>> {
    Ok(account::table.order(account::id).select(account::id).load(conn)?)
}

/// Ids of the accounts whose consultancy account is `consultancy_id`, ascending.
pub fn client_account_ids(conn: &mut DbConnection, consultancy_id: i32) -> StorageResult<Vec<i32>> {
    Ok(account::table
        .filter(account::consultancy_account_id.eq(consultancy_id))
        .order(account::id)
        .select(account::id)
        .load(conn)?)
}
