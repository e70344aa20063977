//! What every FlexMeasures API version shares.
//!
//! What belongs here: the error type whose variants are the original's error envelopes, mapped
//! to HTTP in one place ([`error`]); the application state handed to every handler ([`state`]);
//! running storage work off the async threads ([`db`]); the extractors of the current user from
//! tokens or the session ([`auth`]); extractor error handlers ([`extract`]); and the middleware
//! that keeps every `/api` error in JSON ([`middleware`]). What does not: endpoint handlers
//! (the version crates and `fm-server`), SQL (see `fm-storage`) or credential rules (see `fm-auth`).

pub mod auth;
pub mod db;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod state;
pub mod usef;
pub mod validation;

pub use auth::{CurrentUser, TokenUser};
pub use db::{run_db, with_db};
pub use error::ApiError;
pub use state::{ApiSettings, AppState};
