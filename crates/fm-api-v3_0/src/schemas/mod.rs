//! Wire shapes of this version's resources, with the original's field names.

pub mod asset;
pub mod sensor;
pub mod user;

/// Adds the integer `status` that the original's JSON helper adds to object bodies.
pub fn with_status(mut value: serde_json::Value) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("status".to_owned(), serde_json::Value::from(200));
    }
    value
}
