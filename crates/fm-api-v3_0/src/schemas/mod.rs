//! Wire shapes of this version's resources, with the original's field names.

pub mod asset;
pub mod sensor;
pub mod user;
