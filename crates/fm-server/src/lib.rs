//! The `flexmeasures` binary: configuration, the operator CLI, and the HTTP server that
//! composes every API version under one actix-web `App`.
//!
//! What belongs here: reading settings ([`config`]), building the pool and credentials from them
//! ([`runtime`]), the app composition shared by `main` and the tests ([`app`]), the un-versioned
//! endpoints ([`routes`]), the login pages ([`pages`]), logging ([`telemetry`]), the CLI ([`cli`])
//! and the provisioning it uses ([`provision`]). What does not: versioned endpoints (their own
//! crates), SQL (see `fm-storage`) or credential rules (see `fm-auth`).

pub mod app;
pub mod cli;
pub mod config;
pub mod error;
pub mod pages;
pub mod provision;
pub mod routes;
pub mod runtime;
pub mod scheduling;
pub mod server;
pub mod telemetry;
