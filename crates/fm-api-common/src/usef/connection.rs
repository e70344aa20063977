//! getConnection: the caller's connections as fm1 addresses with their names
//! (api-legacy-v1.md §8.4, api-v2_0.md §6.3), shared by v1_1 to v2_0.
//!
//! The original answers 500 outside play mode as soon as the caller has a connection; this
//! answers the intended body, with display names (sensor names in play mode).

use actix_web::{HttpRequest, HttpResponse, web};
use fm_storage::legacy::list_legacy_assets;
use serde_json::{Value, json};

use super::entities::{request_host, sensor_address};
use super::services::DATA_ROLES;
use super::{open_message, typed};
use crate::{ApiError, AppState, with_db};

/// `GET /getConnection`.
pub async fn get_connection(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    typed("GetConnectionResponse", connections(&req, &state).await)
}

async fn connections(req: &HttpRequest, state: &AppState) -> Result<Value, ApiError> {
    let (_, user) = open_message(req, &[], DATA_ROLES, None).await?;
    let owner = if user.actor.is_admin() { None } else { Some(user.actor.user_id) };
    let assets = with_db(state, move |conn| Ok(list_legacy_assets(conn, owner)?)).await?;
    let host = request_host(req);
    let play = state.settings.mode == "play";
    let connections: Vec<String> = assets.iter().map(|a| sensor_address(&host, a.sensor.id)).collect();
    let names: Vec<&str> = assets.iter().map(|a| if play { a.sensor.name.as_str() } else { a.display_name.as_str() }).collect();
    Ok(json!({"connections": connections, "names": names, "status": 200}))
}
