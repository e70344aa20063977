//! Domain types and pure rules of FlexMeasures.
//!
//! What belongs here: names and rules that every layer shares and that need no I/O — units and
//! their conversion ([`units`]), ISO 8601 times and durations, grids and knowledge horizons
//! ([`time`]), beliefs and their selection and resampling ([`beliefs`]), USEF entity addresses
//! ([`entity_address`]), the well-known role names, the initial structure of a fresh
//! installation, e-mail and timezone validation, English list formatting for messages, and the
//! version facts of the API.
//! What does not: anything that touches a database (see `fm-storage`), HTTP (the API crates)
//! or credentials (see `fm-auth`).

pub mod beliefs;
pub mod email;
pub mod english;
pub mod entity_address;
pub mod error;
pub mod legacy;
pub mod roles;
pub mod scheduling;
pub mod structure;
pub mod time;
pub mod timezone;
pub mod units;
pub mod version;

pub use error::DomainError;
