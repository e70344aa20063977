//! The rules of an asset body that need the database (api-v2_0.md §4.1.3): a free name, a known
//! asset type, an owner in a `Prosumer` account, an existing market; and the unit rules.

use fm_api_common::ApiError;
use fm_api_common::validation::FieldErrors;
use fm_domain::units::is_valid_unit;
use fm_storage::accounts::account_role_names;
use fm_storage::assets::find_asset_type_by_name;
use fm_storage::legacy::legacy_asset_name_taken;
use fm_storage::sensors::find_sensor;
use fm_storage::users::find_user;
use fm_storage::{DbConnection, StorageError};

use super::input::AssetInput;

/// The only unit new assets may have.
pub const CREATION_UNIT: &str = "MW";

/// The account role asset owners' accounts must have.
const OWNER_ACCOUNT_ROLE: &str = "Prosumer";

/// Records the errors of the fields of `input` that refer to other rows. `asset_id` is the asset
/// being edited (its own name is not taken), `None` at creation.
pub fn check_references(conn: &mut DbConnection, input: &AssetInput, asset_id: Option<i32>, errors: &mut FieldErrors) -> Result<(), ApiError> {
    if let Some(name) = &input.name {
        let stored = if asset_id.is_none() { fm_domain::legacy::normalized_asset_name(name) } else { name };
        if legacy_asset_name_taken(conn, stored, asset_id)? {
            errors.add("name", format!("An asset with the name {name} already exists."));
        }
    }
    if let Some(type_name) = &input.asset_type_name
        && find_asset_type_by_name(conn, type_name)?.is_none()
    {
        errors.add("asset_type_name", format!("Asset type {type_name} doesn't exist."));
    }
    if let Some(unit) = &input.unit {
        if !is_valid_unit(unit) {
            errors.add("unit", format!("Unit '{unit}' cannot be handled."));
        } else if asset_id.is_none() && unit != CREATION_UNIT {
            errors.add("unit", "FlexMeasures only supports MW as unit for now.");
        }
    }
    if let Some(timezone) = &input.timezone
        && fm_domain::timezone::parse_timezone(timezone).is_err()
    {
        errors.add("timezone", format!("Timezone {timezone} doesn't exist."));
    }
    if let Some(owner) = input.owner_id {
        check_owner(conn, owner, errors)?;
    }
    if let Some(market) = input.market_id
        && !sensor_exists(conn, market)?
    {
        errors.add("market_id", format!("Market with id {market} doesn't exist."));
    }
    Ok(())
}

/// The owner must exist and be in an account with account role `Prosumer`.
fn check_owner(conn: &mut DbConnection, owner: i64, errors: &mut FieldErrors) -> Result<(), ApiError> {
    let Some(user) = existing(i32::try_from(owner).ok().map(|id| find_user(conn, id)))? else {
        errors.add("owner_id", format!("Owner with id {owner} doesn't exist."));
        return Ok(());
    };
    let roles = account_role_names(conn, user.account_id)?;
    if !roles.iter().any(|r| r == OWNER_ACCOUNT_ROLE) {
        errors.add(
            "owner_id",
            format!("Asset owner's account must have role '{OWNER_ACCOUNT_ROLE}'. User {owner}'s account has roles: {}.", roles.join(".")),
        );
    }
    Ok(())
}

fn sensor_exists(conn: &mut DbConnection, id: i64) -> Result<bool, ApiError> {
    Ok(existing(i32::try_from(id).ok().map(|id| find_sensor(conn, id)))?.is_some())
}

/// The row a lookup found; `None` when there was no valid id to look up or nothing was found.
fn existing<T>(lookup: Option<Result<T, StorageError>>) -> Result<Option<T>, ApiError> {
    match lookup {
        None | Some(Err(StorageError::NotFound(_))) => Ok(None),
        Some(Ok(row)) => Ok(Some(row)),
        Some(Err(other)) => Err(other.into()),
    }
}
