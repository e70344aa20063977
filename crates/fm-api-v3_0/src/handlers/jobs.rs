//! `GET /jobs/<uuid>`: the state of a background job.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use fm_api_common::{ApiError, AppState, CurrentUser, with_db};
use fm_auth::policy::Permission;
use fm_domain::time::format_iso_datetime;
use fm_storage::jobs::{JobStatus, find_job};
use serde_json::{Value, json};

use crate::access::{asset_context, require, sensor_context};

/// `GET /jobs/<uuid>`: 200 when finished, 422 when failed, 202 otherwise; 404 for an unknown job.
pub async fn get(path: web::Path<String>, user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let actor = user.actor;
    let (status, body) = with_db(&state, move |conn| {
        let Some(job) = find_job(conn, &id)? else {
            return Ok((StatusCode::NOT_FOUND, json!({"status": "ERROR", "message": format!("Job {id} not found.")})));
        };
        if let Some(sensor_id) = job.sensor_id {
            if let Ok((_, asset)) = fm_storage::sensors::find_sensor_with_asset(conn, sensor_id) {
                require(&actor, &sensor_context(conn, &asset)?, Permission::Read)?;
            }
        } else if let Some(asset_id) = job.asset_id {
            if let Ok(asset) = fm_storage::assets::find_asset(conn, asset_id) {
                require(&actor, &asset_context(conn, &asset)?, Permission::Read)?;
            }
        }
        let when = |t: Option<fm_storage::Ts>| t.map_or(Value::Null, |t| json!(format_iso_datetime(&t.0)));
        let result = job.result.as_deref().and_then(|r| serde_json::from_str::<Value>(r).ok()).unwrap_or(Value::Null);
        let body = json!({
            "status": job.status.as_str(),
            "message": job.status_description(),
            "result": result,
            "origin": job.queue,
            "func-name": job.func,
            "enqueued-at": when(Some(job.created_at)),
            "started-at": when(job.started_at),
            "ended-at": when(job.finished_at),
            "exc-info": job.error,
            "func_name": job.func,
            "enqueued_at": when(Some(job.created_at)),
            "started_at": when(job.started_at),
            "ended_at": when(job.finished_at),
            "exc_info": job.error,
        });
        let status = match job.status {
            JobStatus::Finished => StatusCode::OK,
            JobStatus::Failed => StatusCode::UNPROCESSABLE_ENTITY,
            JobStatus::Queued | JobStatus::Started => StatusCode::ACCEPTED,
        };
        Ok((status, body))
    })
    .await?;
    Ok(HttpResponse::build(status).json(body))
}
