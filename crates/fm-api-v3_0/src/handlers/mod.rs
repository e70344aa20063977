//! One module per resource.

pub mod assets;
pub mod users;
