//! Understanding `DATABASE_URL`.

use std::path::PathBuf;

use crate::StorageError;

/// Where the database lives, as understood from a database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A PostgreSQL server, by its libpq connection URL.
    Postgres(String),
    /// An SQLite database file.
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    /// Parses `postgres://…`, `postgresql://…`, `sqlite://relative.db`, `sqlite:///abs/path.db`
    /// or a bare file path.
    pub fn parse(url: &str) -> Result<Self, StorageError> {
        let url = url.trim();
        let bad = |reason: &str| StorageError::BadUrl { url: mask_password(url), reason: reason.to_owned() };
        if url.is_empty() {
            return Err(bad("it is empty"));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let rest = url.split_once("://").map_or("", |(_, rest)| rest);
            if rest.is_empty() || rest.starts_with('/') && rest.len() == 1 {
                return Err(bad("no host or database given"));
            }
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() || path.ends_with('/') {
                return Err(bad("no database file given"));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if let Some(path) = url.strip_prefix("sqlite:") {
            if path.is_empty() {
                return Err(bad("no database file given"));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(bad(&format!(
                "unsupported scheme '{scheme}' (use postgres://, postgresql://, sqlite:// or a file path)"
            )));
        }
        if url.ends_with('/') {
            return Err(bad("a directory is not a database file"));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(url)))
    }

    /// The URL with any password replaced by `***`, fit for logs.
    pub fn display_masked(&self) -> String {
        match self {
            DatabaseUrl::Postgres(url) => mask_password(url),
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        }
    }
}

/// Replaces the password part of `scheme://user:password@host` with `***`.
pub fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_owned() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_backend_from_the_scheme() {
        assert_eq!(DatabaseUrl::parse("sqlite://fm.db").ok(), Some(DatabaseUrl::Sqlite("fm.db".into())));
        assert_eq!(DatabaseUrl::parse("sqlite:///abs/path/fm.db").ok(), Some(DatabaseUrl::Sqlite("/abs/path/fm.db".into())));
        assert_eq!(DatabaseUrl::parse("data/fm.db").ok(), Some(DatabaseUrl::Sqlite("data/fm.db".into())));
        assert!(matches!(DatabaseUrl::parse("postgres://u:p@localhost/fm"), Ok(DatabaseUrl::Postgres(_))));
        assert!(matches!(DatabaseUrl::parse("postgresql://localhost/fm"), Ok(DatabaseUrl::Postgres(_))));
    }

    #[test]
    fn refuses_bad_urls_with_a_reason() {
        for bad in ["", "mysql://localhost/fm", "sqlite://", "postgres://", "dir/"] {
            let err = DatabaseUrl::parse(bad).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.starts_with("invalid database URL"), "{bad:?} gave {err:?}");
        }
    }

    #[test]
    fn masks_passwords() {
        assert_eq!(mask_password("postgres://fm:secret@db:5432/fm"), "postgres://fm:***@db:5432/fm");
        assert_eq!(mask_password("postgres://db/fm"), "postgres://db/fm");
        let err = DatabaseUrl::parse("mysql://fm:secret@db/fm").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(!err.contains("secret"));
    }
}
