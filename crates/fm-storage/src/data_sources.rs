//! Data sources: who or what produced a belief or annotation.

use diesel::prelude::*;

use crate::schema::data_source;
use crate::users::User;
use crate::{DbConnection, StorageResult};

/// A `data_source` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = data_source)]
pub struct DataSource {
    /// Row id.
    pub id: i32,
    /// For user sources, the username.
    pub name: String,
    /// Free text such as `user`, `scheduling script`, `CLI script`.
    pub source_type: String,
    /// The user behind a `user` source (kept after the user is deleted).
    pub user_id: Option<i32>,
    /// The account behind the source.
    pub account_id: Option<i32>,
    /// Model name of a script.
    pub model: Option<String>,
    /// Model version of a script.
    pub version: Option<String>,
    /// Free-form JSON object (text).
    pub attributes: String,
}

impl DataSource {
    /// What the reading rules need to know of this source.
    pub fn info(&self) -> fm_domain::beliefs::SourceInfo {
        fm_domain::beliefs::SourceInfo {
            id: self.id,
            name: self.name.clone(),
            source_type: self.source_type.clone(),
            model: self.model.clone(),
            version: self.version.clone(),
        }
    }
}

/// The source type of user sources.
pub const USER_SOURCE_TYPE: &str = "user";

/// Creates the data source of a new user (name = username, type `user`).
pub fn create_user_source(conn: &mut DbConnection, user: &User) -> StorageResult<DataSource> {
    Ok(diesel::insert_into(data_source::table)
        .values((
            data_source::name.eq(&user.username),
            data_source::source_type.eq(USER_SOURCE_TYPE),
            data_source::user_id.eq(Some(user.id)),
            data_source::account_id.eq(Some(user.account_id)),
        ))
        .returning(data_source::all_columns)
        .get_result(conn)?)
}

/// The data source of a user, if any.
pub fn source_of_user(conn: &mut DbConnection, user_id: i32) -> StorageResult<Option<DataSource>> {
    Ok(data_source::table.filter(data_source::user_id.eq(user_id)).select(DataSource::as_select()).first(conn).optional()?)
}

/// The non-user source with this name, type and model, created when missing; `true` when created.
pub fn get_or_create_source(
    conn: &mut DbConnection,
    name: &str,
    source_type: &str,
    model: Option<&str>,
    version: Option<&str>,
) -> StorageResult<(DataSource, bool)> {
    let mut query = data_source::table
        .filter(data_source::name.eq(name))
        .filter(data_source::source_type.eq(source_type))
        .filter(data_source::user_id.is_null())
        .into_boxed();
    query = match model {
        Some(m) => query.filter(data_source::model.eq(m)),
        None => query.filter(data_source::model.is_null()),
    };
    query = match version {
        Some(v) => query.filter(data_source::version.eq(v)),
        None => query.filter(data_source::version.is_null()),
    };
    if let Some(found) = query.select(DataSource::as_select()).first(conn).optional()? {
        return Ok((found, false));
    }
    let created = diesel::insert_into(data_source::table)
        .values((
            data_source::name.eq(name),
            data_source::source_type.eq(source_type),
            data_source::model.eq(model),
            data_source::version.eq(version),
        ))
        .returning(data_source::all_columns)
        .get_result(conn)?;
    Ok((created, true))
}

/// Every data source, by id.
pub fn list_sources(conn: &mut DbConnection) -> StorageResult<Vec<DataSource>> {
    Ok(data_source::table.order(data_source::id).select(DataSource::as_select()).load(conn)?)
}

/// The data source with this id.
pub fn find_source(conn: &mut DbConnection, id: i32) -> StorageResult<DataSource> {
    data_source::table
        .find(id)
        .select(DataSource::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| crate::StorageError::NotFound(format!("No data source found with ID {id}.")))
}

/// The data sources with these ids.
pub fn sources_by_ids(conn: &mut DbConnection, ids: &[i32]) -> StorageResult<Vec<DataSource>> {
    Ok(data_source::table.filter(data_source::id.eq_any(ids.to_vec())).select(DataSource::as_select()).load(conn)?)
}

/// The non-user source with this name and type (any model or version), if any.
pub fn find_named_source(conn: &mut DbConnection, name: &str, source_type: &str) -> StorageResult<Option<DataSource>> {
    Ok(data_source::table
        .filter(data_source::name.eq(name))
        .filter(data_source::source_type.eq(source_type))
        .filter(data_source::user_id.is_null())
        .order(data_source::id)
        .select(DataSource::as_select())
        .first(conn)
        .optional()?)
}
