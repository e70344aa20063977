//! Errors of the binary: one clear line and an exit code.

use std::process::ExitCode;

use crate::config::ConfigError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The configuration is unusable (exit code 2, as the original).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The database refused or failed.
    #[error(transparent)]
    Storage(#[from] fm_storage::StorageError),
    /// Credentials could not be made.
    #[error(transparent)]
    Auth(#[from] fm_auth::AuthError),
    /// An input broke a domain rule.
    #[error(transparent)]
    Domain(#[from] fm_domain::DomainError),
    /// The command cannot go on (bad input, missing confirmation, ...).
    #[error("{0}")]
    Aborted(String),
    /// The server could not start or stopped with an error.
    #[error("server error: {0}")]
    Server(#[from] std::io::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Config(_) => ExitCode::from(2),
            _ => ExitCode::from(1),
        }
    }
}

impl From<fm_storage::DieselError> for CliError {
    fn from(error: fm_storage::DieselError) -> Self {
        CliError::Storage(error.into())
    }
}
