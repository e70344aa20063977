//! What the server and the CLI build from the settings: the database pool and credentials.

use std::sync::Arc;
use std::time::Duration;

use fm_api_common::{ApiSettings, AppState};
use fm_auth::session::SessionCodec;
use fm_auth::{PasswordHasher, TokenService};
use fm_storage::{Db, PoolOptions};

use crate::config::Settings;
use crate::error::CliError;

/// Settings plus the resources built from them.
#[derive(Clone)]
pub struct Runtime {
    /// The settings.
    pub settings: Settings,
    /// The database pool.
    pub db: Db,
    /// Password hashing with the configured salt and cost.
    pub passwords: PasswordHasher,
    /// Wakes this process's job workers when a request queues a job.
    pub job_waker: Arc<fm_api_common::state::JobWaker>,
    secret_key: String,
}

impl Runtime {
    /// Connects to the database and prepares credentials.
    pub fn connect(settings: Settings) -> Result<Runtime, CliError> {
        let options = PoolOptions {
            max_size: settings.db_pool_size,
            connect_timeout: Duration::from_secs(settings.db_connect_timeout_s),
        };
        let db = Db::connect(&settings.database_url, options)?;
        Runtime::with_db(settings, db)
    }

    /// Prepares credentials around an existing pool (tests bring their own database).
    pub fn with_db(settings: Settings, db: Db) -> Result<Runtime, CliError> {
        let secret_key = settings.secret_key()?;
        let salt = settings.password_salt.clone().unwrap_or_else(|| secret_key.clone());
        let passwords = PasswordHasher::new(salt, settings.bcrypt_cost)?;
        Ok(Runtime { settings, db, passwords, secret_key, job_waker: Arc::default() })
    }

    /// Applies pending migrations; returns the names of those applied.
    pub fn migrate(&self) -> Result<Vec<String>, CliError> {
        let mut conn = self.db.conn()?;
        Ok(fm_storage::migrations::run_pending_migrations(&mut conn)?)
    }

    /// Whether migrations are pending.
    pub fn has_pending_migrations(&self) -> Result<bool, CliError> {
        let mut conn = self.db.conn()?;
        Ok(fm_storage::migrations::has_pending_migrations(&mut conn)?)
    }

    /// The state handed to every request handler.
    pub fn app_state(&self) -> AppState {
        let s = &self.settings;
        AppState {
            db: self.db.clone(),
            tokens: TokenService::new(self.secret_key.as_bytes(), s.token_max_age_s),
            passwords: self.passwords.clone(),
            sessions: SessionCodec::new(self.secret_key.as_bytes()),
            settings: Arc::new(ApiSettings {
                mode: s.mode.clone(),
                task_check_auth_token: s.task_check_auth_token.clone(),
                monitor_frequencies: s.monitor_frequencies.clone(),
                api_versions: crate::app::MOUNTED_API_VERSIONS.iter().map(|v| (*v).to_owned()).collect(),
                timezone: s.timezone.clone(),
                secure_cookies: s.secure_cookies,
                allow_data_overwrite: s.allow_data_overwrite,
                max_ingestion_bytes: s.max_ingestion_bytes,
                db_backup_path: s.db_backup_path.clone(),
            }),
            job_waker: Arc::clone(&self.job_waker),
        }
    }
}
