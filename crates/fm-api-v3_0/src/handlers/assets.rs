//! `/assets`: list, create, read, update and delete generic assets.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::validation::{FieldErrors, MISSING, json_object, reject_unknown};
use fm_api_common::{ApiError, AppState, CurrentUser, with_db};
use fm_auth::policy::{Context, Permission};
use fm_storage::DbConnection;
use fm_storage::assets::{AssetChanges, NewAsset, create_asset, delete_asset, find_asset, find_asset_type, list_assets, update_asset};
use serde_json::Value;

use crate::access::{account_ref, asset_context, readable_account_ids, require};
use crate::query::QueryParams;
use crate::schemas::with_status;
use crate::schemas::asset::{AssetInput, CREATE_FIELDS, asset_json, read_asset_input};

fn asset_or_404(conn: &mut DbConnection, id: i32) -> Result<fm_storage::assets::Asset, ApiError> {
    find_asset(conn, id).map_err(|_| ApiError::not_found(format!("No asset found with ID {id}.")))
}

/// `GET /assets`: assets of an account (default: the caller's), optionally with public ones.
pub async fn list(req: HttpRequest, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::of(&req);
    let mut errors = FieldErrors::at("query");
    let account = params.integer("account", Some("account_id"), &mut errors);
    let include_public = params.boolean("include_public", &mut errors);
    let all_accessible = params.boolean("all_accessible", &mut errors);
    errors.check()?;
    let actor = user.actor;
    let assets = with_db(&state, move |conn| {
        let (accounts, public) = match account {
            Some(_) => (crate::access::listed_accounts(conn, &actor, account)?, include_public),
            None if all_accessible => (readable_account_ids(conn, &actor)?, true),
            None => (crate::access::listed_accounts(conn, &actor, None)?, include_public),
        };
        list_assets(conn, &accounts, public)?.iter().map(|a| asset_json(conn, a)).collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(assets))
}

/// `POST /assets`: validation first, then `create-children` on the parent asset, the account, or
/// (public assets) admins only.
pub async fn create(user: CurrentUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let map = json_object(&body, "json")?;
    let mut errors = FieldErrors::at("json");
    reject_unknown(&map, CREATE_FIELDS, &mut errors);
    let input = read_asset_input(&map, &mut errors);
    for required in ["name", "generic_asset_type_id"] {
        if !map.contains_key(required) {
            errors.add(required, MISSING);
        }
    }
    let actor = user.actor;
    let created = with_db(&state, move |conn| {
        check_references(conn, &input, &actor, &mut errors)?;
        errors.check()?;
        let account_id = input.account_id.flatten();
        let context = match (input.parent_asset_id.flatten(), account_id) {
            (Some(parent), _) => {
                let parent = find_asset(conn, parent)?;
                asset_context(conn, &parent)?
            }
            (None, Some(account)) => Context::Account(account_ref(conn, account)?),
            // Public assets: admins only.
            (None, None) if actor.is_admin() => Context::Asset(None),
            (None, None) => return Err(ApiError::Forbidden { required_roles: Vec::new() }),
        };
        require(&actor, &context, Permission::CreateChildren)?;
        let new = NewAsset {
            name: input.name.as_deref().unwrap_or_default(),
            latitude: input.latitude.flatten(),
            longitude: input.longitude.flatten(),
            generic_asset_type_id: input.generic_asset_type_id.unwrap_or_default(),
            account_id,
            parent_asset_id: input.parent_asset_id.flatten(),
            attributes: input.attributes.as_deref().unwrap_or("{}"),
        };
        let asset = create_asset(conn, &new).map_err(|e| name_conflict(e, new.name))?;
        asset_json(conn, &asset)
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Existence and ownership checks of referenced rows, recorded as field errors.
fn check_references(conn: &mut DbConnection, input: &AssetInput, actor: &fm_auth::Actor, errors: &mut FieldErrors) -> Result<(), ApiError> {
    if let Some(type_id) = input.generic_asset_type_id {
        if find_asset_type(conn, type_id).is_err() {
            errors.add("generic_asset_type_id", format!("GenericAssetType with id {type_id} doesn't exist."));
        }
    }
    match input.account_id {
        Some(Some(id)) if fm_storage::accounts::find_account(conn, id).is_err() => {
            errors.add("account_id", format!("Account with id {id} doesn't exist."));
        }
        Some(Some(id)) if !actor.is_admin() && id != actor.account_id => {
            errors.add("account_id", format!("User is not allowed to create assets for account {id}."));
        }
        // Only admins make assets public, on creation and on update alike.
        Some(None) if !actor.is_admin() => errors.add("account_id", "Account with id None doesn't exist."),
        _ => {}
    }
    if let Some(Some(parent)) = input.parent_asset_id {
        if find_asset(conn, parent).is_err() {
            errors.add("parent_asset_id", format!("Parent GenericAsset with id {parent} doesn't exist."));
        }
    }
    Ok(())
}

fn name_conflict(error: fm_storage::StorageError, name: &str) -> ApiError {
    match error {
        fm_storage::StorageError::Conflict(_) => {
            FieldErrors::single("json", "name", format!("An asset with the name '{name}' already exists."))
        }
        other => other.into(),
    }
}

/// `GET /assets/<id>`.
pub async fn get(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let actor = user.actor;
    let asset = with_db(&state, move |conn| {
        let asset = asset_or_404(conn, id)?;
        require(&actor, &asset_context(conn, &asset)?, Permission::Read)?;
        asset_json(conn, &asset)
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(asset)))
}

/// `PATCH /assets/<id>`: any subset of the writable fields.
pub async fn patch(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let map = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) if !map.is_empty() => map,
        Ok(Value::Object(_)) => return Err(ApiError::field_errors("json", Value::from("No JSON data given."))),
        Err(_) if body.iter().all(u8::is_ascii_whitespace) => {
            return Err(ApiError::field_errors("json", Value::from("No JSON data given.")));
        }
        Ok(_) => return Err(FieldErrors::single("json", "_schema", fm_api_common::validation::INVALID_INPUT)),
        Err(_) => return Err(ApiError::NotAJson),
    };
    let actor = user.actor;
    let updated = with_db(&state, move |conn| {
        let asset = asset_or_404(conn, id)?;
        require(&actor, &asset_context(conn, &asset)?, Permission::Update)?;
        let mut errors = FieldErrors::at("json");
        reject_unknown(&map, CREATE_FIELDS, &mut errors);
        let input = read_asset_input(&map, &mut errors);
        check_references(conn, &input, &actor, &mut errors)?;
        if let (Some(Some(parent)), Some(owner)) = (input.parent_asset_id, input.account_id.unwrap_or(asset.account_id)) {
            if find_asset(conn, parent).is_ok_and(|p| p.account_id != Some(owner)) {
                errors.add("parent_asset_id", "The parent asset must belong to the same account.");
            }
        }
        if input.parent_asset_id == Some(Some(id)) {
            errors.add("parent_asset_id", "An asset cannot be its own parent.");
        }
        errors.check()?;
        let changes = AssetChanges {
            name: input.name.clone(),
            latitude: input.latitude,
            longitude: input.longitude,
            generic_asset_type_id: input.generic_asset_type_id,
            account_id: input.account_id,
            parent_asset_id: input.parent_asset_id,
            attributes: input.attributes,
        };
        let name = input.name.unwrap_or_else(|| asset.name.clone());
        let asset = update_asset(conn, id, &changes).map_err(|e| name_conflict(e, &name))?;
        asset_json(conn, &asset)
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(updated)))
}

/// `DELETE /assets/<id>`: with its child assets, sensors and data.
pub async fn delete(path: web::Path<i32>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let actor = user.actor;
    with_db(&state, move |conn| {
        let asset = asset_or_404(conn, id)?;
        require(&actor, &asset_context(conn, &asset)?, Permission::Delete)?;
        Ok(delete_asset(conn, id)?)
    })
    .await?;
    Ok(HttpResponse::build(StatusCode::NO_CONTENT).finish())
}
