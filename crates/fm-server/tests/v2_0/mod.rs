//! API v2_0.

mod assets;
mod users;
