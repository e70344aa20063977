//! One module per resource.

pub mod assets;
pub mod jobs;
pub mod schedules;
pub mod sensor_data;
pub mod sensors;
pub mod users;
