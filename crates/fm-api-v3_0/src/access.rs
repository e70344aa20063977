//! Permission contexts of this version's resources, and the accounts a user may read.

use fm_api_common::ApiError;
use fm_auth::Actor;
use fm_auth::policy::{AccountRef, Context, Permission, check_access};
use fm_domain::roles::{ADMIN_READER, CONSULTANT};
use fm_storage::DbConnection;
use fm_storage::accounts::{all_account_ids, client_account_ids, find_account};
use fm_storage::assets::Asset;

/// The policy's view of account `id` (404 when unknown).
pub fn account_ref(conn: &mut DbConnection, id: i32) -> Result<AccountRef, ApiError> {
    let account = find_account(conn, id).map_err(|_| ApiError::not_found(format!("Account {id} not found.")))?;
    Ok(AccountRef { id: account.id, consultancy_account_id: account.consultancy_account_id })
}

/// The context of an asset (public assets have no account).
pub fn asset_context(conn: &mut DbConnection, asset: &Asset) -> Result<Context, ApiError> {
    Ok(Context::Asset(asset.account_id.map(|id| account_ref(conn, id)).transpose()?))
}

/// The context of a sensor on `asset`.
pub fn sensor_context(conn: &mut DbConnection, asset: &Asset) -> Result<Context, ApiError> {
    Ok(Context::Sensor(asset.account_id.map(|id| account_ref(conn, id)).transpose()?))
}

/// Refuses unless `actor` may do `permission` on `context`.
pub fn require(actor: &Actor, context: &Context, permission: Permission) -> Result<(), ApiError> {
    Ok(check_access(Some(actor), Some(context), permission)?)
}

/// The accounts `actor` may read: all for admins and admin-readers, its own plus its clients'
/// for consultants, else its own.
pub fn readable_account_ids(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<i32>, ApiError> {
    if actor.is_admin() || actor.has_role(ADMIN_READER) {
        return Ok(all_account_ids(conn)?);
    }
    let mut ids = vec![actor.account_id];
    if actor.has_role(CONSULTANT) {
        ids.extend(client_account_ids(conn, actor.account_id)?);
    }
    Ok(ids)
}

/// The accounts a listing covers: the named one (which must exist and be readable), or the
/// caller's own.
pub fn listed_accounts(conn: &mut DbConnection, actor: &Actor, account: Option<i32>) -> Result<Vec<i32>, ApiError> {
    let id = account.unwrap_or(actor.account_id);
    let context = Context::Account(account_ref(conn, id)?);
    require(actor, &context, Permission::Read)?;
    Ok(vec![id])
}
