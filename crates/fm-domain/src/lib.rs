//! Domain types and pure rules of FlexMeasures.
//!
//! What belongs here: names and rules that every layer shares and that need no I/O — the
//! well-known role names, the initial structure of a fresh installation, e-mail and timezone
//! validation, English list formatting for messages, and the version facts of the API.
//! What does not: anything that touches a database (see `fm-storage`), HTTP (the API crates)
//! or credentials (see `fm-auth`).

pub mod email;
pub mod english;
pub mod error;
pub mod roles;
pub mod structure;
pub mod timezone;
pub mod version;

pub use error::DomainError;
