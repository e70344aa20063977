//! Sensors: what is measured, in which unit, at which resolution, on which asset.

use diesel::prelude::*;

use crate::schema::sensor;
use crate::{DbConnection, StorageError, StorageResult};

/// A `sensor` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = sensor)]
pub struct Sensor {
    /// Row id.
    pub id: i32,
    /// Name, unique on its asset.
    pub name: String,
    /// Unit of the values, e.g. `MW` or `EUR/MWh`.
    pub unit: String,
    /// IANA timezone in which results are expressed.
    pub timezone: String,
    /// Duration of each event in seconds (0 = instantaneous).
    pub event_resolution_s: i64,
    /// Name of the knowledge-horizon function.
    pub knowledge_horizon_fnc: String,
    /// Parameters of that function (JSON object text).
    pub knowledge_horizon_par: String,
    /// The asset the sensor belongs to.
    pub generic_asset_id: i32,
    /// Free-form JSON object (text).
    pub attributes: String,
}

/// What is needed to create a sensor.
#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = sensor)]
pub struct NewSensor<'a> {
    /// Name.
    pub name: &'a str,
    /// Unit.
    pub unit: &'a str,
    /// IANA timezone.
    pub timezone: &'a str,
    /// Event resolution in seconds.
    pub event_resolution_s: i64,
    /// Knowledge-horizon function name.
    pub knowledge_horizon_fnc: &'a str,
    /// Knowledge-horizon parameters (JSON object text).
    pub knowledge_horizon_par: &'a str,
    /// Existing asset.
    pub generic_asset_id: i32,
    /// JSON object text.
    pub attributes: &'a str,
}

/// Creates a sensor; a name already used on the asset is refused.
pub fn create_sensor(conn: &mut DbConnection, new: &NewSensor<'_>) -> StorageResult<Sensor> {
    diesel::insert_into(sensor::table)
        .values(new)
        .returning(sensor::all_columns)
        .get_result(conn)
        .map_err(|e| match StorageError::from(e) {
            StorageError::Conflict(_) => StorageError::Conflict(format!("A sensor named '{}' already exists on this asset.", new.name)),
            other => other,
        })
}

/// The sensor with this name on this asset, if any.
pub fn find_sensor_on_asset(conn: &mut DbConnection, asset_id: i32, name: &str) -> StorageResult<Option<Sensor>> {
    Ok(sensor::table
        .filter(sensor::generic_asset_id.eq(asset_id))
        .filter(sensor::name.eq(name))
        .select(Sensor::as_select())
        .first(conn)
        .optional()?)
}

/// Sensors of an asset, by id.
pub fn sensors_of_asset(conn: &mut DbConnection, asset_id: i32) -> StorageResult<Vec<Sensor>> {
    Ok(sensor::table.filter(sensor::generic_asset_id.eq(asset_id)).order(sensor::id).select(Sensor::as_select()).load(conn)?)
}

/// The sensor with this id.
pub fn find_sensor(conn: &mut DbConnection, id: i32) -> StorageResult<Sensor> {
    sensor::table
        .find(id)
        .select(Sensor::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("Sensor {id} not found.")))
}

/// The sensor with this id and the asset it belongs to.
pub fn find_sensor_with_asset(conn: &mut DbConnection, id: i32) -> StorageResult<(Sensor, crate::assets::Asset)> {
    let sensor = find_sensor(conn, id)?;
    let asset = crate::assets::find_asset(conn, sensor.generic_asset_id)?;
    Ok((sensor, asset))
}

/// A sensor with its asset and, for an owned asset, the owning account's consultancy account:
/// everything a permission check on the sensor needs, in one query.
pub fn find_sensor_with_owner(conn: &mut DbConnection, id: i32) -> StorageResult<(Sensor, crate::assets::Asset, Option<i32>)> {
    use crate::schema::{account, generic_asset};
    sensor::table
        .inner_join(generic_asset::table.left_join(account::table))
        .filter(sensor::id.eq(id))
        .select((Sensor::as_select(), crate::assets::Asset::as_select(), Option::<crate::accounts::Account>::as_select()))
        .first::<(Sensor, crate::assets::Asset, Option<crate::accounts::Account>)>(conn)
        .optional()?
        .map(|(s, a, owner)| (s, a, owner.and_then(|o| o.consultancy_account_id)))
        .ok_or_else(|| StorageError::NotFound(format!("Sensor {id} not found.")))
}

/// Sensors on assets of any of `account_ids` (plus public assets when `include_public`), by id.
pub fn list_sensors(conn: &mut DbConnection, account_ids: &[i32], include_public: bool) -> StorageResult<Vec<Sensor>> {
    use crate::schema::generic_asset;
    let owned = generic_asset::account_id.eq_any(account_ids.to_vec());
    let query = sensor::table.inner_join(generic_asset::table).select(Sensor::as_select()).order(sensor::id).into_boxed();
    let query = if include_public { query.filter(owned.or(generic_asset::account_id.is_null())) } else { query.filter(owned) };
    Ok(query.load(conn)?)
}

/// Deletes a sensor with its beliefs.
pub fn delete_sensor(conn: &mut DbConnection, id: i32) -> StorageResult<()> {
    let n = diesel::delete(sensor::table.find(id)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("Sensor {id} not found.")));
    }
    Ok(())
}

/// Replaces a sensor's attributes (a JSON object as text).
pub fn set_attributes(conn: &mut DbConnection, id: i32, attributes: &str) -> StorageResult<()> {
    let n = diesel::update(sensor::table.find(id)).set(sensor::attributes.eq(attributes)).execute(conn)?;
    if n == 0 {
        return Err(StorageError::NotFound(format!("Sensor {id} not found.")));
    }
    Ok(())
}

/// Changes to a sensor; `None` leaves a field as it is.
#[derive(AsChangeset, Debug, Clone, Default)]
#[diesel(table_name = sensor)]
pub struct SensorChanges {
    /// New name.
    pub name: Option<String>,
    /// New unit.
    pub unit: Option<String>,
    /// New timezone.
    pub timezone: Option<String>,
    /// New event resolution in seconds.
    pub event_resolution_s: Option<i64>,
    /// New attributes (JSON object text).
    pub attributes: Option<String>,
}

impl SensorChanges {
    fn is_empty(&self) -> bool {
        self.name.is_none() && self.unit.is_none() && self.timezone.is_none() && self.event_resolution_s.is_none() && self.attributes.is_none()
    }
}

/// Applies `changes` to sensor `id`.
pub fn update_sensor(conn: &mut DbConnection, id: i32, changes: &SensorChanges) -> StorageResult<Sensor> {
    if !changes.is_empty() {
        diesel::update(sensor::table.find(id)).set(changes).execute(conn)?;
    }
    find_sensor(conn, id)
}

/// Sensors with this name (on any asset), by id.
pub fn sensors_named(conn: &mut DbConnection, name: &str) -> StorageResult<Vec<Sensor>> {
    Ok(sensor::table.filter(sensor::name.eq(name)).order(sensor::id).select(Sensor::as_select()).load(conn)?)
}

/// Sensors with this name on assets of one of these asset types, by id.
pub fn sensors_named_on_asset_types(conn: &mut DbConnection, name: &str, type_names: &[&str]) -> StorageResult<Vec<Sensor>> {
    use crate::schema::{generic_asset, generic_asset_type};
    Ok(sensor::table
        .inner_join(generic_asset::table.inner_join(generic_asset_type::table))
        .filter(sensor::name.eq(name))
        .filter(generic_asset_type::name.eq_any(type_names.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>()))
        .order(sensor::id)
        .select(Sensor::as_select())
        .load(conn)?)
}

/// Sensors on assets of one of these asset types, with their asset and the type's name, by id.
pub fn sensors_on_asset_types(conn: &mut DbConnection, type_names: &[&str]) -> StorageResult<Vec<(Sensor, crate::assets::Asset, String)>> {
    use crate::schema::{generic_asset, generic_asset_type};
    Ok(sensor::table
        .inner_join(generic_asset::table.inner_join(generic_asset_type::table))
        .filter(generic_asset_type::name.eq_any(type_names.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>()))
        .order(sensor::id)
        .select((Sensor::as_select(), crate::assets::Asset::as_select(), generic_asset_type::name))
        .load(conn)?)
}
