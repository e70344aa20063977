//! The state every handler receives.

use std::collections::HashMap;
use std::sync::Arc;

use fm_auth::session::SessionCodec;
use fm_auth::{PasswordHasher, TokenService};
use fm_storage::Db;

/// Settings the API needs at request time (built once by the server from its configuration).
#[derive(Debug, Clone, Default)]
pub struct ApiSettings {
    /// `FLEXMEASURES_MODE`: `""`, `play`, `demo`, ...
    pub mode: String,
    /// `FLEXMEASURES_TASK_CHECK_AUTH_TOKEN`: the shared secret for `GET /api/ops/getLatestTaskRun`.
    pub task_check_auth_token: Option<String>,
    /// `MONITOR_FREQUENCY_<TASK>` settings, keyed by the upper-case task name.
    pub monitor_frequencies: HashMap<String, i64>,
    /// The API versions this server mounts, in the order `GET /api` lists them.
    pub api_versions: Vec<String>,
    /// `FLEXMEASURES_TIMEZONE`: the server's timezone.
    pub timezone: String,
    /// Whether cookies are only sent over HTTPS (on when the server is not on plain loopback HTTP).
    pub secure_cookies: bool,
    /// `FLEXMEASURES_ALLOW_DATA_OVERWRITE`: a belief with another value replaces the stored one.
    pub allow_data_overwrite: bool,
    /// `FLEXMEASURES_MAX_SENSOR_DATA_INGESTION_BYTES`: largest sensor-data body (`None`: no limit).
    pub max_ingestion_bytes: Option<usize>,
    /// `FLEXMEASURES_DB_BACKUP_PATH`: the directory of the backups `PUT /api/restoreData` restores.
    pub db_backup_path: std::path::PathBuf,
}

/// Wakes this process's job workers when a job is queued, so they need not wait for their next poll.
#[derive(Debug, Default)]
pub struct JobWaker {
    queued: std::sync::Mutex<u64>,
    signal: std::sync::Condvar,
}

impl JobWaker {
    /// Tells waiting workers that a job was queued.
    pub fn notify(&self) {
        if let Ok(mut n) = self.queued.lock() {
            *n = n.wrapping_add(1);
            self.signal.notify_all();
        }
    }

    /// Waits until [`JobWaker::notify`] is called or `timeout` passes.
    pub fn wait(&self, timeout: std::time::Duration) {
        if let Ok(guard) = self.queued.lock() {
            let seen = *guard;
            let _ = self.signal.wait_timeout_while(guard, timeout, |n| *n == seen);
        }
    }
}

/// Everything a handler may use; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// Issues and checks auth tokens.
    pub tokens: TokenService,
    /// Hashes and verifies passwords.
    pub passwords: PasswordHasher,
    /// Signs session cookies and login-form CSRF values.
    pub sessions: SessionCodec,
    /// Request-time settings.
    pub settings: Arc<ApiSettings>,
    /// Wakes the job workers of this process.
    pub job_waker: Arc<JobWaker>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("db", &self.db).field("settings", &self.settings).finish_non_exhaustive()
    }
}
