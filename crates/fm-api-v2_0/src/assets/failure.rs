//! Why a resource request failed: one of the shared API errors, or a write refused because it
//! would duplicate another row (`{"message": "Duplicate <resource> already exists", "detail": ..,
//! "status": 400}`, a body [`ApiError`] has no variant for).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use fm_api_common::{ApiError, AppState, with_db};
use fm_storage::{DbConnection, StorageError};
use serde_json::json;

/// A failed request of the asset and user resources.
#[derive(Debug)]
pub enum Failure {
    /// Any error the shared envelopes express.
    Api(ApiError),
    /// 400: the database refused the write as a duplicate (or a dangling reference).
    Duplicate {
        /// `asset` or `user`.
        resource: &'static str,
        /// The database's explanation.
        detail: String,
    },
}

impl Failure {
    /// Turns a storage conflict into [`Failure::Duplicate`] of `resource`; other errors stay API errors.
    pub fn from_storage(resource: &'static str) -> impl Fn(StorageError) -> Failure {
        move |error| match error {
            StorageError::Conflict(detail) => Failure::Duplicate { resource, detail: without_prefix(resource, detail) },
            other => Failure::Api(other.into()),
        }
    }
}

/// Storage words some conflicts as "Duplicate asset already exists: <detail>"; the detail alone is kept.
fn without_prefix(resource: &str, detail: String) -> String {
    let prefix = format!("Duplicate {resource} already exists: ");
    detail.strip_prefix(&prefix).map(str::to_owned).unwrap_or(detail)
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Api(error) => error.fmt(f),
            Failure::Duplicate { resource, detail } => write!(f, "duplicate {resource}: {detail}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure::Api(error)
    }
}

impl From<StorageError> for Failure {
    fn from(error: StorageError) -> Self {
        Failure::Api(error.into())
    }
}

/// Lets [`fm_storage::write_transaction`] run work that fails with a [`Failure`].
impl From<fm_storage::DieselError> for Failure {
    fn from(error: fm_storage::DieselError) -> Self {
        Failure::from(StorageError::from(error))
    }
}

impl ResponseError for Failure {
    fn status_code(&self) -> StatusCode {
        match self {
            Failure::Api(error) => error.status_code(),
            Failure::Duplicate { .. } => StatusCode::BAD_REQUEST,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Failure::Api(error) => error.error_response(),
            Failure::Duplicate { resource, detail } => {
                tracing::info!(%resource, %detail, "duplicate refused");
                HttpResponse::BadRequest().json(json!({"message": format!("Duplicate {resource} already exists"), "detail": detail, "status": 400}))
            }
        }
    }
}

/// Runs `work` with a pooled connection on the blocking pool, like [`with_db`], letting it fail
/// with a [`Failure`].
pub async fn in_db<T, F>(state: &AppState, work: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, Failure> + Send + 'static,
{
    with_db(state, move |conn| Ok(work(conn))).await?
}
