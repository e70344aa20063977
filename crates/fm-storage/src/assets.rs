//! Generic asset types and generic assets.

use diesel::prelude::*;

use crate::schema::{generic_asset, generic_asset_type};
use crate::{DbConnection, StorageError, StorageResult};

/// A `generic_asset_type` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = generic_asset_type)]
pub struct AssetType {
    /// Row id.
    pub id: i32,
    /// Unique name, e.g. `battery`.
    pub name: String,
    /// Human description.
    pub description: Option<String>,
}

/// The asset type with this name, created when missing; `true` when created.
pub fn get_or_create_asset_type(conn: &mut DbConnection, name: &str, description: Option<&str>) -> StorageResult<(AssetType, bool)> {
    if let Some(found) = find_asset_type_by_name(conn, name)? {
        return Ok((found, false));
    }
    let created = diesel::insert_into(generic_asset_type::table)
        .values((generic_asset_type::name.eq(name), generic_asset_type::description.eq(description)))
        .returning(generic_asset_type::all_columns)
        .get_result(conn)?;
    Ok((created, true))
}

/// The asset type with this name, if any.
pub fn find_asset_type_by_name(conn: &mut DbConnection, name: &str) -> StorageResult<Option<AssetType>> {
    Ok(generic_asset_type::table
        .filter(generic_asset_type::name.eq(name))
        .select(AssetType::as_select())
        .first(conn)
        .optional()?)
}

/// Every asset type, by id.
pub fn list_asset_types(conn: &mut DbConnection) -> StorageResult<Vec<AssetType>> {
    Ok(generic_asset_type::table.order(generic_asset_type::id).select(AssetType::as_select()).load(conn)?)
}

/// A `generic_asset` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq)]
#[diesel(table_name = generic_asset)]
pub struct Asset {
    /// Row id.
    pub id: i32,
    /// Name, unique among its siblings.
    pub name: String,
    /// Latitude (−90…90).
    pub latitude: Option<f64>,
    /// Longitude (−180…180).
    pub longitude: Option<f64>,
    /// The asset's type.
    pub generic_asset_type_id: i32,
    /// Owning account; `None` for public assets.
    pub account_id: Option<i32>,
    /// Parent asset, if any.
    pub parent_asset_id: Option<i32>,
    /// Free-form JSON object (text).
    pub attributes: String,
    /// Scheduling context (JSON text).
    pub flex_context: String,
    /// Flexibility model (JSON text).
    pub flex_model: String,
    /// Chart configuration (JSON text).
    pub sensors_to_show: String,
}

/// What is needed to create an asset.
#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = generic_asset)]
pub struct NewAsset<'a> {
    /// Name.
    pub name: &'a str,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// Existing asset type.
    pub generic_asset_type_id: i32,
    /// Owning account; `None` for a public asset.
    pub account_id: Option<i32>,
    /// Parent asset.
    pub parent_asset_id: Option<i32>,
    /// JSON object text.
    pub attributes: &'a str,
}

/// Creates an asset; a name already used by a sibling is refused.
pub fn create_asset(conn: &mut DbConnection, new: &NewAsset<'_>) -> StorageResult<Asset> {
    diesel::insert_into(generic_asset::table)
        .values(new)
        .returning(generic_asset::all_columns)
        .get_result(conn)
        .map_err(|e| match StorageError::from(e) {
            StorageError::Conflict(_) => StorageError::Conflict(format!("An asset named '{}' already exists here.", new.name)),
            other => other,
        })
}

/// The top-level asset with this name in this account (`None` = public), if any.
pub fn find_root_asset(conn: &mut DbConnection, name: &str, account_id: Option<i32>) -> StorageResult<Option<Asset>> {
    let query = generic_asset::table
        .filter(generic_asset::name.eq(name))
        .filter(generic_asset::parent_asset_id.is_null())
        .into_boxed();
    let query = match account_id {
        Some(id) => query.filter(generic_asset::account_id.eq(id)),
        None => query.filter(generic_asset::account_id.is_null()),
    };
    Ok(query.select(Asset::as_select()).first(conn).optional()?)
}

/// Assets of an account, by id.
pub fn assets_of_account(conn: &mut DbConnection, account_id: i32) -> StorageResult<Vec<Asset>> {
    Ok(generic_asset::table
        .filter(generic_asset::account_id.eq(account_id))
        .order(generic_asset::id)
        .select(Asset::as_select())
        .load(conn)?)
}

/// Deletes every asset of an account (sensors and beliefs follow by cascade); returns how many.
pub fn delete_assets_of_account(conn: &mut DbConnection, account_id: i32) -> StorageResult<usize> {
    Ok(diesel::delete(generic_asset::table.filter(generic_asset::account_id.eq(account_id))).execute(conn)?)
}

/// The asset with this id.
pub fn find_asset(conn: &mut DbConnection, id: i32) -> StorageResult<Asset> {
    generic_asset::table
        .find(id)
        .select(Asset::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("No asset found with ID {id}.")))
}

/// The asset type with this id.
pub fn find_asset_type(conn: &mut DbConnection, id: i32) -> StorageResult<AssetType> {
    generic_asset_type::table
        .find(id)
        .select(AssetType::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("No asset type found with ID {id}.")))
}

/// Assets of any of `account_ids`, plus public ones when `include_public`, by id.
pub fn list_assets(conn: &mut DbConnection, account_ids: &[i32], include_public: bool) -> StorageResult<Vec<Asset>> {
    let owned = generic_asset::account_id.eq_any(account_ids.to_vec());
    let query = generic_asset::table.select(Asset::as_select()).order(generic_asset::id).into_boxed();
    let query = if include_public { query.filter(owned.or(generic_asset::account_id.is_null())) } else { query.filter(owned) };
    Ok(query.load(conn)?)
}

/// Changes to an asset; `None` leaves a field as it is.
#[derive(AsChangeset, Debug, Clone, Default)]
#[diesel(table_name = generic_asset)]
pub struct AssetChanges {
    /// New name.
    pub name: Option<String>,
    /// New latitude (`Some(None)` clears it).
    pub latitude: Option<Option<f64>>,
    /// New longitude (`Some(None)` clears it).
    pub longitude: Option<Option<f64>>,
    /// New asset type.
    pub generic_asset_type_id: Option<i32>,
    /// New owner (`Some(None)` makes it public).
    pub account_id: Option<Option<i32>>,
    /// New parent (`Some(None)` makes it top-level).
    pub parent_asset_id: Option<Option<i32>>,
    /// New attributes (JSON object text).
    pub attributes: Option<String>,
}

/// Applies `changes` to asset `id` and returns the asset as it is now.
pub fn update_asset(conn: &mut DbConnection, id: i32, changes: &AssetChanges) -> StorageResult<Asset> {
    let nothing = changes.name.is_none()
        && changes.latitude.is_none()
        && changes.longitude.is_none()
        && changes.generic_asset_type_id.is_none()
        && changes.account_id.is_none()
        && changes.parent_asset_id.is_none()
        && changes.attributes.is_none();
    if !nothing {
        diesel::update(generic_asset::table.find(id)).set(changes).execute(conn).map_err(|e| match StorageError::from(e) {
            StorageError::Conflict(_) => StorageError::Conflict("An asset with this name already exists here.".to_owned()),
            other => other,
        })?;
    }
    find_asset(conn, id)
}

/// Deletes an asset with its child assets, sensors and their beliefs.
pub fn delete_asset(conn: &mut DbConnection, id: i32) -> StorageResult<()> {
    let n = diesel::delete(generic_asset::table.find(id)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("No asset found with ID {id}.")));
    }
    Ok(())
}

/// Creates an asset type; a taken name is refused.
pub fn create_asset_type(conn: &mut DbConnection, name: &str, description: Option<&str>) -> StorageResult<AssetType> {
    if find_asset_type_by_name(conn, name)?.is_some() {
        return Err(StorageError::Conflict(format!("An asset type named '{name}' already exists.")));
    }
    Ok(get_or_create_asset_type(conn, name, description)?.0)
}

/// An asset followed by all its descendants (children, grandchildren, ...), level by level.
pub fn asset_with_descendants(conn: &mut DbConnection, root: Asset) -> StorageResult<Vec<Asset>> {
    let mut seen = std::collections::HashSet::from([root.id]);
    let mut frontier = vec![root.id];
    let mut tree = vec![root];
    while !frontier.is_empty() {
        let children: Vec<Asset> = generic_asset::table
            .filter(generic_asset::parent_asset_id.eq_any(std::mem::take(&mut frontier)))
            .order(generic_asset::id)
            .select(Asset::as_select())
            .load(conn)?;
        for child in children {
            if seen.insert(child.id) {
                frontier.push(child.id);
                tree.push(child);
            }
        }
    }
    Ok(tree)
}
