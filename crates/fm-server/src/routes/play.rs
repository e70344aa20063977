//! Play mode: `PUT /api/restoreData` (also at `/api/play/restoreData`) restores a database backup
//! (api-legacy-v1.md §7.6). Outside play mode both paths answer 404, whatever the method.
//!
//! The backup is named by the JSON body's `backup` key or the `backup` query parameter (which
//! wins when both are given); naming none is `NO_BACKUP`, even without a JSON body.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fm_api_common::auth::authenticate;
use fm_api_common::usef::Usef;
use fm_api_common::{ApiError, AppState, with_db};
use fm_auth::guards::roles_required;
use fm_domain::roles::ADMIN;
use fm_storage::backup::{BackupError, backup_directory, read_backup, restore_backup};

/// The value of `FLEXMEASURES_MODE` that mounts the play endpoints.
const PLAY_MODE: &str = "play";

fn in_play_mode(state: &AppState) -> bool {
    state.settings.mode == PLAY_MODE
}

/// `PUT /api/restoreData`: replaces the database's structure and data with a backup's
/// (admins only).
pub async fn restore_data(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    if !in_play_mode(&state) {
        return Err(ApiError::http(StatusCode::NOT_FOUND));
    }
    let user = authenticate(&req, false).await?;
    roles_required(&user.actor, &[ADMIN])?;
    let name = requested_backup(&req, &body).ok_or_else(|| Usef::NoBackup.error())?;
    let dir = backup_directory(&state.settings.db_backup_path, &name).ok_or_else(|| Usef::UnrecognizedBackup.error())?;
    with_db(&state, move |conn| {
        let backup = read_backup(&dir).map_err(rejection)?;
        restore_backup(conn, &backup).map_err(rejection)
    })
    .await?;
    tracing::info!(backup = %name, "database restored");
    Ok(HttpResponse::Ok().json(Usef::Processed.body(&[&format!("Database restored to {name}.")])))
}

/// Other methods on the restore paths: 405 in play mode, 404 otherwise.
pub async fn other_method(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let status = if in_play_mode(&state) { StatusCode::METHOD_NOT_ALLOWED } else { StatusCode::NOT_FOUND };
    Err(ApiError::http(status))
}

/// The backup name: the `backup` query parameter, else the JSON body's `backup` string.
fn requested_backup(req: &HttpRequest, body: &[u8]) -> Option<String> {
    let from_query = web::Query::<HashMap<String, String>>::from_query(req.query_string()).ok().and_then(|q| q.0.get("backup").cloned());
    let from_body = || serde_json::from_slice::<serde_json::Value>(body).ok()?.get("backup")?.as_str().map(str::to_owned);
    from_query.or_else(from_body).filter(|name| !name.trim().is_empty())
}

/// The answer to a backup that cannot be restored; database failures stay server errors.
fn rejection(error: BackupError) -> ApiError {
    match error {
        BackupError::UnknownBackup => Usef::UnrecognizedBackup.error(),
        BackupError::MissingTable(_) | BackupError::InvalidTable { .. } => Usef::UnrecognizedBackup.with(error.to_string()),
        BackupError::Storage(storage) => storage.into(),
        BackupError::AlreadyExists(_) | BackupError::Io { .. } => ApiError::Internal(error.to_string()),
    }
}
