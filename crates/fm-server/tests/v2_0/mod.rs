//! API v2_0.

mod assets;
mod messages;
mod users;
