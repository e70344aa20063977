//! The user object (`UserSchema`).

use fm_api_common::ApiError;
use fm_storage::DbConnection;
use fm_storage::Ts;
use fm_storage::users::{User, user_role_ids};
use serde_json::{Value, json};

/// Fields a user may be patched with (`last_login_at` and `last_seen_at` are accepted and ignored).
pub const PATCH_FIELDS: &[&str] = &["email", "username", "active", "timezone", "flexmeasures_roles", "last_login_at", "last_seen_at"];

/// User datetimes are shown naive (UTC), as the original stores them.
fn naive(t: Option<Ts>) -> Value {
    t.map_or(Value::Null, |t| json!(t.0.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string()))
}

/// The user as the API shows it, with role ids.
pub fn user_json(conn: &mut DbConnection, user: &User) -> Result<Value, ApiError> {
    Ok(json!({
        "id": user.id,
        "email": user.email,
        "username": user.username,
        "account_id": user.account_id,
        "active": user.active,
        "timezone": user.timezone,
        "flexmeasures_roles": user_role_ids(conn, user.id)?,
        "last_login_at": naive(user.last_login_at),
        "last_seen_at": naive(user.last_seen_at),
    }))
}
