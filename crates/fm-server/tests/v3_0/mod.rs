//! API v3_0, endpoint by endpoint.

mod assets;
mod flex;
mod schedules;
mod sensor_data;
mod sensors;
mod users;
