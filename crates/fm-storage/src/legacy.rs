//! Legacy assets of API v1.x and v2_0: a power sensor on a generic asset, owned by a user.
//!
//! The legacy asset's id is its sensor's id. Its name, unit, timezone and resolution are the
//! sensor's; its type, location and state-of-charge fields are the generic asset's (type name,
//! columns and attributes); capacity and market are sensor attributes. This table adds what
//! the generic model has no place for: the owning user and the display name.

use diesel::prelude::*;

use crate::assets::{Asset, AssetChanges, AssetType, NewAsset, create_asset, find_asset, find_asset_type, get_or_create_asset_type, update_asset};
use crate::schema::{data_source, fm_user, legacy_asset, roles_accounts, account_role, sensor};
use crate::sensors::{NewSensor, Sensor, SensorChanges, create_sensor, find_sensor, update_sensor};
use crate::{DbConnection, StorageError, StorageResult};

/// A legacy asset with the rows it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyAsset {
    /// The power sensor (its id is the legacy asset's id).
    pub sensor: Sensor,
    /// The generic asset the sensor belongs to.
    pub asset: Asset,
    /// The generic asset's type.
    pub asset_type: AssetType,
    /// The owning user, if any.
    pub owner_id: Option<i32>,
    /// The human-readable name.
    pub display_name: String,
}

/// What is needed to create a legacy asset.
#[derive(Debug, Clone)]
pub struct NewLegacyAsset<'a> {
    /// Name of the sensor and its generic asset.
    pub name: &'a str,
    /// Human-readable name (unique over legacy assets).
    pub display_name: &'a str,
    /// Asset type name, created when missing.
    pub asset_type_name: &'a str,
    /// Latitude.
    pub latitude: f64,
    /// Longitude.
    pub longitude: f64,
    /// Owning user; the generic asset goes into this user's account (public without an owner).
    pub owner_id: Option<i32>,
    /// Unit of the power sensor.
    pub unit: &'a str,
    /// IANA timezone of the sensor.
    pub timezone: &'a str,
    /// Event resolution in seconds.
    pub event_resolution_s: i64,
    /// Sensor attributes (JSON object text).
    pub sensor_attributes: &'a str,
    /// Generic asset attributes (JSON object text).
    pub asset_attributes: &'a str,
}

/// Changes to a legacy asset; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct LegacyAssetChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New owner (`Some(None)` removes the owner); the generic asset moves to the owner's account.
    pub owner_id: Option<Option<i32>>,
    /// New asset type name (created when missing).
    pub asset_type_name: Option<String>,
    /// Changes to the sensor.
    pub sensor: SensorChanges,
    /// Changes to the generic asset (its type and account are set from the fields above).
    pub asset: AssetChanges,
}

/// Creates the generic asset, its power sensor and the legacy asset row, in one transaction.
pub fn create_legacy_asset(conn: &mut DbConnection, new: &NewLegacyAsset<'_>) -> StorageResult<LegacyAsset> {
    crate::write_transaction(conn, |conn| {
        let account_id = new.owner_id.map(|owner| account_of_user(conn, owner)).transpose()?;
        let (asset_type, _) = get_or_create_asset_type(conn, new.asset_type_name, None)?;
        let asset = create_asset(conn, &NewAsset {
            name: new.name,
            latitude: Some(new.latitude),
            longitude: Some(new.longitude),
            generic_asset_type_id: asset_type.id,
            account_id,
            parent_asset_id: None,
            attributes: new.asset_attributes,
        })?;
        let sensor = create_sensor(conn, &NewSensor {
            name: new.name,
            unit: new.unit,
            timezone: new.timezone,
            event_resolution_s: new.event_resolution_s,
            knowledge_horizon_fnc: "ex_post",
            knowledge_horizon_par: r#"{"ex_post_horizon": "P0D"}"#,
            generic_asset_id: asset.id,
            attributes: new.sensor_attributes,
        })?;
        diesel::insert_into(legacy_asset::table)
            .values((legacy_asset::sensor_id.eq(sensor.id), legacy_asset::owner_id.eq(new.owner_id), legacy_asset::display_name.eq(new.display_name)))
            .execute(conn)
            .map_err(duplicate)?;
        Ok(LegacyAsset { sensor, asset, asset_type, owner_id: new.owner_id, display_name: new.display_name.to_owned() })
    })
}

/// Marks an existing sensor as a legacy asset of `owner_id`.
pub fn register_legacy_asset(conn: &mut DbConnection, sensor_id: i32, owner_id: Option<i32>, display_name: &str) -> StorageResult<LegacyAsset> {
    diesel::insert_into(legacy_asset::table)
        .values((legacy_asset::sensor_id.eq(sensor_id), legacy_asset::owner_id.eq(owner_id), legacy_asset::display_name.eq(display_name)))
        .execute(conn)
        .map_err(duplicate)?;
    find_legacy_asset(conn, sensor_id)?.ok_or_else(|| StorageError::NotFound(format!("Asset {sensor_id} not found")))
}

fn duplicate(e: diesel::result::Error) -> StorageError {
    match StorageError::from(e) {
        StorageError::Conflict(detail) => StorageError::Conflict(format!("Duplicate asset already exists: {detail}")),
        other => other,
    }
}

fn account_of_user(conn: &mut DbConnection, user_id: i32) -> StorageResult<i32> {
    fm_user::table
        .find(user_id)
        .select(fm_user::account_id)
        .first(conn)
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("User {user_id} not found")))
}

fn assemble(conn: &mut DbConnection, sensor: Sensor, owner_id: Option<i32>, display_name: String) -> StorageResult<LegacyAsset> {
    let asset = find_asset(conn, sensor.generic_asset_id)?;
    let asset_type = find_asset_type(conn, asset.generic_asset_type_id)?;
    Ok(LegacyAsset { sensor, asset, asset_type, owner_id, display_name })
}

/// The legacy asset with this id (= sensor id), if any.
pub fn find_legacy_asset(conn: &mut DbConnection, id: i32) -> StorageResult<Option<LegacyAsset>> {
    let row = legacy_asset::table
        .inner_join(sensor::table)
        .filter(legacy_asset::sensor_id.eq(id))
        .select((Sensor::as_select(), legacy_asset::owner_id, legacy_asset::display_name))
        .first::<(Sensor, Option<i32>, String)>(conn)
        .optional()?;
    row.map(|(sensor, owner, display)| assemble(conn, sensor, owner, display)).transpose()
}

/// Legacy assets of `owner_id` (`None`: all), by id descending.
pub fn list_legacy_assets(conn: &mut DbConnection, owner_id: Option<i32>) -> StorageResult<Vec<LegacyAsset>> {
    let mut query = legacy_asset::table
        .inner_join(sensor::table)
        .select((Sensor::as_select(), legacy_asset::owner_id, legacy_asset::display_name))
        .order(legacy_asset::sensor_id.desc())
        .into_boxed();
    if let Some(owner) = owner_id {
        query = query.filter(legacy_asset::owner_id.eq(owner));
    }
    let rows = query.load::<(Sensor, Option<i32>, String)>(conn)?;
    rows.into_iter().map(|(sensor, owner, display)| assemble(conn, sensor, owner, display)).collect()
}

/// Ids of the legacy assets of `owner_id` (`None`: all), by id descending.
pub fn legacy_asset_ids(conn: &mut DbConnection, owner_id: Option<i32>) -> StorageResult<Vec<i32>> {
    let mut query = legacy_asset::table.select(legacy_asset::sensor_id).order(legacy_asset::sensor_id.desc()).into_boxed();
    if let Some(owner) = owner_id {
        query = query.filter(legacy_asset::owner_id.eq(owner));
    }
    Ok(query.load(conn)?)
}

/// Whether a legacy asset other than `except` is named `name`.
pub fn legacy_asset_name_taken(conn: &mut DbConnection, name: &str, except: Option<i32>) -> StorageResult<bool> {
    let mut query = legacy_asset::table.inner_join(sensor::table).filter(sensor::name.eq(name)).select(legacy_asset::sensor_id).into_boxed();
    if let Some(id) = except {
        query = query.filter(legacy_asset::sensor_id.ne(id));
    }
    Ok(query.first::<i32>(conn).optional()?.is_some())
}

/// Applies `changes` to legacy asset `id` in one transaction and returns it as it is now.
pub fn update_legacy_asset(conn: &mut DbConnection, id: i32, changes: &LegacyAssetChanges) -> StorageResult<LegacyAsset> {
    crate::write_transaction(conn, |conn| {
        let sensor = find_sensor(conn, id)?;
        let mut asset_changes = changes.asset.clone();
        if let Some(type_name) = &changes.asset_type_name {
            asset_changes.generic_asset_type_id = Some(get_or_create_asset_type(conn, type_name, None)?.0.id);
        }
        if let Some(owner) = changes.owner_id {
            asset_changes.account_id = Some(owner.map(|o| account_of_user(conn, o)).transpose()?);
            diesel::update(legacy_asset::table.find(id)).set(legacy_asset::owner_id.eq(owner)).execute(conn)?;
        }
        if let Some(display_name) = &changes.display_name {
            diesel::update(legacy_asset::table.find(id)).set(legacy_asset::display_name.eq(display_name)).execute(conn).map_err(duplicate)?;
        }
        update_asset(conn, sensor.generic_asset_id, &asset_changes).map_err(|e| match e {
            StorageError::Conflict(detail) => StorageError::Conflict(format!("Duplicate asset already exists: {detail}")),
            other => other,
        })?;
        update_sensor(conn, id, &changes.sensor).map_err(|e| match e {
            StorageError::Conflict(detail) => StorageError::Conflict(format!("Duplicate asset already exists: {detail}")),
            other => other,
        })?;
        find_legacy_asset(conn, id)?.ok_or_else(|| StorageError::NotFound(format!("Asset {id} not found")))
    })
}

/// Removes the legacy asset row (the sensor, its asset and its data stay).
pub fn delete_legacy_asset(conn: &mut DbConnection, id: i32) -> StorageResult<()> {
    let n = diesel::delete(legacy_asset::table.find(id)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("Asset {id} not found")));
    }
    Ok(())
}

/// Data sources of the active users whose account has account role `role`.
pub fn source_ids_of_account_role(conn: &mut DbConnection, role: &str) -> StorageResult<Vec<i32>> {
    Ok(data_source::table
        .inner_join(fm_user::table.on(data_source::user_id.eq(fm_user::id.nullable())))
        .inner_join(roles_accounts::table.on(roles_accounts::account_id.eq(fm_user::account_id)))
        .inner_join(account_role::table.on(account_role::id.eq(roles_accounts::role_id)))
        .filter(account_role::name.eq(role))
        .filter(fm_user::active.eq(true))
        .select(data_source::id)
        .order(data_source::id)
        .load(conn)?)
}
