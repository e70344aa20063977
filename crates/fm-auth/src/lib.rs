//! Authentication and authorisation of FlexMeasures, free of I/O and HTTP.
//!
//! What belongs here: password hashing compatible with FlexMeasures databases
//! ([`password`]), signed auth tokens compatible with FlexMeasures tokens ([`token`], built on
//! [`signer`]), signed session and CSRF values for the login pages ([`session`]), and the access
//! policy the API crates call: principals, ACLs per entity and `check_access` ([`policy`]), plus
//! the role guards of the endpoints ([`guards`]). What does not: loading users (see
//! `fm-storage`) or turning refusals into HTTP responses (see `fm-api-common`).

pub mod error;
pub mod guards;
pub mod password;
pub mod policy;
pub mod random;
pub mod session;
pub mod signer;
pub mod token;

pub use error::{AccessError, AuthError};
pub use password::PasswordHasher;
pub use policy::{Actor, Permission};
pub use token::TokenService;
