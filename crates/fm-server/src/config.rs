//! Configuration: `.env` plus the environment, every setting with its default.

use std::collections::HashMap;
use std::path::PathBuf;

use fm_storage::DatabaseUrl;

/// The database used when `DATABASE_URL` is not set: an SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://flexmeasures.db";

/// Where play-mode backups live when `FLEXMEASURES_DB_BACKUP_PATH` is not set.
pub const DEFAULT_DB_BACKUP_PATH: &str = "migrations/dumps";

/// The original's default sensor-data body limit: 3.1 MiB.
pub const DEFAULT_MAX_INGESTION_BYTES: usize = 3_250_585;

/// A setting could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A value does not parse.
    #[error("setting {name}: {reason}")]
    Invalid {
        /// The setting.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// `SECRET_KEY` is missing where it cannot be generated.
    #[error("SECRET_KEY must be set when the database is PostgreSQL (tokens and sessions of all servers must agree)")]
    SecretKeyRequired,
    /// The generated secret key could not be read or written.
    #[error("secret key file {path}: {reason}")]
    SecretKeyFile {
        /// The file beside the SQLite database.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// All settings of the server and the CLI.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL` (alias `SQLALCHEMY_DATABASE_URI`).
    pub database_url: DatabaseUrl,
    /// `SECRET_KEY`, if set; see [`Settings::secret_key`].
    pub secret_key: Option<String>,
    /// `SECURITY_PASSWORD_SALT`; defaults to the secret key.
    pub password_salt: Option<String>,
    /// `SECURITY_TOKEN_MAX_AGE`, seconds.
    pub token_max_age_s: u64,
    /// `FLEXMEASURES_BCRYPT_COST`: bcrypt rounds for new password hashes.
    pub bcrypt_cost: u32,
    /// `FLEXMEASURES_TIMEZONE`.
    pub timezone: String,
    /// `FLEXMEASURES_MODE`.
    pub mode: String,
    /// `LOGGING_LEVEL`: `DEBUG`, `INFO`, `WARNING`, `ERROR` (or a tracing filter).
    pub logging_level: String,
    /// `FLEXMEASURES_HOST`.
    pub host: String,
    /// `FLEXMEASURES_PORT`.
    pub port: u16,
    /// `FLEXMEASURES_TASK_CHECK_AUTH_TOKEN`.
    pub task_check_auth_token: Option<String>,
    /// `MONITOR_FREQUENCY_<TASK>` values by upper-case task name.
    pub monitor_frequencies: HashMap<String, i64>,
    /// `FLEXMEASURES_DB_POOL_SIZE`.
    pub db_pool_size: u32,
    /// `FLEXMEASURES_DB_CONNECT_TIMEOUT`, seconds.
    pub db_connect_timeout_s: u64,
    /// `FLEXMEASURES_SECURE_COOKIES`: send session cookies over HTTPS only.
    pub secure_cookies: bool,
    /// `FLEXMEASURES_ALLOW_DATA_OVERWRITE`: let beliefs replace stored ones with another value.
    pub allow_data_overwrite: bool,
    /// `FLEXMEASURES_MAX_SENSOR_DATA_INGESTION_BYTES` (0 or `none`: no limit).
    pub max_ingestion_bytes: Option<usize>,
    /// `FLEXMEASURES_WORKERS`: scheduling worker threads inside `flexmeasures run` (0: none).
    pub workers: usize,
    /// `FLEXMEASURES_DB_BACKUP_PATH`: the directory holding one directory per database backup.
    pub db_backup_path: PathBuf,
}

impl Settings {
    /// Loads `.env` (if present) into the environment, then reads the settings from it.
    pub fn from_env() -> Result<Settings, ConfigError> {
        let _ = dotenvy::dotenv();
        let vars: HashMap<String, String> = std::env::vars().collect();
        Settings::from_vars(&vars)
    }

    /// Reads the settings from a map of variables (missing ones take their defaults).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Settings, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let url = get("DATABASE_URL").or_else(|| get("SQLALCHEMY_DATABASE_URI")).unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let database_url = DatabaseUrl::parse(&url).map_err(|e| ConfigError::Invalid { name: "DATABASE_URL", reason: e.to_string() })?;
        let monitor_frequencies = vars
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("MONITOR_FREQUENCY_")?.to_owned(), v.trim().parse().ok()?)))
            .collect();
        Ok(Settings {
            database_url,
            secret_key: get("SECRET_KEY"),
            password_salt: get("SECURITY_PASSWORD_SALT"),
            token_max_age_s: parse(&get, "SECURITY_TOKEN_MAX_AGE", fm_auth::token::DEFAULT_MAX_AGE_S)?,
            bcrypt_cost: parse(&get, "FLEXMEASURES_BCRYPT_COST", 12)?,
            timezone: get("FLEXMEASURES_TIMEZONE").unwrap_or_else(|| "Asia/Seoul".to_owned()),
            mode: get("FLEXMEASURES_MODE").unwrap_or_default(),
            logging_level: get("LOGGING_LEVEL").unwrap_or_else(|| "INFO".to_owned()),
            host: get("FLEXMEASURES_HOST").unwrap_or_else(|| "127.0.0.1".to_owned()),
            port: parse(&get, "FLEXMEASURES_PORT", 5000)?,
            task_check_auth_token: get("FLEXMEASURES_TASK_CHECK_AUTH_TOKEN"),
            monitor_frequencies,
            db_pool_size: parse(&get, "FLEXMEASURES_DB_POOL_SIZE", 10)?,
            db_connect_timeout_s: parse(&get, "FLEXMEASURES_DB_CONNECT_TIMEOUT", 10)?,
            secure_cookies: parse_bool(&get, "FLEXMEASURES_SECURE_COOKIES")?,
            allow_data_overwrite: parse_bool(&get, "FLEXMEASURES_ALLOW_DATA_OVERWRITE")?,
            workers: parse(&get, "FLEXMEASURES_WORKERS", 1)?,
            db_backup_path: PathBuf::from(get("FLEXMEASURES_DB_BACKUP_PATH").unwrap_or_else(|| DEFAULT_DB_BACKUP_PATH.to_owned())),
            max_ingestion_bytes: match get("FLEXMEASURES_MAX_SENSOR_DATA_INGESTION_BYTES").as_deref() {
                Some("none" | "None" | "0") => None,
                _ => Some(parse(&get, "FLEXMEASURES_MAX_SENSOR_DATA_INGESTION_BYTES", DEFAULT_MAX_INGESTION_BYTES)?),
            },
        })
        .and_then(Settings::validated)
    }

    fn validated(self) -> Result<Settings, ConfigError> {
        fm_domain::timezone::parse_timezone(&self.timezone)
            .map_err(|e| ConfigError::Invalid { name: "FLEXMEASURES_TIMEZONE", reason: e.to_string() })?;
        if !(4..=31).contains(&self.bcrypt_cost) {
            return Err(ConfigError::Invalid { name: "FLEXMEASURES_BCRYPT_COST", reason: "must be between 4 and 31".to_owned() });
        }
        Ok(self)
    }

    /// The secret key: `SECRET_KEY`, or on SQLite a key generated once and kept in a file
    /// beside the database (`<database file>.secret_key`, readable by the owner only).
    pub fn secret_key(&self) -> Result<String, ConfigError> {
        if let Some(key) = &self.secret_key {
            return Ok(key.clone());
        }
        match &self.database_url {
            DatabaseUrl::Postgres(_) => Err(ConfigError::SecretKeyRequired),
            DatabaseUrl::Sqlite(path) => read_or_create_key_file(&secret_key_path(path)),
        }
    }

    /// The address the server listens on.
    pub fn bind_address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// Where the generated secret key of an SQLite database is kept.
pub fn secret_key_path(database: &std::path::Path) -> PathBuf {
    let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".secret_key");
    database.with_file_name(name)
}

fn read_or_create_key_file(path: &std::path::Path) -> Result<String, ConfigError> {
    let failed = |e: std::io::Error| ConfigError::SecretKeyFile { path: path.to_owned(), reason: e.to_string() };
    match std::fs::read_to_string(path) {
        Ok(key) if !key.trim().is_empty() => return Ok(key.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(failed(e)),
    }
    let key = fm_auth::random::random_hex::<32>();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => std::io::Write::write_all(&mut file, key.as_bytes()).map_err(failed)?,
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return std::fs::read_to_string(path).map(|k| k.trim().to_owned()).map_err(failed);
        }
        Err(e) => return Err(failed(e)),
    }
    Ok(key)
}

fn parse<T: std::str::FromStr>(get: &impl Fn(&str) -> Option<String>, name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match get(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|e: T::Err| ConfigError::Invalid { name, reason: format!("'{v}': {e}") }),
    }
}

fn parse_bool(get: &impl Fn(&str) -> Option<String>, name: &'static str) -> Result<bool, ConfigError> {
    match get(name).map(|v| v.to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) if ["true", "1", "yes", "on"].contains(&v.as_str()) => Ok(true),
        Some(v) if ["false", "0", "no", "off"].contains(&v.as_str()) => Ok(false),
        Some(v) => Err(ConfigError::Invalid { name, reason: format!("'{v}' is not a boolean") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults() {
        let s = Settings::from_vars(&vars(&[])).unwrap();
        assert_eq!(s.database_url, DatabaseUrl::Sqlite("flexmeasures.db".into()));
        assert_eq!((s.token_max_age_s, s.port, s.timezone.as_str(), s.mode.as_str()), (21_600, 5000, "Asia/Seoul", ""));
        assert_eq!(s.db_backup_path, PathBuf::from("migrations/dumps"));
    }

    #[test]
    fn reads_values_and_monitor_frequencies() {
        let s = Settings::from_vars(&vars(&[
            ("SECURITY_TOKEN_MAX_AGE", "1"),
            ("MONITOR_FREQUENCY_IMPORT", "60"),
            ("FLEXMEASURES_MODE", "play"),
            ("SQLALCHEMY_DATABASE_URI", "postgresql://h/db"),
        ]))
        .unwrap();
        assert_eq!(s.token_max_age_s, 1);
        assert_eq!(s.monitor_frequencies.get("IMPORT"), Some(&60));
        assert!(matches!(s.database_url, DatabaseUrl::Postgres(_)));
        assert!(matches!(s.secret_key(), Err(ConfigError::SecretKeyRequired)));
    }

    #[test]
    fn refuses_bad_values_by_name() {
        for (name, value) in [("SECURITY_TOKEN_MAX_AGE", "soon"), ("FLEXMEASURES_TIMEZONE", "Mars/Base"), ("DATABASE_URL", "mysql://x/y"), ("FLEXMEASURES_SECURE_COOKIES", "maybe")] {
            let err = Settings::from_vars(&vars(&[(name, value)])).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
        }
    }

    #[test]
    fn generates_the_sqlite_secret_key_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fm.db");
        let s = Settings::from_vars(&vars(&[("DATABASE_URL", &format!("sqlite://{}", db.display()))])).unwrap();
        let first = s.secret_key().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(s.secret_key().unwrap(), first);
        assert!(dir.path().join("fm.db.secret_key").exists());
    }
}
