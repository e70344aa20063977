//! The asset object (`GenericAssetSchema`) and its input fields.

use fm_api_common::ApiError;
use fm_api_common::validation::{FieldErrors, Fields, NULL};
use fm_storage::DbConnection;
use fm_storage::assets::{Asset, find_asset_type};
use fm_storage::sensors::sensors_of_asset;
use serde_json::{Map, Value, json};

/// Fields an asset may be created with.
pub const CREATE_FIELDS: &[&str] = &["name", "account_id", "latitude", "longitude", "generic_asset_type_id", "parent_asset_id", "attributes"];

/// The asset as the API shows it.
pub fn asset_json(conn: &mut DbConnection, asset: &Asset) -> Result<Value, ApiError> {
    let asset_type = find_asset_type(conn, asset.generic_asset_type_id)?;
    let owner = match asset.account_id {
        Some(id) => {
            let account = fm_storage::accounts::find_account(conn, id)?;
            json!({"id": account.id, "name": account.name})
        }
        None => Value::Null,
    };
    let sensors: Vec<Value> = sensors_of_asset(conn, asset.id)?.iter().map(|s| json!({"id": s.id, "name": s.name})).collect();
    Ok(json!({
        "id": asset.id,
        "name": asset.name,
        "account_id": asset.account_id,
        "owner": owner,
        "latitude": asset.latitude,
        "longitude": asset.longitude,
        "generic_asset_type_id": asset.generic_asset_type_id,
        "generic_asset_type": {"id": asset_type.id, "name": asset_type.name},
        "parent_asset_id": asset.parent_asset_id,
        "attributes": asset.attributes,
        "flex_context": asset.flex_context,
        "flex_model": asset.flex_model,
        "sensors_to_show": asset.sensors_to_show,
        "sensors": sensors,
    }))
}

/// Validated asset fields of a request; `Some(None)` means an explicit null.
#[derive(Debug, Default)]
pub struct AssetInput {
    /// Name.
    pub name: Option<String>,
    /// Owner account.
    pub account_id: Option<Option<i32>>,
    /// Latitude.
    pub latitude: Option<Option<f64>>,
    /// Longitude.
    pub longitude: Option<Option<f64>>,
    /// Asset type.
    pub generic_asset_type_id: Option<i32>,
    /// Parent asset.
    pub parent_asset_id: Option<Option<i32>>,
    /// Attributes as JSON object text.
    pub attributes: Option<String>,
}

fn id_field(f: &Fields<'_>, key: &str, errors: &mut FieldErrors) -> Option<Option<i32>> {
    f.integer(key, errors).map(|v| v.and_then(|n| i32::try_from(n).ok()))
}

/// Reads and checks the fields' shapes and ranges (existence checks come later).
pub fn read_asset_input(map: &Map<String, Value>, errors: &mut FieldErrors) -> AssetInput {
    let f = Fields::new(map);
    let name = f.string("name", errors);
    if let Some(n) = &name {
        if n.trim().is_empty() {
            errors.add("name", "Shorter than minimum length 1.");
        } else if n.chars().count() > 80 {
            errors.add("name", "Longer than maximum length 80.");
        }
    }
    let mut coordinate = |key: &str, bound: f64| {
        let value = f.number(key, errors);
        if let Some(Some(v)) = value {
            if !(-bound..=bound).contains(&v) {
                errors.add(key, format!("Must be greater than or equal to -{bound} and less than or equal to {bound}."));
            }
        }
        value
    };
    let latitude = coordinate("latitude", 90.0);
    let longitude = coordinate("longitude", 180.0);
    let generic_asset_type_id = match id_field(&f, "generic_asset_type_id", errors) {
        Some(None) => {
            errors.add("generic_asset_type_id", NULL);
            None
        }
        other => other.flatten(),
    };
    let attributes = match f.raw("attributes") {
        None => None,
        Some(Value::Object(o)) => Some(Value::Object(o.clone()).to_string()),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Object(o)) => Some(Value::Object(o).to_string()),
            _ => {
                errors.add("attributes", "Not a valid JSON object.");
                None
            }
        },
        Some(Value::Null) => {
            errors.add("attributes", NULL);
            None
        }
        Some(_) => {
            errors.add("attributes", "Not a valid JSON object.");
            None
        }
    };
    AssetInput {
        name,
        account_id: id_field(&f, "account_id", errors),
        latitude,
        longitude,
        generic_asset_type_id,
        parent_asset_id: id_field(&f, "parent_asset_id", errors),
        attributes,
    }
}
