//! Legacy assets as a REST resource (api-v2_0.md §4): a power sensor on a generic asset, owned by
//! one user. Token only. Admins may do everything; owners may read and edit their own assets;
//! only admins create and delete.
//!
//! Deviations from the original, as api-v2_0.md §10 recommends: a unit other than `MW` at
//! creation is a 422 on `unit` (not a 500), and an asset keeps its own name on PATCH. Also
//! refused with a 422 here, where the original stores them: a timezone that is not an IANA name
//! and a negative event resolution. A client-chosen `id` at creation is the 400 duplicate the
//! original ends with in practice.

pub mod input;
pub mod output;
pub mod references;
pub mod store;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::usef::Usef;
use fm_api_common::usef::entities::request_host;
use fm_api_common::validation::FieldErrors;
use fm_api_common::{ApiError, AppState, TokenUser, with_db};
use fm_auth::Actor;
use fm_domain::roles::ADMIN;
use fm_storage::DbConnection;
use fm_storage::legacy::{LegacyAsset, create_legacy_asset, delete_legacy_asset, find_legacy_asset, list_legacy_assets, update_legacy_asset};
use fm_storage::users::find_user;
use serde_json::Value;

use self::input::{body_object, read_asset_input};
use self::output::asset_json;
use self::references::check_references;
use self::store::{Creation, changes_of};

/// Adds the integer `status` the original's JSON helper adds to object bodies.
pub fn with_status(mut body: Value, status: StatusCode) -> Value {
    if let Value::Object(map) = &mut body {
        map.insert("status".to_owned(), Value::from(status.as_u16()));
    }
    body
}

/// The asset id of the path: an integer, else the original's `REQUIRED_INFO_MISSING`.
fn asset_id(path: &str) -> Result<i64, ApiError> {
    path.trim().parse().map_err(|_| ApiError::Usef(Usef::RequiredInfoMissing, vec!["['id']".to_owned(), "Cannot parse ID arg as int.".to_owned()]))
}

/// The asset with `id`, else 404.
fn asset_or_404(conn: &mut DbConnection, id: i64) -> Result<LegacyAsset, ApiError> {
    let found = match i32::try_from(id) {
        Ok(id) => find_legacy_asset(conn, id)?,
        Err(_) => None,
    };
    found.ok_or_else(|| ApiError::not_found(format!("Asset {id} not found")))
}

/// Admins and the owner may read and edit an asset.
fn require_admin_or_owner(actor: &Actor, asset: &LegacyAsset) -> Result<(), ApiError> {
    if actor.is_admin() || asset.owner_id == Some(actor.user_id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden { required_roles: Vec::new() })
    }
}

/// The `owner_id` query parameter: absent, or an integer (else a 422).
fn owner_filter(req: &HttpRequest) -> Result<Option<i64>, ApiError> {
    let query = web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string()).map(web::Query::into_inner).unwrap_or_default();
    match query.get("owner_id") {
        None => Ok(None),
        Some(text) => text.trim().parse().map(Some).map_err(|_| FieldErrors::single("query", "owner_id", "Not a valid integer.")),
    }
}

/// `GET /assets`: admins see every asset (or those of `owner_id`), others only their own.
pub async fn list(req: HttpRequest, user: TokenUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let owner = owner_filter(&req)?;
    let actor = user.0.actor;
    let owner = match owner {
        _ if actor.is_admin() => owner,
        Some(owner) if owner != i64::from(actor.user_id) => return Err(ApiError::Forbidden { required_roles: Vec::new() }),
        _ => Some(i64::from(actor.user_id)),
    };
    let host = request_host(&req);
    let assets = fm_api_common::with_db(&state, move |conn| {
        let assets = match owner.map(i32::try_from) {
            None => list_legacy_assets(conn, None)?,
            Some(Ok(owner)) => list_legacy_assets(conn, Some(owner))?,
            Some(Err(_)) => Vec::new(),
        };
        Ok(assets.iter().map(|a| asset_json(a, &host)).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(assets))
}

/// `POST /assets`: admins only; one asset per request.
pub async fn create(req: HttpRequest, user: TokenUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    if !user.0.actor.has_role(ADMIN) {
        return Err(ApiError::Forbidden { required_roles: vec![ADMIN.to_owned()] }.into());
    }
    let map = body_object(&req, &body)?;
    let (input, mut validation) = read_asset_input(&map, true);
    let host = request_host(&req);
    let created = with_db(&state, move |conn| {
        check_references(conn, &input, None, &mut validation.errors)?;
        validation.finish()?;
        if let Some(id) = input.id {
            return Err(ApiError::Duplicate { resource: "asset", detail: format!("Asset ids are given by the server; id {id} cannot be chosen.") });
        }
        let creation = Creation::of(&input)?;
        let created = create_legacy_asset(conn, &creation.as_new()).map_err(ApiError::duplicate_of("asset"))?;
        tracing::info!(asset_id = created.sensor.id, "legacy asset created");
        Ok(asset_json(&created, &host))
    })
    .await?;
    Ok(HttpResponse::Created().json(with_status(created, StatusCode::CREATED)))
}

/// `GET /asset/<id>`.
pub async fn get(req: HttpRequest, user: TokenUser, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = asset_id(&path)?;
    let actor = user.0.actor;
    let host = request_host(&req);
    let asset = fm_api_common::with_db(&state, move |conn| {
        let asset = asset_or_404(conn, id)?;
        require_admin_or_owner(&actor, &asset)?;
        Ok(asset_json(&asset, &host))
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(asset, StatusCode::OK)))
}

/// `PATCH /asset/<id>`: any subset of the fields; `id` is ignored, a new owner must be in the
/// current owner's account.
pub async fn patch(req: HttpRequest, user: TokenUser, path: web::Path<String>, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let id = asset_id(&path)?;
    let actor = user.0.actor;
    let host = request_host(&req);
    let map = body_object(&req, &body);
    let updated = with_db(&state, move |conn| {
        let asset = asset_or_404(conn, id)?;
        require_admin_or_owner(&actor, &asset)?;
        let (input, mut validation) = read_asset_input(&map?, false);
        check_references(conn, &input, Some(asset.sensor.id), &mut validation.errors)?;
        validation.finish()?;
        if let Some(new_owner) = input.owner_id {
            require_same_account(conn, &asset, new_owner)?;
        }
        let changes = changes_of(&input, &asset)?;
        let updated = update_legacy_asset(conn, asset.sensor.id, &changes).map_err(ApiError::duplicate_of("asset"))?;
        Ok(asset_json(&updated, &host))
    })
    .await?;
    Ok(HttpResponse::Ok().json(with_status(updated, StatusCode::OK)))
}

/// A new owner (known to exist) must be in the same account as the current one, if any.
fn require_same_account(conn: &mut DbConnection, asset: &LegacyAsset, new_owner: i64) -> Result<(), ApiError> {
    let Some(current) = asset.owner_id else { return Ok(()) };
    let account_of = |conn: &mut DbConnection, id: i64| -> Result<Option<i32>, ApiError> {
        Ok(match i32::try_from(id) {
            Ok(id) => Some(find_user(conn, id)?.account_id),
            Err(_) => None,
        })
    };
    if account_of(conn, new_owner)? == account_of(conn, i64::from(current))? {
        return Ok(());
    }
    Err(ApiError::Http {
        status: StatusCode::BAD_REQUEST,
        message: format!("New owner {new_owner} not allowed, belongs to different account than current owner."),
    })
}

/// `DELETE /asset/<id>`: admins only. The sensor and its data stay.
pub async fn delete(user: TokenUser, path: web::Path<String>, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = asset_id(&path)?;
    let actor = user.0.actor;
    fm_api_common::with_db(&state, move |conn| {
        let asset = asset_or_404(conn, id)?;
        if !actor.is_admin() {
            return Err(ApiError::Forbidden { required_roles: Vec::new() });
        }
        delete_legacy_asset(conn, asset.sensor.id)?;
        tracing::info!(asset_id = asset.sensor.id, by = actor.user_id, "legacy asset deleted");
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
