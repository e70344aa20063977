//! API v3_0, endpoint by endpoint.

mod assets;
mod users;
