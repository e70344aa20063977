//! The rows of a backup: one struct per table with every column, readable and writable on both
//! backends and (de)serialised with the column names as keys.

use diesel::prelude::*;
use diesel::result::Error as DieselError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{DbConnection, Ts, schema, with_inner};

/// Rows per insert statement (at most 11 columns: well below both backends' bind limits).
const INSERT_CHUNK: usize = 500;

/// One table of a backup.
pub(super) trait TableRows: Sized + Serialize + DeserializeOwned {
    /// The table's name, also the file's stem.
    const TABLE: &'static str;

    /// Every row, in a stable order.
    fn load_all(conn: &mut DbConnection) -> Result<Vec<Self>, DieselError>;

    /// Inserts `rows` with their ids.
    fn insert_all(conn: &mut DbConnection, rows: &[Self]) -> Result<(), DieselError>;

    /// Deletes every row.
    fn delete_all(conn: &mut DbConnection) -> Result<usize, DieselError>;

    /// The row's id and the id of the row of the same table it refers to, for tables that refer
    /// to themselves (parents must be inserted before their children).
    fn id_and_parent(&self) -> Option<(i32, Option<i32>)> {
        None
    }
}

/// Declares a row struct for a table and implements [`TableRows`] for it.
macro_rules! table_rows {
    (
        $(#[$doc:meta])*
        $row:ident: $table:ident, order ($($order:ident),+) $(, parent $parent:ident)?
        { $($(#[$field_attr:meta])* $field:ident: $ty:ty),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Queryable, Selectable, Insertable, Serialize, Deserialize, Debug, Clone, PartialEq)]
        #[diesel(table_name = schema::$table, treat_none_as_default_value = false)]
        pub(super) struct $row {
            $($(#[$field_attr])* $field: $ty),+
        }

        impl TableRows for $row {
            const TABLE: &'static str = stringify!($table);

            fn load_all(conn: &mut DbConnection) -> Result<Vec<Self>, DieselError> {
                schema::$table::table.select(Self::as_select()).order(($(schema::$table::$order),+)).load(conn)
            }

            fn insert_all(conn: &mut DbConnection, rows: &[Self]) -> Result<(), DieselError> {
                for chunk in rows.chunks(INSERT_CHUNK) {
                    with_inner!(&mut *conn, |c| diesel::insert_into(schema::$table::table).values(chunk).execute(c))?;
                }
                Ok(())
            }

            fn delete_all(conn: &mut DbConnection) -> Result<usize, DieselError> {
                diesel::delete(schema::$table::table).execute(conn)
            }

            $(
                fn id_and_parent(&self) -> Option<(i32, Option<i32>)> {
                    Some((self.id, self.$parent))
                }
            )?
        }
    };
}

table_rows! {
    /// An `account` row.
    AccountRow: account, order (id), parent consultancy_account_id {
        id: i32,
        name: String,
        consultancy_account_id: Option<i32>,
        primary_color: Option<String>,
        secondary_color: Option<String>,
        logo_url: Option<String>,
        attributes: String,
    }
}

table_rows! {
    /// An `account_role` row.
    AccountRoleRow: account_role, order (id) {
        id: i32,
        name: String,
        description: Option<String>,
    }
}

table_rows! {
    /// A `roles_accounts` row: an account role of an account.
    RolesAccountsRow: roles_accounts, order (id) {
        id: i32,
        account_id: i32,
        role_id: i32,
    }
}

table_rows! {
    /// A `role` row (user role).
    RoleRow: role, order (id) {
        id: i32,
        name: String,
        description: Option<String>,
    }
}

table_rows! {
    /// An `fm_user` row.
    UserRow: fm_user, order (id) {
        id: i32,
        email: String,
        username: String,
        password: Option<String>,
        #[serde(default, with = "optional_instant")]
        last_login_at: Option<Ts>,
        login_count: i32,
        active: bool,
        timezone: String,
        fs_uniquifier: String,
        account_id: i32,
        #[serde(default, with = "optional_instant")]
        last_seen_at: Option<Ts>,
    }
}

table_rows! {
    /// A `roles_users` row: a user role of a user.
    RolesUsersRow: roles_users, order (id) {
        id: i32,
        user_id: i32,
        role_id: i32,
    }
}

table_rows! {
    /// A `generic_asset_type` row.
    AssetTypeRow: generic_asset_type, order (id) {
        id: i32,
        name: String,
        description: Option<String>,
    }
}

table_rows! {
    /// A `generic_asset` row.
    AssetRow: generic_asset, order (id), parent parent_asset_id {
        id: i32,
        name: String,
        latitude: Option<f64>,
        longitude: Option<f64>,
        generic_asset_type_id: i32,
        account_id: Option<i32>,
        parent_asset_id: Option<i32>,
        attributes: String,
        flex_context: String,
        flex_model: String,
        sensors_to_show: String,
    }
}

table_rows! {
    /// A `sensor` row.
    SensorRow: sensor, order (id) {
        id: i32,
        name: String,
        unit: String,
        timezone: String,
        event_resolution_s: i64,
        knowledge_horizon_fnc: String,
        knowledge_horizon_par: String,
        generic_asset_id: i32,
        attributes: String,
    }
}

table_rows! {
    /// A `legacy_asset` row.
    LegacyAssetRow: legacy_asset, order (sensor_id) {
        sensor_id: i32,
        owner_id: Option<i32>,
        display_name: String,
    }
}

table_rows! {
    /// A `data_source` row.
    DataSourceRow: data_source, order (id) {
        id: i32,
        name: String,
        #[serde(rename = "type")]
        source_type: String,
        user_id: Option<i32>,
        account_id: Option<i32>,
        model: Option<String>,
        version: Option<String>,
        attributes: String,
    }
}

table_rows! {
    /// A `timed_belief` row.
    TimedBeliefRow: timed_belief, order (sensor_id, event_start, source_id, belief_horizon_ms, cumulative_probability) {
        sensor_id: i32,
        #[serde(with = "instant")]
        event_start: Ts,
        source_id: i32,
        belief_horizon_ms: i64,
        cumulative_probability: f64,
        event_value: f64,
    }
}

/// A [`Ts`] as RFC 3339 text in UTC.
mod instant {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::Ts;

    pub(super) fn serialize<S: Serializer>(value: &Ts, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Ts, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text).map(|t| Ts(t.with_timezone(&Utc))).map_err(serde::de::Error::custom)
    }
}

/// An optional [`Ts`] as RFC 3339 text in UTC, or null.
mod optional_instant {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::Ts;

    pub(super) fn serialize<S: Serializer>(value: &Option<Ts>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(ts) => super::instant::serialize(ts, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Ts>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::instant")] Ts);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(ts)| ts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn rows_round_trip_through_json_with_column_names() {
        let at = Ts(chrono::Utc.with_ymd_and_hms(2024, 1, 1, 0, 15, 0).unwrap() + chrono::Duration::microseconds(5));
        let belief = TimedBeliefRow { sensor_id: 1, event_start: at, source_id: 2, belief_horizon_ms: -900_000, cumulative_probability: 0.5, event_value: 0.1 + 0.2 };
        let text = serde_json::to_string(&belief).unwrap();
        assert!(text.contains(r#""event_start":"2024-01-01T00:15:00.000005Z""#), "{text}");
        assert_eq!(serde_json::from_str::<TimedBeliefRow>(&text).unwrap(), belief);

        let source: DataSourceRow = serde_json::from_str(r#"{"id": 1, "name": "Seita", "type": "scheduler", "user_id": null, "account_id": null, "model": null, "version": null, "attributes": "{}"}"#).unwrap();
        assert_eq!(source.source_type, "scheduler");
        let user = r#"{"id": 1, "email": "a@b.c", "username": "a", "password": null, "login_count": 0, "active": true,
                       "timezone": "UTC", "fs_uniquifier": "u", "account_id": 1, "last_seen_at": "2024-01-01T00:15:00.000005+00:00"}"#;
        let user: UserRow = serde_json::from_str(user).unwrap();
        assert_eq!((user.last_login_at, user.last_seen_at), (None, Some(at)));
    }
}
