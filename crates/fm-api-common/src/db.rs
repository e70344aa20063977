//! Running synchronous storage work without blocking the async workers.

use fm_storage::{DbConnection, StorageResult};

use crate::{ApiError, AppState};

/// Runs `work` with a pooled connection on actix's blocking thread pool.
pub async fn run_db<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> StorageResult<T> + Send + 'static,
{
    crate::with_db(state, move |conn| Ok(work(conn)?)).await
}

/// Runs `work`, which may refuse with any [`ApiError`], with a pooled connection on the blocking
/// thread pool: handlers put their storage work and the checks between its steps in one call.
pub async fn with_db<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    let db = state.db.clone();
    actix_web::web::block(move || {
        let mut conn = db.conn()?;
        work(&mut conn)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("blocking task failed: {e}")))?
}
